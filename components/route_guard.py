"""An NLU step that sends an allegation about someone who works with children to the Designated Officer route,
and an urgent request to the contacts for this moment, whatever the classifier guessed."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.practice.routing import is_allegation, is_urgent_request
from components.danger_guard import override_intent

ALLEGATION_INTENT = "ask_escalation"
URGENT_INTENT = "ask_contact"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RouteGuard(GraphComponent):
    """Overrides the intent for allegations against staff and urgent requests (danger still outranks both)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RouteGuard:
        """No state: the patterns are code."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Route each typed message that names an allegation or an urgent need (buttons are left alone)."""
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            if is_allegation(text):
                situation = {"entity": "situation", "value": "allegation", "extractor": "RouteGuard"}
                override_intent(message, ALLEGATION_INTENT, [situation])
            elif is_urgent_request(text):
                override_intent(message, URGENT_INTENT)
        return messages
