"""Ages in working days, by the council's own working-day rule (bot.practice.timescales), counted fast.

A decision logged on a Monday is 1 working day old on Tuesday: the day it was logged does not
count, as in `add_working_days`. Counting once per page over a range of dates keeps 2,000 ages cheap.
"""

from __future__ import annotations

import datetime as dt

from bot.council.hours import local_time
from bot.council.models import Profile
from bot.practice.timescales import is_working_day


class Calendar:
    """Working days between dates from `first` to `last`, by the council's calendar (bank holidays too)."""

    def __init__(self, profile: Profile, first: dt.date, last: dt.date) -> None:
        self.profile, self.first = profile, min(first, last)
        self._dates: dict[dt.datetime, dt.date] = {}  # a page asks for the same moments many times
        self._upto: list[int] = []  # working days in (first, first + i]
        count, day = 0, self.first
        while day <= last:
            if day != self.first and is_working_day(profile, day):
                count += 1
            self._upto.append(count)
            day += dt.timedelta(days=1)

    def _index(self, day: dt.date) -> int:
        return max(0, min((day - self.first).days, len(self._upto) - 1))

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end is not after start)."""
        if end <= start:
            return 0
        return self._upto[self._index(end)] - self._upto[self._index(start)]

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The council's local date of a moment (naive moments are UTC, as SQLite returns them)."""
        found = self._dates.get(moment)
        if found is None:
            found = self._dates[moment] = local_time(self.profile, moment).date()
        return found

    def age(self, moment: dt.datetime, today: dt.date) -> int:
        """How many working days old something logged at `moment` is on `today`."""
        return self.between(self.local_date(moment), today)
