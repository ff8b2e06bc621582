"""Ranked search over the council's procedure sections: BM25 over stemmed lemmas, scored per procedure.

A question is matched against every section and against each procedure as a whole; the procedure
score blends the two (plus a boost when the question names a glossary term tied to the procedure),
and each procedure then answers with its best section.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from bot.library.data import Glossary, Section, stale
from bot.library.questions import QuestionModel
from bot.library.spelling import MIN_FUZZY, deletes, deletions, one_edit

# Below this procedure score nothing is a good enough answer to show (see _score for the scale).
MIN_SCORE = 0.08
# Titles and tags say what a procedure is about more reliably than its body: count them more.
TITLE_WEIGHT, TAG_WEIGHT, HEADING_WEIGHT = 3, 2, 1
# How much the whole-procedure match counts next to the best single section (tuned on retrieval_dev.yml).
WHOLE_WEIGHT = 0.5
SECTION_WEIGHT = 1.0
# Added to a procedure that the glossary ties to a term the question names (less for its later `related`).
RELATED_BOOST = 0.15
# How much the question classifier (trained on the council's example questions) adds to a procedure's
# score at probability 1 (tuned on retrieval_dev.yml).
QUESTION_WEIGHT = 1.0
# How sure the classifier must be before it counts towards showing an answer at all: five times what a
# guess among the library's 35 procedures would give (the development set does not move between 0.2
# and 0.5; a question about a printer gets 0.05).
QUESTION_SURE = 0.15
# BM25 term-frequency saturation and length normalisation; a k1 above the usual 1.2 did better on
# retrieval_dev.yml because procedures repeat their key words on purpose.
BM25_K1, BM25_B = 2.0, 0.75
# Words spaCy treats as stop words that carry meaning in this domain ("see the child alone").
_KEEP = frozenset({"alone", "back", "call", "first", "front", "against", "serious", "move", "without", "name"})
_STOP = frozenset(STOP_WORDS) - _KEEP
_WORD = re.compile(r"[a-z0-9]+")
# Snowball (Porter2) stems on top of lemmas, so "pregnant"/"pregnancy" and "exploited"/"exploitation"
# meet: lemmas alone keep derived forms apart.
_STEMMER = snowballstemmer.stemmer("english")
# A child's age ("a 16 year old", "15yo") or school year ("Year 10", "Y7") says who the question is about,
# not the year of practice that the newly qualified year's procedure is about.
_AGE = re.compile(r"\b\d{1,2}\s*-?\s*(?:years?|yrs?)\s*-?\s*olds?\b|\b\d{1,2}\s*(?:yo|y/o|y\.o\.)(?!\w)", re.I)
_SCHOOL_YEAR = re.compile(r"\b(?:year|yr|y)\s?(?:[1-9]|1[0-3])\b", re.I)


@dataclass(frozen=True)
class Hit:
    """A section found for a question, with its score and whether it is past its review date."""

    section: Section
    score: float
    stale: bool


class ProcedureIndex:
    """BM25 over stemmed lemmas of every section and every whole procedure, acronyms expanded from the glossary."""

    def __init__(
        self,
        nlp: Language,
        sections: tuple[Section, ...],
        glossary: Glossary,
        questions: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._nlp = nlp
        self.sections = sections
        self._expansions: dict[str, str] = {}
        self._related: dict[str, list[str]] = {}
        for term in glossary.terms:
            names = [n for n in (term.term, term.full, *term.synonyms) if n]
            for name in names:
                self._expansions[name.lower()] = " ".join(names)
                self._related.setdefault(name.lower(), []).extend(term.related)
        self._procedures = list(dict.fromkeys(s.procedure.id for s in sections))
        position = {pid: n for n, pid in enumerate(self._procedures)}
        self._owner = np.array([position[s.procedure.id] for s in sections], dtype=np.int64)
        # Each piece of text is analysed once, then counted into section and whole-procedure documents.
        cache: dict[str, list[str]] = {}

        def terms(text: str) -> list[str]:
            """Index terms of a text, computed once (sections share their procedure's title and tags)."""
            if text not in cache:
                cache[text] = self._terms(self._expand(text))
            return cache[text]

        section_docs: list[Counter[str]] = []
        whole_docs: dict[str, Counter[str]] = {}
        for section in sections:
            meta = section.procedure
            about = Counter(terms(meta.title) * TITLE_WEIGHT + terms(" ".join(meta.tags + meta.acronyms)) * TAG_WEIGHT)
            heading, body = Counter(terms(section.heading)), Counter(terms(section.text))
            section_docs.append(about + Counter(terms(section.heading) * HEADING_WEIGHT) + body)
            whole_docs[meta.id] = whole_docs.get(meta.id, about) + heading + body
        self._vocab: dict[str, int] = {}
        for doc in itertools.chain(section_docs, whole_docs.values()):
            for word in doc:
                self._vocab.setdefault(word, len(self._vocab))
        self._sections, idf = _bm25(section_docs, self._vocab)
        self._whole, _ = _bm25([whole_docs[p] for p in self._procedures], self._vocab)
        # The most a term can add to a score; a word the library has never seen counts as the rarest.
        self._ceiling = idf * (BM25_K1 + 1)
        self._unknown = float(self._ceiling.max()) if len(self._vocab) else 1.0
        self._words = Counter(w for text in cache for w in _WORD.findall(text.lower()))
        self._near = deletions(self._words)
        self._related_ids = {
            name: [position[p] for p in dict.fromkeys(ids) if p in position] for name, ids in self._related.items()
        }
        self._asker = _question_model(sections, questions, self._procedures) if questions else None

    def _expand(self, text: str) -> str:
        text = _AGE.sub("child", _SCHOOL_YEAR.sub("pupil", text))
        return " ".join([text, *(self._expansions[name] for name in self._names(text))])

    def _names(self, text: str) -> list[str]:
        """Glossary names (lower case) that the text mentions."""
        lower = f" {' '.join(_WORD.findall(text.lower()))} "
        exact = f" {' '.join(re.findall(r'[A-Za-z0-9]+', text))} "
        found = []
        for name in self._expansions:
            key = " ".join(_WORD.findall(name))
            # "DO" (Designated Officer) must not match "what do I do": short names count in capitals only.
            if f" {key.upper()} " in exact if _is_acronym(key) else f" {key} " in lower:
                found.append(name)
        return found

    def _terms(self, text: str) -> list[str]:
        stems = [_stem(t.lemma_) for t in self._nlp(text) if _WORD.fullmatch(t.lower_) and t.lower_ not in _STOP]
        return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]

    def _correct(self, question: str) -> str:
        """The question with words unknown to the library replaced by a known word one edit away."""

        def fix(match: re.Match[str]) -> str:
            """One word, or its correction."""
            word = match.group(0)
            lower = word.lower()
            if len(lower) < MIN_FUZZY or lower in self._words or lower in _STOP:
                return word
            candidates = {c for d in (lower, *deletes(lower)) for c in self._near.get(d, ())}
            # Typing slips rarely change the first letter; keeping it avoids "bread" -> "break"-style swaps.
            candidates = {c for c in candidates if c[0] == lower[0] and c not in _STOP and one_edit(lower, c)}
            return max(sorted(candidates), key=self._words.__getitem__) if candidates else word

        return re.sub(r"[A-Za-z]+", fix, question)

    def _query(self, question: str) -> tuple[np.ndarray, float]:
        """The question as a term vector, and the most its words could score (for the score scale)."""
        vector = np.zeros(len(self._vocab))
        ceiling = 0.0
        for term in set(self._terms(self._expand(question))):
            known = self._vocab.get(term)
            if known is not None:
                vector[known] = 1.0
            if " " not in term:
                ceiling += self._unknown if known is None else float(self._ceiling[known])
        return vector, ceiling

    def _score(self, question: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ranking, how sure, section scores) per procedure; "how sure" is on the scale below."""
        question = self._correct(question)
        query, ceiling = self._query(question)
        if not query.any():
            nothing = np.zeros(len(self._procedures))
            return nothing, nothing, np.zeros(len(self.sections))
        sections = self._sections @ query
        best = np.zeros(len(self._procedures))
        np.maximum.at(best, self._owner, sections)
        scores = WHOLE_WEIGHT * (self._whole @ query) + SECTION_WEIGHT * best
        # A scale that does not grow with the size of the library or the length of the question: the
        # share of the question's words (weighted by rarity) that a procedure matches, about 0 to 1.
        scores = scores / (WHOLE_WEIGHT + SECTION_WEIGHT) / max(ceiling, 1e-9)
        boost = np.zeros(len(self._procedures))
        for name in self._names(question):
            for rank, pid in enumerate(self._related_ids.get(name, [])):
                # The first related procedure is the term's home; later ones are only associated.
                boost[pid] = max(boost[pid], RELATED_BOOST / (1 + rank))
        lexical = scores + boost * (scores > 0)
        if self._asker is None:
            return lexical, lexical, sections
        asked = self._asker.probabilities(question) * (scores > 0)
        # The classifier always helps order the answers, but it makes one surer only when it is sure itself:
        # "the printer on the third floor" shares "floor" with the bruising procedure, and the classifier
        # gives no procedure more than 0.05 for it, so nothing is shown.
        sure = lexical + QUESTION_WEIGHT * asked * (asked >= QUESTION_SURE)
        return lexical + QUESTION_WEIGHT * asked, sure, sections

    def search(self, question: str, today: dt.date, limit: int = 3) -> list[Hit]:
        """The best section of each of the best procedures for a question; empty when nothing matches well."""
        if not _WORD.search(question.lower()):
            return []
        ranking, sure, sections = self._score(question)
        hits: list[Hit] = []
        for pid in ranking.argsort(kind="stable")[::-1]:
            if len(hits) == limit:
                break
            if sure[pid] < MIN_SCORE:
                continue  # too little evidence to show, however it ranks
            mine = np.flatnonzero(self._owner == pid)
            section = self.sections[int(mine[sections[mine].argmax()])]
            hits.append(Hit(section, float(sure[pid]), stale(section.procedure, today)))
        return hits

    def more(self, section: Section) -> Section | None:
        """The section after this one in the same procedure, for "more of this"."""
        same = [s for s in self.sections if s.procedure.id == section.procedure.id]
        # By position, not heading: a procedure may repeat a heading ("Recording" twice).
        for current, following in itertools.pairwise(same):
            if current is section:
                return following
        return None


def _question_model(
    sections: tuple[Section, ...], questions: Mapping[str, Sequence[str]], order: list[str]
) -> QuestionModel:
    """The classifier over the council's example questions, each procedure's title and tags added to its own."""
    about = {section.procedure.id: section.procedure for section in sections}
    examples = {pid: [*questions.get(pid, ()), about[pid].title, " ".join(about[pid].tags)] for pid in order}
    return QuestionModel(examples, order)


def _bm25(docs: list[Counter[str]], vocab: dict[str, int]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Documents x terms matrix of BM25 term weights (so a query scores with one product), and each term's idf."""
    rows, cols, tfs = [], [], []
    for n, doc in enumerate(docs):
        for term, count in doc.items():
            rows.append(n)
            cols.append(vocab[term])
            tfs.append(float(count))
    counts = sparse.csr_matrix((tfs, (rows, cols)), shape=(len(docs), len(vocab)))
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    df = np.bincount(cols, minlength=len(vocab))
    idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(float(lengths.mean()), 1.0))
    tf = np.array(tfs)
    weights = idf[cols] * tf * (BM25_K1 + 1) / (tf + norm[rows])
    return sparse.csr_matrix((weights, (rows, cols)), shape=counts.shape), idf


@lru_cache(maxsize=65536)
def _stem(lemma: str) -> str:
    return str(_STEMMER.stemWord(lemma))


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
