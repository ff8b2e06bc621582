"""Actions for the procedure library and glossary: answer, more, what else, open, define, feedback."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.common import buttons, entity
from bot import feedback, library_dialogue
from bot.library_dialogue import Reply
from bot.threshold_dialogue import payload

Domain = dict[str, Any]


def feedback_buttons(shown: str | None) -> list[dict[str, str]]:
    """Yes/No buttons that name the answer they rate (an old card may be clicked after a newer answer)."""
    ref = {"procedure_ref": shown} if shown else {}
    return [
        {"title": "Yes, it helped", "payload": payload("rate_answer", helpful="yes", **ref)},
        {"title": "No", "payload": payload("rate_answer", helpful="no", **ref)},
    ]


def _say(dispatcher: CollectingDispatcher, reply: Reply) -> list[EventType]:
    dispatcher.utter_message(text=reply.text, buttons=buttons(reply.buttons))
    if reply.ask_feedback:
        dispatcher.utter_message(text="Did this help?", buttons=feedback_buttons(reply.shown))
    return [
        SlotSet("procedure_shown", reply.shown),
        SlotSet("procedure_part", reply.part),
        SlotSet("procedure_others", reply.others),
    ]


def _no_match() -> Reply:
    profile = runtime.council().profile
    return library_dialogue.no_match(profile, library_dialogue.front_door_line(profile, runtime.now()))


class ActionAnswerProcedure(Action):
    """The best section of the library for the worker's question."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        question = str(tracker.latest_message.get("text") or "").strip()
        if not question or question.startswith("/"):
            dispatcher.utter_message(response="utter_ask_library_question")
            return []
        reply = library_dialogue.answer_question(runtime.library(), question, runtime.now().date(), _no_match())
        return _say(dispatcher, reply)


class ActionDefineTerm(Action):
    """A glossary definition, or a library answer when the words are not a glossary term."""

    def name(self) -> str:
        return "action_define_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        question = str(tracker.latest_message.get("text") or "").strip()
        glossary, index = runtime.council().glossary, runtime.library()
        term = library_dialogue.find_term(glossary, question)
        if term is not None:
            return _say(dispatcher, library_dialogue.define(glossary, term, index))
        reply = library_dialogue.answer_question(index, question, runtime.now().date(), _no_match())
        return _say(dispatcher, reply)


class ActionMoreProcedure(Action):
    """The next part of the section shown, or the next section of the same procedure."""

    def name(self) -> str:
        return "action_more_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        shown, part = tracker.get_slot("procedure_shown"), int(tracker.get_slot("procedure_part") or 0)
        others = list(tracker.get_slot("procedure_others") or [])
        reply = library_dialogue.more(runtime.library(), shown, part, others, runtime.now().date())
        return _say(dispatcher, reply)


class ActionWhatElse(Action):
    """The next result for the last question."""

    def name(self) -> str:
        return "action_what_else"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        others = list(tracker.get_slot("procedure_others") or [])
        return _say(dispatcher, library_dialogue.what_else(runtime.library(), others, runtime.now().date()))


class ActionOpenProcedure(Action):
    """A section chosen with a button (another result, or a procedure related to a glossary term)."""

    def name(self) -> str:
        return "action_open_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        wanted, others = entity(tracker, "procedure_ref") or "", list(tracker.get_slot("procedure_others") or [])
        rest = [o for o in others if o != wanted]
        reply = library_dialogue.show(runtime.library(), wanted, 0, rest, runtime.now().date())
        return _say(dispatcher, reply or Reply("That procedure is no longer in the library; please ask again."))


class ActionRateAnswer(Action):
    """Stores "did this help?" (yes or no only) for the section shown, once per answer."""

    def name(self) -> str:
        return "action_rate_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        rated = entity(tracker, "procedure_ref") or str(tracker.get_slot("procedure_shown") or "")
        section, done = library_dialogue.section_of(rated, runtime.library()), tracker.get_slot("procedure_rated") or []
        message = tracker.latest_message
        helpful = feedback.is_helpful(
            entity(tracker, "helpful"), message["intent"].get("name"), message.get("text") or ""
        )
        if section is None or rated in done:
            dispatcher.utter_message(text="Thanks. There's no new answer to rate just now.")
            return []
        if not feedback.save(runtime.db(), section.procedure.id, section.heading, helpful, runtime.now()):
            dispatcher.utter_message(text="Thanks. I couldn't store that just now; nothing else is affected.")
            return []
        dispatcher.utter_message(response="utter_feedback_thanks" if helpful else "utter_feedback_sorry")
        return [SlotSet("procedure_rated", [*done, rated][-20:])]
