"""Prompt sets (skip, back, stop, scale) and escalation routes at fixed times."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.loading import Council
from bot.practice import prompts
from bot.practice.escalation import find_situation, route

LONDON_SUMMER = dt.timezone(dt.timedelta(hours=1))


def test_every_set_can_be_answered_to_the_end(council: Council) -> None:
    for prompt_set in council.prompts.sets:
        index, answers = 0, ()
        while True:
            question = prompt_set.questions[index]
            step = prompts.answer(prompt_set, index, answers, "7" if question.kind == "scale" else "an answer")
            assert step.problem is None
            index, answers = step.index, step.answers
            if step.finished:
                break
        assert len(answers) == len(prompt_set.questions)
        assert prompts.summary(prompt_set, answers).count("an answer") + prompts.summary(prompt_set, answers).count(
            "7/10"
        ) == len(answers)


SET_IDS = [
    "visit_planning",
    "after_visit",
    "child_voice",
    "resistance",
    "signs_of_safety",
    "supervision_prep",
    "relationship_check",
]


@pytest.mark.parametrize("set_id", SET_IDS)
def test_skip_back_stop(council: Council, set_id: str) -> None:
    prompt_set = council.prompts.get(set_id)
    assert prompt_set is not None
    step = prompts.answer(prompt_set, 0, (), "first")
    step = prompts.answer(prompt_set, step.index, step.answers, "skip")
    assert step.answers == ("first", prompts.SKIPPED)
    step = prompts.answer(prompt_set, step.index, step.answers, "back")
    assert step.index == 1 and step.answers == ("first",)
    step = prompts.answer(prompt_set, step.index, step.answers, "stop")
    assert step.finished and "not reached" in prompts.summary(prompt_set, step.answers)


@pytest.mark.parametrize("bad", ["11", "-1", "eight", "7.5", "lots"])
def test_scale_answers_must_be_0_to_10(council: Council, bad: str) -> None:
    mapping = council.prompts.get("signs_of_safety")
    assert mapping is not None
    index = next(i for i, q in enumerate(mapping.questions) if q.kind == "scale")
    step = prompts.answer(mapping, index, ("a",) * index, bad)
    assert step.problem == prompts.SCALE_PROBLEM and step.index == index
    assert prompts.answer(mapping, index, ("a",) * index, "10/10").answers[-1] == "10/10"


def test_all_seven_sets_exist(council: Council) -> None:
    ids = {s.id for s in council.prompts.sets}
    assert ids == {
        "visit_planning",
        "after_visit",
        "child_voice",
        "resistance",
        "signs_of_safety",
        "supervision_prep",
        "relationship_check",
    }
    assert sum(q.kind == "scale" for q in council.prompts.get("signs_of_safety").questions) == 3  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("moment", "contact", "absent"),
    [
        (dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc), "020 8489 4533", "020 8489 0000"),  # weekday morning
        (dt.datetime(2026, 11, 26, 19, 0, tzinfo=dt.timezone.utc), "020 8489 0000", "020 8489 4533"),  # weekday evening
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.timezone.utc), "020 8489 0000", "020 8489 4533"),  # Saturday
        (dt.datetime(2026, 12, 25, 11, 0, tzinfo=dt.timezone.utc), "020 8489 0000", "020 8489 4533"),  # Christmas Day
        (
            dt.datetime(2026, 8, 31, 11, 0, tzinfo=LONDON_SUMMER),
            "020 8489 0000",
            "020 8489 4533",
        ),  # bank holiday Monday
    ],
)
def test_new_concern_route_by_time(council: Council, moment: dt.datetime, contact: str, absent: str) -> None:
    situation = council.escalation.get("new_concern")
    assert situation is not None
    text = route(council.escalation, council.profile, situation, moment)
    assert contact in text and absent not in text and "Record:" in text and "Source:" in text


def test_disagreement_has_stages_and_says_the_child_comes_first(council: Council) -> None:
    situation = find_situation(
        council.escalation, "I disagree with the police about this referral, professional disagreement"
    )
    assert situation is not None and situation.id == "agency_disagreement"
    text = route(
        council.escalation, council.profile, situation, dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
    )
    assert "Stage 1" in text and "Stage 2" in text


def test_every_situation_is_routable(council: Council) -> None:
    ids = {s.id for s in council.escalation.situations}
    assert {
        "immediate_danger",
        "new_concern",
        "out_of_hours",
        "allegation",
        "agency_disagreement",
        "manager_disagreement",
        "whistleblowing",
    } <= ids


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("my manager and I disagree about closing a case, how do I escalate that?", "manager_disagreement"),
        ("my manager wants to close the case and I disagree", "manager_disagreement"),
        ("i disagree with the police", "agency_disagreement"),
        ("how do I escalate", None),
    ],
)
def test_a_situation_is_found_by_the_words_it_shares(council: Council, words: str, expected: str | None) -> None:
    found = find_situation(council.escalation, words)
    assert (found.id if found else None) == expected
