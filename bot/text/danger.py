"""Spotting a child in danger now, from the council's danger phrases, with negation."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from bot.text.matching import Found, PhraseIndex


class DangerDetector:
    """Finds the council's danger phrases in text, skipping negated ones."""

    def __init__(self, nlp: Language, phrases: Iterable[str]) -> None:
        self._index = PhraseIndex(nlp, (("danger", phrase) for phrase in phrases))

    def find(self, text: str) -> Found | None:
        """The first danger phrase that is not negated, or None."""
        return next((f for f in self._index.find(self._index.doc(text)) if not f.negated), None)
