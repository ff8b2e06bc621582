"""Measuring the engine on a set of described cases: exact level, confusion, under-calls and danger.

The held-out set is never trained or tuned on; the development set is for tuning. Both are read
from YAML: `descriptions: [{id, text, level, emergency, kind, age_months?}]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.threshold.age import Age
from bot.threshold.engine import ThresholdEngine

LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Case:
    """One described case and what an experienced practitioner would decide."""

    id: str
    text: str
    level: int
    emergency: bool
    kind: str = ""
    age_months: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What the engine said about one case."""

    case: Case
    level: int | None
    emergency: bool


@dataclass
class Report:
    """The figures for a set."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def exact(self) -> float:
        """Share of cases given exactly the expected level."""
        return sum(o.level == o.case.level for o in self.outcomes) / max(1, len(self.outcomes))

    def confusion(self) -> dict[int, dict[str, int]]:
        """Expected level -> predicted level (or 'none') -> count."""
        table = {lv: {str(p): 0 for p in (*LEVELS, "none")} for lv in LEVELS}
        for o in self.outcomes:
            table[o.case.level][str(o.level) if o.level else "none"] += 1
        return table

    def under_calls(self) -> list[Outcome]:
        """Cases given a lower level than expected, or none at all."""
        return [o for o in self.outcomes if o.level is None or o.level < o.case.level]

    def serious_misses(self) -> list[Outcome]:
        """Level 4 cases unlevelled or two or more levels low (the acceptance bar allows none)."""
        return [o for o in self.outcomes if o.case.level == 4 and (o.level is None or o.level <= 2)]

    def danger_recall(self) -> float:
        """Share of immediate-danger cases the engine flagged as an emergency."""
        danger = [o for o in self.outcomes if o.case.emergency]
        return sum(o.emergency for o in danger) / max(1, len(danger))

    def danger_precision(self) -> float:
        """Flagged danger cases that are real, counting false alarms on the near-miss cases."""
        hits = sum(o.emergency for o in self.outcomes if o.case.emergency)
        false = sum(o.emergency for o in self.outcomes if not o.case.emergency and o.case.kind == "near_miss")
        return hits / max(1, hits + false)

    def false_alarms(self) -> list[Outcome]:
        """Cases flagged as an emergency that are not one."""
        return [o for o in self.outcomes if o.emergency and not o.case.emergency]

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data (for --json)."""
        line = lambda o: {"id": o.case.id, "expected": o.case.level, "got": o.level}  # noqa: E731
        return {
            "cases": len(self.outcomes),
            "exact_level": round(self.exact, 3),
            "confusion": self.confusion(),
            "under_calls": [line(o) for o in self.under_calls()],
            "serious_misses": [line(o) for o in self.serious_misses()],
            "danger_recall": round(self.danger_recall(), 3),
            "danger_precision_near_miss": round(self.danger_precision(), 3),
            "false_alarms": [o.case.id for o in self.false_alarms()],
            "missed_danger": [o.case.id for o in self.outcomes if o.case.emergency and not o.emergency],
        }

    def as_text(self) -> str:
        """The figures for people."""
        data = self.as_dict()
        rows = ["expected / got   1    2    3    4  none"]
        for level, got in data["confusion"].items():
            rows.append(f"Level {level}      " + " ".join(f"{got[k]:>4}" for k in ("1", "2", "3", "4", "none")))
        return "\n".join(
            [
                f"{data['cases']} cases: exact level {data['exact_level']:.1%}",
                *rows,
                f"under-calls: {len(data['under_calls'])}; Level 4 unlevelled or 2+ low: {len(data['serious_misses'])}",
                f"danger recall {data['danger_recall']:.1%}; precision (with near-miss false alarms) "
                f"{data['danger_precision_near_miss']:.1%}; missed: {', '.join(data['missed_danger']) or '-'}; "
                f"false alarms: {', '.join(data['false_alarms']) or '-'}",
            ]
        )


def read_cases(data: Any) -> list[Case]:
    """The cases in a loaded YAML file; ValueError names the first bad one."""
    items = (data.get("descriptions") or data.get("vignettes")) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError("the file must hold a 'descriptions' (or 'vignettes') list")
    cases = []
    for index, item in enumerate(items):
        try:
            cases.append(
                Case(
                    str(item["id"]),
                    str(item["text"]),
                    int(item["level"]),
                    bool(item["emergency"]),
                    str(item.get("kind", "")),
                    int(item["age_months"]) if item.get("age_months") is not None else None,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"descriptions.{index}: needs id, text, level (1-4) and emergency ({exc})") from exc
        if cases[-1].level not in LEVELS:
            raise ValueError(f"descriptions.{index}.level: {cases[-1].level} is not 1-4")
    return cases


def evaluate(engine: ThresholdEngine, cases: Iterable[Case], when: dt.datetime) -> Report:
    """Run the engine on every case (text alone, with the age when the set gives one)."""
    report = Report()
    for case in cases:
        age = Age(case.age_months) if case.age_months is not None else None
        result = engine.assess(case.text, when, age=age)
        report.outcomes.append(Outcome(case, result.level, result.emergency))
    return report
