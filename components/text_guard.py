"""An NLU step that turns messages with no words, or not in English, into a clear fallback."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import nlp
from bot.config import council_from_env, settings_from_env
from bot.language import EnglishCheck


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TextGuard(GraphComponent):
    """Marks emoji-only and non-English messages as nlu_fallback, with the reason."""

    def __init__(self, check: EnglishCheck) -> None:
        self._check = check

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextGuard:
        """Load the shared pipeline, whose lemma table is the English word list."""
        path = nlp.ensure_built(council_from_env(), settings_from_env().var_dir / "nlp")
        return cls(EnglishCheck(nlp.load(path)))

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the intent of messages there is nothing to understand in."""
        for message in messages:
            verdict = self._check.verdict(message.get(TEXT) or "")
            if verdict is None:
                continue
            intent = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set("text_guard", verdict, add_to_output=True)
        return messages
