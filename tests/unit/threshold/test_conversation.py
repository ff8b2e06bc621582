"""The threshold conversation's use cases: description, danger, review, recommendation, decision."""

from __future__ import annotations

from bot.loading import Council
from bot.threshold import conversation
from bot.threshold.engine import ThresholdEngine
from tests.conftest import WEEKDAY_MORNING


def test_a_description_with_indicators_is_accepted(engine: ThresholdEngine, council: Council) -> None:
    text = "Year 5 boy often comes in hungry and his attendance has dropped to 80 percent this term."
    updates, reply = conversation.read_description(engine, council.profile, None, text, WEEKDAY_MORNING)
    assert updates == {"concern_text": text, "concern_draft": None} and reply is None


def test_too_short_a_description_is_asked_again(engine: ThresholdEngine, council: Council) -> None:
    updates, reply = conversation.read_description(engine, council.profile, None, "hungry", WEEKDAY_MORNING)
    assert updates == {"concern_text": None} and reply is not None and "sentence or two" in reply.text


def test_nothing_recognised_keeps_the_words_and_asks_for_more(engine: ThresholdEngine, council: Council) -> None:
    text = "I had a chat with the family about the weekend plans"
    updates, reply = conversation.read_description(engine, council.profile, "earlier words", text, WEEKDAY_MORNING)
    assert updates["concern_text"] is None and updates["concern_draft"] == f"earlier words {text}"
    assert reply is not None and reply.response == "utter_no_indicators_found"


def test_a_yes_to_danger_now_gets_999_first(council: Council) -> None:
    reply = conversation.danger_answer(council.profile, "yes", WEEKDAY_MORNING)
    assert reply is not None and reply.text.startswith("A child in immediate danger comes first. Call 999")
    assert conversation.danger_answer(council.profile, "no", WEEKDAY_MORNING) is None


def test_the_recommendation_remembers_its_level_and_asks_for_agreement(engine: ThresholdEngine) -> None:
    slots = {"concern_text": "4 month old baby with a bruise on her cheek, not yet mobile", "danger_now": "no"}
    reply = conversation.recommendation(engine, slots, WEEKDAY_MORNING)
    messages = list(reply.messages())
    assert messages[0].text.startswith("Recommended level: 4")
    assert messages[1].response == "utter_ask_agree_level" and messages[1].values == {"recommended_level": 4}
    assert reply.slots()["recommended_level"] == "4" and "bruise" in reply.slots()["threshold_summary"]


def test_the_indicator_review_offers_to_confirm_remove_or_add(engine: ThresholdEngine) -> None:
    reply = conversation.indicator_review(
        engine, {"concern_text": "baby has a bruise, not yet crawling"}, WEEKDAY_MORNING
    )
    assert [c.title for c in reply.choices] == ["Looks right", "Remove one", "Add one"]


def test_a_disagreement_is_noted_in_the_workers_words() -> None:
    slots = {"recommended_level": "3", "chosen_level": "2", "disagreement_reason": "family engaging well with EHA"}
    reply = conversation.decision(slots)
    assert "Level 2, not the recommended Level 3" in reply.text
    assert reply.slots() == {"chosen_level": "2", "decision_kind": "threshold"}


def test_a_child_whose_needs_are_met_goes_on_to_the_review(engine: ThresholdEngine, council: Council) -> None:
    text = "Visited the 3 year old today: happy, well cared for, no concerns at all."
    updates, reply = conversation.read_description(engine, council.profile, None, text, WEEKDAY_MORNING)
    assert updates == {"concern_text": text, "concern_draft": None} and reply is None
