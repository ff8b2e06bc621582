"""The shared reply vocabulary: one Reply shape, followers, slots to remember and payloads."""

from __future__ import annotations

import pytest

from bot.dialogue import (
    FORM_TITLES,
    Choice,
    Reply,
    all_sources,
    asks,
    cite,
    payload,
    respond,
    say,
    split_sources,
    stuck,
)


def test_payload_sets_an_intent_and_entities_without_nlu() -> None:
    assert payload("affirm") == "/affirm"
    assert payload("open_decision", decision_id="7") == '/open_decision{"decision_id":"7"}'


def test_followers_are_sent_in_order_and_none_is_skipped() -> None:
    reply = say("first", Choice("Yes", "/affirm")).followed_by(None, respond("utter_offer_log"), Reply("last"))
    messages = list(reply.messages())
    assert [m.text or m.response for m in messages] == ["first", "utter_offer_log", "last"]
    assert messages[0].choices == (Choice("Yes", "/affirm"),)
    assert all(not m.then for m in messages)


def test_slots_from_every_message_later_ones_winning() -> None:
    reply = Reply("a", remember={"x": 1, "y": 1}).followed_by(Reply("b", remember={"y": 2}))
    assert reply.slots() == {"x": 1, "y": 2}


def test_a_response_carries_its_template_values() -> None:
    reply = respond("utter_ask_agree_level", recommended_level=3)
    assert (reply.response, dict(reply.values), reply.text) == ("utter_ask_agree_level", {"recommended_level": 3}, "")


def test_sources_are_split_once_each_and_the_main_two_cited() -> None:
    sources = split_sources("A (a.org); B (b.org)", "B (b.org); C (c.org)")
    assert sources == ["A (a.org)", "B (b.org)", "C (c.org)"]
    assert (
        cite(sources, "Reviewed today.")
        == 'Main sources: A (a.org); B (b.org) (1 more: say "all sources"). Reviewed today.'
    )
    assert cite(sources[:1], "Reviewed today.") == "Source: A (a.org). Reviewed today."


def test_all_sources_lists_every_one_or_says_there_is_none_yet() -> None:
    assert all_sources(["A", "B"]).text == "All the sources of my last answer:\n- A\n- B"
    assert "haven't given an answer with sources" in all_sources(None).text


@pytest.mark.parametrize(
    "said",
    ["what does ICPC mean", "How do I refer to the MASH?", "LADO?", "who do I call out of hours", "tell me about EHA"],
)
def test_questions_are_told_from_statements(said: str) -> None:
    assert asks(said)


@pytest.mark.parametrize(
    "said", ["refer to the MASH for an assessment", "an early help assessment with mum's agreement", "call the LADO"]
)
def test_statements_are_not_questions(said: str) -> None:
    assert not asks(said)


def test_after_two_unusable_answers_the_form_offers_to_leave_or_the_menu() -> None:
    reply = stuck("decision_form")
    assert "twice" in reply.text and f"leave {FORM_TITLES['decision_form']}" in reply.text
    assert [c.payload for c in reply.choices] == ["/cancel", "/help"]
