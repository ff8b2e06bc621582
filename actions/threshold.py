"""Actions for the threshold conversation: a form that gathers the essentials, then a recommendation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.common import buttons, clear
from bot import threshold_dialogue as td
from bot.assessment_text import render
from bot.emergency import immediate_danger_reply
from bot.thresholds import UNKNOWN

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


class ValidateThresholdForm(FormValidationAction):
    """Asks only what the description leaves open, and reads each answer."""

    def name(self) -> str:
        return "validate_threshold_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> list[str]:
        """The form's questions, less those the description already answers."""
        skip = td.skipped_questions(runtime.engine(), tracker.get_slot("concern_text") or "")
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
        text = " ".join(filter(None, [tracker.get_slot("concern_draft"), str(value)]))
        problem = td.description_problem(text)
        if problem:
            dispatcher.utter_message(text=problem)
            return {"concern_text": None}
        # One pass over the text. With no answers yet, "emergency" means a danger phrase was found;
        # nothing recognised (even beside a danger phrase) means keep the words and ask for more.
        result = runtime.engine().assess(text, runtime.now())
        in_danger, needs_more = result.emergency, not result.matched
        if in_danger:
            dispatcher.utter_message(text=immediate_danger_reply(runtime.council(), runtime.now()))
        if in_danger and needs_more:
            dispatcher.utter_message(response="utter_resume_after_danger")
        elif needs_more:
            dispatcher.utter_message(response="utter_no_indicators_found")
        if needs_more:
            return {"concern_text": None, "concern_draft": text}
        return {"concern_text": text, "concern_draft": None}

    def validate_child_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Read the child's age, or ask again with examples."""
        age = td.read_age(str(value))
        if age is None:
            dispatcher.utter_message(response="utter_age_not_understood")
        return {"child_age": age}

    def validate_danger_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Answer a yes at once with 999 and the front door."""
        if value == "yes":
            dispatcher.utter_message(text=immediate_danger_reply(runtime.council(), runtime.now()))
        return {"danger_now": value}

    def validate_child_voice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Keep the child's words, or note that they are not known."""
        return {"child_voice": UNKNOWN if td.dont_know(str(value)) else value}

    def validate_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> Slots:
        """Read the family's position on a referral, or ask again."""
        consent = td.read_consent(str(value))
        if consent is None:
            dispatcher.utter_message(response="utter_consent_not_understood")
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
        result = td.assess_slots(runtime.engine(), tracker.current_slot_values(), runtime.now())
        text, choices = td.review_prompt(
            result.matched, runtime.council().thresholds, tracker.get_slot("indicator_browse")
        )
        dispatcher.utter_message(text=text, buttons=buttons(choices))
        return []


class ActionThresholdResult(Action):
    """The recommendation with reasons, route and contacts, then asks whether the worker agrees."""

    def name(self) -> str:
        return "action_threshold_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        result = td.assess_slots(runtime.engine(), tracker.current_slot_values(), runtime.now())
        data = runtime.council().thresholds
        dispatcher.utter_message(text=render(result, data))
        dispatcher.utter_message(response="utter_ask_agree_level", recommended_level=result.level)
        return [
            SlotSet("recommended_level", str(result.level) if result.level else None),
            SlotSet("emergency", result.emergency),
            SlotSet("threshold_summary", td.summary(result)),
        ]


class ValidateDisagreementForm(FormValidationAction):
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
            dispatcher.utter_message(text=problem)
            return {"chosen_level": None}
        return {"chosen_level": str(level)}

    def validate_disagreement_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain
    ) -> Slots:
        """Require a reason with some substance."""
        if len(str(value).strip()) < td.MIN_REASON_CHARS:
            dispatcher.utter_message(response="utter_reason_too_short")
            return {"disagreement_reason": None}
        return {"disagreement_reason": str(value).strip()}


class ActionRecordThresholdDecision(Action):
    """Keeps the worker's decision (agreeing or not) with its reasons, and says what happens next."""

    def name(self) -> str:
        return "action_record_threshold_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        recommended: str | None = tracker.get_slot("recommended_level")
        chosen = tracker.get_slot("chosen_level") or recommended
        dispatcher.utter_message(text=td.decision_note(recommended, chosen, tracker.get_slot("disagreement_reason")))
        dispatcher.utter_message(response="utter_offer_log")
        return [SlotSet("chosen_level", chosen), SlotSet("decision_kind", "threshold")]


class ActionCancelThreshold(Action):
    """Stops the threshold conversation and forgets everything it gathered."""

    def name(self) -> str:
        return "action_cancel_threshold"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_threshold_cancelled")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *clear(tracker, td.THRESHOLD_SLOTS)]
