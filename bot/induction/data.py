"""Practice scenarios as council data: the frozen models, and the fixed vocabularies feedback reasons with.

They are read and checked by bot/induction/bank.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The routes a next step can take, and the levels each fits. The feedback engine reasons with these
# keys, so they are fixed here; the council words them in scenarios/about.yml.
ROUTES: dict[str, tuple[int, ...]] = {
    "universal": (1,),
    "early_help": (2,),
    "step_down": (1, 2),
    "cin_assessment": (3, 4),
    "strategy_discussion": (4,),
    "designated_officer": (3, 4),
}
# The traps a scenario sets; feedback names one only when the answer shows it (bot/induction/pitfalls.py).
PITFALLS = (
    "rule_of_optimism",
    "start_again_syndrome",
    "disguised_compliance",
    "consent_misread",
    "missed_father_or_partner",
    "child_blamed",
    "unchallenged_decision",
    "over_call",
    "under_call",
)
# How far apart the routes are, for "your next step goes further (or less far) than expected".
ROUTE_REACH = {
    "universal": 1, "step_down": 2, "early_help": 2, "cin_assessment": 3, "strategy_discussion": 4,
    "designated_officer": 4,
}  # fmt: skip
LEVEL_NAMES = {1: "universal", 2: "early help", 3: "targeted", 4: "specialist"}


@dataclass(frozen=True)
class Term:
    """A word of the bank's vocabulary (a route or a pitfall): its label, what it means, what to ask."""

    key: str
    label: str
    meaning: str
    question: str = ""


@dataclass(frozen=True)
class Sign:
    """An indicator a scenario expects, as thresholds.yml describes it."""

    id: str
    level: int
    wording: str
    domain: str
    theme: str
    strength: bool = False


@dataclass(frozen=True)
class Stage:
    """One part of a scenario as it unfolds: the referral, then new information."""

    label: str
    text: str


@dataclass(frozen=True)
class Scenario:
    """A fictional case to practise on, with the answer an experienced practitioner would give."""

    id: str
    title: str
    theme: str
    theme_label: str
    stages: tuple[Stage, ...]
    expected_level: int
    expected: tuple[Sign, ...]
    next_steps: str
    route: Term
    pitfalls: tuple[Term, ...]
    model_answer: str
    sources: tuple[str, ...]
    last_reviewed: dt.date
    file: str = ""
    # The names of the four levels in thresholds.yml, for feedback that compares levels.
    levels: Mapping[int, str] = field(default_factory=lambda: dict(LEVEL_NAMES))
    # Every pitfall's and route's words, for feedback on any answer (an under-call, a route not expected).
    words: Mapping[str, Term] = field(default_factory=dict)
    route_words: Mapping[str, Term] = field(default_factory=dict)

    def pitfall(self, key: str) -> Term:
        """The words of a pitfall: the council's, or plain ones when about.yml has none."""
        return self.words.get(key) or Term(key, key.replace("_", " ").capitalize(), "")

    def route_term(self, key: str) -> Term:
        """The words of a route: the council's, or plain ones when about.yml has none."""
        return self.route_words.get(key) or Term(key, key.replace("_", " ").capitalize(), "")

    @property
    def expected_ids(self) -> tuple[str, ...]:
        """The ids of the indicators that carry the expected level."""
        return tuple(s.id for s in self.expected)

    @property
    def text(self) -> str:
        """Every stage's text, in order."""
        return "\n\n".join(s.text for s in self.stages)

    def sign(self, indicator_id: str) -> Sign | None:
        """The expected indicator with this id, or None."""
        return next((s for s in self.expected if s.id == indicator_id), None)


@dataclass(frozen=True)
class ScenarioBank:
    """Every scenario of a council, with the words of its vocabulary."""

    scenarios: tuple[Scenario, ...] = ()
    routes: Mapping[str, Term] = field(default_factory=dict)
    pitfalls: Mapping[str, Term] = field(default_factory=dict)
    themes: Mapping[str, str] = field(default_factory=dict)

    def get(self, scenario_id: str) -> Scenario | None:
        """The scenario with this id, or None."""
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def count_by(self, key: str) -> dict[Any, int]:
        """How many scenarios share each value of a field ("expected_level", "theme"), in order."""
        counts: dict[Any, int] = {}
        for scenario in sorted(self.scenarios, key=lambda s: getattr(s, key)):
            counts[getattr(scenario, key)] = counts.get(getattr(scenario, key), 0) + 1
        return counts
