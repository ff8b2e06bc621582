"""A worker's practice progress, summarised from their attempts, and in words for them and their supervisor.

Agreement is measured on first tries only: a second answer after seeing the model answer says little.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.induction.data import ScenarioBank


@dataclass(frozen=True)
class Tried:
    """One stored attempt, as progress needs it."""

    scenario_id: str
    theme: str
    at: dt.datetime
    level_given: int
    expected_level: int
    exact: bool
    within_one: bool
    first_try: bool
    pitfalls: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Month:
    """Agreement in one calendar month (UTC), on that month's first tries."""

    month: str
    attempts: int
    first_tries: int
    exact: int
    within_one: int


@dataclass(frozen=True)
class Progress:
    """What a worker has practised and how their levels compare with the expected ones."""

    staff_id: str
    name: str
    role: str
    attempts: int = 0
    scenarios_done: int = 0
    first_tries: int = 0
    exact: int = 0
    within_one: int = 0
    under_calls: int = 0
    over_calls: int = 0
    themes: Mapping[str, int] = field(default_factory=dict)  # scenarios done per theme
    themes_left: tuple[str, ...] = ()  # themes of the bank not yet practised
    pitfalls: Mapping[str, int] = field(default_factory=dict)  # every attempt, retries too
    missed: Mapping[str, int] = field(default_factory=dict)  # indicator ids missed on first tries
    months: tuple[Month, ...] = ()
    last_at: dt.datetime | None = None

    def share(self, count: int) -> int:
        """A count of first tries as a whole percentage (0 when there are none)."""
        return round(100 * count / self.first_tries) if self.first_tries else 0

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for --json."""
        found = asdict(self)
        found["last_at"] = self.last_at.isoformat() if self.last_at else None
        found["exact_percent"], found["within_one_percent"] = self.share(self.exact), self.share(self.within_one)
        return found


def summarise(
    staff_id: str, name: str, role: str, tried: Sequence[Tried], bank: ScenarioBank | None = None
) -> Progress:
    """A worker's progress from their attempts (oldest first), with the bank's themes not yet practised."""
    first = [t for t in tried if t.first_try]
    done: dict[str, str] = {t.scenario_id: t.theme for t in tried}
    themes = Counter(done.values())
    months: dict[str, list[Tried]] = {}
    for attempt in tried:
        months.setdefault(f"{attempt.at:%Y-%m}", []).append(attempt)
    return Progress(
        staff_id,
        name,
        role,
        attempts=len(tried),
        scenarios_done=len(done),
        first_tries=len(first),
        exact=sum(t.exact for t in first),
        within_one=sum(t.within_one for t in first),
        under_calls=sum(t.level_given < t.expected_level for t in first),
        over_calls=sum(t.level_given > t.expected_level for t in first),
        themes=dict(sorted(themes.items())),
        themes_left=tuple(k for k in (bank.themes if bank else {}) if k not in themes),
        pitfalls=dict(Counter(p for t in tried for p in t.pitfalls).most_common()),
        missed=dict(Counter(m for t in first for m in t.missed).most_common()),
        months=tuple(_month(key, items) for key, items in sorted(months.items())),
        last_at=tried[-1].at if tried else None,
    )


def _month(key: str, items: list[Tried]) -> Month:
    first = [t for t in items if t.first_try]
    return Month(key, len(items), len(first), sum(t.exact for t in first), sum(t.within_one for t in first))


def _names(keys: Mapping[str, int], labels: Mapping[str, str], top: int = 4) -> str:
    return ", ".join(f"{labels.get(k, k.replace('_', ' '))} ({n})" for k, n in list(keys.items())[:top])


def progress_text(progress: Progress, bank: ScenarioBank | None = None, own: bool = True) -> str:
    """A worker's progress in a few lines (`own`: written to the worker, else about them)."""
    who = "You have" if own else f"{progress.name or progress.staff_id} has"
    if not progress.attempts:
        return f"{who} not tried any practice scenarios yet."
    themes = dict(bank.themes) if bank else {}
    pitfalls = {k: t.label for k, t in bank.pitfalls.items()} if bank else {}
    lines = [
        f"{who} tried {progress.scenarios_done} scenario(s) ({progress.attempts} answer(s) in all).",
        f"First tries: {progress.share(progress.exact)}% at the expected level, {progress.share(progress.within_one)}% "
        f"within one level ({progress.under_calls} under-call(s), {progress.over_calls} over-call(s)).",
        f"Themes practised: {_names(progress.themes, themes, top=20)}.",
    ]
    if progress.themes_left:
        lines.append("Not yet practised: " + ", ".join(themes.get(k, k) for k in progress.themes_left) + ".")
    if progress.pitfalls:
        lines.append(f"Pitfalls met most often: {_names(progress.pitfalls, pitfalls)}.")
    if len(progress.months) > 1:
        trend = "; ".join(f"{m.month}: {m.exact}/{m.first_tries} exact" for m in progress.months[-6:])
        lines.append(f"Over time: {trend}.")
    return "\n".join(lines)


def team_text(people: Sequence[Progress]) -> str:
    """A supervisor's view: one line per newly qualified worker."""
    if not people:
        return "None of the newly qualified social workers you supervise is in the directory yet."
    lines = ["Practice progress of the newly qualified social workers you supervise:"]
    for p in people:
        if not p.attempts:
            lines.append(f"- {p.name or p.staff_id}: no practice yet")
            continue
        lines.append(
            f"- {p.name or p.staff_id}: {p.scenarios_done} scenario(s), {p.share(p.exact)}% exact, "
            f"{p.share(p.within_one)}% within one, {p.under_calls} under-call(s), last {p.last_at:%d %b %Y}"
        )
    return "\n".join(lines)
