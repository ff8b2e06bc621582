"""Actions run on saved trackers with a real dispatcher: the events and messages they produce."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.actions import ActionImmediateDanger, ActionPleaseRephrase, ActionSessionStart, ActionShowContacts
from actions.decisions import ValidateDecisionForm
from actions.induction import ValidatePracticeForm
from actions.threshold import ActionCancelThreshold, ActionThresholdResult, ValidateThresholdForm
from bot.app.bootstrap import actions_root
from bot.app.records import first_run
from bot.settings import ROOT, Settings

TRACKERS = Path(__file__).parents[1] / "trackers"
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture(autouse=True)
def _office_hours_and_a_fresh_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("PRACTICE_NOW", "2026-11-26T10:30:00+00:00")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'practice.db'}")
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    first_run(Settings())  # schema and example staff, as `make run` does
    actions_root.cache_clear()
    yield
    actions_root().db.dispose()
    actions_root.cache_clear()


def run(action: Action, tracker_file: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tracker = Tracker.from_dict(json.loads((TRACKERS / tracker_file).read_text()))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def slots(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_session_start_sets_the_role_from_the_staff_directory() -> None:
    _, events = run(ActionSessionStart(), "session_start_supervisor.json")
    assert events[0]["event"] == "session_started"
    assert slots(events) == {"role": "supervisor", "staff_id": "demo-supervisor"}
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")


def test_immediate_danger_inside_a_form_offers_to_carry_on() -> None:
    messages, events = run(ActionImmediateDanger(), "danger_in_form.json")
    assert messages[0]["text"].index("999") < messages[0]["text"].index("020 8489 4533")
    assert messages[1]["response"] == "utter_resume_after_danger"
    assert events == []


def test_contacts_by_name() -> None:
    messages, _ = run(ActionShowContacts(), "ask_lado.json")
    text = messages[0]["text"]
    assert "Designated Officer" in text and "example - not yet checked" in text and "020 8489 0000" not in text


def test_not_english_gets_its_own_reply() -> None:
    messages, _ = run(ActionPleaseRephrase(), "not_english.json")
    assert messages == [{**messages[0], "response": "utter_please_rephrase_not_english"}]


def test_description_is_accepted_and_questions_it_answers_are_skipped() -> None:
    messages, events = run(ValidateThresholdForm(), "threshold_description.json")
    assert slots(events)["concern_text"].startswith("mum drinks")
    tracker = Tracker.from_dict(json.loads((TRACKERS / "threshold_description.json").read_text()))
    required = asyncio.run(
        ValidateThresholdForm().required_slots(
            DOMAIN["forms"]["threshold_form"]["required_slots"], CollectingDispatcher(), tracker, DOMAIN
        )
    )
    assert "child_age" not in required and "concern_text" in required  # "7 year old" is in the text
    assert messages == []


def test_removing_an_indicator_updates_the_lists() -> None:
    _, events = run(ValidateThresholdForm(), "threshold_remove_indicator.json")
    assert slots(events)["indicators_removed"] == ["l2_school_absence"]
    assert slots(events)["indicator_browse"] is None


def test_result_gives_level_reasons_and_asks_for_agreement() -> None:
    messages, events = run(ActionThresholdResult(), "threshold_complete.json")
    assert messages[0]["text"].startswith("Recommended level: 3")
    assert messages[1]["response"] == "utter_ask_agree_level" and messages[1]["recommended_level"] == 3
    assert SlotSet("recommended_level", "3") in events


def test_cancel_clears_everything_it_gathered() -> None:
    messages, events = run(ActionCancelThreshold(), "threshold_complete.json")
    assert messages[0]["response"] == "utter_threshold_cancelled"
    assert ActiveLoop(None) in events
    cleared = slots(events)
    assert cleared["concern_text"] is None and cleared["consent"] is None


@pytest.mark.parametrize(
    ("moment", "door"),
    [
        ("2026-11-27T16:50:00+00:00", "emergency duty team"),  # Friday 16:50: the front door closed at 16:45
        ("2026-11-27T16:40:00+00:00", "MASH (front door), professionals' line"),  # Friday 16:40: still open
    ],
)
def test_who_to_call_right_now_on_a_friday_afternoon(monkeypatch: pytest.MonkeyPatch, moment: str, door: str) -> None:
    monkeypatch.setenv("PRACTICE_NOW", moment)
    messages, _ = run(ActionShowContacts(), "who_to_call_now.json")
    lines = messages[0]["text"].splitlines()
    assert "999" in lines[1] and door in lines[2]


def _answered(slot: str, said: str, failed: str | None) -> Tracker:
    """A decision form that asked for `slot` and has just been told `said`."""
    events = [{"event": "user", "text": said, "parse_data": {"intent": {"name": "inform"}, "entities": []}},
              {"event": "slot", "name": slot, "value": said}]  # fmt: skip
    return Tracker(
        "demo-worker", {"requested_slot": slot, "failed_answers": failed, slot: said},
        {"text": said, "intent": {"name": "inform"}, "entities": []}, events, False, None,
        {"name": "decision_form"}, "action_listen",
    )  # fmt: skip


def _validate(tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateDecisionForm().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, slots(events)


def test_after_two_unusable_answers_to_one_question_the_ways_on_are_buttons() -> None:
    first, set_first = _validate(_answered("case_ref", "the Smith case", None))
    assert set_first == {"case_ref": None, "failed_answers": "case_ref:1"}
    assert not [m for m in first if m.get("buttons")]  # the first time, the question is explained again
    second, set_second = _validate(_answered("case_ref", "smith again", "case_ref:1"))
    assert set_second["failed_answers"] == "case_ref:2"
    offered = [b["title"] for m in second for b in m.get("buttons") or []]
    assert offered == ["Leave it", "What can you do?"] and "twice" in second[-1]["text"]
    _, kept = _validate(_answered("case_ref", "1234567", "case_ref:2"))
    assert kept == {"case_ref": "1234567", "failed_answers": None}  # a usable answer starts the count again
    _, other = _validate(_answered("rationale", "too short", "case_ref:2"))
    assert other["failed_answers"] == "rationale:1"  # another question counts from one


def test_the_action_server_registers_every_action_the_domain_names_and_nothing_else() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")  # what the action server does at start-up; a half-built class fails here
    custom = {a for a in DOMAIN["actions"] if a.startswith(("action_", "validate_"))}
    assert custom <= set(executor.actions)
    assert set(executor.actions) - custom <= {"action_listen"} | set(DOMAIN["actions"])


def _asked_next_step(said: str, intent: str) -> Tracker:
    """A practice scenario waiting for the next step, told `said` (which the classifier read as `intent`)."""
    message = {"text": said, "intent": {"name": intent}, "entities": []}
    return Tracker(
        "demo-nqsw", {"requested_slot": "practice_next_step", "practice_scenario": "neglect_hungry_same_clothes",
                      "practice_answer": "Level 2: hungry and in the same clothes"},
        message, [{"event": "user", "text": said, "parse_data": message}], False, None, {"name": "practice_form"},
        "action_listen",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("said", "intent", "kept"),
    [
        ("refer to the MASH for an assessment", "ask_procedure", True),  # a statement: the answer
        ("an early help assessment with mum's agreement", "ask_glossary", True),
        ("how do I refer to the MASH?", "ask_procedure", False),  # a question: the form pauses to answer it
        ("what does EHA mean", "ask_glossary", False),
        ("the nursery worker slapped him", "ask_escalation", False),  # an allegation still goes to its route
    ],
)
def test_a_statement_read_as_a_question_is_the_answer_to_a_free_text_question(
    said: str, intent: str, kept: bool
) -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidatePracticeForm().run(dispatcher, _asked_next_step(said, intent), DOMAIN))
    assert (slots(events).get("practice_next_step") == said) is kept
