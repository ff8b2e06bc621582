"""Actions for the threshold conversation: a form that gathers the essentials, then a recommendation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import GuidedFormValidation, clear, send
from bot.app.bootstrap import actions_root
from bot.dialogue import Reply, respond, with_way_out
from bot.threshold import conversation
from bot.threshold import dialogue as td
from bot.threshold.engine import UNKNOWN

Domain = dict[str, Any]
Slots = dict[str, Any]


class ActionCaptureConcern(Action):
    """Starts a fresh threshold conversation from a description typed before the form began."""

    def name(self) -> str:
        return "action_capture_concern"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return [*clear(tracker, td.THRESHOLD_SLOTS), SlotSet("concern_text", tracker.latest_message.get("text"))]


class ActionStartThreshold(Action):
    """Starts a fresh threshold conversation that will ask for the description."""

    def name(self) -> str:
        return "action_start_threshold"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return clear(tracker, td.THRESHOLD_SLOTS)


class ValidateThresholdForm(GuidedFormValidation, FormValidationAction):
    """Asks only what the description leaves open, and reads each answer."""

    def name(self) -> str:
        return "validate_threshold_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> list[str]:
        """The form's questions, less those the description already answers."""
        skip = td.skipped_questions(actions_root().engine, tracker.get_slot("concern_text") or "")
        return [slot for slot in domain_slots if slot not in skip]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> list[EventType]:
        """Validated answers, plus the indicator edits (rasa-sdk passes on required slots only)."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        edits = {k: v for k, v in tracker.slots_to_validate().items() if k in td.EDIT_SLOTS}
        return [*events, *(SlotSet(k, v) for k, v in edits.items())]

    async def extract_indicators_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Read a click on Looks right, Remove, Add or a browsing button."""
        if tracker.get_slot("requested_slot") != "indicators_confirmed":
            return {}
        intent = tracker.latest_message.get("intent", {}).get("name")
        if intent == "affirm":
            return {"indicators_confirmed": True, "indicator_browse": None}
        if intent != "edit_indicators":
            return {}
        entities = {e["entity"]: e["value"] for e in tracker.latest_message.get("entities", [])}
        return td.apply_edit(entities, tracker.get_slot("indicators_added"), tracker.get_slot("indicators_removed"))

    def validate_concern_text(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Accept a description with something to assess; otherwise ask for more, keeping what was said."""
        root = actions_root()
        draft = tracker.get_slot("concern_draft")
        updates, reply = conversation.read_description(
            root.engine, root.council.profile, draft, str(value), root.clock()
        )
        send(dispatcher, reply)
        return updates

    def validate_child_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Read the child's age, or ask again with examples."""
        age = td.read_age(str(value))
        send(dispatcher, None if age else respond("utter_age_not_understood"))
        return {"child_age": age}

    def validate_danger_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Answer a yes at once with 999 and the front door."""
        root = actions_root()
        send(dispatcher, conversation.danger_answer(root.council.profile, value, root.clock()))
        return {"danger_now": value}

    def validate_child_voice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Keep the child's words, or note that they are not known."""
        return {"child_voice": UNKNOWN if td.dont_know(str(value)) else value}

    def validate_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Slots:
        """Read the family's position on a referral, or ask again."""
        consent = td.read_consent(str(value))
        send(dispatcher, None if consent else respond("utter_consent_not_understood"))
        return {"consent": consent}

    def validate_in_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Keep what is already in place, or note that it is not known."""
        return {"in_place": UNKNOWN if td.dont_know(str(value)) else value}


class ActionAskIndicatorsConfirmed(Action):
    """Shows the indicators found, by domain, with buttons to confirm, remove or add."""

    def name(self) -> str:
        return "action_ask_indicators_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        send(dispatcher, conversation.indicator_review(root.engine, tracker.current_slot_values(), root.clock()))
        return []


class ActionThresholdResult(Action):
    """The recommendation with reasons, route and contacts, then asks whether the worker agrees."""

    def name(self) -> str:
        return "action_threshold_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        root = actions_root()
        return send(dispatcher, conversation.recommendation(root.engine, tracker.current_slot_values(), root.clock()))


class ValidateDisagreementForm(GuidedFormValidation, FormValidationAction):
    """Reads the level the worker prefers and checks their reason says something."""

    def name(self) -> str:
        return "validate_disagreement_form"

    def validate_chosen_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Read the worker's own level; it must differ from the recommendation."""
        level = td.read_level(str(value))
        problem = td.level_problem(level, tracker.get_slot("recommended_level"))
        if problem:
            send(dispatcher, Reply(with_way_out(problem)))
            return {"chosen_level": None}
        return {"chosen_level": str(level)}

    def validate_disagreement_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Require a reason with some substance."""
        if len(str(value).strip()) < td.MIN_REASON_CHARS:
            send(dispatcher, respond("utter_reason_too_short"))
            return {"disagreement_reason": None}
        return {"disagreement_reason": str(value).strip()}


class ActionRecordThresholdDecision(Action):
    """Keeps the worker's decision (agreeing or not) with its reasons, and says what happens next."""

    def name(self) -> str:
        return "action_record_threshold_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        return send(dispatcher, conversation.decision(tracker.current_slot_values()))


class ActionCancelThreshold(Action):
    """Stops the threshold conversation and forgets everything it gathered."""

    def name(self) -> str:
        return "action_cancel_threshold"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        send(dispatcher, respond("utter_threshold_cancelled"))
        return [ActiveLoop(None), SlotSet("requested_slot", None), *clear(tracker, td.THRESHOLD_SLOTS)]
