"""Pitfalls are spotted from the levels and the worker's own words, and the scenario's traps only where set."""

from __future__ import annotations

from bot.induction.data import Scenario
from bot.induction.pitfalls import Answer, spot
from bot.loading import Council


def _scenario(council: Council, scenario_id: str) -> Scenario:
    found = council.scenarios.get(scenario_id)
    assert found is not None
    return found


def _keys(scenario: Scenario, level: int, reasons: str, step: str = "", route: str | None = None) -> list[str]:
    return [h.pitfall.key for h in spot(scenario, Answer(level, reasons, step, (), route))]


def test_calls_and_optimism_show_in_any_scenario(council: Council) -> None:
    cannabis = _scenario(council, "psm_weekend_cannabis")  # lists only over_call
    assert _keys(cannabis, 1, "Dad is open with us and keen to get help.") == ["under_call", "rule_of_optimism"]
    assert _keys(cannabis, 4, "Drugs in the home.") == ["over_call"]
    assert _keys(cannabis, 2, "Dad is keen to get help.") == []


def test_negated_engagement_is_a_worry_not_optimism(council: Council) -> None:
    scenario = _scenario(council, "disagreement_stepped_down_too_soon")
    assert _keys(scenario, 2, "The family stopped engaging and refuse support.", "re-refer") == ["under_call"]


def test_start_again_needs_the_history_or_fresh_start_words(council: Council) -> None:
    scenario = _scenario(council, "prebirth_two_children_adopted")
    assert "start_again_syndrome" in _keys(scenario, 3, "She says she is clean; she has a partner.")
    assert "start_again_syndrome" not in _keys(scenario, 3, "Two children were removed before; partner unknown.")
    assert "start_again_syndrome" in _keys(scenario, 4, "Give her a fresh start, partner unknown.")


def test_disguised_compliance_when_co_operation_is_taken_at_face_value(council: Council) -> None:
    scenario = _scenario(council, "neglect_squalor_tidy_for_visits")
    assert "disguised_compliance" in _keys(scenario, 4, "Parents are friendly and welcoming at visits.")
    assert "disguised_compliance" not in _keys(
        scenario, 4, "They cancel visits and refuse access: disguised compliance."
    )


def test_missed_father_blamed_child_and_unchallenged_decision(council: Council) -> None:
    riya = _scenario(council, "neglect_toddler_left_alone")
    assert "missed_father_or_partner" in _keys(riya, 4, "Left alone at three.")
    assert "missed_father_or_partner" not in _keys(riya, 4, "Left alone; who is mum's boyfriend?")
    amira = _scenario(council, "cse_boyfriend_in_his_twenties")
    assert "child_blamed" in _keys(amira, 4, "She is in love and old enough to choose.")
    assert "child_blamed" not in _keys(amira, 4, "Her dad says she is old enough, but she is being exploited.")
    musa = _scenario(council, "disagreement_mash_no_further_action")
    assert "unchallenged_decision" in _keys(musa, 4, "Belt marks.", "accept the MASH decision")
    assert "unchallenged_decision" not in _keys(musa, 4, "Belt marks.", "escalate to the MASH manager")


def test_consent_misread_both_ways(council: Council) -> None:
    sara = _scenario(council, "consent_uncle_touched_her")  # Level 4: consent must not hold it back
    assert "consent_misread" in _keys(sara, 3, "Mum refuses consent, so we wait.", route="cin_assessment")
    lily = _scenario(council, "consent_family_declines_early_help")  # Level 2: help needs their agreement
    assert "consent_misread" in _keys(lily, 2, "Attendance is low.", "refer to MASH", route="cin_assessment")
    assert "consent_misread" not in _keys(
        lily, 2, "Attendance is low, mum said no.", "keep offering", route="early_help"
    )


def test_a_trap_the_scenario_does_not_set_is_never_named(council: Council) -> None:
    cannabis = _scenario(council, "psm_weekend_cannabis")  # no partner or consent trap here
    assert _keys(cannabis, 2, "Cannabis now and then, mum refuses consent.") == []
