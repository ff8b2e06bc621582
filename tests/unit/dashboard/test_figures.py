"""The team page's numbers from a hand-made team: counts, lists, and every chart's series."""

from __future__ import annotations

import datetime as dt

from bot.dashboard.figures import WEEKS, Figures
from bot.dashboard.team import Item, Member, Review, Team
from bot.dashboard.workdays import Calendar
from bot.decisions.log import DecisionView
from bot.loading import Council

UTC = dt.timezone.utc
TODAY = dt.date(2026, 11, 26)  # Thursday


def _at(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=UTC)


def _item(n: int, made: dt.datetime, *, kind: str = "threshold", rec: int | None = 3, chosen: int | None = 3,
          outcome: str | None = None, first: dt.datetime | None = None) -> Item:  # fmt: skip
    return Item(n, kind, f"12345{n:02d}", rec, chosen, "pw", made, outcome, first)


def _view(item: Item) -> DecisionView:
    return DecisionView(item.id, "u", item.kind, item.case_ref, item.recommended_level, item.chosen_level, [], "r", "",
                        item.author_id, item.created_at, "awaiting review")  # fmt: skip


def _figures(council: Council) -> Figures:
    items = [
        _item(1, _at(23)),  # Monday: 3 working days old on Thursday
        _item(2, _at(24), rec=2, chosen=3),  # Tuesday: 2
        _item(3, _at(2), kind="escalation", rec=None, chosen=None, outcome="challenge", first=_at(3)),
        _item(4, _at(9), rec=4, chosen=2, outcome="agree", first=_at(16)),  # 5 working days to review
        _item(5, _at(1, month=6), kind="reflection", outcome="agree", first=_at(2, month=6)),  # long ago
    ]
    reviews = [Review(1, 3, "sup", "challenge", "", _at(3)), Review(2, 4, "sup", "agree", "", _at(16)),
               Review(3, 5, "sup", "agree", "", _at(2, month=6))]  # fmt: skip
    team = Team("a", [Member("pw", "Pat W", "practitioner", True)], items, reviews, [_view(items[0]), _view(items[1])])
    return Figures(team, Calendar(council.profile, dt.date(2026, 6, 1), TODAY), TODAY)


def test_counts_and_the_lists_behind_them(council: Council) -> None:
    found = _figures(council)
    assert found.counts() == {"awaiting": 2, "overdue": 1, "challenged": 1, "reviewed": 2}
    assert [(r.id, r.age) for r in found.queue()] == [(1, 3), (2, 2)]
    assert [r.id for r in found.rows("overdue")] == [1]
    assert [r.id for r in found.rows("reviewed")] == [3, 4]  # June's review is not this month's
    assert found.queue()[0].author == "Pat W" and found.queue()[0].level == "level 3"


def test_weekly_series_count_the_last_twelve_weeks_by_chosen_level(council: Council) -> None:
    chart = _figures(council).per_week()
    assert len(chart.categories) == WEEKS and chart.categories[-1] == "23 Nov"  # the Monday of this week
    series = dict(chart.series)
    assert series["level 3"][-1] == 2  # the 23rd and the 24th, both chosen 3
    assert series["level 2"][9] == 1 and sum(series["level 2"]) == 1  # the 9th: recommended 4, chosen 2
    assert sum(series["no level"]) == 1 and sum(sum(v) for v in series.values()) == 4  # June is out of range
    assert chart.describe().startswith("Decisions per week, by level. 07 Sep: 0,") and "23 Nov: 2." in chart.describe()


def test_outcomes_delays_differences_and_kinds(council: Council) -> None:
    found = _figures(council)
    outcomes = dict(found.outcomes().series)
    assert sum(outcomes["Agreed"]) == 1 and sum(outcomes["Challenged"]) == 1 and sum(outcomes["To discuss"]) == 0
    delay = dict(zip(found.time_to_review().categories, found.time_to_review().series[0][1], strict=True))
    assert delay == {"same day": 0, "1": 1, "2": 0, "3-5": 1, "6-10": 0, "over 10": 0}
    differs = dict(found.chosen_vs_recommended().series)
    assert differs["chosen higher"] == (0, 1, 0, 0) and differs["chosen lower"] == (0, 0, 0, 1)
    assert differs["same as recommended"] == (0, 0, 1, 0)
    assert "Not a score" in found.chosen_vs_recommended().note
    assert dict(zip(found.kinds().categories, found.kinds().series[0][1], strict=True)) == {
        "threshold": 3, "escalation": 1, "reflection": 0, "other": 0,
    }  # fmt: skip
