"""Ages in working days agree with the council's own rule (bot.practice.timescales.add_working_days)."""

from __future__ import annotations

import datetime as dt

from bot.dashboard.workdays import Calendar
from bot.loading import Council
from bot.practice.timescales import add_working_days

UTC = dt.timezone.utc


def test_every_age_over_christmas_and_easter_agrees_with_add_working_days(council: Council) -> None:
    profile = council.profile
    first, last = dt.date(2026, 12, 1), dt.date(2027, 4, 30)  # Christmas, Boxing Day (moved), New Year, Easter
    calendar = Calendar(profile, first, last)
    start = first
    while start <= dt.date(2027, 3, 31):
        for days in range(0, 12):
            due = add_working_days(profile, start, days)
            assert calendar.between(start, due) == days, (start, days)
        start += dt.timedelta(days=1)


def test_the_day_itself_does_not_count_and_weekends_and_bank_holidays_do_not_either(council: Council) -> None:
    calendar = Calendar(council.profile, dt.date(2026, 12, 1), dt.date(2027, 1, 10))
    assert calendar.between(dt.date(2026, 12, 21), dt.date(2026, 12, 21)) == 0
    assert calendar.between(dt.date(2026, 12, 24), dt.date(2026, 12, 29)) == 1  # 25th, 26th-27th, 28th bank holiday
    assert calendar.between(dt.date(2026, 12, 29), dt.date(2026, 12, 24)) == 0  # never negative


def test_moments_are_read_in_london_time(council: Council) -> None:
    calendar = Calendar(council.profile, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    late_monday_utc = dt.datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday in London (BST)
    assert calendar.local_date(late_monday_utc) == dt.date(2026, 6, 2)
    assert calendar.age(late_monday_utc, dt.date(2026, 6, 3)) == 1
    assert calendar.local_date(dt.datetime(2026, 6, 1, 23, 30)) == dt.date(2026, 6, 2)  # naive = UTC (SQLite)
