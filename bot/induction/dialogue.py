"""The words and buttons of induction practice: choosing a scenario, showing it stage by stage, and
what to say when an answer cannot be read (empty, "I don't know", Level 5, emoji only)."""

from __future__ import annotations

from collections.abc import Collection

from bot.dialogue import Choice, Reply, payload
from bot.induction.answers import LevelAnswer, only_symbols, says_dont_know
from bot.induction.data import LEVEL_NAMES, Scenario, ScenarioBank

# The intents the conversation will need for these buttons (with the entity each sets).
START, STAGE, HINT, REVEAL = "practice_start", "practice_stage", "practice_hint", "practice_reveal"
RETRY, NEXT, PROGRESS, LEVEL = "practice_retry", "practice_next", "practice_progress", "practice_level"
SHOWN = 6

AFTER_FEEDBACK = (
    Choice("Try again", payload(RETRY)),
    Choice("Another scenario", payload(NEXT)),
    Choice("My progress", payload(PROGRESS)),
)
_LEVELS = ", ".join(f"{n} {name}" for n, name in LEVEL_NAMES.items())


def hint_choice(number: int) -> Choice:
    """The button for the next hint."""
    return Choice("A hint", payload(HINT, hint_number=str(number)))


REVEAL_CHOICE = Choice("Show me the answer", payload(REVEAL))
SKIP_CHOICE = Choice("Skip this scenario", payload(NEXT))
# A level from a button; the reasons are asked for next, in the worker's own words.
LEVEL_CHOICES = tuple(Choice(f"Level {n}", payload(LEVEL, practice_level=str(n))) for n in LEVEL_NAMES)


def answer_choices(hints_seen: int) -> tuple[Choice, ...]:
    """The buttons beside the level question: the four levels, the next hint, the answer, skip."""
    return (*LEVEL_CHOICES, hint_choice(hints_seen + 1), REVEAL_CHOICE, SKIP_CHOICE)


def reasons_for(level: int) -> Reply:
    """Asks for the reasons behind a level given on its own (a button, or just "3")."""
    return Reply(
        f"Level {level}: what in the case leads you there? A sentence or two is enough: what you noticed, and what "
        "it means for the child.",
        (hint_choice(1),),
    )


SKIPPED = "Skipped: nothing from that scenario was kept."


def scenario_list(bank: ScenarioBank, done: Collection[str] = (), theme: str | None = None) -> Reply:
    """Scenarios to choose from, the ones not yet done first (of one theme, when given)."""
    pool = [s for s in bank.scenarios if theme is None or s.theme == theme]
    if not pool:
        return Reply("There are no practice scenarios here yet. Ask your practice lead to add some.")
    fresh = [s for s in pool if s.id not in done]
    ordered = (fresh or pool)[:SHOWN]
    intro = (
        "Pick a scenario to practise on. Each one is fictional: read it, choose a level from 1 to 4, say why, "
        "and say what you would do next."
        if fresh
        else "You've tried every scenario here; pick one to try again."
    )
    buttons = tuple(Choice(f"{s.title} ({s.theme_label})"[:80], payload(START, scenario_id=s.id)) for s in ordered)
    return Reply(intro, buttons)


def present(scenario: Scenario, stage: int = 0) -> Reply:
    """One stage of a scenario; after the last one, the question to answer."""
    index = max(0, min(stage, len(scenario.stages) - 1))
    part = scenario.stages[index]
    heading = f"{scenario.title} - {part.label} ({index + 1} of {len(scenario.stages)})"
    remember = {"practice_scenario": scenario.id, "practice_stage": index}
    if index + 1 < len(scenario.stages):
        more = Choice("What happens next?", payload(STAGE, practice_stage=str(index + 1)))
        return Reply(f"{heading}\n{part.text}", (more,), remember)
    ask = Reply("Which level would you choose (1 to 4), and why? Then say what you would do next.", answer_choices(0))
    return Reply(f"{heading}\n{part.text}", (), remember).followed_by(ask)


_LEVEL_PROBLEMS = {
    "empty": f"Which level would you choose? Give a number from 1 to 4, or its name ({_LEVELS}).",
    "dont_know": (
        "Not being sure is part of learning this. Make your best guess from 1 to 4 and say why: the feedback "
        "is about your reasoning, not a score. Or ask for a hint."
    ),
    "emoji": "I can't read a level from emoji alone. Type a number from 1 to 4, or a level's name.",
    "unclear": (
        "I couldn't find a level in that. Give a number from 1 to 4, or a level's name such as "
        "'early help' or 'section 47'."
    ),
}


def level_problem(level: LevelAnswer) -> Reply | None:
    """What to say when no level could be read from the answer, or None when one was."""
    if level.problem is None:
        return None
    if level.problem == "out_of_range":
        wrong = next(n for n in level.mentioned if not 1 <= n <= 4)
        text = f"There is no Level {wrong}: the threshold document has four levels ({_LEVELS}). Which would you choose?"
    elif level.problem == "ambiguous":
        both = " and ".join(str(n) for n in level.mentioned)
        text = (
            f"You mentioned Levels {both}. Which one would you choose? If you're torn, pick one and say what "
            "would tip it: the in-between is worth talking over in supervision."
        )
    else:
        text = _LEVEL_PROBLEMS[level.problem]
    choices = (hint_choice(1), REVEAL_CHOICE) if level.problem == "dont_know" else ()
    return Reply(text, choices)


def reasons_problem(reasons: str | None) -> Reply | None:
    """What to say when the reasons are missing or cannot be read, or None when there are some."""
    said = (reasons or "").strip()
    if not said:
        return Reply(
            "What in the case leads you to that level? A sentence or two is enough: what you noticed, and what "
            "it means for the child."
        )
    if only_symbols(said):
        return Reply("I can only read words here. What in the case leads you to that level?")
    if says_dont_know(said) and len(said.split()) <= 6:
        return Reply(
            "That's fine. Try naming one thing in the case that worries you, and one that reassures you. "
            "Or ask for a hint.",
            (hint_choice(1),),
        )
    return None
