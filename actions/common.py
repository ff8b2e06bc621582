"""Small helpers every action module shares: buttons, entities and clearing slots."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.threshold_dialogue import Choice


def buttons(choices: Iterable[Choice]) -> list[dict[str, str]]:
    """Choices as Rasa buttons."""
    return [{"title": c.title, "payload": c.payload} for c in choices]


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message, or None."""
    return next((str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name), None)


def clear(tracker: Tracker, names: Iterable[str]) -> list[EventType]:
    """Empty the slots that are set (clearing empty ones would make a form validate them again)."""
    return [SlotSet(n, None) for n in names if tracker.get_slot(n) is not None]
