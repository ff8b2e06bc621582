"""The rules engine reproduces the vignettes and applies protocols, modifiers and negation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.threshold.age import Age
from bot.threshold.engine import UNKNOWN, Answers, ThresholdEngine
from tests.conftest import WEEKDAY_MORNING

VIGNETTES = yaml.safe_load((Path(__file__).parents[2] / "vignettes.yml").read_text())["vignettes"]


def test_there_are_enough_vignettes_across_levels() -> None:
    levels = [v["level"] for v in VIGNETTES]
    assert len(VIGNETTES) >= 40
    assert all(levels.count(level) >= 8 for level in (1, 2, 3, 4))
    assert any(v["emergency"] for v in VIGNETTES)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_level_and_emergency(engine: ThresholdEngine, vignette: dict) -> None:
    age = Age(vignette["age_months"]) if "age_months" in vignette else None
    result = engine.assess(vignette["text"], WEEKDAY_MORNING, age=age)
    assert (result.level, result.emergency) == (vignette["level"], vignette["emergency"]), result.reasons
    if vignette["level"] == 4:
        assert result.level is not None and result.level >= 3


def test_negation_is_not_counted(engine: ThresholdEngine) -> None:
    result = engine.assess("No marks seen and mum denies any drug use; attendance is good.", WEEKDAY_MORNING)
    ids = {m.indicator.id for m in result.matched}
    assert not any(i.startswith(("l3_", "l4_")) for i in ids)
    assert result.negated


def test_words_that_matched_are_reported(engine: ThresholdEngine) -> None:
    result = engine.assess("Dad smelt of alcohol at pick up and the 6 year old was hungry.", WEEKDAY_MORNING)
    assert all(m.words for m in result.matched)
    assert any("alcohol" in m.words for m in result.matched)


def test_bruise_on_non_mobile_baby_is_always_level_4(engine: ThresholdEngine) -> None:
    result = engine.assess("Small bruise on the cheek noticed at the clinic.", WEEKDAY_MORNING, age=Age(3))
    assert result.level == 4
    assert any("not yet mobile" in r for r in result.reasons)
    assert result.protocol_actions


def test_same_bruise_on_older_child_is_not_the_baby_protocol(engine: ThresholdEngine) -> None:
    result = engine.assess("Small bruise on the cheek noticed at school.", WEEKDAY_MORNING, age=Age(120))
    assert result.level == 3
    assert not result.protocol_actions


def test_fgm_names_the_mandatory_report(engine: ThresholdEngine) -> None:
    result = engine.assess("Year 8 girl says she is going to be cut on holiday this summer.", WEEKDAY_MORNING)
    assert result.level == 4
    assert any("report it to the police yourself" in a for a in result.protocol_actions)


def test_previous_plan_raises_and_does_not_count_as_current_plan(engine: ThresholdEngine) -> None:
    base = engine.assess("Attendance is poor, around 80 percent this term.", WEEKDAY_MORNING)
    raised = engine.assess(
        "Attendance is poor, around 80 percent this term. Previous CP plan two years ago.", WEEKDAY_MORNING
    )
    assert base.level is not None and raised.level == base.level + 1
    assert "l4_already_statutory" not in {m.indicator.id for m in raised.matched}


def test_cumulative_concern_puts_next_level_in_view(engine: ThresholdEngine) -> None:
    text = "Mum is depressed and struggling, the flat is overcrowded and damp, and attendance is poor."
    result = engine.assess(text, WEEKDAY_MORNING, age=Age(96))
    assert result.consider_next or any("Cumulative" in r for r in result.reasons)


def test_strengths_never_lower_significant_harm(engine: ThresholdEngine) -> None:
    result = engine.assess(
        "Child says dad hit me with a belt. Grandparents help a lot and she has a trusted adult.", WEEKDAY_MORNING
    )
    assert result.level == 4
    assert any(r.startswith("Strengths noted") for r in result.reasons)


def test_no_indicator_means_ask_for_more_never_level_1(engine: ThresholdEngine) -> None:
    result = engine.assess("I had a meeting about the family today.", WEEKDAY_MORNING)
    assert result.level is None and result.needs_more


def test_immediate_danger_is_emergency(engine: ThresholdEngine) -> None:
    result = engine.assess("Dad is hitting her now and has a knife.", WEEKDAY_MORNING)
    assert result.emergency and result.level == 4
    assert result.reasons[0].startswith("A child may be in danger right now")
    assert result.contacts[0].phone == "999"


def test_dont_know_answers_are_in_the_reasons(engine: ThresholdEngine) -> None:
    answers = Answers(danger_now=UNKNOWN, child_voice=UNKNOWN)
    result = engine.assess("Often hungry at school and wearing dirty clothes.", WEEKDAY_MORNING, answers=answers)
    assert any("not sure whether the child is in danger" in r for r in result.reasons)
    assert any("child's own account is not known" in r for r in result.reasons)


def test_worker_can_add_and_remove_indicators(engine: ThresholdEngine) -> None:
    text = "Often hungry at school and wearing dirty clothes."
    found = engine.assess(text, WEEKDAY_MORNING)
    first = found.matched[0].indicator.id
    edited = engine.assess(text, WEEKDAY_MORNING, add=("l4_fgm",), remove=(first,))
    ids = {m.indicator.id for m in edited.matched}
    assert first not in ids and "l4_fgm" in ids and edited.level == 4
    assert any("you added this" in r for r in edited.reasons)


def test_long_description_is_handled(engine: ThresholdEngine) -> None:
    text = ("The children were seen at home. " * 150) + "Mum drinks heavily most evenings."
    assert len(text) > 4000
    result = engine.assess(text, WEEKDAY_MORNING)
    assert result.level is not None and result.level >= 3


@pytest.mark.parametrize(
    "text",
    [
        "1 yr review: walking round the furniture, babbling loads. Mum back at work part time. All good.",
        "Dad rang the surgery to book his newborn's first jabs, says everything is going well.",
    ],
)
def test_everyday_words_for_needs_met_give_level_1(engine: ThresholdEngine, text: str) -> None:
    result = engine.assess(text, WEEKDAY_MORNING)
    assert result.level == 1 and not result.emergency
