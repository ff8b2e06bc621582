"""Spotting the pitfalls an answer fell into: from the levels, and from the worker's own words.

Over- and under-calls and the rule of optimism can show in any answer; the others are named only
when the scenario sets that trap (its `pitfalls`), because their words ("partner", "consent") mean
something only in a case where they matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.induction.data import ROUTE_REACH, Scenario, Term

_ENGAGED = re.compile(
    r"\b(?:engag\w*|co-?operat\w*|willing|keen|lov(?:e|es|ed|ing)|warm(?:th)?|caring|devoted|friendly|polite|"
    r"apologi\w*|sorry|promis\w*|reassur\w*|(?:doing|trying) (?:their|her|his) best|accept\w* (?:help|support)|"
    r"wants? (?:help|support)|asked for help|good (?:mum|dad|parents?|father|mother|relationship)|open with|"
    r"better now|improv\w*|agreed to)\b",
    re.I,
)
_HISTORY = re.compile(
    r"\b(?:histor\w*|previous\w*|before|again|past|earlier|pattern|repeat\w*|re-?referr\w*|last (?:year|time|month)|"
    r"already|chronolog\w*|months|years|records?|file|second time|third|had early help|earlier plan|proceedings)\b",
    re.I,
)
_FRESH = re.compile(
    r"\b(?:fresh (?:start|eyes)|clean slate|new start|give (?:them|her|him) a (?:chance|go)|"
    r"benefit of the doubt|one-? ?off|put (?:it|that) behind)\b",
    re.I,
)
_COMPLIANCE = re.compile(
    r"\b(?:disguised|complian\w*|superficial|selective\w*|surface|tid(?:y|ied|ies) (?:up )?(?:before|for)|"
    r"clean(?:s|ed)? (?:up )?(?:before|for)|cancel\w*|refus\w* (?:access|entry)|unannounced|right things|"
    r"going through the motions|(?:not|never) (?:seen|changed)|unseen|no (?:real )?change)\b",
    re.I,
)
_CONSENT = re.compile(
    r"\b(?:consent\w*|permission|agreement|refus\w*|declin\w*|won'?t let|wishes|without (?:telling|asking)|"
    r"can'?t share|cannot share|confidential\w*)\b",
    re.I,
)
_MEN = re.compile(
    r"\b(?:father|dad|daddy|step-?dad|step-?father|partner|boyfriend|husband|uncle|man|men|male|paternal|"
    r"his dad|the dad)\b",
    re.I,
)
_BLAME = re.compile(
    r"\b(?:choices?|chose|chosen|choos\w*|lifestyle|consent(?:s|ed|ing)? to|willing\w*|in love|streetwise|"
    r"troublemaker|offend\w*|criminal(?! exploit)|putting (?:him|her)self at risk|old enough|"
    r"knows? what (?:he|she)(?:'s| is) doing|"
    r"bad influence|out of control|naughty|asking for it|wants? to be there)\b",
    re.I,
)
_CHALLENGE = re.compile(
    r"\b(?:escalat\w*|disagree\w*|challeng\w*|resolution|manager|senior|question\w*|push back|re-?refer\w*|"
    r"dispute|professional conflict|not accept\w*|ask (?:them|the mash) to (?:look again|reconsider)|reconsider)\b",
    re.I,
)


@dataclass(frozen=True)
class Answer:
    """What feedback reasons with: the level given, the worker's words and what they named."""

    level: int
    reasons: str
    next_step: str
    named: Collection[str]  # indicator ids recognised (or named by label) in the reasons
    route: str | None

    @property
    def words(self) -> str:
        """Reasons and next step together."""
        return f"{self.reasons}\n{self.next_step}"


@dataclass(frozen=True)
class Hit:
    """A pitfall this answer shows, and why it applies here."""

    pitfall: Term
    why: str


# A clause that negates its words ("stopped engaging", "not a boy making choices") does not hold them; one
# that reports or frames them ("mum says he chose this", "frame him as an offender") does not either, except
# for engagement, where taking the parents' word for it is the very trap.
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|stopped|refus\w* to|won'?t|n't|without|rather than|instead of|does not mean|"
    r"even though|although|but)\b",
    re.I,
)
_REPORTED = re.compile(r"\b(?:says?|said|saying|claims?|thinks?|believes?|views?|frames?|framing|as if)\b", re.I)
_CLAUSE = re.compile(r"[^.;:,!?\n]+")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


def _quote(pattern: re.Pattern[str], text: str, skip: tuple[re.Pattern[str], ...] = (_NEGATION,)) -> str:
    """The worker's own words that match (at most three), leaving out quoted words and clauses that `skip` finds."""
    found = [
        m.group(0).lower()
        for clause in _CLAUSE.findall(_QUOTED.sub(" ", text))
        if not any(s.search(clause) for s in skip)
        for m in pattern.finditer(clause)
    ]
    return ", ".join(f'"{w}"' for w in list(dict.fromkeys(found))[:3])


def _lower_route(scenario: Scenario, answer: Answer) -> bool:
    given = ROUTE_REACH.get(answer.route or "", 0)
    return answer.route is not None and given < ROUTE_REACH[scenario.route.key]


def _higher_route(scenario: Scenario, answer: Answer) -> bool:
    return ROUTE_REACH.get(answer.route or "", 0) > ROUTE_REACH[scenario.route.key]


def _under(scenario: Scenario, answer: Answer) -> str | None:
    if answer.level >= scenario.expected_level:
        return None
    return f"You chose Level {answer.level}, and the facts carry Level {scenario.expected_level}."


def _over(scenario: Scenario, answer: Answer) -> str | None:
    if answer.level <= scenario.expected_level:
        return None
    return f"You chose Level {answer.level}; nothing in this case goes beyond Level {scenario.expected_level}."


def _optimism(scenario: Scenario, answer: Answer) -> str | None:
    words = _quote(_ENGAGED, answer.words)
    if answer.level >= scenario.expected_level or not words:
        return None
    return f"You wrote about the parents' engagement ({words}) and chose a lower level than the facts carry."


def _start_again(scenario: Scenario, answer: Answer) -> str | None:
    fresh = _quote(_FRESH, answer.words, (_NEGATION, _REPORTED))
    if fresh:
        return f"You wrote {fresh}: this family's history is part of the evidence, not something to set aside."
    if answer.level < scenario.expected_level and not _HISTORY.search(answer.words):
        return "Your answer reads the case as new: it says nothing about what has happened before."
    return None


def _compliance(scenario: Scenario, answer: Answer) -> str | None:
    named = "l4_disguised_compliance" in answer.named or _COMPLIANCE.search(answer.words)
    engaged = _quote(_ENGAGED, answer.words)
    if named or not (engaged or answer.level < scenario.expected_level):
        return None
    seen = f" You wrote {engaged}." if engaged else ""
    return (
        f"The case shows co-operation on the surface while the worries go on; your answer takes it at face value.{seen}"
    )


def _consent(scenario: Scenario, answer: Answer) -> str | None:
    words = _quote(_CONSENT, answer.words, ())  # "she doesn't consent" is the misreading itself
    lower = answer.level < scenario.expected_level or _lower_route(scenario, answer)
    higher = answer.level > scenario.expected_level or _higher_route(scenario, answer)
    if words and lower:
        return f"You wrote {words}: at this level consent shapes how you act, and it does not stop you acting."
    if scenario.expected_level <= 2 and higher:
        return "At this level help works with the family's agreement: going further without it is not yours to decide."
    return None


def _father(scenario: Scenario, answer: Answer) -> str | None:
    if _MEN.search(answer.words):
        return None
    return "Your answer does not mention the father, stepfather or partner in this case."


def _blamed(scenario: Scenario, answer: Answer) -> str | None:
    words = _quote(_BLAME, answer.words, (_NEGATION, _REPORTED))
    return (
        f"You wrote {words}: that puts the weight on the child rather than on what is being done to them."
        if words
        else None
    )


def _unchallenged(scenario: Scenario, answer: Answer) -> str | None:
    if _CHALLENGE.search(answer.words):
        return None
    return "Your answer accepts the other agency's decision without saying how you would challenge it."


_ANY: dict[str, Callable[[Scenario, Answer], str | None]] = {
    "under_call": _under,
    "over_call": _over,
    "rule_of_optimism": _optimism,
}
_LISTED: dict[str, Callable[[Scenario, Answer], str | None]] = {
    "start_again_syndrome": _start_again,
    "disguised_compliance": _compliance,
    "consent_misread": _consent,
    "missed_father_or_partner": _father,
    "child_blamed": _blamed,
    "unchallenged_decision": _unchallenged,
}


def spot(scenario: Scenario, answer: Answer) -> tuple[Hit, ...]:
    """Every pitfall the answer shows: over- and under-calls first, then the scenario's own traps."""
    listed = {p.key for p in scenario.pitfalls}
    checks = [*_ANY.items(), *((k, f) for k, f in _LISTED.items() if k in listed)]
    return tuple(Hit(scenario.pitfall(key), why) for key, check in checks if (why := check(scenario, answer)))
