"""Actions for the foundation: session start with the worker's role, danger first, contacts."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import send, who
from bot.app.bootstrap import actions_root
from bot.council.contacts import find
from bot.council.emergency import contacts_reply, immediate_danger_reply
from bot.dashboard import links
from bot.decisions.usecases import session_start
from bot.dialogue import Reply, respond

Domain = dict[str, Any]
logger = logging.getLogger(__name__)


class ActionSessionStart(Action):
    """Starts a session and puts the worker's role from the staff directory into a slot."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        try:
            member, told = session_start(root.uow, who(tracker), root.clock())
        except SQLAlchemyError:  # a database fault only costs the role slot, never the conversation
            logger.exception("staff directory unavailable at session start for %s", tracker.sender_id)
            member, told = None, None
        send(dispatcher, told)
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
        root = actions_root()
        reply = Reply(immediate_danger_reply(root.council.profile, root.clock()))
        if tracker.active_loop_name:
            reply = reply.followed_by(respond("utter_resume_after_danger"))
        return send(dispatcher, reply)


class ActionShowContacts(Action):
    """The contacts asked for by name, or the ones needed right now."""

    def name(self) -> str:
        return "action_show_contacts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        profile = actions_root().council.profile
        named = " ".join(str(v) for v in tracker.get_latest_entity_values("contact"))
        ids = [c.id for c in find(profile, named or tracker.latest_message.get("text") or "")]
        return send(dispatcher, Reply(contacts_reply(profile, actions_root().clock(), ids)))


class ActionPleaseRephrase(Action):
    """Asks to rephrase, saying why when the message had no words or was not in English."""

    def name(self) -> str:
        return "action_please_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        reason = tracker.latest_message.get("text_guard")
        return send(dispatcher, respond(f"utter_please_rephrase_{reason}" if reason else "utter_please_rephrase"))


class ActionOpenDashboard(Action):
    """A sign-in link to the supervisor's page (a practitioner's own page), valid once for 10 minutes."""

    def name(self) -> str:
        return "action_open_dashboard"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        person = who(tracker)
        return send(dispatcher, links.chat_link(root.uow, person.channel, person.sender_id, root.clock()))
