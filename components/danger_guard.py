"""An NLU step that makes a message about a child in danger now win over any other intent."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.app.bootstrap import rasa_root
from bot.text.danger import CHAT_AT, DangerDetector

DANGER_INTENT = "immediate_danger"


def override_intent(message: Message, name: str, entities: list[dict[str, Any]] | None = None) -> None:
    """Make `name` the message's intent at full confidence, first in the ranking, with any entities added."""
    intent = {"name": name, "confidence": 1.0}
    others = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
    if entities:
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), *entities], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DangerGuard(GraphComponent):
    """Sets the intent to immediate_danger when a council danger phrase is found, unnegated."""

    def __init__(self, detector: DangerDetector) -> None:
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerGuard:
        """Load the council's danger phrases and the shared pipeline."""
        return cls(rasa_root().danger)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The danger phrases are council data outside the graph."""
        return rasa_root().council.danger.json()

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of every message that names a danger now."""
        for message in messages:
            hit = self._detector.find(message.get(TEXT) or "", CHAT_AT)
            if hit is None:
                continue
            override_intent(message, DANGER_INTENT)
            message.set("danger_words", hit.words, add_to_output=True)
        return messages
