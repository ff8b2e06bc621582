"""Words and buttons for the decision-log conversation (pure functions over plain values)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.decisions.log import OUTCOMES, DecisionView, Draft, ReviewView
from bot.dialogue import Choice, Reply, payload
from bot.privacy import Redacted

DECISION_SLOTS = ("decision_kind", "case_ref", "rationale", "next_step", "decision_confirmed")
REVIEW_SLOTS = ("review_decision_id", "review_outcome", "review_comment")
NO_COMMENT = ("none", "no", "no comment", "nothing", "n/a", "-")


def _level(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def draft_from_slots(slots: Mapping[str, Any]) -> Draft:
    """The decision as the conversation holds it (threshold results come with their levels)."""
    threshold = slots.get("decision_kind") == "threshold"
    indicators = str(slots.get("threshold_summary") or "").partition("indicators=")[2]
    return Draft(
        kind=str(slots.get("decision_kind") or "other"),
        case_ref=str(slots.get("case_ref") or ""),
        rationale=str(slots.get("rationale") or ""),
        next_step=str(slots.get("next_step") or ""),
        recommended_level=_level(slots.get("recommended_level")) if threshold else None,
        chosen_level=_level(slots.get("chosen_level")) if threshold else None,
        indicators=tuple(i for i in indicators.split(", ") if i and i != "none") if threshold else (),
    )


def removal_note(redactions: list[Redacted]) -> str:
    """What was removed from the free text before saving, in one sentence, or ""."""
    kinds: dict[str, int] = {}
    for item in redactions:
        for removal in item.removals:
            kinds[removal.kind] = kinds.get(removal.kind, 0) + 1
    if not kinds:
        return ""
    parts = [f"{n} {k.replace('_', ' ')}{'s' if n > 1 else ''}" for k, n in kinds.items()]
    return f"To keep personal details out of the log I removed: {', '.join(parts)}."


def summary(draft: Draft, redactions: list[Redacted]) -> str:
    """The record as it will be saved, for the worker to confirm."""
    levels = ""
    if draft.recommended_level or draft.chosen_level:
        levels = f"\n- Level: recommended {draft.recommended_level or '-'}, your decision {draft.chosen_level or '-'}"
    note = removal_note(redactions)
    return (
        f"This is what I'll save ({draft.kind} decision):\n- Case: {draft.case_ref}{levels}\n"
        f"- Reasons: {draft.rationale}\n- Next step: {draft.next_step or '-'}"
        + (f"\n{note}" if note else "")
        + "\nSave it?"
    )


def saved_text(decision_id: int | None, queued: bool) -> str:
    """What the worker is told after saving."""
    if queued:
        return (
            "The decision log isn't answering right now, so I've kept your record safely on this server; "
            "it will be written as soon as the log is back, once only. You don't need to do anything."
        )
    return f"Saved as decision {decision_id}. Your supervisor will see it in their review queue."


def decision_line(item: DecisionView) -> str:
    """One decision in a list."""
    levels = f", level {item.chosen_level}" if item.chosen_level else ""
    return f"#{item.id} {item.created_at:%d %b %Y} case {item.case_ref} ({item.kind}{levels}): {item.status}"


def decision_detail(item: DecisionView) -> str:
    """One decision in full, for review."""
    levels = ""
    if item.recommended_level or item.chosen_level:
        levels = f"\nLevel: recommended {item.recommended_level or '-'}, chosen {item.chosen_level or '-'}"
    return (
        f"Decision #{item.id} by {item.author_id}, {item.created_at:%d %b %Y %H:%M}, case {item.case_ref} "
        f"({item.kind}){levels}\nReasons: {item.rationale}\nNext step: {item.next_step or '-'}\nStatus: {item.status}"
    )


def open_choices(items: list[DecisionView]) -> list[Choice]:
    """A button to open each decision in a queue."""
    return [Choice(f"Open #{d.id} (case {d.case_ref})", payload("open_decision", decision_id=str(d.id))) for d in items]


def review_choices(decision_id: int) -> list[Choice]:
    """The three review outcomes for a decision."""
    titles = {"agree": "Agree", "discuss": "Discuss in supervision", "challenge": "Challenge"}
    return [
        Choice(titles[o], payload("review_decision", decision_id=str(decision_id), review_outcome=o)) for o in OUTCOMES
    ]


def notice(reviews: list[ReviewView]) -> str:
    """What a practitioner is told about reviews of their decisions since they last talked."""
    if not reviews:
        return ""
    lines = [
        f"- #{r.decision_id}: {OUTCOMES[r.outcome]} by {r.reviewer_id}" + (f': "{r.comment}"' if r.comment else "")
        for r in reviews
    ]
    return "Your supervisor has reviewed your decisions:\n" + "\n".join(lines)


def comment_text(value: str) -> str:
    """A review comment, with "none" meaning no comment."""
    return "" if value.strip().lower() in NO_COMMENT else value.strip()


def start_warning(role: str | None) -> Reply | None:
    """Told at the start of a record, not at "Save": an unregistered worker's record cannot be kept."""
    if role != "unregistered":
        return None
    return Reply(
        "Before you start: you're not in this council's staff directory yet, so I can't save this record "
        "for you. You can still write it out here and copy the summary, or say 'cancel'. Please ask your "
        "team administrator to add you."
    )
