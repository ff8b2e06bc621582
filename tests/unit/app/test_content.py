"""The content report: due dates from review and verified dates, overdue and due-soon items first."""

from __future__ import annotations

import datetime as dt

from bot.app.content import as_text, items
from bot.loading import Council


def test_a_year_on_everything_reviewed_a_year_ago_is_overdue_and_first(council: Council) -> None:
    later = dt.date(2028, 1, 1)
    found = items(council, later)
    assert found[0].status == "overdue" and all(i.status in {"overdue", "never verified"} for i in found)
    assert as_text(found, later).splitlines()[1].startswith("- [overdue]")


def test_due_within_30_days_is_flagged(council: Council) -> None:
    procedure = next(s.procedure for s in council.procedures)
    soon = procedure.review_due - dt.timedelta(days=10)
    mine = next(i for i in items(council, soon) if i.kind == "procedure" and i.id == procedure.id)
    assert mine.status == "due soon" and mine.review_due == procedure.review_due.isoformat()


def test_unchecked_sources_and_examples_are_marked(council: Council) -> None:
    found = {(i.kind, i.id): i for i in items(council, dt.date(2026, 12, 1))}
    assert found[("contact", "lado")].unverified and found[("contact", "lado")].status == "never verified"
    assert not found[("contact", "mash_professionals")].unverified


def test_every_practice_scenario_is_in_the_report_with_its_sources_and_review_date(council: Council) -> None:
    found = {i.id: i for i in items(council, dt.date(2026, 12, 2)) if i.kind == "scenario"}
    assert set(found) == {s.id for s in council.scenarios.scenarios} and len(found) >= 30
    for scenario in council.scenarios.scenarios:
        item = found[scenario.id]
        assert item.last_reviewed == scenario.last_reviewed.isoformat() and item.source == "; ".join(scenario.sources)
        assert item.review_due is not None and item.status == "ok"
