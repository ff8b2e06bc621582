"""Finding what a worker names in a message: normalised text and the longest name that appears."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def normalise(text: str) -> str:
    """Lower case, punctuation (and hyphens) as spaces, single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def longest_named(words: str, candidates: Iterable[tuple[T, Iterable[str]]]) -> T | None:
    """The candidate with the longest of its names standing in the words, or None."""
    text = f" {normalise(words)} "
    best: tuple[int, T | None] = (0, None)
    for item, names in candidates:
        for name in names:
            key = normalise(name)
            if key and f" {key} " in text and len(key) > best[0]:
                best = (len(key), item)
    return best[1]
