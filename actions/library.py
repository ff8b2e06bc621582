"""Actions for the procedure library and glossary: answer, more, what else, open, define, feedback."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, send
from bot.app.bootstrap import actions_root
from bot.dialogue import Reply, all_sources, respond
from bot.library import dialogue as library_dialogue
from bot.library import feedback

Domain = dict[str, Any]


def _no_match() -> Reply:
    profile = actions_root().council.profile
    return library_dialogue.no_match(profile, library_dialogue.front_door_line(profile, actions_root().clock()))


class ActionAnswerProcedure(Action):
    """The best section of the library for the worker's question."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        question = str(tracker.latest_message.get("text") or "").strip()
        if not question or question.startswith("/"):
            return send(dispatcher, respond("utter_ask_library_question"))
        reply = library_dialogue.answer_question(
            actions_root().library, question, actions_root().clock().date(), _no_match()
        )
        return send(dispatcher, reply)


class ActionDefineTerm(Action):
    """A glossary definition, or a library answer when the words are not a glossary term."""

    def name(self) -> str:
        return "action_define_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        question = str(tracker.latest_message.get("text") or "").strip()
        glossary, index = actions_root().council.glossary, actions_root().library
        term = library_dialogue.find_term(glossary, question)
        if term is not None:
            return send(dispatcher, library_dialogue.define(glossary, term, index))
        reply = library_dialogue.answer_question(index, question, actions_root().clock().date(), _no_match())
        return send(dispatcher, reply)


class ActionMoreProcedure(Action):
    """The next part of the section shown, or the next section of the same procedure."""

    def name(self) -> str:
        return "action_more_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        shown, part = tracker.get_slot("procedure_shown"), int(tracker.get_slot("procedure_part") or 0)
        others = list(tracker.get_slot("procedure_others") or [])
        reply = library_dialogue.more(actions_root().library, shown, part, others, actions_root().clock().date())
        return send(dispatcher, reply)


class ActionWhatElse(Action):
    """The next result for the last question."""

    def name(self) -> str:
        return "action_what_else"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        others = list(tracker.get_slot("procedure_others") or [])
        return send(
            dispatcher, library_dialogue.what_else(actions_root().library, others, actions_root().clock().date())
        )


class ActionOpenProcedure(Action):
    """A section chosen with a button (another result, or a procedure related to a glossary term)."""

    def name(self) -> str:
        return "action_open_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        wanted, others = entity(tracker, "procedure_ref") or "", list(tracker.get_slot("procedure_others") or [])
        rest = [o for o in others if o != wanted]
        reply = library_dialogue.show(actions_root().library, wanted, 0, rest, actions_root().clock().date())
        return send(
            dispatcher,
            reply or library_dialogue.answer("That procedure is no longer in the library; please ask again."),
        )


class ActionRateAnswer(Action):
    """Stores "did this help?" (yes or no only) for the section shown, once per answer."""

    def name(self) -> str:
        return "action_rate_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root, message = actions_root(), tracker.latest_message
        rated = entity(tracker, "procedure_ref") or str(tracker.get_slot("procedure_shown") or "")
        helpful = feedback.is_helpful(
            entity(tracker, "helpful"), message["intent"].get("name"), message.get("text") or ""
        )
        done = list(tracker.get_slot("procedure_rated") or [])
        return send(dispatcher, library_dialogue.rate(root.uow, root.library, rated, done, helpful, root.clock()))


class ActionShowSources(Action):
    """Every source of the last answer that cited any."""

    def name(self) -> str:
        return "action_show_sources"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return send(dispatcher, all_sources(tracker.get_slot("sources_all")))
