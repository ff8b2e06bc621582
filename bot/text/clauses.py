"""Cutting free text into sentences and clauses, and the one normal form the classifiers see."""

from __future__ import annotations

import re

# A sentence ends at . ! ? ; or a line break; a clause also at ", but", " but ", " and then ", " also ".
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSES = re.compile(r",?\s+(?:but|however|although|though|whereas|and then|also|plus)\s+|;\s*|\s+-\s+", re.I)
MIN_CLAUSE_WORDS = 3


def clauses(text: str) -> list[str]:
    """The sentences of a text and, within long ones, their clauses (each at least three words)."""
    found: list[str] = []
    for sentence in (s.strip() for s in _SENTENCES.split(text) if s.strip()):
        pieces = [p.strip(" ,") for p in _CLAUSES.split(sentence) if p.strip(" ,")]
        for piece in [sentence, *pieces] if len(pieces) > 1 else [sentence]:
            if len(piece.split()) >= MIN_CLAUSE_WORDS and piece not in found:
                found.append(piece)
    return found or ([text.strip()] if text.strip() else [])


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped: phones type curly ones, and "couldn't" and "couldnt" should look alike."""
    return text.lower().replace("\u2019", "'").replace("'", "")
