"""A question asked inside a form is answered, then the worker chooses to carry on (answers kept) or leave."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionShowContacts
from actions.common import clear, intent, send
from actions.library import ActionAnswerProcedure, ActionDefineTerm
from actions.practice import ActionEscalation, ActionTimescale
from bot.decisions.dialogue import DECISION_SLOTS, REVIEW_SLOTS
from bot.dialogue import FORM_TITLES, carry_on, left, respond
from bot.practice.dialogue import PROMPT_SLOTS
from bot.threshold import dialogue as td

Domain = dict[str, Any]

# The answer to each kind of question, by the same action that answers it outside a form.
ANSWERS: dict[str, type[Action]] = {
    "ask_glossary": ActionDefineTerm,
    "ask_procedure": ActionAnswerProcedure,
    "ask_contact": ActionShowContacts,
    "ask_timescale": ActionTimescale,
    "ask_escalation": ActionEscalation,
}
DIGRESSIONS: tuple[str, ...] = (*ANSWERS, "help")

# What leaving each form throws away.
FORM_SLOTS: dict[str, tuple[str, ...]] = {
    "threshold_form": tuple(td.THRESHOLD_SLOTS),
    "disagreement_form": tuple(td.THRESHOLD_SLOTS),
    "decision_form": (*DECISION_SLOTS, "decision_kind"),
    "review_form": REVIEW_SLOTS,
    "prompt_form": (*PROMPT_SLOTS, "decision_kind"),
    "practice_form": ("practice_answer", "practice_next_step"),
}


class ActionDigress(Action):
    """Answers a glossary, procedure, contact, timescale, escalation or help question, then pauses the form."""

    def name(self) -> str:
        return "action_digress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        form = tracker.active_loop_name or str(tracker.get_slot("paused_form") or "")
        answer = ANSWERS.get(intent(tracker))
        if answer is not None:
            events = list(await answer().run(dispatcher, tracker, domain))
        else:
            events = send(dispatcher, respond("utter_help"))
        send(dispatcher, carry_on(form))
        paused = [SlotSet("paused_form", form)] if form in FORM_TITLES else []
        return [*events, ActiveLoop(None), SlotSet("requested_slot", None), *paused]


class ActionResumeForm(Action):
    """The worker carries on: the paused form picks up at the first question still unanswered."""

    def name(self) -> str:
        return "action_resume_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return [SlotSet("paused_form", None)]


class ActionLeaveForm(Action):
    """The worker leaves the paused form: what they typed in it is discarded, and they are told so."""

    def name(self) -> str:
        return "action_leave_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        form = str(tracker.get_slot("paused_form") or "")
        send(dispatcher, left(form))
        return [SlotSet("paused_form", None), *clear(tracker, FORM_SLOTS.get(form, ()))]
