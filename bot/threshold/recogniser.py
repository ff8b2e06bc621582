"""Recognising indicators in practitioners' own words: a classifier per indicator over word and
character n-grams, trained at start-up from the council's paraphrase corpus, applied clause by clause.

The phrase patterns stay; this finds what they miss ("mum couldnt explain the marks on his legs").
Each indicator is a logistic regression against every other indicator's descriptions and its own
near misses; another indicator's near misses are left out of its training (a near miss of one can
be a good example of another). A description is scored sentence by sentence and clause by clause,
so the words that carried an indicator can be quoted back.

Beside the indicators, one multinomial model reads the level a clause sounds like (0 for a near miss):
a level has thirty or more times the examples of one indicator, so it carries across wording that no
single indicator's model is sure of.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn.linear_model import LogisticRegression

from bot.text.clauses import clauses
from bot.text.features import TextFeatures
from bot.threshold.data import Indicator, Paraphrases

SEED = 2024
# Bump when the way the recogniser is built changes, so saved ones are not reused.
BUILD = "5"


@dataclass(frozen=True)
class Hit:
    """An indicator the classifier sees in a stretch of the text, with its probability."""

    indicator: str
    probability: float
    words: str


@dataclass(frozen=True)
class Reading:
    """The level a stretch of the text reads most like, with its probability."""

    level: int
    probability: float
    words: str


# A clause shorter than this is never given a level reading on its own ("mum said", "no concerns").
READING_MIN_WORDS = 5


class Recogniser:
    """Per-indicator probabilities for each clause of a description."""

    def __init__(
        self,
        indicators: Iterable[Indicator],
        corpus: Mapping[str, Paraphrases],
        *,
        c: float = 4.0,
        positive_weight: float = 8.0,
        other_near: float = 0.3,
        background: Sequence[str] = (),
    ) -> None:
        rows: list[str] = []
        owner: list[str] = []
        near: list[bool] = []
        levels: list[int] = []
        for indicator in indicators:
            entry = corpus.get(indicator.id)
            says = [*(entry.say if entry else []), *indicator.examples, *indicator.phrases, indicator.wording]
            rows += says
            owner += [indicator.id] * len(says)
            near += [False] * len(says)
            levels += [1 if indicator.strength else indicator.level] * len(says)
            nots = entry.not_ if entry else []
            rows += nots
            owner += [indicator.id] * len(nots)
            near += [True] * len(nots)
            levels += [0] * len(nots)
        self.ids = sorted(set(owner))
        self._features = TextFeatures(char_min_df=2)
        # Messages that say nothing about a child ("can we talk about Tuesday's case") teach the level
        # reading what is no case at all; the indicators' own models never see them.
        every = self._features.fit([*rows, *background])
        features = every[: len(rows)]
        owners, nears = np.array(owner), np.array(near)
        weights, biases = [], []
        for key in self.ids:
            mine = owners == key
            target = (mine & ~nears).astype(int)
            # Another indicator's near misses are mostly ordinary sentences ("no injuries noted"), but a
            # few describe a neighbouring indicator well: they count against this one only lightly.
            weight = np.where(nears & ~mine, other_near, 1.0)
            keep = weight > 0
            model = LogisticRegression(
                C=c, class_weight={0: 1.0, 1: positive_weight}, solver="liblinear", random_state=SEED
            )
            model.fit(features[keep], target[keep], sample_weight=weight[keep])
            weights.append(model.coef_[0])
            biases.append(model.intercept_[0])
        # C order once here: a transposed view makes scipy copy the whole matrix on every product
        # (about 40 ms of a 60 ms assess on a 300-word description).
        self._weights = np.ascontiguousarray(np.vstack(weights).T)
        self._biases = np.array(biases)
        # A corpus of one level only (a council starting small) has nothing to tell apart: no reading.
        self._levels: LogisticRegression | None = None
        if len(set(levels)) > 1:
            self._levels = LogisticRegression(C=c, class_weight="balanced", max_iter=1000, random_state=SEED)
            self._levels.fit(every, np.array([*levels, *[0] * len(background)]))

    def probabilities(self, pieces: list[str]) -> np.ndarray:
        """A (pieces x indicators) matrix of probabilities."""
        if not pieces:
            return np.zeros((0, len(self.ids)))
        features = self._features.transform(pieces)
        return 1.0 / (1.0 + np.exp(-(features @ self._weights + self._biases)))

    def hits(self, text: str, floor: float) -> list[Hit]:
        """The best clause for every indicator scoring at least `floor`, most probable first."""
        pieces = clauses(text)
        probs = self.probabilities(pieces)
        found = []
        for column, key in enumerate(self.ids):
            if probs.shape[0] == 0:
                break
            row = int(np.argmax(probs[:, column]))
            if probs[row, column] >= floor:
                found.append(Hit(key, float(probs[row, column]), pieces[row]))
        return sorted(found, key=lambda h: -h.probability)

    def reading(self, text: str, floor: float, level_one: float = 1.0) -> Reading | None:
        """The highest level a clause reads as with at least `floor` (`level_one` for Level 1); never a near miss."""
        pieces = [p for p in clauses(text) if len(p.split()) >= READING_MIN_WORDS]
        if not pieces or self._levels is None:
            return None
        probs = self._levels.predict_proba(self._features.transform(pieces))
        best: Reading | None = None
        for row, piece in zip(probs, pieces, strict=True):
            column = int(np.argmax(row))
            level, probability = int(self._levels.classes_[column]), float(row[column])
            if level == 0 or probability < (level_one if level == 1 else floor):
                continue
            if best is None or (level, probability) > (best.level, best.probability):
                best = Reading(level, probability, piece)
        return best


def fingerprint(
    indicators: Iterable[Indicator], corpus: Mapping[str, Paraphrases], background: Sequence[str] = ()
) -> str:
    """A hash of everything the recogniser learns from (and of how it learns)."""
    digest = hashlib.sha256(f"recogniser {BUILD} {sklearn_version}".encode())
    digest.update(json.dumps(list(background)).encode())
    for indicator in indicators:
        digest.update(json.dumps([indicator.id, indicator.wording, indicator.examples, indicator.phrases]).encode())
    for key in sorted(corpus):
        digest.update(json.dumps([key, corpus[key].say, corpus[key].not_]).encode())
    return digest.hexdigest()[:16]


# The same inputs always give the same recogniser, and it is never changed once trained: a process that builds
# several roots (the CLI, the test suite) trains or loads it once.
_BUILT: dict[str, Recogniser] = {}


def load_or_train(
    indicators: list[Indicator], corpus: Mapping[str, Paraphrases], folder: Path, background: Sequence[str] = ()
) -> Recogniser:
    """The trained recogniser for these inputs from `folder`, training and saving it the first time."""
    key = fingerprint(indicators, corpus, background)
    target = folder / f"recogniser-{key}.joblib"
    if key in _BUILT:
        if not target.is_file():
            _save(_BUILT[key], target)
        return _BUILT[key]
    _BUILT[key] = _load_or_train(indicators, corpus, target, background)
    return _BUILT[key]


def _save(built: Recogniser, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # A file of this process's own: `make test` trains Rasa and runs the unit tests side by side.
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    joblib.dump(built, tmp)
    tmp.replace(target)


def _load_or_train(
    indicators: list[Indicator], corpus: Mapping[str, Paraphrases], target: Path, background: Sequence[str]
) -> Recogniser:
    if target.is_file():
        try:
            loaded = joblib.load(target)
            if isinstance(loaded, Recogniser):
                return loaded
        except Exception:
            target.unlink(missing_ok=True)  # a half-written or foreign file is rebuilt, never trusted
    built = Recogniser(indicators, corpus, background=background)
    _save(built, target)
    return built
