"""One test per point of the practice review of the thresholds (issue 12): negation, levels set too
low and too high, and what was missing."""

from __future__ import annotations

import pytest

from bot.threshold.age import Age
from bot.threshold.engine import ThresholdEngine
from tests.conftest import WEEKDAY_MORNING


def _ids(engine: ThresholdEngine, text: str, age: Age | None = None) -> set[str]:
    return {m.indicator.id for m in engine.assess(text, WEEKDAY_MORNING, age=age).matched}


def _level(engine: ThresholdEngine, text: str, age: Age | None = None) -> int | None:
    return engine.assess(text, WEEKDAY_MORNING, age=age).level


@pytest.mark.parametrize(
    "text",
    [
        "no explanation for the bruising on his arm",
        "mum could not explain the bruise",
        "no one knows how he got the mark on his face",
    ],
)
def test_a_missing_explanation_does_not_negate_the_injury(engine: ThresholdEngine, text: str) -> None:
    result = engine.assess(text, WEEKDAY_MORNING, age=Age(48))
    assert "l3_unexplained_bruise" in {m.indicator.id for m in result.matched}
    assert result.level is not None and result.level >= 3


def test_no_explanation_for_a_bruise_on_a_non_mobile_baby_fires_the_protocol(engine: ThresholdEngine) -> None:
    result = engine.assess("mum could not explain the bruise on her cheek", WEEKDAY_MORNING, age=Age(4))
    assert result.level == 4 and any("not yet mobile" in r for r in result.reasons)


def test_no_bruises_seen_still_removes_the_bruise(engine: ThresholdEngine) -> None:
    assert "l3_unexplained_bruise" not in _ids(engine, "checked at the visit, no bruises seen", Age(48))


@pytest.mark.parametrize(
    "text",
    [
        "finger marks on the top of her arm, 7 year old",
        "7 year old came in with a black eye",
        "a burn on his hand that no one will talk about, he is 9",
        "her uncle was seen touching her private parts, she is 8",
    ],
)
def test_levelled_too_low_before_now_level_4(engine: ThresholdEngine, text: str) -> None:
    assert _level(engine, text) == 4


def test_fgm_family_history_with_a_long_trip_abroad_is_level_4(engine: ThresholdEngine) -> None:
    result = engine.assess(
        "mum has had FGM and the 9 year old is going on a long trip abroad in the summer", WEEKDAY_MORNING
    )
    assert result.level == 4 and any("history of FGM is due to be taken abroad" in r for r in result.reasons)


def test_a_baby_with_domestic_abuse_substance_misuse_and_a_mental_health_crisis_is_level_4(
    engine: ThresholdEngine,
) -> None:
    text = "3 month old baby. Domestic abuse at home, dad uses cocaine, and mum is in a mental health crisis."
    result = engine.assess(text, WEEKDAY_MORNING)
    assert result.level == 4 and any("three worries" in a for a in result.protocol_actions)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("16 year old left alone for the weekend while parents visited family", Age(192)),
        ("mum cancels visits quite often because of work", Age(96)),
        ("dad was intoxicated at the parents evening", Age(120)),
        ("she was on a CP plan in 2019 which ended, now doing well", Age(120)),
        ("mum asked about S20 in the meeting but was given family support instead", Age(120)),
    ],
)
def test_false_alarms_are_no_longer_level_4(engine: ThresholdEngine, text: str, age: Age) -> None:
    assert (_level(engine, text, age) or 0) < 4


def test_a_young_child_left_alone_is_still_level_4(engine: ThresholdEngine) -> None:
    assert _level(engine, "the 4 year old was left alone in the flat overnight") == 4


def test_left_alone_with_no_age_is_only_possible(engine: ThresholdEngine) -> None:
    result = engine.assess("the child was left alone in the evening", WEEKDAY_MORNING)
    assert "l4_young_child_left_alone" in {m.indicator.id for m in result.possible}
    assert "l4_young_child_left_alone" not in {m.indicator.id for m in result.matched}


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("his aunt says the boy is a witch and took him to church for deliverance", "l4_faith_belief_abuse"),
        ("dad hit mum in front of the children on Saturday", "l3_domestic_abuse_ongoing"),
        ("17 year old has been thrown out by mum and is sofa surfing", "l4_homeless_16_17"),
        (
            "her brothers say she brought shame on the family by having a boyfriend and watch her every move",
            "l4_honour_based_abuse",
        ),
        (
            "disabled 12 year old: tube feed missed twice this week and the wheelchair is broken",
            "l3_disabled_child_care_neglect",
        ),
    ],
)
def test_what_was_missing_is_recognised(engine: ThresholdEngine, text: str, indicator: str) -> None:
    assert indicator in _ids(engine, text)


def test_a_bruise_on_a_disabled_child_who_cannot_move_independently_is_the_non_mobile_protocol(
    engine: ThresholdEngine,
) -> None:
    result = engine.assess("14 year old wheelchair user has bruising on both shins", WEEKDAY_MORNING, age=Age(168))
    assert result.level == 4 and any("not yet mobile" in r for r in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "she has just texted me that she has taken all her tablets and is saying goodbye",
        "the family are at the airport now and she is being flown out tonight to be cut",
        "he is hitting her right now and the kids are in the next room screaming",
    ],
)
def test_danger_in_ordinary_words(engine: ThresholdEngine, text: str) -> None:
    result = engine.assess(text, WEEKDAY_MORNING)
    assert result.emergency and result.level == 4


def test_a_child_whose_needs_are_met_is_level_1_with_reasons(engine: ThresholdEngine) -> None:
    result = engine.assess("Visited the 3 year old today: happy, well cared for, no concerns at all.", WEEKDAY_MORNING)
    assert result.level == 1 and any("needs sound met" in r for r in result.reasons)


def test_text_about_no_child_still_asks_for_more(engine: ThresholdEngine) -> None:
    assert _level(engine, "the meeting room is booked for Tuesday afternoon") is None
