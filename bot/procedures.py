"""Ranked search over the council's procedure sections: lemmas, TF-IDF, acronyms and synonyms expanded."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from bot.library import Glossary, Section, stale

# Below this cosine score a section is not a good enough answer to show as one.
MIN_SCORE = 0.08
# Titles and tags say what a procedure is about more reliably than its body: count them more.
TITLE_WEIGHT, TAG_WEIGHT, HEADING_WEIGHT = 3, 2, 2
WHOLE_WEIGHT = 2.0
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Hit:
    """A section found for a question, with its score and whether it is past its review date."""

    section: Section
    score: float
    stale: bool


class ProcedureIndex:
    """TF-IDF over lemmas of every section, with acronyms expanded from the glossary."""

    def __init__(self, nlp: Language, sections: tuple[Section, ...], glossary: Glossary) -> None:
        self._nlp = nlp
        self.sections = sections
        self._expansions: dict[str, str] = {}
        for term in glossary.terms:
            names = [n for n in (term.term, term.full, *term.synonyms) if n]
            for name in names:
                self._expansions[name.lower()] = " ".join(names)
        self._vectorizer = TfidfVectorizer(analyzer=self._terms, sublinear_tf=True, norm="l2")
        self._matrix = self._vectorizer.fit_transform([self._document(s) for s in sections])
        # A whole-procedure document per section, so a section also scores for what its procedure
        # is about as a whole (short sections alone share too few words with a question).
        whole: dict[str, str] = {}
        for section in sections:
            whole[section.procedure.id] = whole.get(section.procedure.id, "") + f" . {section.heading} . {section.text}"
        self._whole = self._vectorizer.transform([self._document_of(s, whole[s.procedure.id]) for s in sections])

    def _expand(self, text: str) -> str:
        lower = f" {' '.join(_WORD.findall(text.lower()))} "
        exact = f" {' '.join(re.findall(r'[A-Za-z0-9]+', text))} "
        extra = []
        for name, full in self._expansions.items():
            key = " ".join(_WORD.findall(name))
            # "DO" (Designated Officer) must not match "what do I do": short names count in capitals only.
            found = f" {key.upper()} " in exact if _is_acronym(key) else f" {key} " in lower
            if found:
                extra.append(full)
        return " ".join([text, *extra])

    def _terms(self, text: str) -> list[str]:
        lemmas = [t.lemma_ for t in self._nlp(text) if _WORD.fullmatch(t.lower_) and t.lower_ not in STOP_WORDS]
        return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]

    def _document(self, section: Section) -> str:
        return self._document_of(section, f"{' . '.join([section.heading] * HEADING_WEIGHT)} . {section.text}")

    def _document_of(self, section: Section, body: str) -> str:
        meta = section.procedure
        parts = [meta.title] * TITLE_WEIGHT + [" ".join(meta.tags + meta.acronyms)] * TAG_WEIGHT + [body]
        return self._expand(" . ".join(parts))

    def search(self, question: str, today: dt.date, limit: int = 3) -> list[Hit]:
        """The best sections for a question, best first; empty when nothing is a good enough match."""
        if not _WORD.search(question.lower()):
            return []
        query = self._vectorizer.transform([self._expand(question)]).T
        scores = (self._matrix @ query).toarray().ravel() + WHOLE_WEIGHT * (self._whole @ query).toarray().ravel()
        order = scores.argsort()[::-1][:limit]
        return [
            Hit(self.sections[i], float(scores[i]), stale(self.sections[i].procedure, today))
            for i in order
            if scores[i] >= MIN_SCORE
        ]

    def more(self, procedure_id: str, heading: str) -> Section | None:
        """The section after this one in the same procedure, for "more of this"."""
        same = [s for s in self.sections if s.procedure.id == procedure_id]
        for current, following in itertools.pairwise(same):
            if current.heading == heading:
                return following
        return None


def _is_acronym(key: str) -> bool:
    return " " not in key and len(key) <= 5


def describe(hit: Hit, short: bool = True) -> str:
    """A section as an answer: the text (shortened), title, section, last reviewed and source."""
    meta, text = hit.section.procedure, hit.section.text
    if short and len(text) > 700:
        text = text[:700].rsplit(" ", 1)[0] + " ..."
    warning = (
        f"\nWarning: this procedure was due for review on {meta.review_due:%d %B %Y} and may be out of date."
        if hit.stale
        else ""
    )
    return (
        f"{meta.title} - {hit.section.heading}\n{text}{warning}\n"
        f"Last reviewed {meta.last_reviewed:%d %B %Y}. Source: {'; '.join(meta.sources)}"
    )
