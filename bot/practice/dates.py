"""Reading dates as UK practitioners write them: day first, words or numbers, no year meaning the latest."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WORDS = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_WORDS_US = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_NUMBERS = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|weekend)"
_RELATIVE = re.compile(rf"\b(?:today|yesterday|tomorrow|(?:next|last|this)\s+{_DAYS})\b", re.I)


class DateError(ValueError):
    """A date that cannot be read, or does not exist, with a message for the worker."""


class NoDateError(DateError):
    """The message names no date at all (as opposed to an impossible or unreadable one)."""


@dataclass(frozen=True)
class Found:
    """A date found in text, and the words it came from."""

    date: dt.date
    words: str


def _build(year: int, month: int, day: int, words: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f'"{words}" is not a real date. Please check the day and month.') from exc


def _latest(month: int, day: int, today: dt.date, words: str) -> dt.date:
    """With no year, the most recent such date (this year's, or last year's if that is still ahead)."""
    for year in (today.year, today.year - 1, today.year - 2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a year without one: look further back
        if candidate <= today:
            return candidate
    raise DateError(f'"{words}" is not a real date. Please check the day and month.')


def _year(text: str | None) -> int | None:
    if not text:
        return None
    number = int(text)
    return number + 2000 if number < 100 else number


def find_date(text: str, today: dt.date) -> Found:
    """The date in a message; DateError with a clear message when there is none or it is impossible."""
    match = _ISO.search(text)
    if match:
        return Found(_build(int(match[1]), int(match[2]), int(match[3]), match[0]), match[0])
    for pattern, day_group, month_group in ((_WORDS, 1, 2), (_WORDS_US, 2, 1)):
        match = pattern.search(text)
        if match:
            day, month, year = int(match[day_group]), MONTHS[match[month_group].lower()], _year(match[3])
            date = _build(year, month, day, match[0]) if year else _latest(month, day, today, match[0])
            return Found(date, match[0])
    match = _NUMBERS.search(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
        if month > 12:
            raise DateError(f'"{match[0]}" is not a date I can read: please write the day first, as in 02/03/2026.')
        date = _build(year, month, day, match[0]) if year else _latest(month, day, today, match[0])
        return Found(date, match[0])
    if _RELATIVE.search(text):
        raise DateError(
            'Please give the actual date, for example "2 March" or "02/03/2026", rather than a relative day.'
        )
    raise NoDateError('I couldn\'t find a date. Please give it as "2 March", "2 March 2026" or "02/03/2026".')
