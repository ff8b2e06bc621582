"""Helpers every action module shares: send a `Reply`, read an entity, clear slots, who is writing."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.decisions.usecases import Who
from bot.dialogue import Reply


def send(dispatcher: CollectingDispatcher, reply: Reply | None) -> list[EventType]:
    """Send a reply and everything that follows it; the slots it asks to remember come back as events."""
    if reply is None:
        return []
    for message in reply.messages():
        buttons = [{"title": c.title, "payload": c.payload} for c in message.choices]
        if message.response:
            dispatcher.utter_message(response=message.response, buttons=buttons, **message.values)
        elif message.text or buttons:
            dispatcher.utter_message(text=message.text, buttons=buttons)
    return [SlotSet(name, value) for name, value in reply.slots().items()]


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message, or None."""
    return next((str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name), None)


def clear(tracker: Tracker, names: Iterable[str]) -> list[EventType]:
    """Empty the slots that are set (clearing empty ones would make a form validate them again)."""
    return [SlotSet(n, None) for n in names if tracker.get_slot(n) is not None]


def who(tracker: Tracker) -> Who:
    """The channel and sender of the conversation."""
    return Who(tracker.get_latest_input_channel() or "rest", tracker.sender_id)


def text(tracker: Tracker) -> str:
    """The latest message as typed."""
    return str(tracker.latest_message.get("text") or "")
