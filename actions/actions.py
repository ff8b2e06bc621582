"""Actions for the foundation: session start with the worker's role, danger first, contacts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.decisions import notices_for
from bot.contacts import find
from bot.emergency import contacts_reply, immediate_danger_reply

Domain = dict[str, Any]


class ActionSessionStart(Action):
    """Starts a session and puts the worker's role from the staff directory into a slot."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        member = runtime.safe_actor(tracker.get_latest_input_channel() or "rest", tracker.sender_id)
        told = notices_for(tracker) if member else ""
        if told:
            dispatcher.utter_message(text=told)
        return [
            SessionStarted(),
            SlotSet("role", member.role if member else "unregistered"),
            SlotSet("staff_id", member.staff_id if member else None),
            ActionExecuted("action_listen"),
        ]


class ActionImmediateDanger(Action):
    """999 first, then the front door or the out-of-hours team for this moment."""

    def name(self) -> str:
        return "action_immediate_danger"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        dispatcher.utter_message(text=immediate_danger_reply(runtime.council(), runtime.now()))
        if tracker.active_loop_name:
            dispatcher.utter_message(response="utter_resume_after_danger")
        return []


class ActionShowContacts(Action):
    """The contacts asked for by name, or the ones needed right now."""

    def name(self) -> str:
        return "action_show_contacts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        profile = runtime.council().profile
        named = " ".join(str(v) for v in tracker.get_latest_entity_values("contact"))
        ids = [c.id for c in find(profile, named or tracker.latest_message.get("text") or "")]
        dispatcher.utter_message(text=contacts_reply(runtime.council(), runtime.now(), ids))
        return []


class ActionPleaseRephrase(Action):
    """Asks to rephrase, saying why when the message had no words or was not in English."""

    def name(self) -> str:
        return "action_please_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        reason = tracker.latest_message.get("text_guard")
        dispatcher.utter_message(response=f"utter_please_rephrase_{reason}" if reason else "utter_please_rephrase")
        return []
