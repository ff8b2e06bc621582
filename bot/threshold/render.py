"""How a threshold recommendation is shown: readable text for people, a dict for machines."""

from __future__ import annotations

from typing import Any

from bot.council.contacts import describe
from bot.dialogue import cite, split_sources
from bot.threshold.data import Thresholds
from bot.threshold.engine import UNKNOWN, Assessment

CONSENT_SOURCE = (
    "Waltham Forest children's social care procedures, MASH (walthamforestchildcare.proceduresonline.com/p_mash.html)"
)


def consent_guidance(level: int | None, consent: str | None) -> str:
    """What to do about the family's consent at this level, given what the worker said."""
    if level is None:
        return ""
    if level <= 2:
        text = (
            "Consent: early help works with the family's agreement, so ask before an early help assessment "
            "or sharing information."
        )
        if consent == "refused":
            text += " They have said no: respect that, keep offering help, and look again if worries grow."
        return text
    text = (
        "Consent: tell the family and seek their agreement to a referral, unless asking would put the "
        "child at greater risk or cause delay."
    )
    if level == 4:
        text += " Never let consent hold up action on significant harm."
    if consent == "refused":
        text += " They have refused: you can still refer where there is a risk of significant harm; record why."
    elif consent == "unsafe_to_ask":
        text += " You judged that asking is not safe: refer without it and record why."
    return text


def render(result: Assessment, data: Thresholds) -> str:
    """The full answer: level and meaning, reasons, what to do now, contacts, consent, source."""
    if result.needs_more and not result.emergency:
        return (
            "I couldn't find any recognised indicators of need in that description, so I can't suggest a level yet "
            "(this is not a Level 1). Could you say more: what you saw or heard, who looks after the child, "
            "and what worries you?"
        )
    assert result.level is not None
    level = data.level(result.level)
    lines = [
        f"Recommended level: {level.level} - {level.name}." + (" EMERGENCY: call 999 now." if result.emergency else "")
    ]
    lines.append(level.meaning)
    if result.consider_next and result.level < 4:
        lines.append(
            f"Also consider Level {result.level + 1} ({data.level(result.level + 1).name}) "
            "and talk it through with your manager."
        )
    lines.append("Why:")
    lines += [f"- {reason}" for reason in result.reasons]
    lines.append("What to do now:")
    lines += [f"- {action}" for action in result.protocol_actions]
    lines.append(f"- {level.route}")
    if result.contacts:
        lines.append("Contacts for right now:")
        lines += [f"- {describe(c)}" for c in result.contacts]
    if result.possible:
        lines.append("Possibly (not counted until you confirm them):")
        lines += [
            f'- {m.indicator.wording} (Level {m.indicator.level}; you wrote "{m.words}")' for m in result.possible
        ]
    lines += _what_you_told_me(result)
    guidance = consent_guidance(result.level, result.answers.consent)
    if guidance:
        lines.append(guidance)
    lines.append("This is a recommendation, not a decision: the decision is yours and your manager's or DSL's.")
    lines.append(cite(sources(result, data), f"Thresholds last reviewed {data.last_reviewed:%d %B %Y}."))
    return "\n".join(lines)


def sources(result: Assessment, data: Thresholds) -> list[str]:
    """Every source behind a recommendation, the level's main ones first."""
    if result.level is None:
        return split_sources(data.source)
    consent = [CONSENT_SOURCE] if consent_guidance(result.level, result.answers.consent) else []
    return split_sources(data.source, data.level(result.level).source, *result.rule_sources, *consent)


def as_dict(result: Assessment, data: Thresholds) -> dict[str, Any]:
    """The recommendation as plain data (for --json and the conversation's slots)."""
    level = data.level(result.level) if result.level else None
    return {
        "level": result.level,
        "level_name": level.name if level else None,
        "emergency": result.emergency,
        "needs_more": result.needs_more,
        "consider_next_level": result.consider_next,
        "indicators": [
            {
                "id": m.indicator.id,
                "level": m.indicator.level,
                "domain": m.indicator.domain,
                "theme": m.indicator.theme,
                "wording": m.indicator.wording,
                "matched_words": m.words or None,
                "strength": m.indicator.strength,
                "confidence": round(m.confidence, 3),
                "quote": m.words or None,
                "found_by": m.how,
            }
            for m in result.matched
        ],
        "possible": [
            {
                "id": m.indicator.id,
                "level": m.indicator.level,
                "wording": m.indicator.wording,
                "confidence": round(m.confidence, 3),
                "quote": m.words,
            }
            for m in result.possible
        ],
        "reading": (
            {
                "level": result.reading.level,
                "confidence": round(result.reading.probability, 3),
                "quote": result.reading.words,
            }
            if result.reading
            else None
        ),
        "negated": [{"id": i, "words": w} for i, w in result.negated],
        "reasons": result.reasons,
        "actions": result.protocol_actions,
        "route": level.route if level else None,
        "contacts": [
            {"id": c.id, "name": c.name, "phone": c.phone, "how": c.how, "example": c.example} for c in result.contacts
        ],
        "age_months": result.age.months,
        "unborn": result.age.unborn,
        "source": level.source if level else data.source,
        "sources": sources(result, data),
        "last_reviewed": data.last_reviewed.isoformat(),
    }


def _what_you_told_me(result: Assessment) -> list[str]:
    told = []
    voice, in_place = result.answers.child_voice, result.answers.in_place
    if voice and voice != UNKNOWN:
        told.append(f'- The child says: "{voice}"')
    if in_place and in_place != UNKNOWN:
        told.append(f"- Already in place: {in_place}")
    return ["You told me:", *told] if told else []
