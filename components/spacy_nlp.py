"""Rasa's SpacyNLP, fed by the project's own pipeline built from council data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

from bot.app.bootstrap import rasa_root
from bot.council.contacts import contact_names
from bot.text import nlp


# The class keeps Rasa's name on purpose: Rasa finds the model provider of SpacyTokenizer and
# SpacyEntityExtractor by the class name "SpacyNLP".
@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Provides the council's spaCy pipeline, rebuilt and retrained when council data changes."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        """Build (if needed) and load the pipeline for the council in the environment."""
        pipeline = rasa_root().pipeline
        model = SpacyModel(model=pipeline, model_name=Path(str(pipeline.path)).name)
        cls.ensure_proper_language_model(model.model)
        return cls(model, {**cls.get_default_config(), **config})

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The pipeline's input hash, so a change of council data retrains the model."""
        return nlp.fingerprint(contact_names(rasa_root().council.profile))
