"""Finding practitioners' phrases in free text by lemma, with negation and clause scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

# Auxiliaries and time words are matched as typed, so "being beaten" (now) does not match
# "was beaten" (then); every other word matches any of its forms through its lemma.
LITERAL_WORDS = frozenset({"being", "is", "are", "was", "were", "has", "have", "had", "now", "tonight"})
NEGATIONS = frozenset(
    {"no", "not", "n't", "never", "without", "deny", "denies", "denied", "nobody", "none", "nor", "neither"}
)
# A negation reaches forward at most this many tokens, and never past a clause break.
NEGATION_WINDOW = 5
CLAUSE_BREAKS = frozenset({".", "!", "?", ";", ",", ":", "but", "however", "although", "though", "yet", "whereas"})
# A negation that reaches the phrase through one of these negates the explanation, not the thing:
# "no explanation for the bruising", "mum could not explain the bruise", "no one knows how he got it".
EXPLANATION_WORDS = frozenset({"explain", "explanation", "account", "idea", "how", "why", "reason", "sure", "say"})


@dataclass(frozen=True)
class Found:
    """A phrase found in text: its key, the words as typed, and whether it was negated."""

    key: str
    words: str
    start: int
    end: int
    negated: bool


class PhraseIndex:
    """Matches many phrases, each under a key, in one pass over a text."""

    def __init__(self, nlp: Language, phrases: Iterable[tuple[str, str]]) -> None:
        self._nlp = nlp
        self._matcher = Matcher(nlp.vocab)
        by_key: dict[str, list[list[dict[str, str]]]] = {}
        texts = list(phrases)
        for (key, _), doc in zip(texts, nlp.pipe(text for _, text in texts), strict=True):
            pattern = _pattern(doc)
            if pattern:
                by_key.setdefault(key, []).append(pattern)
        for key, patterns in by_key.items():
            self._matcher.add(key, patterns)

    def doc(self, text: str) -> Doc:
        """The processed text (callers that search several indexes can share it)."""
        return self._nlp(text)

    def find(self, doc: Doc) -> list[Found]:
        """Every match, longest first where matches overlap, in text order."""
        strings = self._nlp.vocab.strings
        matches = sorted(self._matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        return [
            Found(strings[key], doc[start:end].text, start, end, negated(doc, start)) for key, start, end in matches
        ]


# One optional word may stand between the words of a phrase ("poor school attendance" matches
# "poor attendance"), but never punctuation, so a match does not run across a clause.
_GAP: dict[str, Any] = {"IS_PUNCT": False, "OP": "?"}


def _pattern(doc: Doc) -> list[dict[str, Any]]:
    pattern: list[dict[str, Any]] = []
    for token in doc:
        if pattern:
            pattern.append(_GAP)
        pattern.append({"LOWER": token.lower_} if token.lower_ in LITERAL_WORDS else {"LEMMA": token.lemma_})
    return pattern


def longest_first(found: list[Found]) -> list[Found]:
    """Drop matches inside longer ones ("previous CP plan" wins over "CP plan"), in text order."""
    chosen: list[Found] = []
    taken: set[int] = set()
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        span = set(range(item.start, item.end))
        if not span & taken:
            chosen.append(item)
            taken |= span
    return sorted(chosen, key=lambda f: f.start)


def negated(doc: Doc, start: int) -> bool:
    """True when a negation word stands shortly before `start` in the same clause."""
    for index in range(start - 1, max(-1, start - 1 - NEGATION_WINDOW), -1):
        token = doc[index]
        if token.lower_ in CLAUSE_BREAKS or token.lemma_ in EXPLANATION_WORDS or token.lower_ in EXPLANATION_WORDS:
            return False
        if token.lower_ in NEGATIONS or token.lemma_ in NEGATIONS:
            return True
    return False
