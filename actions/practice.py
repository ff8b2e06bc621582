"""Actions for reflective prompts, escalation routes and timescales."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.common import clear, entity
from bot import prompts
from bot.dates import DateError, find_date
from bot.escalation import find_situation, route
from bot.threshold_dialogue import payload
from bot.timescales import describe, due_date, find_event

Domain = dict[str, Any]
PROMPT_SLOTS = ("prompt_set", "prompt_index", "prompt_answers", "prompt_answer", "prompt_summary")


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


class ActionStartPrompts(Action):
    """Starts a prompt set named in the message (or asks which one)."""

    def name(self) -> str:
        return "action_start_prompts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        data = runtime.council().prompts
        chosen = data.get(entity(tracker, "prompt_set") or "") or prompts.find_set(data, _text(tracker))
        events = clear(tracker, PROMPT_SLOTS)
        return [
            *events,
            SlotSet("prompt_set", chosen.id if chosen else None),
            SlotSet("prompt_index", 0),
            SlotSet("prompt_answers", []),
        ]


class ValidatePromptForm(FormValidationAction):
    """Takes answers one at a time; skip, back and stop move about; scale answers must be 0-10."""

    def name(self) -> str:
        return "validate_prompt_form"

    def validate_prompt_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> dict[str, Any]:
        """Apply the answer to the current question, or read which set the worker chose."""
        data = runtime.council().prompts
        current = data.get(str(tracker.get_slot("prompt_set") or ""))
        if current is None:
            chosen = data.get(entity(tracker, "prompt_set") or "") or prompts.find_set(data, str(value))
            return {
                "prompt_answer": None,
                "prompt_set": chosen.id if chosen else None,
                "prompt_index": 0,
                "prompt_answers": [],
            }
        index, answers = int(tracker.get_slot("prompt_index") or 0), tuple(tracker.get_slot("prompt_answers") or ())
        step = prompts.answer(current, index, answers, str(value))
        if step.problem:
            dispatcher.utter_message(text=step.problem)
        done = (
            {"prompt_answer": "done", "prompt_summary": prompts.summary(current, step.answers)}
            if step.finished
            else {"prompt_answer": None}
        )
        return {**done, "prompt_index": step.index, "prompt_answers": list(step.answers)}


class ActionAskPromptAnswer(Action):
    """Asks the current question, or which prompt set to use."""

    def name(self) -> str:
        return "action_ask_prompt_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        data = runtime.council().prompts
        current = data.get(str(tracker.get_slot("prompt_set") or ""))
        if current is None:
            buttons = [{"title": s.title, "payload": payload("start_prompts", prompt_set=s.id)} for s in data.sets]
            dispatcher.utter_message(text="Which would help?", buttons=buttons)
            return []
        dispatcher.utter_message(text=prompts.ask(current, int(tracker.get_slot("prompt_index") or 0)))
        return []


class ActionPromptSummary(Action):
    """The tidy summary, with the choice to save it as a reflective note or discard it."""

    def name(self) -> str:
        return "action_prompt_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        buttons = [
            {"title": "Save as a reflective note", "payload": "/log_decision"},
            {"title": "Discard", "payload": "/deny"},
        ]
        dispatcher.utter_message(text=str(tracker.get_slot("prompt_summary") or ""), buttons=buttons)
        return [SlotSet("decision_kind", "reflection")]


class ActionDiscardPrompts(Action):
    """Forgets the answers."""

    def name(self) -> str:
        return "action_discard_prompts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_prompts_discarded")
        return clear(tracker, (*PROMPT_SLOTS, "decision_kind"))


class ActionEscalation(Action):
    """Where to take a worry: steps, contacts for right now, stages and what to record."""

    def name(self) -> str:
        return "action_escalation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        council = runtime.council()
        situation = council.escalation.get(entity(tracker, "situation") or "") or find_situation(
            council, _text(tracker)
        )
        if situation is None:
            buttons = [
                {"title": s.title, "payload": payload("ask_escalation", situation=s.id)}
                for s in council.escalation.situations
            ]
            dispatcher.utter_message(text="Which situation is it?", buttons=buttons)
            return []
        dispatcher.utter_message(text=route(council, situation, runtime.now()))
        dispatcher.utter_message(response="utter_offer_log")
        return [SlotSet("decision_kind", "escalation")]


class ActionTimescale(Action):
    """When something is due, from the event and date in the message."""

    def name(self) -> str:
        return "action_timescale"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        council = runtime.council()
        event = council.timescales.get(entity(tracker, "timescale_event") or "") or find_event(
            council.timescales, _text(tracker)
        )
        if event is None:
            names = ", ".join(e.title.lower() for e in council.timescales.events)
            dispatcher.utter_message(
                text=f"Which timescale? I know: {names}. "
                'Ask like "strategy discussion on 2 March, when is the conference due?"'
            )
            return []
        try:
            start = find_date(_text(tracker), runtime.now().date())
        except DateError as problem:
            dispatcher.utter_message(text=f"{event.title}: {problem}")
            return []
        dispatcher.utter_message(text=describe(due_date(council.profile, event, start.date)))
        return []
