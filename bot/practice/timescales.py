"""Statutory and local timescales: due dates in working days (England and Wales bank holidays) or months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from bot.council.hours import bank_holiday_name
from bot.council.models import Profile
from bot.practice.data import Event, Timescales
from bot.text.naming import longest_named


@dataclass(frozen=True)
class Due:
    """When something is due, and the rule behind it."""

    event: Event
    start: dt.date
    due: dt.date
    later: tuple[dt.date, ...] = ()

    @property
    def weekday(self) -> str:
        """The due date's day of the week."""
        return f"{self.due:%A}"


def is_working_day(profile: Profile, day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday in the council's nation."""
    return day.weekday() < 5 and bank_holiday_name(profile, day) is None


def add_working_days(profile: Profile, start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if is_working_day(profile, current):
            left -= 1
    return current


def add(profile: Profile, start: dt.date, amount: int, unit: str) -> dt.date:
    """A date `amount` units after `start`; months keep the day of the month or the month's last day."""
    if unit == "working_days":
        return add_working_days(profile, start, amount)
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "weeks":
        return start + dt.timedelta(weeks=amount)
    return start + relativedelta(months=amount)


def due_date(profile: Profile, event: Event, start: dt.date, repeats: int = 2) -> Due:
    """When an event is due from its start date, and the next repeats if it repeats."""
    first = add(profile, start, event.amount, event.unit)
    later: list[dt.date] = []
    if event.repeat is not None:
        previous = first
        for _ in range(repeats):
            previous = add(profile, previous, event.repeat.amount, event.repeat.unit)
            later.append(previous)
    return Due(event, start, first, tuple(later))


def find_event(timescales: Timescales, words: str) -> Event | None:
    """The event a worker means, by id, title or alias (longest name found in the words wins)."""
    return longest_named(words, ((e, (e.id, e.title, *e.aliases)) for e in timescales.events))


def _amount(event: Event) -> str:
    unit = event.unit.replace("_", " ")
    return f"{event.amount} {unit.removesuffix('s') if event.amount == 1 else unit}"


def rule(event: Event) -> str:
    """The timescale without a start date: the rule, its source, and how to get a due date."""
    lines = [f"{event.title}: within {_amount(event)} of {event.starts_from}.", f"Rule: {event.rule}"]
    if event.repeat is not None:
        lines.append(f"Then every {event.repeat.amount} {event.repeat.unit.replace('_', ' ')}.")
    if event.example:
        lines.append(f"This timescale is an example until the council confirms it. {event.note}".strip())
    lines.append(f"Source: {event.source}")
    lines.append('Tell me the start date ("2 March" or "02/03/2026") and I will work out the due date.')
    return "\n".join(lines)


def describe(due: Due) -> str:
    """The answer in words, with the rule and source."""
    event = due.event
    lines = [
        f"{event.title}: due {due.due:%A %d %B %Y}",
        f"({_amount(event)} from {event.starts_from}, {due.start:%d %B %Y}).",
        f"Rule: {event.rule}",
    ]
    if due.later:
        lines.append("Then: " + ", ".join(f"{d:%d %B %Y}" for d in due.later) + ".")
    if event.unit == "working_days":
        lines.append("Working days skip weekends and England and Wales bank holidays.")
    if event.example:
        lines.append(f"This timescale is an example until the council confirms it. {event.note}".strip())
    lines.append(f"Source: {event.source}")
    return "\n".join(lines)
