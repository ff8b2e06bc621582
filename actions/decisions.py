"""Actions for the decision log: each reads slots, calls one use case and sends its reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GuidedFormValidation, clear, entity, send, who
from bot.app.bootstrap import actions_root
from bot.decisions import dialogue as dd
from bot.decisions import log, usecases
from bot.dialogue import with_way_out

Domain = dict[str, Any]
Slots = dict[str, Any]


class ActionGreet(Action):
    """Greets with the menu, then tells the worker about new reviews of their decisions."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        return send(dispatcher, usecases.greeting(root.uow, who(tracker), root.clock()))


class ActionStartDecision(Action):
    """Starts a record; after a threshold result, an escalation or a reflection it carries them over."""

    def name(self) -> str:
        return "action_start_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        kind = tracker.get_slot("decision_kind")
        kind = kind if kind in {"threshold", "escalation", "reflection"} else "other"
        events = [*clear(tracker, dd.DECISION_SLOTS), SlotSet("decision_kind", kind)]
        carried = {"threshold": "disagreement_reason", "reflection": "prompt_summary"}.get(kind)
        reason = tracker.get_slot(carried) if carried else None
        send(dispatcher, dd.start_warning(tracker.get_slot("role")))
        return events + ([SlotSet("rationale", reason)] if reason else [])


class ValidateDecisionForm(GuidedFormValidation, FormValidationAction):
    """Checks the case reference, the reasons and the next step."""

    def name(self) -> str:
        return "validate_decision_form"

    def validate_case_ref(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """The council's case number only; explained with an example when it does not fit."""
        problem = log.case_ref_problem(str(value), actions_root().council.profile.case_reference)
        if problem:
            dispatcher.utter_message(text=with_way_out(problem))
        return {"case_ref": None if problem else str(value).strip()}

    def validate_rationale(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Reasons with some substance, within the limit."""
        problem = log.rationale_problem(str(value))
        if problem:
            dispatcher.utter_message(text=with_way_out(problem))
        return {"rationale": None if problem else str(value).strip()}

    def validate_next_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Any next step within the limit."""
        if len(str(value)) > log.MAX_TEXT_CHARS:
            dispatcher.utter_message(
                text=with_way_out(f"Please keep the next step under {log.MAX_TEXT_CHARS:,} characters.")
            )
            return {"next_step": None}
        return {"next_step": str(value).strip()}


class ActionAskDecisionConfirmed(Action):
    """Shows the record as it will be saved, with what was redacted, and asks to save."""

    def name(self) -> str:
        return "action_ask_decision_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return send(dispatcher, usecases.preview(tracker.current_slot_values()))


class ActionSubmitDecision(Action):
    """Saves the confirmed record (or keeps it in the outbox), or discards it."""

    def name(self) -> str:
        return "action_submit_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        reply = usecases.submit(root.uow, root.outbox, who(tracker), tracker.current_slot_values(), root.clock())
        return [*send(dispatcher, reply), *clear(tracker, dd.DECISION_SLOTS)]


class ActionMyDecisions(Action):
    """The worker's most recent decisions with their review status."""

    def name(self) -> str:
        return "action_my_decisions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        return send(dispatcher, usecases.my_decisions(root.uow, who(tracker), root.clock()))


class ActionReviewQueue(Action):
    """A supervisor's team decisions awaiting review, oldest first, each with a button to open it."""

    def name(self) -> str:
        return "action_review_queue"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        return send(dispatcher, usecases.review_queue(root.uow, who(tracker), root.clock()))


class ActionOpenDecision(Action):
    """Shows one decision in full, with review buttons for its supervisor."""

    def name(self) -> str:
        return "action_open_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        wanted = entity(tracker, "decision_id")
        return send(dispatcher, usecases.open_decision(root.uow, who(tracker), wanted, root.clock()))


class ActionStartReview(Action):
    """Starts a review from a review button: which decision, which outcome; the form asks for a comment."""

    def name(self) -> str:
        return "action_start_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return [
            *clear(tracker, dd.REVIEW_SLOTS),
            SlotSet("review_decision_id", entity(tracker, "decision_id")),
            SlotSet("review_outcome", entity(tracker, "review_outcome")),
        ]


class ActionSaveReview(Action):
    """Saves the review; the author is told next time they talk to the assistant."""

    def name(self) -> str:
        return "action_save_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        reply = usecases.review(root.uow, who(tracker), tracker.current_slot_values(), root.clock())
        return [*send(dispatcher, reply), *clear(tracker, dd.REVIEW_SLOTS)]
