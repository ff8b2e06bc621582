"""Feedback that names the gap: what was seen and missed, over- and under-calls with the indicators that carry
the level, pitfalls, the route, the model answer with its source, a question, hints, and unreadable answers."""

from __future__ import annotations

from bot.dialogue import Reply
from bot.induction.data import Scenario
from bot.induction.feedback import Attempt, answer, feedback, hint, mark, reveal
from bot.loading import Council
from bot.threshold.engine import ThresholdEngine

NEGLECT = "neglect_no_change_after_early_help"  # Level 3, rule of optimism and start again among its traps


def _scenario(council: Council, scenario_id: str) -> Scenario:
    found = council.scenarios.get(scenario_id)
    assert found is not None
    return found


def _texts(reply: Reply) -> list[str]:
    return [m.text for m in reply.messages()]


def test_a_correct_answer_is_confirmed_with_what_carries_the_level(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, NEGLECT)
    reasons = (
        "Persistent neglect: always hungry and stealing food. The home is filthy with dog mess. Eight months of "
        "early help, the parents agree to every plan but little changes and the same worries keep coming back."
    )
    marked, reply = answer(
        engine, scenario, Attempt("Level 3", reasons, "refer to MASH for a child in need assessment")
    )
    assert marked is not None and marked.exact and marked.within_one and marked.pitfalls == ()
    assert marked.missed == () and marked.route == "cin_assessment"
    texts = _texts(reply)
    assert texts[0].startswith("You chose Level 3 (Targeted): that is the level this case calls for.")
    assert "Basic care is persistently poor" in texts[0]
    assert texts[1].startswith("What you saw: Basic care is persistently poor; Home conditions are poor")
    assert any(t.startswith("Your next step matches the expected route: MASH referral") for t in texts)
    model = next(t for t in texts if t.startswith("How an experienced practitioner"))
    assert scenario.model_answer in model and "(londonsafeguardingchildrenprocedures.co.uk)" in model
    assert "Fictional scenario, last reviewed 02 December 2026." in model
    assert texts[-1].startswith("To reflect on: ")
    assert [c.title for c in list(reply.messages())[-1].choices] == ["Try again", "Another scenario", "My progress"]
    assert reply.slots()["sources_all"] == list(scenario.sources)


def test_an_under_call_with_engagement_words_is_the_rule_of_optimism(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, NEGLECT)
    marked, reply = answer(engine, scenario, Attempt("2", "Mum is engaging well and the children seem loved.", "EHA"))
    assert marked is not None and not marked.exact and marked.within_one
    assert marked.pitfalls[:2] == ("under_call", "rule_of_optimism")
    assert set(marked.missed) == set(scenario.expected_ids)
    texts = _texts(reply)
    assert "this case calls for Level 3 (Targeted), one level away: an under-call" in texts[0]
    assert "What carries Level 3 (Targeted) here: Basic care is persistently poor;" in texts[0]
    assert texts[1].startswith("What you missed: Basic care is persistently poor (Level 3);")
    assert any("A trap in this case: Rule of optimism." in t and '"engaging"' in t for t in texts)
    assert any("falls short of the expected route" in t for t in texts)
    assert texts[-1] == f"To reflect on: {scenario.pitfall('rule_of_optimism').question}"


def test_an_over_call_is_explained_by_what_the_case_does_not_show(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, "psm_weekend_cannabis")
    marked, reply = answer(
        engine, scenario, Attempt("section 47", "Dad smokes cannabis at the weekend.", "strategy discussion")
    )
    assert marked is not None and marked.pitfalls == ("over_call",) and not marked.within_one
    texts = _texts(reply)
    assert "this case calls for Level 2 (Early help), 2 levels away: a serious over-call" in texts[0]
    assert (
        "Parent uses cannabis or other drugs now and then" in texts[0]
        and "Nothing in the case is a Level 4" in texts[0]
    )
    assert any("goes further than the expected route: Early help" in t for t in texts)
    assert texts[-1] == f"To reflect on: {scenario.pitfall('over_call').question}"


def test_an_over_call_names_the_higher_sign_the_worker_read_into_the_case(
    council: Council, engine: ThresholdEngine
) -> None:
    scenario = _scenario(council, "neglect_tired_toddler_sleep_tips")
    verdict = feedback(mark(engine, scenario, 3, "The nursery thinks it is neglect.", "refer to MASH")).text
    assert "2 levels away: a serious over-call" in verdict
    assert 'You gave weight to "basic care is persistently poor" (a Level 3 sign)' in verdict


def test_a_missed_indicator_is_named_by_its_label(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, "disagreement_mash_no_further_action")
    marked = mark(
        engine, scenario, 4, "Belt marks on his legs: dad hits him with a belt.", "ask the MASH manager to reconsider"
    )
    assert marked.seen == ("l4_injury_by_carer",) and marked.missed == ("l4_afraid_to_go_home",)
    texts = _texts(feedback(marked))
    assert (
        "What you missed: Child says they are frightened to go home or begs not to be sent home (Level 4)." in texts[1]
    )
    assert texts[-1].startswith('To reflect on: What made "child says they are frightened to go home')


def test_a_scenario_trap_is_named_only_when_the_answer_shows_it(council: Council, engine: ThresholdEngine) -> None:
    exploited = _scenario(council, "cce_found_in_another_county")
    blamed = mark(engine, exploited, 3, "He is choosing this lifestyle and offending.", "youth offending team")
    assert "child_blamed" in blamed.pitfalls and "under_call" in blamed.pitfalls
    quoted = mark(engine, exploited, 4, 'Mum says "he chose this" but he is being criminally exploited.', "strategy")
    assert "child_blamed" not in quoted.pitfalls
    pregnant = _scenario(council, "da_kicked_in_the_stomach_pregnant")
    misread = mark(engine, pregnant, 3, "Domestic abuse, but she doesn't consent so we can't share.", "early help")
    assert {"consent_misread", "missed_father_or_partner"} <= set(misread.pitfalls)
    named = mark(engine, pregnant, 4, "Her partner kicked her in the stomach while pregnant.", "strategy discussion")
    assert named.pitfalls == ()
    texts = _texts(feedback(misread))
    assert any(t.startswith("A trap in this case: Consent misread.") and '"consent"' in t for t in texts)


def test_the_age_in_the_case_counts_for_indicators_with_an_age_limit(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, "neglect_toddler_left_alone")  # the case says she is 3; the reasons do not
    assert mark(engine, scenario, 4, "She was left alone in the flat for 90 minutes.").seen == (
        "l4_young_child_left_alone",
    )


def test_an_unreadable_level_or_reason_is_answered_and_nothing_is_marked(
    council: Council, engine: ThresholdEngine
) -> None:
    scenario = _scenario(council, NEGLECT)
    cases = {
        "": "Which level would you choose?",
        "I don't know": "Not being sure is part of learning this.",
        "level 5": "There is no Level 5: the threshold document has four levels",
        "👍": "I can't read a level from emoji alone.",
        "2 or 3": "You mentioned Levels 2 and 3. Which one would you choose?",
    }
    for level, start in cases.items():
        marked, reply = answer(engine, scenario, Attempt(level, "The children are hungry."))
        assert marked is None and reply.text.startswith(start), (level, reply.text)
    for reasons, start in {
        "": "What in the case leads you",
        "🙈": "I can only read words",
        "no idea": "That's fine.",
    }.items():
        marked, reply = answer(engine, scenario, Attempt("3", reasons))
        assert marked is None and reply.text.startswith(start), (reasons, reply.text)


def test_a_retry_is_marked_afresh(council: Council, engine: ThresholdEngine) -> None:
    scenario = _scenario(council, "psm_weekend_cannabis")
    first, _ = answer(engine, scenario, Attempt("4", "Dad smokes cannabis.", "strategy discussion"))
    again, _ = answer(
        engine, scenario, Attempt("2", "Dad smokes cannabis now and then; care not affected.", "early help")
    )
    assert first is not None and again is not None and not first.exact and again.exact and again.pitfalls == ()


def test_hints_come_one_at_a_time_then_offer_the_answer(council: Council) -> None:
    scenario = _scenario(council, "neglect_toddler_left_alone")
    first, second, third, fourth, beyond = (hint(scenario, n) for n in (1, 2, 3, 4, 5))
    assert (
        first.text
        == "Hint 1 of 4: Look across the assessment triangle: what matters most here sits in parenting capacity."
    )
    assert [c.payload for c in first.choices] == ['/practice_hint{"hint_number":"2"}', "/practice_reveal"]
    assert second.text == "Hint 2 of 4: Think about neglect."
    assert third.text.startswith("Hint 3 of 4: Watch for rule of optimism: reading the family in the best light")
    assert "Young child left alone or with no one able to care for them" in fourth.text
    assert [c.payload for c in fourth.choices] == ["/practice_reveal"] and fourth.remember == {"practice_hints": 4}
    assert beyond.text.startswith("That's every hint for this case.")


def test_reveal_gives_the_level_route_and_model_answer_with_its_source(council: Council) -> None:
    scenario = _scenario(council, "allegation_coach_messaging_at_night")
    text = reveal(scenario).text
    assert text.startswith("This case calls for Level 4 (Specialist / statutory).")
    assert "Route: Designated Officer (LADO)." in text and scenario.model_answer in text
    assert "(londonsafeguardingchildrenprocedures.co.uk/appendix_7.html)" in text
