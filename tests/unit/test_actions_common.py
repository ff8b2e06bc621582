"""The one helper that turns a Reply into dispatcher calls and slot events."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send
from bot.dialogue import Choice, Reply, respond


def test_send_utters_every_message_with_its_buttons_and_returns_the_slots() -> None:
    dispatcher = CollectingDispatcher()
    reply = Reply("Saved.", (Choice("Open", "/open_decision"),), {"decision_kind": None}).followed_by(
        respond("utter_offer_log", level=3)
    )
    events = send(dispatcher, reply)
    assert dispatcher.messages[0]["text"] == "Saved."
    assert dispatcher.messages[0]["buttons"] == [{"title": "Open", "payload": "/open_decision"}]
    assert dispatcher.messages[1]["response"] == "utter_offer_log" and dispatcher.messages[1]["level"] == 3
    assert events == [SlotSet("decision_kind", None)]


def test_send_of_nothing_sends_nothing() -> None:
    dispatcher = CollectingDispatcher()
    assert send(dispatcher, None) == [] and dispatcher.messages == []
