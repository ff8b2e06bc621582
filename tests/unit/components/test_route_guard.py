"""The routing guard overrides the classifier for allegations and urgent requests, and leaves buttons alone."""

from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.danger_guard import override_intent
from components.route_guard import RouteGuard


def _message(text: str) -> Message:
    guessed = [{"name": "ask_procedure", "confidence": 0.7}, {"name": "ask_escalation", "confidence": 0.2}]
    return Message(data={TEXT: text, INTENT: guessed[0], INTENT_RANKING_KEY: guessed, ENTITIES: []})


def test_override_puts_the_intent_first_at_full_confidence() -> None:
    message = _message("anything")
    override_intent(message, "ask_escalation", [{"entity": "situation", "value": "allegation"}])
    assert message.get(INTENT) == {"name": "ask_escalation", "confidence": 1.0}
    assert [i["name"] for i in message.get(INTENT_RANKING_KEY)] == ["ask_escalation", "ask_procedure"]
    assert message.get(ENTITIES) == [{"entity": "situation", "value": "allegation"}]


def test_an_allegation_goes_to_the_designated_officer_route() -> None:
    (message,) = RouteGuard().process([_message("a foster carer slapped the child she looks after")])
    assert message.get(INTENT)["name"] == "ask_escalation"
    assert {"entity": "situation", "value": "allegation", "extractor": "RouteGuard"} in message.get(ENTITIES)


def test_an_urgent_request_goes_to_the_contacts_and_buttons_are_left_alone() -> None:
    urgent, button = RouteGuard().process(
        [_message("it's 11pm and I need social care urgently"), _message("/ask_procedure")]
    )
    assert urgent.get(INTENT)["name"] == "ask_contact" and urgent.get(ENTITIES) == []
    assert button.get(INTENT)["name"] == "ask_procedure"
