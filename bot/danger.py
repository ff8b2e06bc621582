"""Spotting a child in danger now, from the council's danger phrases, with negation."""

from __future__ import annotations

from spacy.language import Language

from bot.council import DangerPhrases
from bot.matching import Found, PhraseIndex


class DangerDetector:
    """Finds the council's danger phrases in text, skipping negated ones."""

    def __init__(self, nlp: Language, data: DangerPhrases) -> None:
        self._index = PhraseIndex(nlp, (("danger", phrase) for phrase in data.phrases))

    def find(self, text: str) -> Found | None:
        """The first danger phrase that is not negated, or None."""
        return next((f for f in self._index.find(self._index.doc(text)) if not f.negated), None)
