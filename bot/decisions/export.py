"""A printable supervision pack: one member of staff's decisions and reviews over a period."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.decisions.log import OUTCOMES
from bot.storage.models import DecisionRow, ReviewRow, StaffRow

COLUMNS = (
    "id",
    "date",
    "kind",
    "case_ref",
    "recommended",
    "chosen",
    "rationale",
    "next_step",
    "status",
    "review_comments",
)


@dataclass(frozen=True)
class Line:
    """One decision in the pack."""

    values: tuple[str, ...]


def lines(session: Session, staff_id: str, start: dt.date, end: dt.date) -> list[Line]:
    """The staff member's decisions from start to end (inclusive), oldest first, with their reviews."""
    since = dt.datetime.combine(start, dt.time.min, tzinfo=dt.timezone.utc)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.timezone.utc)
    rows = session.execute(
        select(DecisionRow)
        .where(DecisionRow.author_id == staff_id, DecisionRow.created_at >= since, DecisionRow.created_at < until)
        .order_by(DecisionRow.created_at, DecisionRow.id)
    ).scalars()
    out = []
    for row in rows:
        reviews = (
            session.execute(select(ReviewRow).where(ReviewRow.decision_id == row.id).order_by(ReviewRow.id))
            .scalars()
            .all()
        )
        status = OUTCOMES.get(reviews[-1].outcome, reviews[-1].outcome) if reviews else "awaiting review"
        comments = " | ".join(f"{r.reviewer_id}: {r.outcome}: {r.comment}" for r in reviews)
        out.append(
            Line(
                (
                    str(row.id),
                    f"{row.created_at:%Y-%m-%d %H:%M}",
                    row.kind,
                    row.case_ref,
                    str(row.recommended_level or ""),
                    str(row.chosen_level or ""),
                    row.rationale,
                    row.next_step,
                    status,
                    comments,
                )
            )
        )
    return out


def to_csv(items: list[Line]) -> str:
    """The pack as CSV (spreadsheet formulas neutralised, so a cell can never run as one)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(["'" + v if v[:1] in {"=", "+", "-", "@"} else v for v in item.values])
    return buffer.getvalue()


def to_html(items: list[Line], who: str, start: dt.date, end: dt.date) -> str:
    """The pack as a printable HTML page."""
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in item.values) + "</tr>" for item in items)
    title = f"Supervision pack: {html.escape(who)}, {start:%d %b %Y} to {end:%d %b %Y}"
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
        "padding:4px;vertical-align:top}@media print{a{display:none}}</style></head>"
        f"<body><h1>{title}</h1><p>{len(items)} decision(s). Free text was redacted before it was stored.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def staff_name(session: Session, staff_id: str) -> str | None:
    """The name of a member of staff, or None if unknown."""
    row = session.get(StaffRow, staff_id)
    return row.name if row else None
