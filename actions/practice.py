"""Actions for reflective prompts, escalation routes and timescales."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GuidedFormValidation, clear, entity, send, text
from bot.app.bootstrap import actions_root
from bot.dialogue import respond
from bot.practice import dialogue as pd

Domain = dict[str, Any]


class ActionStartPrompts(Action):
    """Starts a prompt set named in the message (or asks which one)."""

    def name(self) -> str:
        return "action_start_prompts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        started = pd.start_prompts(actions_root().council.prompts, entity(tracker, "prompt_set"), text(tracker))
        return [*clear(tracker, pd.PROMPT_SLOTS), *(SlotSet(k, v) for k, v in started.items())]


class ValidatePromptForm(GuidedFormValidation, FormValidationAction):
    """Takes answers one at a time; skip, back and stop move about; scale answers must be 0-10."""

    def name(self) -> str:
        return "validate_prompt_form"

    def validate_prompt_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> dict[str, Any]:
        """Apply the answer to the current question, or read which set the worker chose."""
        data, named = actions_root().council.prompts, entity(tracker, "prompt_set")
        updates, reply = pd.answer_prompt(data, tracker.current_slot_values(), named, str(value))
        send(dispatcher, reply)
        return updates


class ActionAskPromptAnswer(Action):
    """Asks the current question, or which prompt set to use."""

    def name(self) -> str:
        return "action_ask_prompt_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return send(dispatcher, pd.ask_prompt(actions_root().council.prompts, tracker.current_slot_values()))


class ActionPromptSummary(Action):
    """The tidy summary, with the choice to save it as a reflective note or discard it."""

    def name(self) -> str:
        return "action_prompt_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return send(dispatcher, pd.prompt_summary(str(tracker.get_slot("prompt_summary") or "")))


class ActionDiscardPrompts(Action):
    """Forgets the answers."""

    def name(self) -> str:
        return "action_discard_prompts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        send(dispatcher, respond("utter_prompts_discarded"))
        return clear(tracker, (*pd.PROMPT_SLOTS, "decision_kind"))


class ActionEscalation(Action):
    """Where to take a worry: steps, contacts for right now, stages and what to record."""

    def name(self) -> str:
        return "action_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        council, named = root.council, entity(tracker, "situation")
        return send(dispatcher, pd.escalation(council.escalation, council.profile, named, text(tracker), root.clock()))


class ActionTimescale(Action):
    """When something is due, from the event and date in the message."""

    def name(self) -> str:
        return "action_timescale"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        council, named, today = root.council, entity(tracker, "timescale_event"), root.clock().date()
        return send(dispatcher, pd.timescale(council.timescales, council.profile, named, text(tracker), today))
