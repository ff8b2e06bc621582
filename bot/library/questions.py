"""Which procedure a question is about, learned from the council's example questions per procedure.

BM25 finds the procedure whose words the question shares; practitioners often share none of them
("mum's ex is back and she's scared, what happens now"). A classifier over word and character n-grams,
trained from `procedure_questions.yml` and each procedure's title and tags, carries across that wording;
the index blends its probabilities with the BM25 scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.text.features import TextFeatures

SEED = 2024


class QuestionModel:
    """Probability of each procedure for a question (multinomial logistic regression)."""

    def __init__(self, examples: Mapping[str, Sequence[str]], order: Sequence[str], c: float = 2.0) -> None:
        rows = [text for pid in order for text in examples.get(pid, ())]
        owners = [pid for pid in order for _ in examples.get(pid, ())]
        self._order = list(order)
        self._features = TextFeatures()
        self._model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
        self._model.fit(self._features.fit(rows), owners)
        # The classifier's columns, in the index's procedure order (0 for a procedure with no examples).
        column = {pid: n for n, pid in enumerate(self._model.classes_)}
        self._columns = np.array([column.get(pid, -1) for pid in self._order])

    def probabilities(self, question: str) -> np.ndarray:
        """One probability per procedure, in the order the model was given."""
        found = self._model.predict_proba(self._features.transform([question]))[0]
        return np.where(self._columns >= 0, found[np.maximum(self._columns, 0)], 0.0)
