"""The threshold form's helpers: reading answers, and the buttons of the indicator review."""

from __future__ import annotations

import pytest

from bot.loading import Council
from bot.threshold import dialogue as td
from bot.threshold.engine import UNKNOWN, ThresholdEngine
from tests.conftest import WEEKDAY_MORNING


@pytest.mark.parametrize(
    ("text", "stored"),
    [("7", "months:84"), ("4 months", "months:4"), ("unborn", "unborn"), ("not sure", UNKNOWN), ("soon", None)],
)
def test_read_age(text: str, stored: str | None) -> None:
    assert td.read_age(text) == stored


@pytest.mark.parametrize(
    ("text", "consent"),
    [
        ("They agree", "given"),
        ("mum refused", "refused"),
        ("haven't asked yet", "not_asked"),
        ("asking would make it worse", "unsafe_to_ask"),
        ("not sure", UNKNOWN),
        ("hmm", None),
    ],
)
def test_read_consent(text: str, consent: str | None) -> None:
    assert td.read_consent(text) == consent


@pytest.mark.parametrize(
    ("text", "level"),
    [("3", 3), ("level 2", 2), ("early help", 2), ("specialist", 4), ("2 or 3", None), ("no idea", None)],
)
def test_read_level(text: str, level: int | None) -> None:
    assert td.read_level(text) == level


def test_a_level_the_same_as_the_recommendation_is_asked_again() -> None:
    assert td.level_problem(3, "3") is not None and td.level_problem(2, "3") is None
    assert "Which level fits" in str(td.level_problem(None, "3"))


def test_possible_indicators_get_yes_and_no_buttons(engine: ThresholdEngine, council: Council) -> None:
    result = engine.assess("the child was left alone in the evening", WEEKDAY_MORNING)
    reply = td.review_prompt(result.matched, council.thresholds, None, result.possible)
    assert "Possibly" in reply.text and reply.choices[0].title.startswith("Yes: ")
    assert reply.choices[0].payload.startswith(
        '/edit_indicators{"indicator_action":"add","indicator":"l4_young_child_left_alone"'
    )
    assert reply.choices[1].title == "No, not that" and '"indicator_action":"remove"' in reply.choices[1].payload
    assert len(reply.choices) <= 6  # Teams shows six card actions


def test_a_click_adds_or_removes_and_browsing_is_remembered() -> None:
    added = td.apply_edit({"indicator_action": "add", "indicator": "x"}, [], ["x"])
    assert added["indicators_added"] == ["x"] and added["indicators_removed"] == []
    browse = td.apply_edit({"indicator_action": "add", "indicator_domain": "parenting_capacity"}, [], [])
    assert browse["indicator_browse"] == "add:parenting_capacity"


def test_browsing_by_domain_then_theme_then_indicator(council: Council) -> None:
    data = council.thresholds
    assert len(td.review_prompt([], data, "add").choices) == len(data.domains) + 1
    themes = td.review_prompt([], data, "add:parenting_capacity").choices
    assert themes[-1].title == "Back to the list" and all("indicator_theme" in c.payload for c in themes[:-1])
