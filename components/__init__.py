"""Rasa graph components: thin adapters from Rasa's NLU pipeline to `bot`."""

from __future__ import annotations

from spacy.language import Language

from bot import nlp
from bot.config import Council, council_from_env, settings_from_env


def council_pipeline() -> tuple[Council, Language]:
    """The council named by the environment and its spaCy pipeline (built once, shared in-process)."""
    council = council_from_env()
    return council, nlp.load(nlp.ensure_built(council, settings_from_env().var_dir / "nlp"))
