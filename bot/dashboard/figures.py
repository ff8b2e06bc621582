"""The team page's numbers: the four counts, the lists behind them, the queue with ages, and the chart series.

Pure functions over what bot/dashboard/team.py read, the council's calendar and today's date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from bot.dashboard.team import Item, Team
from bot.dashboard.workdays import Calendar
from bot.decisions import log

OVERDUE_AFTER = 2  # working days: a decision older than this still awaiting review is flagged
WEEKS = 12
LISTS = {
    "awaiting": "Awaiting review",
    "overdue": f"Awaiting review for more than {OVERDUE_AFTER} working days",
    "challenged": "Challenged",
    "reviewed": "Reviewed this month",
}
OUTCOME_LABELS = {"agree": "Agreed", "discuss": "To discuss", "challenge": "Challenged"}
DELAYS = (("same day", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3-5", 3, 5), ("6-10", 6, 10), ("over 10", 11, 10**6))


@dataclass(frozen=True)
class Row:
    """One decision in a list on the page."""

    id: int
    created_at: dt.datetime
    author: str
    case_ref: str
    kind: str
    level: str
    status: str
    age: int


@dataclass(frozen=True)
class Chart:
    """A stacked bar chart: categories along the bottom, one stack of counts per series."""

    key: str
    title: str
    note: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]
    xlabel: str
    ylabel: str = "decisions"

    def describe(self) -> str:
        """The chart in words, for its alt text: the total in each category."""
        totals = [sum(values[i] for _, values in self.series) for i in range(len(self.categories))]
        parts = ", ".join(f"{c}: {t}" for c, t in zip(self.categories, totals, strict=True))
        return f"{self.title}. {parts or 'nothing yet'}."


def _level(item: Item) -> str:
    level = item.chosen_level or item.recommended_level
    return f"level {level}" if level else "-"


class Figures:
    """Everything the team page counts, from one read of the team."""

    def __init__(self, team: Team, calendar: Calendar, today: dt.date) -> None:
        self.team, self.calendar, self.today = team, calendar, today
        self._names = team.names()
        self._since = today - dt.timedelta(days=today.weekday(), weeks=WEEKS - 1)  # the Monday WEEKS weeks back

    def _row(self, item: Item) -> Row:
        age = self.calendar.age(item.created_at, self.today)
        return Row(item.id, item.created_at, self._names.get(item.author_id, item.author_id), item.case_ref,
                   item.kind, _level(item), item.status, age)  # fmt: skip

    @cached_property
    def _queue(self) -> list[Row]:
        by_id = {item.id: item for item in self.team.decisions}
        return [self._row(by_id[d.id]) for d in self.team.queue if d.id in by_id]

    def queue(self) -> list[Row]:
        """The review queue, oldest first, with each decision's age in working days."""
        return list(self._queue)

    def rows(self, which: str) -> list[Row]:
        """The decisions behind one of the counts (a key of LISTS), oldest first."""
        if which == "awaiting":
            return self.queue()
        if which == "overdue":
            return [r for r in self.queue() if r.age > OVERDUE_AFTER]
        if which == "challenged":
            return [self._row(i) for i in self.team.decisions if i.outcome == "challenge"]
        if which == "reviewed":
            month = {r.decision_id for r in self.team.reviews if self._in_this_month(r.created_at)}
            return [self._row(i) for i in self.team.decisions if i.id in month]
        raise KeyError(which)

    def _in_this_month(self, moment: dt.datetime) -> bool:
        day = self.calendar.local_date(moment)
        return (day.year, day.month) == (self.today.year, self.today.month)

    def counts(self) -> dict[str, int]:
        """How many decisions are behind each count (a key of LISTS)."""
        return {which: len(self.rows(which)) for which in LISTS}

    def _week(self, moment: dt.datetime) -> int | None:
        days = (self.calendar.local_date(moment) - self._since).days
        return days // 7 if 0 <= days < WEEKS * 7 else None

    def _weeks(self) -> tuple[str, ...]:
        return tuple(f"{self._since + dt.timedelta(weeks=w):%d %b}" for w in range(WEEKS))

    @cached_property
    def _in_window(self) -> list[Item]:
        return [i for i in self.team.decisions if self._week(i.created_at) is not None]

    def _recent(self) -> list[Item]:
        return self._in_window

    def per_week(self) -> Chart:
        """Decisions logged each week of the last 12, by the level the worker chose."""
        labels = ("level 1", "level 2", "level 3", "level 4", "no level")
        counts = {label: [0] * WEEKS for label in labels}
        for item in self._recent():
            level = _level(item)
            counts[level if level in counts else "no level"][self._week(item.created_at) or 0] += 1
        series = tuple((label, tuple(v)) for label, v in counts.items())
        note = "Weeks start on Monday; the level is the worker's decision."
        return Chart("weekly", "Decisions per week, by level", note, self._weeks(), series, "week beginning")

    def outcomes(self) -> Chart:
        """Reviews made each week of the last 12, by outcome."""
        counts = {o: [0] * WEEKS for o in log.OUTCOMES}
        for review in self.team.reviews:
            week = self._week(review.created_at)
            if week is not None and review.outcome in counts:
                counts[review.outcome][week] += 1
        series = tuple((OUTCOME_LABELS[o], tuple(v)) for o, v in counts.items())
        return Chart("outcomes", "Review outcomes per week", "Every review counts, including second reviews.",
                     self._weeks(), series, "week beginning", "reviews")  # fmt: skip

    def time_to_review(self) -> Chart:
        """Working days from a decision to its first review, for decisions of the last 12 weeks."""
        delays = Counter()  # type: Counter[str]
        for item in self._recent():
            if item.first_review_at is not None:
                days = self.calendar.between(
                    self.calendar.local_date(item.created_at), self.calendar.local_date(item.first_review_at)
                )
                delays[next(label for label, low, high in DELAYS if low <= days <= high)] += 1
        labels = tuple(label for label, _, _ in DELAYS)
        return Chart("delay", "Time from decision to first review", "In working days; the day of the decision does "
                     "not count. Decisions of the last 12 weeks that have been reviewed.",
                     labels, (("reviewed", tuple(delays[k] for k in labels)),), "working days")  # fmt: skip

    def chosen_vs_recommended(self) -> Chart:
        """For threshold decisions of the last 12 weeks: chosen level lower, the same or higher, by recommendation."""
        counts = {k: [0] * 4 for k in ("chosen lower", "same as recommended", "chosen higher")}
        for item in self._recent():
            if item.recommended_level in (1, 2, 3, 4) and item.chosen_level in (1, 2, 3, 4):
                key = ("chosen lower", "same as recommended", "chosen higher")[
                    (item.chosen_level > item.recommended_level) - (item.chosen_level < item.recommended_level) + 1
                ]
                counts[key][item.recommended_level - 1] += 1
        return Chart("differs", "Supervision topic: where the chosen level differs from the recommendation",
                     "Not a score: a different level can be sound judgement. Worth talking through together.",
                     ("level 1", "level 2", "level 3", "level 4"), tuple((k, tuple(v)) for k, v in counts.items()),
                     "recommended level")  # fmt: skip

    def kinds(self) -> Chart:
        """Decisions of the last 12 weeks by kind."""
        found = Counter(i.kind for i in self._recent())
        return Chart("kinds", "Decisions by kind", "Decisions of the last 12 weeks.", log.KINDS,
                     (("decisions", tuple(found[k] for k in log.KINDS)),), "kind")  # fmt: skip

    def charts(self) -> list[Chart]:
        """Every chart on the team page, in page order."""
        return [self.per_week(), self.outcomes(), self.time_to_review(), self.chosen_vs_recommended(), self.kinds()]
