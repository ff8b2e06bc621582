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

from bot.app.bootstrap import rasa_root
from bot.text.language import EnglishCheck, gate_allows


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TextGuard(GraphComponent):
    """Marks emoji-only and non-English messages as nlu_fallback, with the reason.

    It also gates intents that throw work away (cancel): they stand only when the message has
    one of their keywords, so a stray word answering a question is never read as "cancel".
    """

    def __init__(self, check: EnglishCheck, gated: dict[str, list[str]], threshold: float) -> None:
        self._check = check
        self._gated = gated
        self._threshold = threshold

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No gated intents unless config.yml names them; the runner-up must be this confident."""
        return {"gated_intents": {}, "fallback_threshold": 0.45}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextGuard:
        """Load the shared pipeline, whose lemma table is the English word list."""
        pipeline = rasa_root().pipeline
        settings = {**cls.get_default_config(), **config}
        return cls(EnglishCheck(pipeline), settings["gated_intents"], float(settings["fallback_threshold"]))

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the intent of messages there is nothing to understand in."""
        for message in messages:
            verdict = self._check.verdict(message.get(TEXT) or "")
            if verdict is None:
                self._gate(message)
                continue
            intent = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            message.set("text_guard", verdict, add_to_output=True)
        return messages

    def _gate(self, message: Message) -> None:
        intent = str((message.get(INTENT) or {}).get("name"))
        keywords = self._gated.get(intent)
        if keywords is None:
            return
        lemmas = [t.lemma_ for t in self._check.tokens(message.get(TEXT) or "")]
        if gate_allows(keywords, lemmas):
            return
        ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") not in self._gated]
        if not ranking or float(ranking[0].get("confidence", 0.0)) < self._threshold:
            # The runner-up is a guess: better to ask the worker to rephrase.
            ranking = [{"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}, *ranking]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
