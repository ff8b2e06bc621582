"""Helpers every action module shares: send a `Reply`, read an entity, clear slots, who is writing, and the
form validation that offers a way on after two answers it could not use."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.decisions.usecases import Who
from bot.dialogue import STUCK_AFTER, Reply, asks, stuck
from bot.practice.routing import is_allegation, is_urgent_request

# "slot:count": answers in a row to that question that could not be used.
FAILED = "failed_answers"
# The questions a form pauses for; a statement the classifier puts here is still the answer to the form's question.
QUESTION_INTENTS = frozenset(("ask_glossary", "ask_procedure", "ask_contact", "ask_timescale", "ask_escalation"))


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


def intent(tracker: Tracker) -> str:
    """The intent of the latest message ("" when there is none)."""
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


class GuidedFormValidation:
    """Mixed into a form's validation (before FormValidationAction): counts answers to the same question it could
    not use, and after two in a row offers the ways on as buttons (leave the form, or the menu).

    Not an Action itself: rasa-sdk registers every Action subclass outside its own package as an action.
    """

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Custom extractions, plus a statement read as a question ("refer to the MASH for an assessment", taken
        for a procedure question) as the answer to the free-text question asked; an allegation or an urgent
        request still pauses the form."""
        events: list[EventType] = await super().get_extraction_events(dispatcher, tracker, domain)  # type: ignore[misc]
        asked, said = tracker.get_slot("requested_slot"), text(tracker).strip()
        read_as = intent(tracker)
        if not asked or not said or any(e.get("name") == asked for e in events) or read_as not in QUESTION_INTENTS:
            return events
        statement = not (asks(said) or is_allegation(said) or is_urgent_request(said))
        if statement and _excluded_only_by_intent(domain, asked, read_as):
            events.append(SlotSet(asked, said))
        return events

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Validate as rasa-sdk does, then count a rejected answer to the question asked."""
        events: list[EventType] = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        asked = tracker.get_slot("requested_slot")
        answered = {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}
        if not asked or asked not in answered:
            return events  # nothing was answered to the question (a digression, a button, an edit)
        others_kept = any(v is not None for k, v in answered.items() if k != asked)
        if answered[asked] is not None or others_kept:  # used, or kept in part ("Level 2", then the reasons)
            return [*events, *clear(tracker, [FAILED])]
        before, _, count = str(tracker.get_slot(FAILED) or "").partition(":")
        failures = int(count) + 1 if before == asked and count.isdigit() else 1
        if failures >= STUCK_AFTER:
            send(dispatcher, stuck(tracker.active_loop_name))
        return [*events, SlotSet(FAILED, f"{asked}:{failures}")]


def _excluded_only_by_intent(domain: DomainDict, slot: str, intent: str) -> bool:
    """True when the slot takes free text and this intent is what kept the text out of it."""
    mappings = (domain.get("slots", {}).get(slot) or {}).get("mappings") or []
    return any(m.get("type") == "from_text" and intent in (m.get("not_intent") or []) for m in mappings)
