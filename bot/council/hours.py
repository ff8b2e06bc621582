"""Office hours and bank holidays: is the daytime front door open at a given moment?"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from bot.council.models import WEEKDAYS, Profile


@lru_cache(maxsize=8)
def _bank_holidays(country: str, subdivision: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year)


def bank_holiday_name(profile: Profile, day: dt.date) -> str | None:
    """The bank holiday's name on this day in the council's nation, or None."""
    table = _bank_holidays(profile.bank_holiday_country, profile.bank_holiday_subdivision, day.year)
    name = table.get(day)
    return str(name) if name else None


def local_time(profile: Profile, when: dt.datetime) -> dt.datetime:
    """A moment in the council's time zone (naive values are taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(ZoneInfo(profile.timezone))


def is_office_open(profile: Profile, when: dt.datetime) -> bool:
    """True when the daytime service is open at this moment, local time."""
    local = local_time(profile, when)
    if profile.office_hours.bank_holidays_closed and bank_holiday_name(profile, local.date()):
        return False
    span = profile.office_hours.span(WEEKDAYS[local.weekday()])
    return span is not None and span[0] <= local.time() < span[1]
