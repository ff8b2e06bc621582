"""Pure helpers for the threshold conversation: reading answers and offering indicator choices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.dialogue import Choice, Reply, payload
from bot.threshold.age import Age, age_answer, age_in_text
from bot.threshold.data import Thresholds
from bot.threshold.engine import UNKNOWN, Answers, Assessment, Matched, ThresholdEngine
from bot.threshold.recogniser import Reading

MIN_DESCRIPTION_WORDS = 3
MIN_REASON_CHARS = 15
CONSENT_CHOICES = {
    "given": "They agree",
    "refused": "They refuse",
    "not_asked": "Not asked yet",
    "unsafe_to_ask": "Asking could make things worse",
    UNKNOWN: "I don't know",
}
_DONT_KNOW = re.compile(
    r"\bdont_know\b|\b(don'?t|do not|dunno|not) (know|sure)\b|\bno idea\b|\bunknown\b|\bnot known\b", re.I
)
_VOICE = re.compile(r"\b(says|said|told|tells|disclosed|disclose[sd]?|telling)\b|\"|\u201c", re.I)
_LEVEL_WORDS = {
    1: ("universal",),
    2: ("early help", "additional"),
    3: ("targeted", "complex"),
    4: ("specialist", "statutory", "child protection", "section 47", "s47"),
}


def dont_know(text: str) -> bool:
    """True when an answer means "I don't know"."""
    return bool(_DONT_KNOW.search(text))


def description_problem(text: str) -> str | None:
    """Why a description cannot be assessed yet, or None when it is long enough."""
    if len(re.findall(r"[A-Za-z]+", text)) < MIN_DESCRIPTION_WORDS:
        return "Could you describe the worry in a sentence or two: what you saw or heard, and about which child?"
    return None


def mentions_child_voice(text: str) -> bool:
    """True when the description already reports what the child said."""
    return bool(_VOICE.search(text))


def read_age(text: str) -> str | None:
    """The stored form of an age answer ("months:18", "unborn", "unknown"), or None if unreadable."""
    if dont_know(text):
        return UNKNOWN
    age = age_answer(text)
    if age.unborn:
        return "unborn"
    return f"months:{age.months}" if age.months is not None else None


def stored_age(value: str | None) -> Age | None:
    """The Age behind a stored age answer."""
    if not value or value == UNKNOWN:
        return None
    if value == "unborn":
        return Age(None, unborn=True)
    return Age(int(value.split(":", 1)[1]))


def read_consent(text: str) -> str | None:
    """The consent position in an answer, or None when it is unclear."""
    lower = text.lower().strip()
    for key, title in CONSENT_CHOICES.items():
        if lower == title.lower() or lower == key:
            return key
    if dont_know(lower):
        return UNKNOWN
    rules = (
        ("unsafe_to_ask", r"\b(unsafe|worse|increase the risk|put .* at risk|dangerous to ask)\b"),
        ("not_asked", r"\b(not asked|haven'?t asked|not yet|didn'?t ask|not spoken)\b"),
        ("refused", r"\b(refuse[sd]?|said no|won'?t|don'?t want|declined|against it|no consent)\b"),
        ("given", r"\b(agree[sd]?|consent(ed)?|yes|happy|fine with|given)\b"),
    )
    return next((key for key, pattern in rules if re.search(pattern, lower)), None)


def read_level(text: str) -> int | None:
    """A level of need named in an answer ("3", "level 2", "early help"), or None."""
    lower = text.lower()
    digits = re.findall(r"\b([1-4])\b", lower)
    if len(set(digits)) == 1:
        return int(digits[0])
    named = {level for level, words in _LEVEL_WORDS.items() if any(w in lower for w in words)}
    return named.pop() if len(named) == 1 else None


def review_choices(matched: list[Matched], possible: list[Matched] | None = None) -> list[Choice]:
    """The buttons under the list of indicators found: confirm or drop each possible one, then the rest."""
    choices = [Choice("Looks right", "/affirm"), Choice("Add one", payload("edit_indicators", indicator_action="add"))]
    if matched:
        choices.insert(1, Choice("Remove one", payload("edit_indicators", indicator_action="remove")))
    for m in (possible or [])[:2]:  # Teams shows six card actions: two possibles, each yes or no
        add = payload("edit_indicators", indicator_action="add", indicator=m.indicator.id)
        drop = payload("edit_indicators", indicator_action="remove", indicator=m.indicator.id)
        choices = [Choice(f"Yes: {m.indicator.wording[:50]}", add), Choice("No, not that", drop), *choices]
    return choices


def removal_choices(matched: list[Matched]) -> list[Choice]:
    """One button for each indicator that can be removed."""
    return [
        Choice(
            f"Remove: {m.indicator.wording[:60]}",
            payload("edit_indicators", indicator_action="remove", indicator=m.indicator.id),
        )
        for m in matched
    ]


def domain_choices(data: Thresholds) -> list[Choice]:
    """One button per Assessment Framework domain."""
    return [
        Choice(label, payload("edit_indicators", indicator_action="add", indicator_domain=key))
        for key, label in data.domains.items()
    ]


def theme_choices(data: Thresholds, domain: str) -> list[Choice]:
    """The themes that have indicators in a domain."""
    themes = dict.fromkeys(i.theme for i in data.indicators if i.domain == domain and not i.strength)
    return [
        Choice(
            data.themes[t],
            payload("edit_indicators", indicator_action="add", indicator_domain=domain, indicator_theme=t),
        )
        for t in themes
    ]


def indicator_choices(data: Thresholds, domain: str, theme: str, exclude: set[str]) -> list[Choice]:
    """The indicators in a domain and theme that are not already on the list, highest level first."""
    items = [i for i in data.indicators if i.domain == domain and i.theme == theme and i.id not in exclude]
    return [
        Choice(f"L{i.level}: {i.wording[:60]}", payload("edit_indicators", indicator_action="add", indicator=i.id))
        for i in sorted(items, key=lambda i: -i.level)
    ]


def indicator_list(matched: list[Matched], data: Thresholds) -> str:
    """The indicators found, grouped by domain, with the words that matched."""
    if not matched:
        return "No indicators on the list yet."
    lines = []
    for key, label in data.domains.items():
        items = [m for m in matched if m.indicator.domain == key]
        if items:
            lines.append(f"{label}:")
            lines += [f"- {_line(m)}" for m in items]
    return "\n".join(lines)


def _line(m: Matched) -> str:
    kind = "strength" if m.indicator.strength else f"Level {m.indicator.level}"
    source = f'you wrote "{m.words}"' if m.words else "you added this"
    return f"{m.indicator.wording} ({kind}; {source})"


# Slots the indicator review changes besides its own question.
EDIT_SLOTS = ("indicators_added", "indicators_removed", "indicator_browse")
THRESHOLD_SLOTS = (
    "concern_text",
    "concern_draft",
    "indicators_confirmed",
    "indicator_browse",
    "indicators_added",
    "indicators_removed",
    "child_age",
    "danger_now",
    "child_voice",
    "consent",
    "in_place",
    "recommended_level",
    "emergency",
    "chosen_level",
    "disagreement_reason",
    "threshold_summary",
    "decision_kind",
)


def assess_slots(engine: ThresholdEngine, slots: Mapping[str, Any], when: dt.datetime) -> Assessment:
    """Run the engine on what the conversation has gathered so far."""
    answers = Answers(
        danger_now=slots.get("danger_now"),
        child_voice=slots.get("child_voice"),
        consent=slots.get("consent"),
        in_place=slots.get("in_place"),
    )
    return engine.assess(
        slots.get("concern_text") or "",
        when,
        age=stored_age(slots.get("child_age")),
        answers=answers,
        add=tuple(slots.get("indicators_added") or ()),
        remove=tuple(slots.get("indicators_removed") or ()),
    )


def skipped_questions(engine: ThresholdEngine, text: str) -> set[str]:
    """Questions the description already answers, so the form does not ask them."""
    skip = set()
    if age_in_text(text).known:
        skip.add("child_age")
    if engine.in_danger(text):
        skip.add("danger_now")
    if mentions_child_voice(text):
        skip.add("child_voice")
    return skip


def apply_edit(entities: Mapping[str, str], added: list[str] | None, removed: list[str] | None) -> dict[str, Any]:
    """Slot updates for a click on a remove, add or browse button."""
    added, removed = list(added or []), list(removed or [])
    action, indicator = entities.get("indicator_action"), entities.get("indicator")
    domain, theme = entities.get("indicator_domain"), entities.get("indicator_theme")
    browse: str | None = None
    if action == "remove" and indicator:
        removed, added = [*removed, indicator], [i for i in added if i != indicator]
    elif action == "add" and indicator:
        added, removed = [*added, indicator], [i for i in removed if i != indicator]
    elif action in {"remove", "add"}:
        browse = ":".join(part for part in (action, domain, theme) if part)
    return {
        "indicators_added": added,
        "indicators_removed": removed,
        "indicator_browse": browse,
        "indicators_confirmed": None,
    }


def review_prompt(
    matched: list[Matched],
    data: Thresholds,
    browse: str | None,
    possible: list[Matched] | None = None,
    reading: Reading | None = None,
) -> Reply:
    """The review question and its buttons, for the current browsing step."""
    back = Choice("Back to the list", payload("edit_indicators", indicator_action="back"))
    parts = (browse or "").split(":")
    if parts[0] == "remove":
        return Reply("Which one should I take off the list?", (*removal_choices(matched), back))
    if parts[0] == "add" and len(parts) == 1:
        return Reply("Which area of the child's life is it about?", (*domain_choices(data), back))
    if parts[0] == "add" and len(parts) == 2:
        question = f"Which kind of worry, under {data.domains.get(parts[1], parts[1])}?"
        return Reply(question, (*theme_choices(data, parts[1]), back))
    if parts[0] == "add":
        exclude = {m.indicator.id for m in matched}
        return Reply("Which one should I add?", (*indicator_choices(data, parts[1], parts[2], exclude), back))
    text = f"Here is what I found, by Assessment Framework domain:\n{indicator_list(matched, data)}"
    if reading is not None and not matched:
        text += (
            f"\nNo indicator was certain, but the description reads most like Level {reading.level} "
            f'(you wrote "{reading.words}").'
        )
    if possible:
        text += "\nPossibly (I'm not sure, so these don't count unless you say yes):\n" + "\n".join(
            f'- {m.indicator.wording} (Level {m.indicator.level}; you wrote "{m.words}")' for m in possible[:2]
        )
    return Reply(text + "\nIs that right?", tuple(review_choices(matched, possible)))


def summary(result: Assessment) -> str:
    """One line to keep with the conversation: level, emergency and indicators."""
    ids = ", ".join(m.indicator.id for m in result.matched) or "none"
    return f"level={result.level}; emergency={'yes' if result.emergency else 'no'}; indicators={ids}"


def level_problem(level: int | None, recommended: str | None) -> str | None:
    """Why a chosen level cannot be taken, or None."""
    if level is None:
        return "Which level fits, in your judgement? 1 universal, 2 early help, 3 targeted, 4 specialist or statutory."
    if recommended and str(level) == recommended:
        return f"Level {level} is the level I recommended. Choose a different level, or say cancel."
    return None


def decision_note(recommended: str | None, chosen: str | None, reason: str | None) -> str:
    """What the worker is told once their decision is noted."""
    if reason and chosen != recommended:
        return (
            f"Noted: in your judgement this is Level {chosen}, not the recommended Level {recommended}, "
            f'because: "{reason}". The decision is yours: talk it through with your manager or DSL.'
        )
    return f"Noted: you agree with Level {chosen}. Talk it through with your manager or DSL as usual."
