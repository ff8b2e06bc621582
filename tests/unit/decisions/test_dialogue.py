"""Checks on a decision before it is saved, and the words the conversation uses."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.decisions import dialogue as dd
from bot.decisions.log import DecisionView, Draft, ReviewView, case_ref_problem, check, rationale_problem
from bot.decisions.usecases import redacted
from bot.loading import Council

RATIONALE = "School and health both report the children are fed and clean, and mum asked for help."


@pytest.mark.parametrize("case_ref", ["1234567", "123456", "1234567890", " 7654321 "])
def test_good_case_references(council: Council, case_ref: str) -> None:
    assert case_ref_problem(case_ref, council.profile.case_reference) is None


@pytest.mark.parametrize("case_ref", ["Jane's case", "12345", "12345678901", "CR-1", "1234567; DROP TABLE", ""])
def test_bad_case_references_are_explained_with_an_example(council: Council, case_ref: str) -> None:
    problem = case_ref_problem(case_ref, council.profile.case_reference)
    assert problem is not None and "for example 1234567" in problem


@pytest.mark.parametrize("text", ["", "ok", "because I said so", "x" * 39])
def test_short_rationales_are_refused(text: str) -> None:
    assert "at least 8 words" in (rationale_problem(text) or "")


def test_long_rationale_has_a_clear_limit() -> None:
    assert "the limit is 5,000" in (rationale_problem("word " * 1_500) or "")


def test_check_collects_every_problem(council: Council) -> None:
    problems = check(Draft("guess", "abc", "short", chosen_level=7), council.profile.case_reference)
    assert len(problems) == 4


def test_summary_shows_what_was_removed() -> None:
    draft = Draft("threshold", "1234567", RATIONALE + " Call Mrs Jane Smith on 07700 900123.", "EHA", 3, 2)
    clean, removed = redacted(draft)
    text = dd.summary(clean, removed)
    assert "Mrs [name]" in text and "[phone]" in text and "Jane" not in text
    assert "I removed: 1 name, 1 phone" in text and "recommended 3, your decision 2" in text


def test_draft_from_threshold_slots_keeps_levels_and_indicators() -> None:
    slots = {
        "decision_kind": "threshold",
        "case_ref": "1234567",
        "rationale": RATIONALE,
        "next_step": "EHA",
        "recommended_level": "3",
        "chosen_level": "2",
        "threshold_summary": "level=3; emergency=no; indicators=l2_school_absence, l3_parent_substance_misuse",
    }
    draft = dd.draft_from_slots(slots)
    assert (draft.recommended_level, draft.chosen_level) == (3, 2)
    assert draft.indicators == ("l2_school_absence", "l3_parent_substance_misuse")
    other = dd.draft_from_slots({**slots, "decision_kind": "other"})
    assert other.recommended_level is None and other.indicators == ()


def test_lines_and_notices() -> None:
    when = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
    view = DecisionView(7, "u", "threshold", "1234567", 3, 2, [], RATIONALE, "EHA", "demo-worker", when, "challenged")
    assert dd.decision_line(view) == "#7 26 Nov 2026 case 1234567 (threshold, level 2): challenged"
    note = dd.notice([ReviewView(1, 7, "demo-supervisor", "discuss", "Thursday", when)])
    assert '#7: to discuss in supervision by demo-supervisor: "Thursday"' in note
    assert dd.notice([]) == ""
    assert [c.title for c in dd.review_choices(7)] == ["Agree", "Discuss in supervision", "Challenge"]
    assert dd.comment_text(" None ") == "" and dd.comment_text("fine") == "fine"
    assert "kept your record safely" in dd.saved_text(None, queued=True)


def test_an_unregistered_worker_is_told_at_the_start() -> None:
    warning = dd.start_warning("unregistered")
    assert warning is not None and "can't save this record" in warning.text and "cancel" in warning.text
    assert dd.start_warning("practitioner") is None and dd.start_warning(None) is None
