"""`python -m bot content report`: every fact-bearing item of the council data, for its content owner.

Each item carries its source, when it was last reviewed, when it was verified (contacts), whether it
is an example or unverified, and when it is due for review; overdue items and those due in the next
30 days come first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass

from bot.council.models import unchecked
from bot.loading import STALE_AFTER, Council

DUE_SOON = dt.timedelta(days=30)
ORDER = {"overdue": 0, "due soon": 1, "never verified": 2, "ok": 3}


@dataclass(frozen=True)
class Item:
    """One fact-bearing item and its review position."""

    kind: str
    id: str
    title: str
    source: str
    last_reviewed: str | None
    verified_on: str | None
    review_due: str | None
    example: bool
    unverified: bool
    status: str


def _status(due: dt.date | None, today: dt.date, needs_check: bool) -> str:
    if due is not None and due < today:
        return "overdue"
    if due is not None and due - today <= DUE_SOON:
        return "due soon"
    return "never verified" if needs_check else "ok"


def _item(  # noqa: PLR0917 (one line per field of the report)
    kind: str, key: str, title: str, source: str, reviewed: dt.date | None, today: dt.date, **extra: object
) -> Item:
    example = bool(extra.get("example", False))
    verified = extra.get("verified_on")
    due = extra.get("review_due") or (reviewed + STALE_AFTER if reviewed else None)
    unverified = unchecked(source, example)
    return Item(
        kind,
        key,
        title,
        source,
        reviewed.isoformat() if reviewed else None,
        verified.isoformat() if isinstance(verified, dt.date) else None,
        due.isoformat() if isinstance(due, dt.date) else None,
        example,
        unverified,
        _status(due if isinstance(due, dt.date) else None, today, kind == "contact" and verified is None),
    )


def items(council: Council, today: dt.date) -> list[Item]:
    """Every fact-bearing item, overdue and due-soon ones first."""
    profile, found = council.profile, []
    for c in profile.contacts:
        due = c.verified_on + STALE_AFTER if c.verified_on else None
        found.append(
            _item(
                "contact",
                c.id,
                c.name,
                c.source,
                None,
                today,
                verified_on=c.verified_on,
                review_due=due,
                example=c.example,
            )
        )
    hours = profile.office_hours
    found.append(
        _item(
            "hours",
            "office_hours",
            "Office hours of the front door",
            profile.source,
            profile.last_reviewed,
            today,
            example=hours.example,
        )
    )
    found += [
        _item("timescale", e.id, e.title, e.source, council.timescales.last_reviewed, today, example=e.example)
        for e in council.timescales.events
    ]
    for s in council.escalation.situations:
        found.append(
            _item("escalation", s.id, s.title, s.source, council.escalation.last_reviewed, today, example=s.example)
        )
        found += [
            _item(
                "escalation stage",
                f"{s.id}.{st.stage}",
                f"{s.title}: stage {st.stage}",
                s.source,
                council.escalation.last_reviewed,
                today,
                example=st.example,
            )
            for st in s.stages
        ]
    data = council.thresholds
    for theme, count in sorted(Counter(i.theme for i in data.indicators).items()):
        title = f"{data.themes.get(theme, theme)} ({count} indicators)"
        found.append(_item("indicators", theme, title, data.source, data.last_reviewed, today))
    procedures = {s.procedure.id: s.procedure for s in council.procedures}
    found += [
        _item("procedure", p.id, p.title, "; ".join(p.sources), p.last_reviewed, today, review_due=p.review_due)
        for p in procedures.values()
    ]
    glossary = council.glossary
    found += [
        _item("glossary", t.term, t.full or t.term, t.source, glossary.last_reviewed, today) for t in glossary.terms
    ]
    # Practice scenarios carry practice content too (their model answers), so they are reviewed like it.
    found += [
        _item("scenario", sc.id, sc.title, "; ".join(sc.sources), sc.last_reviewed, today)
        for sc in council.scenarios.scenarios
    ]
    return sorted(found, key=lambda i: (ORDER[i.status], i.review_due or "9999", i.kind, i.id))


def as_dicts(found: list[Item]) -> list[dict[str, object]]:
    """The items as plain data (for --json)."""
    return [asdict(i) for i in found]


def as_text(found: list[Item], today: dt.date) -> str:
    """The report for people: a count line, then one line per item, most urgent first."""
    counts = Counter(i.status for i in found)
    head = (
        f"Content report for {today:%d %B %Y}: {len(found)} items; {counts['overdue']} overdue, "
        f"{counts['due soon']} due in the next 30 days, {counts['never verified']} contacts never verified, "
        f"{sum(i.example for i in found)} examples, {sum(i.unverified for i in found)} unverified."
    )
    lines = [head]
    for i in found:
        flags = ", ".join(f for f, on in (("example", i.example), ("unverified", i.unverified)) if on)
        lines.append(
            f"- [{i.status}] {i.kind} {i.id}: {i.title} | reviewed {i.last_reviewed or '-'} | verified "
            f"{i.verified_on or '-'} | due {i.review_due or '-'}{f' | {flags}' if flags else ''} | source: {i.source}"
        )
    return "\n".join(lines)
