"""Is there anything to understand? Messages with no words, or not in English, are told so."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

MIN_WORDS_TO_JUDGE = 3
MIN_KNOWN_SHARE = 0.4


class EnglishCheck:
    """Judges whether a message has words, and whether most of them are English."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        table = nlp.get_pipe("practice_lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
        self._table = table
        self._lemmas = {str(v).lower() for v in table.values()}

    def _known(self, word: str) -> bool:
        lower = word.lower()
        # Acronyms (MASH, CSE, DSL) are practice words even when no dictionary has them.
        return word.isupper() or lower in STOP_WORDS or lower in self._lemmas or lower in self._table

    def tokens(self, text: str) -> Doc:
        """The text through the shared pipeline (for lemmas)."""
        return self._nlp(text)

    def verdict(self, text: str) -> str | None:
        """'no_words', 'not_english', or None when the message looks like English."""
        words = [t.text for t in self._nlp.make_doc(text) if t.is_alpha]
        if not words:
            return "no_words"
        judged = [w for w in words if len(w) > 1]
        if len(judged) < MIN_WORDS_TO_JUDGE:
            return None
        known = sum(self._known(w) for w in judged)
        return "not_english" if known / len(judged) < MIN_KNOWN_SHARE else None


def gate_allows(keywords: Iterable[str], lemmas: Iterable[str]) -> bool:
    """True when a message has at least one of an intent's keywords (compared as lemmas)."""
    return bool(set(keywords) & set(lemmas))
