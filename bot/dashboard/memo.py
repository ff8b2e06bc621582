"""The team figures, reused while nothing they depend on has changed: one visit asks for them six times.

A visit is the page and its five charts. The decision log only grows, so its newest ids and counts,
the team's members and today's date are a complete key; any new decision or review, anywhere, any
change to the team, or midnight, and the figures are read again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """The most recent few values by key (thread-safe; a value is built outside the lock)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        """The value kept for a key, or None."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> T:
        """Keep a value (the oldest goes when full); the value."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value
