"""The per-identity rate limit: a burst, then a steady rate; told once a window; bounded memory."""

from __future__ import annotations

import asyncio

import pytest

from bot.staff.ratelimit import (
    NOTICE_EVERY_S,
    Bucket,
    Limit,
    MemoryRateLimiter,
    Unlimited,
    Verdict,
    spend,
)
from tests.fakes.clock import ManualTicks

LIMIT = Limit(per_minute=30, burst=5)  # one message every 2 s on average, five at once


def _limiter(max_identities: int = 100) -> tuple[MemoryRateLimiter, ManualTicks]:
    ticks = ManualTicks()
    return MemoryRateLimiter(LIMIT, ticks, max_identities), ticks


def test_a_burst_goes_through_then_the_next_message_waits() -> None:
    limiter, _ = _limiter()
    assert [limiter.decide("telegram:1").allowed for _ in range(5)] == [True] * 5
    refused = limiter.decide("telegram:1")
    assert not refused.allowed and refused.tell and refused.retry_after_s == pytest.approx(2.0)


def test_the_allowance_comes_back_at_the_steady_rate() -> None:
    limiter, ticks = _limiter()
    for _ in range(5):
        limiter.decide("rest:a")
    ticks.now += 1.9
    assert not limiter.decide("rest:a").allowed  # 0.95 of a message earned: not yet
    ticks.now += 0.2
    assert limiter.decide("rest:a").allowed and not limiter.decide("rest:a").allowed
    ticks.now += 60
    assert [limiter.decide("rest:a").allowed for _ in range(6)] == [True] * 5 + [False]  # full, never more


def test_someone_over_the_limit_is_told_once_a_window_not_once_a_message() -> None:
    limiter, ticks = _limiter()
    told = []
    for _ in range(200):  # a tight loop of 200 messages, one every 0.1 s for 20 s
        verdict = limiter.decide("teams:x")
        told.append(verdict.tell)
        ticks.now += 0.1
    assert sum(told) == 1
    ticks.now += NOTICE_EVERY_S  # still flooding a minute later: told again, once
    flood = [limiter.decide("teams:x") for _ in range(20)]
    assert sum(v.tell for v in flood) == 1


def test_identities_do_not_share_an_allowance() -> None:
    limiter, _ = _limiter()
    for _ in range(6):
        limiter.decide("telegram:1")
    assert limiter.decide("telegram:2").allowed and limiter.decide("teams:1").allowed


def test_idle_identities_are_forgotten() -> None:
    limiter, ticks = _limiter()
    for n in range(50):
        limiter.decide(f"rest:{n}")
    assert limiter.remembered == 50
    ticks.now += max(LIMIT.refill_s, NOTICE_EVERY_S)  # full again and past any notice: nothing to remember
    limiter.decide("rest:new")
    assert limiter.remembered == 1


def test_a_flood_of_made_up_ids_keeps_memory_bounded() -> None:
    limiter, ticks = _limiter(max_identities=100)
    for n in range(10_000):
        limiter.decide(f"telegram:{n}")
        ticks.now += 0.001
    assert limiter.remembered == 100


def test_the_bucket_rule_is_a_pure_function_of_the_bucket_and_the_time() -> None:
    bucket, verdict = spend(None, LIMIT, 10.0)
    assert bucket == Bucket(4.0, 10.0) and verdict == Verdict(True)
    empty = Bucket(0.0, 10.0, told_at=10.0)
    assert spend(empty, LIMIT, 5.0) == (Bucket(0.0, 5.0, 10.0), Verdict(False, False, 2.0))  # time went back
    assert spend(empty, LIMIT, 12.0)[1].allowed


def test_limits_make_sense_and_zero_is_no_limit() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Limit(per_minute=0, burst=5)
    with pytest.raises(ValueError, match="at least 1"):
        Limit(per_minute=30, burst=0)
    unlimited = Unlimited()
    assert all(asyncio.run(unlimited.take("rest:a")).allowed for _ in range(100))


def test_take_is_decide_for_the_channels() -> None:
    limiter, _ = _limiter()

    async def flood() -> list[bool]:
        return [(await limiter.take("rest:a")).allowed for _ in range(6)]

    assert asyncio.run(flood()) == [True] * 5 + [False]
