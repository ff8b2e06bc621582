"""Actions for the decision log: record with redaction, my decisions, review queue, reviews, notices."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.common import buttons, clear, entity
from bot import decision_dialogue as dd
from bot import decisions
from bot.outbox import save
from bot.staff import Actor
from bot.storage.db import unit_of_work

Domain = dict[str, Any]
Slots = dict[str, Any]


def _actor(dispatcher: CollectingDispatcher, tracker: Tracker) -> Actor | None:
    found = runtime.actor(tracker.get_latest_input_channel() or "rest", tracker.sender_id)
    if found is None:
        dispatcher.utter_message(response="utter_not_in_directory")
    return found


def notices_for(tracker: Tracker) -> str:
    """Reviews of this worker's decisions they have not been told about yet (marks them told)."""
    found = runtime.actor(tracker.get_latest_input_channel() or "rest", tracker.sender_id)
    if found is None:
        return ""
    with unit_of_work(runtime.db()) as session:
        return dd.notice(decisions.untold_reviews(session, found, runtime.now()))


class ActionGreet(Action):
    """Greets with the menu, then tells the worker about new reviews of their decisions."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_greet")
        told = notices_for(tracker)
        if told:
            dispatcher.utter_message(text=told)
        return []


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
        return events + ([SlotSet("rationale", reason)] if reason else [])


class ValidateDecisionForm(FormValidationAction):
    """Checks the case reference, the reasons and the next step."""

    def name(self) -> str:
        return "validate_decision_form"

    def validate_case_ref(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """The council's case number only; explained with an example when it does not fit."""
        problem = decisions.case_ref_problem(str(value), runtime.council().profile.case_reference)
        if problem:
            dispatcher.utter_message(text=problem)
        return {"case_ref": None if problem else str(value).strip()}

    def validate_rationale(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Reasons with some substance, within the limit."""
        problem = decisions.rationale_problem(str(value))
        if problem:
            dispatcher.utter_message(text=problem)
        return {"rationale": None if problem else str(value).strip()}

    def validate_next_step(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Any next step within the limit."""
        if len(str(value)) > decisions.MAX_TEXT_CHARS:
            dispatcher.utter_message(text=f"Please keep the next step under {decisions.MAX_TEXT_CHARS:,} characters.")
            return {"next_step": None}
        return {"next_step": str(value).strip()}


class ActionAskDecisionConfirmed(Action):
    """Shows the record as it will be saved, with what was redacted, and asks to save."""

    def name(self) -> str:
        return "action_ask_decision_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        clean, removed = decisions.redacted(dd.draft_from_slots(tracker.current_slot_values()))
        buttons = [{"title": "Save", "payload": "/affirm"}, {"title": "Discard", "payload": "/deny"}]
        dispatcher.utter_message(text=dd.summary(clean, removed), buttons=buttons)
        return []


class ActionSubmitDecision(Action):
    """Saves the confirmed record (or keeps it in the outbox), or discards it."""

    def name(self) -> str:
        return "action_submit_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        actor = _actor(dispatcher, tracker) if tracker.get_slot("decision_confirmed") else None
        if actor is None:
            dispatcher.utter_message(response="utter_decision_discarded")
            return clear(tracker, dd.DECISION_SLOTS)
        clean, _ = decisions.redacted(dd.draft_from_slots(tracker.current_slot_values()))
        result = save(runtime.db(), runtime.outbox(), actor, clean, runtime.now())
        dispatcher.utter_message(text=dd.saved_text(result.decision.id if result.decision else None, result.queued))
        return clear(tracker, dd.DECISION_SLOTS)


class ActionMyDecisions(Action):
    """The worker's most recent decisions with their review status."""

    def name(self) -> str:
        return "action_my_decisions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        actor = _actor(dispatcher, tracker)
        if actor is None:
            return []
        with unit_of_work(runtime.db()) as session:
            items = decisions.list_own(session, actor)
        lines = [dd.decision_line(d) for d in items] or ["You haven't logged any decisions yet."]
        dispatcher.utter_message(text="Your recent decisions:\n" + "\n".join(lines))
        return []


class ActionReviewQueue(Action):
    """A supervisor's team decisions awaiting review, oldest first, each with a button to open it."""

    def name(self) -> str:
        return "action_review_queue"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        actor = _actor(dispatcher, tracker)
        if actor is None:
            return []
        try:
            with unit_of_work(runtime.db()) as session:
                items = decisions.review_queue(session, actor)
        except decisions.NotAllowedError as refusal:
            dispatcher.utter_message(text=str(refusal))
            return []
        text = "Decisions awaiting your review (oldest first):\n" + "\n".join(dd.decision_line(d) for d in items)
        dispatcher.utter_message(
            text=text if items else "Nothing is waiting for your review.", buttons=buttons(dd.open_choices(items))
        )
        return []


class ActionOpenDecision(Action):
    """Shows one decision in full, with review buttons for its supervisor."""

    def name(self) -> str:
        return "action_open_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        actor, wanted = _actor(dispatcher, tracker), entity(tracker, "decision_id")
        if actor is None or not (wanted or "").isdigit():
            return []
        try:
            with unit_of_work(runtime.db()) as session:
                item = decisions.open_decision(session, actor, int(wanted or 0))
        except decisions.NotAllowedError as refusal:
            dispatcher.utter_message(text=str(refusal))
            return []
        can_review = actor.supervises and item.author_id != actor.staff_id
        dispatcher.utter_message(
            text=dd.decision_detail(item), buttons=buttons(dd.review_choices(item.id)) if can_review else []
        )
        return []


class ActionStartReview(Action):
    """Starts a review from a review button: which decision, which outcome; the form asks for a comment."""

    def name(self) -> str:
        return "action_start_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        events = clear(tracker, dd.REVIEW_SLOTS)
        return [
            *events,
            SlotSet("review_decision_id", entity(tracker, "decision_id")),
            SlotSet("review_outcome", entity(tracker, "review_outcome")),
        ]


class ActionSaveReview(Action):
    """Saves the review; the author is told next time they talk to the assistant."""

    def name(self) -> str:
        return "action_save_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        actor = _actor(dispatcher, tracker)
        decision_id, outcome = tracker.get_slot("review_decision_id"), tracker.get_slot("review_outcome")
        if actor is not None and str(decision_id or "").isdigit():
            comment = dd.comment_text(str(tracker.get_slot("review_comment") or ""))
            try:
                with unit_of_work(runtime.db()) as session:
                    decisions.add_review(
                        session, actor, int(decision_id), outcome=str(outcome), comment=comment, now=runtime.now()
                    )
                dispatcher.utter_message(
                    text=f"Review saved: decision #{decision_id} {decisions.OUTCOMES.get(str(outcome), outcome)}."
                )
            except (decisions.NotAllowedError, decisions.DecisionError) as refusal:
                dispatcher.utter_message(text=str(refusal))
        return clear(tracker, dd.REVIEW_SLOTS)
