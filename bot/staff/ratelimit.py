"""A per-identity rate limit for the staff channels: a token bucket per channel identity.

Each identity may send `burst` messages at once, then one every 60 / `per_minute` seconds. The
buckets live in this process's memory for now, behind `RateLimiter`, so a shared store (Redis, a
later issue) can take their place; `spend` is the whole rule, a pure function of a bucket and the time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from bot.clock import Ticks, monotonic_ticks

# Someone who keeps going over the limit is told once in this long, not once a dropped message.
NOTICE_EVERY_S = 60.0
# Identities remembered at most: a flood of made-up ids must not grow memory without end.
MAX_IDENTITIES = 10_000


@dataclass(frozen=True)
class Limit:
    """How many messages one identity may send: `per_minute` on average, `burst` at once."""

    per_minute: int
    burst: int

    def __post_init__(self) -> None:
        if self.per_minute < 1 or self.burst < 1:
            raise ValueError(f"a rate limit needs at least 1 a minute and a burst of 1, not {self}")

    @property
    def per_second(self) -> float:
        """Tokens added to a bucket each second."""
        return self.per_minute / 60.0

    @property
    def refill_s(self) -> float:
        """Seconds an empty bucket takes to fill again: idle that long, an identity can be forgotten."""
        return self.burst / self.per_second


@dataclass(frozen=True)
class Bucket:
    """One identity's state: tokens left, when they were counted, and when it was last told to wait."""

    tokens: float
    at: float
    told_at: float | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether a message may go on; if not, whether to tell the sender now and when to try again."""

    allowed: bool
    tell: bool = False
    retry_after_s: float = 0.0


ALLOWED = Verdict(True)


def spend(bucket: Bucket | None, limit: Limit, now: float) -> tuple[Bucket, Verdict]:
    """Take one token for a message at `now` (seconds): the bucket afterwards and the verdict."""
    if bucket is None:
        tokens, told_at = float(limit.burst), None
    else:
        elapsed = max(0.0, now - bucket.at)  # a clock that stepped back refills nothing
        tokens, told_at = min(float(limit.burst), bucket.tokens + elapsed * limit.per_second), bucket.told_at
    if tokens >= 1.0:
        return Bucket(tokens - 1.0, now, told_at), ALLOWED
    tell = told_at is None or now - told_at >= NOTICE_EVERY_S
    wait = (1.0 - tokens) / limit.per_second
    return Bucket(tokens, now, now if tell else told_at), Verdict(False, tell, wait)


class RateLimiter(Protocol):
    """Decides, per channel identity, whether a message may go on (in memory now; Redis later)."""

    async def take(self, identity: str) -> Verdict:
        """Spend one message of this identity's allowance."""


class Unlimited:
    """Every message goes on (RATE_LIMIT_PER_MINUTE=0, e.g. for a load bench)."""

    async def take(self, identity: str) -> Verdict:
        """Always allowed."""
        return ALLOWED


class MemoryRateLimiter:
    """Token buckets in this process's memory, least recently used first, idle ones forgotten."""

    def __init__(self, limit: Limit, ticks: Ticks = monotonic_ticks, max_identities: int = MAX_IDENTITIES) -> None:
        self.limit, self._ticks, self._max = limit, ticks, max_identities
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()
        self._lock = threading.Lock()  # channels may call from worker threads as well as the event loop

    @property
    def remembered(self) -> int:
        """How many identities have a bucket now (not __len__: an empty limiter must not be falsy)."""
        return len(self._buckets)

    def decide(self, identity: str) -> Verdict:
        """Spend one message of this identity's allowance, now."""
        now = self._ticks()
        with self._lock:
            bucket, verdict = spend(self._buckets.pop(identity, None), self.limit, now)
            self._buckets[identity] = bucket
            self._forget(now)
        return verdict

    async def take(self, identity: str) -> Verdict:
        """decide(), for the channels (a shared store will need to await)."""
        return self.decide(identity)

    def _forget(self, now: float) -> None:
        # Oldest first: a bucket idle long enough to be full again, and past its notice, is the same
        # as no bucket. Past the cap the oldest go anyway, and at worst get a fresh burst.
        idle = max(self.limit.refill_s, NOTICE_EVERY_S)
        while self._buckets:
            identity, oldest = next(iter(self._buckets.items()))
            if len(self._buckets) <= self._max and now - oldest.at < idle:
                return
            del self._buckets[identity]
