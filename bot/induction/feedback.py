"""Feedback on a practice answer that names the gap: what the worker saw and missed, the level and the
route compared with the expected ones, the pitfall the answer shows, the model answer with its source,
and one question to reflect on.

Pure: the threshold engine only recognises indicators in the worker's reasons, the same way
`python -m bot assess` does; nothing is stored here (bot/induction/progress.py records attempts).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue import Reply, cite
from bot.induction import dialogue as words
from bot.induction.answers import read_level, read_route
from bot.induction.data import ROUTE_REACH, Scenario, Sign
from bot.induction.pitfalls import Answer, Hit, spot
from bot.induction.wording import label, names
from bot.threshold.age import age_in_text
from bot.threshold.engine import ThresholdEngine

# An over- or under-call is covered by the verdict; the other pitfalls get a paragraph of their own.
_CALLS = ("over_call", "under_call")


@dataclass(frozen=True)
class Attempt:
    """A worker's answer to a scenario, as they gave it (before redaction)."""

    level_text: str
    reasons: str
    next_step: str = ""
    hints: int = 0


@dataclass(frozen=True)
class Marked:
    """An answer compared with the expected one."""

    scenario: Scenario
    level: int
    seen: tuple[str, ...]  # expected indicators the reasons name
    touched: tuple[str, ...]  # expected indicators the reasons only hint at (the recogniser is unsure)
    missed: tuple[str, ...]
    also: tuple[Sign, ...]  # other concerns the reasons name, highest level first
    hits: tuple[Hit, ...]
    route: str | None

    @property
    def exact(self) -> bool:
        """True when the level is the expected one."""
        return self.level == self.scenario.expected_level

    @property
    def within_one(self) -> bool:
        """True when the level is at most one away from the expected one."""
        return abs(self.level - self.scenario.expected_level) <= 1

    @property
    def pitfalls(self) -> tuple[str, ...]:
        """The keys of the pitfalls the answer shows."""
        return tuple(h.pitfall.key for h in self.hits)


def mark(engine: ThresholdEngine, scenario: Scenario, level: int, reasons: str, next_step: str = "") -> Marked:
    """Compare an answer with the expected one: indicators named and missed, level, route and pitfalls."""
    # The worker's reasons rarely repeat the child's age: read it from the case, for age-limited indicators.
    found = engine.extract(reasons, age_in_text(scenario.text))
    recognised = {m.indicator.id: m.indicator for m in found.matched}
    named = set(recognised) | {s.id for s in scenario.expected if names(reasons, s.wording)}
    possible = {m.indicator.id for m in found.possible}
    seen = tuple(i for i in scenario.expected_ids if i in named)
    touched = tuple(i for i in scenario.expected_ids if i in possible and i not in named)
    missed = tuple(i for i in scenario.expected_ids if i not in named and i not in possible)
    also = tuple(
        Sign(i.id, i.level, i.wording, i.domain, i.theme, i.strength)
        for i in sorted(recognised.values(), key=lambda i: -i.level)
        if i.id not in scenario.expected_ids and not i.strength
    )
    route = read_route(next_step)
    hits = spot(scenario, Answer(level, reasons, next_step, named, route))
    return Marked(scenario, level, seen, touched, missed, also, hits, route)


def _level_name(scenario: Scenario, level: int) -> str:
    return f"Level {level} ({scenario.levels.get(level, '')})".replace(" ()", "")


def _signs(scenario: Scenario, ids: tuple[str, ...]) -> str:
    return "; ".join(label(s.wording) for s in scenario.expected if s.id in ids)


def _verdict(marked: Marked) -> str:
    scenario, given, expected = marked.scenario, marked.level, marked.scenario.expected_level
    carry = "; ".join(label(s.wording) for s in scenario.expected if s.level == expected)
    why = f"What carries {_level_name(scenario, expected)} here: {carry}."
    if marked.exact:
        return f"You chose {_level_name(scenario, given)}: that is the level this case calls for. {why}"
    gap = abs(given - expected)
    size = "one level" if gap == 1 else f"{gap} levels"
    kind = ("a serious " if gap > 1 else "an ") + ("under-call" if given < expected else "over-call")
    text = f"You chose Level {given}; this case calls for {_level_name(scenario, expected)}, {size} away: {kind}. {why}"
    if given > expected:
        above = [s for s in marked.also if s.level > expected]
        text += (
            f' You gave weight to "{label(above[0].wording).lower()}" (a Level {above[0].level} sign): look again '
            "at whether the case shows that now."
            if above
            else f" Nothing in the case is a Level {given} sign."
        )
    return text


def _gaps(marked: Marked) -> str:
    scenario, lines = marked.scenario, []
    if marked.seen:
        lines.append(f"What you saw: {_signs(scenario, marked.seen)}.")
    if marked.touched:
        lines.append(f"What you touched on without naming it plainly: {_signs(scenario, marked.touched)}.")
    if marked.missed:
        missed = "; ".join(f"{label(s.wording)} (Level {s.level})" for s in scenario.expected if s.id in marked.missed)
        lines.append(f"What you missed: {missed}.")
    if not marked.seen:
        lines.append("Your reasons don't yet name the signs that carry the level: say what you saw, and what it means.")
    return "\n".join(lines)


def _traps(marked: Marked) -> str:
    return "\n".join(
        f"A trap in this case: {h.pitfall.label}. {h.pitfall.meaning} {h.why}".replace("  ", " ")
        for h in marked.hits
        if h.pitfall.key not in _CALLS
    )


def _route(marked: Marked) -> str:
    scenario, given = marked.scenario, marked.route
    expected = scenario.route
    if given is None:
        return f"I couldn't tell which route your next step takes. Expected: {expected.label}. {scenario.next_steps}"
    if given == expected.key:
        return f"Your next step matches the expected route: {expected.label}. {scenario.next_steps}"
    reach = ROUTE_REACH[given] - ROUTE_REACH[expected.key]
    how = "goes further than" if reach > 0 else "falls short of" if reach < 0 else "differs from"
    said = scenario.route_term(given).label
    return f"Your next step ({said}) {how} the expected route: {expected.label}. {scenario.next_steps}"


def _question(marked: Marked) -> str:
    traps = [h for h in marked.hits if h.pitfall.key not in _CALLS and h.pitfall.question]
    calls = [h for h in marked.hits if h.pitfall.key in _CALLS and h.pitfall.question]
    if traps or calls:
        return (traps or calls)[0].pitfall.question
    if marked.missed:
        first = next(s for s in marked.scenario.expected if s.id in marked.missed)
        return f'What made "{label(first.wording).lower()}" easy to pass over in this account?'
    return "If you had to explain this level to the family in plain words, what would you say?"


def feedback(marked: Marked) -> Reply:
    """The feedback on a marked answer, one message per part, ending with a question and what to do next."""
    scenario = marked.scenario
    reviewed = f"Fictional scenario, last reviewed {scenario.last_reviewed:%d %B %Y}."
    model = Reply(
        f"How an experienced practitioner might reason it: {scenario.model_answer}\n"
        + cite(list(scenario.sources), reviewed),
        remember={"sources_all": list(scenario.sources)},
    )
    parts = [Reply(_gaps(marked)), Reply(_traps(marked)), Reply(_route(marked)), model]
    question = Reply(f"To reflect on: {_question(marked)}", words.AFTER_FEEDBACK)
    return Reply(_verdict(marked)).followed_by(*(p for p in parts if p.text), question)


def answer(engine: ThresholdEngine, scenario: Scenario, attempt: Attempt) -> tuple[Marked | None, Reply]:
    """Mark an attempt and give feedback, or say what is missing from it (nothing is marked then)."""
    level = read_level(attempt.level_text)
    problem = words.level_problem(level) or words.reasons_problem(attempt.reasons)
    if problem is not None or level.level is None:
        return None, problem or Reply()
    marked = mark(engine, scenario, level.level, attempt.reasons, attempt.next_step)
    return marked, feedback(marked)


def _clues(scenario: Scenario) -> list[str]:
    concerns = [s for s in scenario.expected if not s.strength] or list(scenario.expected)
    domains = " and ".join(dict.fromkeys(s.domain.lower() for s in concerns))
    themes = " and ".join(dict.fromkeys(s.theme.lower() for s in concerns))
    traps = [p for p in scenario.pitfalls if p.key not in _CALLS]
    trap = (
        f"Watch for {traps[0].label.lower()}: {traps[0].meaning[:1].lower()}{traps[0].meaning[1:]}"
        if traps
        else "Ask yourself what would happen to the child if nothing changed, and what the family need."
    )
    carrying = next(s for s in scenario.expected if s.level == scenario.expected_level)
    return [
        f"Look across the assessment triangle: what matters most here sits in {domains}.",
        f"Think about {themes}.",
        trap,
        f'One sign carries the level. The threshold document puts it like this: "{carrying.wording}".',
    ]


def hint(scenario: Scenario, number: int) -> Reply:
    """The hint with this number (from 1), one clue at a time, then an offer to show the answer."""
    clues = _clues(scenario)
    if number > len(clues):
        return Reply(
            "That's every hint for this case. Give your level and reasons when you're ready, or ask to see the answer.",
            (words.REVEAL_CHOICE,),
        )
    shown = max(1, number)
    more = (words.hint_choice(shown + 1),) if shown < len(clues) else ()
    return Reply(f"Hint {shown} of {len(clues)}: {clues[shown - 1]}", (*more, words.REVEAL_CHOICE),
                 {"practice_hints": shown})  # fmt: skip


def reveal(scenario: Scenario) -> Reply:
    """The expected level, route and model answer, for a worker who would rather see it than guess."""
    level = _level_name(scenario, scenario.expected_level)
    signs = "; ".join(f"{label(s.wording)} (Level {s.level})" for s in scenario.expected)
    reviewed = f"Fictional scenario, last reviewed {scenario.last_reviewed:%d %B %Y}."
    text = (
        f"This case calls for {level}. The signs that carry it: {signs}.\n"
        f"Route: {scenario.route.label}. {scenario.next_steps}\n"
        f"How an experienced practitioner might reason it: {scenario.model_answer}\n"
        + cite(list(scenario.sources), reviewed)
    )
    return Reply(text, words.AFTER_FEEDBACK, {"sources_all": list(scenario.sources)})
