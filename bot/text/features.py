"""The features both text classifiers read: word 1-2-grams and character 3-5-grams, TF-IDF weighted."""

from __future__ import annotations

from collections.abc import Sequence

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.text.clauses import normalise


class TextFeatures:
    """Word n-grams carry the meaning; character n-grams carry typos ("bruse", "neglact") across."""

    def __init__(self, char_min_df: int = 1) -> None:
        self._words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, preprocessor=normalise)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=char_min_df, preprocessor=normalise
        )

    def fit(self, rows: Sequence[str]) -> sparse.csr_matrix:
        """Learn the vocabulary from training rows and return their features."""
        return sparse.hstack([self._words.fit_transform(rows), self._chars.fit_transform(rows)]).tocsr()

    def transform(self, pieces: Sequence[str]) -> sparse.csr_matrix:
        """The features of new text, in the learned vocabulary."""
        return sparse.hstack([self._words.transform(pieces), self._chars.transform(pieces)]).tocsr()
