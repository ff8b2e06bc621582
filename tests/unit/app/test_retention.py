"""The retention schedule on an injected clock: a pass at start-up, then one an hour, never more."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app.retention import Purged, Schedule, parse_duration, step
from bot.clock import Clock

START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)


class StepClock:
    """A clock that moves on by a fixed step each time it is read."""

    def __init__(self, start: dt.datetime, every: dt.timedelta) -> None:
        self.now, self.every = start - every, every

    def __call__(self) -> dt.datetime:
        self.now += self.every
        return self.now


def _run(clock: Clock, reads: int, schedule: Schedule) -> list[dt.datetime]:
    ran: list[dt.datetime] = []

    def work(now: dt.datetime) -> Purged:
        ran.append(now)
        return Purged(0, 0)

    for _ in range(reads):
        step(schedule, clock(), work)
    return ran


def test_a_pass_at_start_up_then_one_an_hour() -> None:
    clock = StepClock(START, dt.timedelta(minutes=1))  # the runner looks once a minute
    ran = _run(clock, 181, Schedule())
    assert ran == [START, START + dt.timedelta(hours=1), START + dt.timedelta(hours=2), START + dt.timedelta(hours=3)]


def test_a_late_look_runs_once_not_to_catch_up() -> None:
    clock = StepClock(START, dt.timedelta(hours=5))  # e.g. the machine slept
    ran = _run(clock, 3, Schedule())
    assert ran == [START, START + dt.timedelta(hours=5), START + dt.timedelta(hours=10)]


def test_another_period_and_what_is_returned() -> None:
    schedule = Schedule(every=dt.timedelta(minutes=30))
    assert step(schedule, START, lambda now: Purged(3, None)) == Purged(3, None)
    assert step(schedule, START + dt.timedelta(minutes=29), lambda now: Purged(1, 1)) is None
    assert schedule.due(START + dt.timedelta(minutes=30))


def test_a_pass_that_raises_still_waits_its_turn() -> None:
    schedule = Schedule()

    def broken(now: dt.datetime) -> Purged:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        step(schedule, START, broken)
    assert not schedule.due(START + dt.timedelta(minutes=59)) and schedule.due(START + dt.timedelta(hours=1))


def test_the_report_says_which_purge_failed() -> None:
    assert str(Purged(4, None)) == "retention: 4 old conversation events deleted, old audit events failed (see the log)"
    assert str(Purged(0, 2)) == "retention: 0 old conversation events deleted, 2 old audit events deleted"


@pytest.mark.parametrize(("text", "days"), [("30d", 30), ("48h", 2), ("2w", 14), (" 1 day ", 1)])
def test_periods(text: str, days: int) -> None:
    assert parse_duration(text) == dt.timedelta(days=days)


@pytest.mark.parametrize("text", ["soon", "0d", "30", "-3d", "30 months"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_duration(text)
