"""Choosing and showing a scenario, and what to say when an answer cannot be read."""

from __future__ import annotations

from bot.dialogue import Reply
from bot.induction.answers import read_level
from bot.induction.data import ScenarioBank
from bot.induction.dialogue import level_problem, present, reasons_for, reasons_problem, scenario_list
from bot.loading import Council


def test_the_list_offers_scenarios_not_yet_done_first(council: Council) -> None:
    bank = council.scenarios
    first = scenario_list(bank)
    assert first.text.startswith("Pick a scenario to practise on. Each one is fictional")
    assert len(first.choices) == 6 and first.choices[0].payload.startswith('/practice_start{"scenario_id":')
    done = [s.id for s in bank.scenarios[:-1]]
    last = scenario_list(bank, done)
    assert [c.payload for c in last.choices] == [f'/practice_start{{"scenario_id":"{bank.scenarios[-1].id}"}}']
    again = scenario_list(bank, [s.id for s in bank.scenarios])
    assert again.text.startswith("You've tried every scenario here") and again.choices
    themed = scenario_list(bank, theme="pre_birth")
    assert len(themed.choices) == 3 and all("(Pre-birth)" in c.title for c in themed.choices)
    assert scenario_list(ScenarioBank()).text.startswith("There are no practice scenarios here yet")


def test_a_scenario_unfolds_stage_by_stage_then_asks_for_a_level(council: Council) -> None:
    scenario = council.scenarios.get("neglect_no_change_after_early_help")
    assert scenario is not None and len(scenario.stages) == 3
    opening = present(scenario)
    assert opening.text.startswith(f"{scenario.title} - Health visitor's referral (1 of 3)\n")
    assert [c.payload for c in opening.choices] == ['/practice_stage{"practice_stage":"1"}']
    assert opening.remember == {"practice_scenario": scenario.id, "practice_stage": 0}
    last = present(scenario, 9)  # past the end: the last stage, then the question
    texts = [m.text for m in last.messages()]
    assert texts[0].startswith(f"{scenario.title} - New information (3 of 3)")
    assert texts[1].startswith("Which level would you choose (1 to 4), and why?")
    asked = list(last.messages())[1].choices
    assert [c.title for c in asked] == [
        "Level 1", "Level 2", "Level 3", "Level 4", "A hint", "Show me the answer", "Skip this scenario"
    ]  # fmt: skip
    assert asked[1].payload == '/practice_level{"practice_level":"2"}' and asked[-1].payload == "/practice_next"


def test_a_level_on_its_own_is_followed_by_a_question_about_the_reasons() -> None:
    reply = reasons_for(3)
    assert reply.text.startswith("Level 3: what in the case leads you there?")
    assert [c.title for c in reply.choices] == ["A hint"]


def _text(reply: Reply | None) -> str:
    assert reply is not None
    return reply.text


def test_each_unreadable_level_gets_its_own_words() -> None:
    assert level_problem(read_level("3")) is None
    assert _text(level_problem(read_level(""))).startswith("Which level would you choose? Give a number from 1 to 4")
    assert "1 universal, 2 early help, 3 targeted, 4 specialist" in _text(level_problem(read_level("")))
    dont_know = level_problem(read_level("dunno"))
    assert dont_know is not None and [c.title for c in dont_know.choices] == ["A hint", "Show me the answer"]
    assert _text(level_problem(read_level("level 7"))).startswith(
        "There is no Level 7: the threshold document has four"
    )
    assert _text(level_problem(read_level("2/3"))).startswith("You mentioned Levels 2 and 3.")
    assert _text(level_problem(read_level("😬"))).startswith("I can't read a level from emoji alone.")
    assert _text(level_problem(read_level("hmm"))).startswith("I couldn't find a level in that.")


def test_reasons_must_be_words() -> None:
    assert reasons_problem("Dad hit him with a belt.") is None
    assert reasons_problem("I don't know whether the marks are old, but dad hit him with a belt last week.") is None
    assert _text(reasons_problem("  ")).startswith("What in the case leads you to that level?")
    assert _text(reasons_problem("🙈🙉")).startswith("I can only read words here.")
    assert _text(reasons_problem("not sure")).startswith("That's fine. Try naming one thing")
