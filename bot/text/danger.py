"""The one danger detector: is a child in danger right now? Read from the council's danger phrases
(with negation) and from a classifier trained on the council's danger-now examples.

The same detector serves `assess`, the threshold form and the NLU danger guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from spacy.language import Language

from bot.text.clauses import clauses
from bot.text.features import TextFeatures
from bot.text.matching import PhraseIndex

SEED = 2024
# Tuned on the development set (tests/threshold_eval/dev.yml) and on the NLU training messages,
# never on a held-out set: very high recall first, then as few false alarms as that allows.
DANGER_AT = 0.4
# Weak regularisation: with 0.4 kept as the bar, C=16 halved the development set's false alarms
# against C=4 and missed no more emergencies (bench/README.md, "Danger detector").
DANGER_C = 16.0
# Chat messages are shorter and vaguer than case notes ("get me out of this"): the NLU guard asks
# the same detector for more certainty before it overrules the intent (the DIET classifier's own
# immediate_danger intent still catches danger said briefly).
CHAT_AT = 0.6
# Descriptions of need in general (the recogniser's corpus) count against "now", but lightly:
# a few of them do describe a child in danger at this moment.
BACKGROUND_WEIGHT = 0.3
# A clause shorter than this is never read as danger by the model ("right", "stop the form").
MIN_WORDS = 5
# Said in so many words that no child is in danger now: the model never overrules that.
SAFE_NOW = re.compile(
    r"(?:\bnot|n't|\bno|\bnever)\s+(?:\w+\s+){0,4}(?:danger|unsafe)\b|\b(?:is|are)\s+safe\s+now\b",
    re.I,
)
# A clause that says the child is safe ("she's at her aunt's tonight and safe", "found safe and well")
# is not read as danger by the model; "not safe", "doesn't feel safe" and "unsafe" are not this.
_SAFE = re.compile(r"\bsafe(?:ly)?\b", re.I)
_UNSAFE = re.compile(r"(?:\bnot|n'?t|\bnever|\bno longer|\bun)\s*(?:\w+\s+){0,2}safe", re.I)


def says_safe(clause: str) -> bool:
    """True when a clause says someone is safe, without negating it."""
    return bool(_SAFE.search(clause)) and not _UNSAFE.search(clause)


@dataclass(frozen=True)
class Danger:
    """Why the text reads as danger now: the words that carried it, and how sure the reading is."""

    words: str
    probability: float
    how: str  # phrase | model


class DangerModel:
    """A classifier of 'a child is in danger now' over word and character n-grams, clause by clause."""

    def __init__(self, now: list[str], not_now: list[str], background: Sequence[str] = (), c: float = DANGER_C) -> None:
        rows = [*now, *not_now, *background]
        target = np.array([1] * len(now) + [0] * (len(not_now) + len(background)))
        weight = np.array([1.0] * (len(now) + len(not_now)) + [BACKGROUND_WEIGHT] * len(background))
        self._features = TextFeatures()
        features = self._features.fit(rows)
        self._model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=SEED)
        self._model.fit(features, target, sample_weight=weight)

    def best(self, text: str) -> tuple[float, str]:
        """The probability of danger now of the most alarming clause, and that clause."""
        pieces = [p for p in clauses(text) if len(p.split()) >= MIN_WORDS and not says_safe(p)]
        if not pieces:
            return 0.0, ""
        features = self._features.transform(pieces)
        probs = self._model.predict_proba(features)[:, 1]
        row = int(np.argmax(probs))
        return float(probs[row]), pieces[row]


class DangerDetector:
    """Finds the council's danger phrases (skipping negated ones) and, with examples, danger in any words."""

    def __init__(
        self, nlp: Language, phrases: Iterable[str], model: DangerModel | None = None, at: float = DANGER_AT
    ) -> None:
        self._index = PhraseIndex(nlp, (("danger", phrase) for phrase in phrases))
        self._model = model
        self.at = at

    def find(self, text: str, at: float | None = None) -> Danger | None:
        """Why the text reads as a child in danger now, or None (`at`: the model's bar, if not the default)."""
        found = self._index.find(self._index.doc(text))
        phrase = next((f for f in found if not f.negated), None)
        if phrase is not None:
            return Danger(phrase.words, 1.0, "phrase")
        if self._model is None or found or SAFE_NOW.search(text):
            return None  # "not in immediate danger" said in so many words: the model does not overrule it
        probability, words = self._model.best(text)
        return Danger(words, probability, "model") if probability >= (self.at if at is None else at) else None
