"""Finding indicators in a description: the council's phrases (with scoped negation) and the
recogniser's confident and possible matches, clause by clause."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language

from bot.text.matching import PhraseIndex, longest_first
from bot.threshold.age import Age
from bot.threshold.data import Indicator, Thresholds
from bot.threshold.recogniser import Reading, Recogniser

# Tuned on the development set only (tests/threshold_eval/dev.yml), never on the held-out set.
CONFIDENT = 0.6
POSSIBLE = 0.3
# The level reading counts only when no indicator does, and only this sure. It never gives Level 1:
# plain words about a meeting read like Level 1 ("can we talk about Tuesday's case" at 0.62), and
# text that says nothing about a child must still get "tell me more". Level 1 comes from words saying
# the child's needs are met, or from strengths.
READING = 0.4
NO_LEVEL_1 = 1.01
# A possible match counts when the level reading of its own clause gives its level at least this surely.
AGREE = 0.7
# A clause with a negation in it ("no injuries noted") only ever gives a possible match from the
# model, unless what is negated is the explanation ("no explanation for the bruise", "couldn't say
# how"): that makes an injury more worrying, not less.
_NEGATION = re.compile(r"\b(?:no|not|never|none|nobody|without|denies|denied|neither|nor)\b|n'?t\b", re.I)
_EXPLANATION = re.compile(r"\b(?:explain\w*|explanation|account|idea|know\w* how|say how|sure how|reason|why)\b", re.I)
# Words that say a child's needs are met: with no concern found, the answer is Level 1, not "tell me more".
NEEDS_MET = re.compile(
    r"\bno (?:other |further |safeguarding |real )?(?:concerns?|worries|issues)\b|\bdoing (?:really |very )?well\b|"
    r"\bthriving\b|\bhappy\b|\bsettled\b|\bwell cared for\b|\bmeeting (?:all )?(?:\w+ )?milestones\b|"
    r"\bdoing great\b|\bgood attendance\b|\bno marks\b|\bnothing (?:further|to worry)\b|\bclosing\b|"
    r"\ball (?:good|going well|fine)\b|\b(?:going|attending|feeding|eating|sleeping) well\b|\bon track\b",
    re.I,
)


# With no age given, these words still say the child is a baby or very young.
YOUNG = re.compile(
    r"\b(?:bab(?:y|ies)|newborn|new born|infant|toddler|\d{1,2} ?(?:months?|mths?|weeks?|wks?) old|"
    r"not (?:yet )?(?:crawling|mobile|walking|sitting)|can'?t (?:yet )?(?:crawl|walk|sit)|pram|buggy|cot)\b",
    re.I,
)


def needs_met(text: str) -> str | None:
    """The words saying a child's needs are met, or None."""
    found = NEEDS_MET.search(text)
    return found.group(0) if found else None


def _explained(match: Matched, by_id: dict[str, Matched]) -> bool:
    """True when a council phrase of the same theme already accounts for the clause the model read.

    "a young carer for her mum who has MS" carries the phrase "young carer" (Level 2); the model reading the
    same words as the heavier Level 3 sibling would count them twice, so that stays possible, to be confirmed.
    """
    return any(
        m.how == "phrase" and m.indicator.theme == match.indicator.theme and m.words.lower() in match.words.lower()
        for m in by_id.values()
    )


def negated_clause(words: str) -> bool:
    """True when a clause negates something other than an explanation."""
    return bool(_NEGATION.search(words)) and not _EXPLANATION.search(words)


@dataclass(frozen=True)
class Matched:
    """An indicator found in the text (with the words that carried it) or added by the worker."""

    indicator: Indicator
    words: str  # empty when the worker added it by hand
    confidence: float = 1.0
    how: str = "phrase"  # phrase | model | worker


@dataclass
class Recognition:
    """What the text says: indicators that count, possible ones to confirm, negated ones, rule phrases."""

    matched: list[Matched] = field(default_factory=list)
    possible: list[Matched] = field(default_factory=list)
    negated: list[tuple[str, str]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


def _too_old(indicator: Indicator, age: Age) -> bool:
    return indicator.under_months is not None and age.months is not None and age.months >= indicator.under_months


class IndicatorFinder:
    """The phrase index and, when the council has a paraphrase corpus, the recogniser."""

    def __init__(
        self,
        nlp: Language,
        data: Thresholds,
        recogniser: Recogniser | None = None,
        confident: float = CONFIDENT,
        possible: float = POSSIBLE,
    ) -> None:
        phrases = [(f"ind:{i.id}", p) for i in data.indicators for p in i.phrases]
        for kind, rules in (("pro", data.rules.protocols), ("mod", data.rules.modifiers)):
            for rule in rules:
                phrases += [(f"{kind}:{rule.id}", p) for p in rule.when.phrases]
                phrases += [(f"age:{rule.id}", p) for p in rule.when.age_phrases]
        self._index = PhraseIndex(nlp, phrases)
        self._by_id = {i.id: i for i in data.indicators}
        self._recogniser = recogniser
        self.confident, self.possible = confident, possible

    def read_level(self, text: str) -> Reading | None:
        """The level the text reads most like when no indicator is certain, or None (no recogniser, or unsure)."""
        return self._recogniser.reading(text, READING, NO_LEVEL_1) if self._recogniser is not None else None

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or None."""
        return self._by_id.get(indicator_id)

    def find(self, text: str, age: Age) -> Recognition:
        """Every indicator the text carries, with confidence; age limits turn a match into a possible one."""
        found = Recognition()
        by_id = self._phrases(text, found)
        possible = self._model(text, by_id, {ref for ref, _ in found.negated})
        young = bool(YOUNG.search(text))
        for key, match in list(by_id.items()):
            limit = match.indicator.under_months
            if limit is not None and age.months is None and not age.unborn and not young:
                possible[key] = by_id.pop(key)  # "left alone": counts only once the child is known to be young
            elif limit is not None and age.months is not None and age.months >= limit:
                by_id.pop(key)
        found.matched = list(by_id.values())
        found.possible = [m for k, m in possible.items() if k not in by_id and not _too_old(m.indicator, age)]
        return found

    def _phrases(self, text: str, found: Recognition) -> dict[str, Matched]:
        by_id: dict[str, Matched] = {}
        every = self._index.find(self._index.doc(text))
        # Rule phrases ("wheelchair user" as an age phrase) never compete with indicators for their words.
        found.keys |= {f.key for f in every if not f.key.startswith("ind:") and not f.negated}
        for item in longest_first([f for f in every if f.key.startswith("ind:")]):
            ref = item.key.partition(":")[2]
            if item.negated:
                found.negated.append((ref, item.words))
            else:
                by_id.setdefault(ref, Matched(self._by_id[ref], item.words))
        return by_id

    def _model(self, text: str, by_id: dict[str, Matched], negated: set[str]) -> dict[str, Matched]:
        possible: dict[str, Matched] = {}
        if self._recogniser is None:
            return possible
        for hit in self._recogniser.hits(text, self.possible):
            indicator = self._by_id.get(hit.indicator)
            if indicator is None or hit.indicator in by_id or hit.indicator in negated:
                continue
            match = Matched(indicator, hit.words, hit.probability, "model")
            sure = hit.probability >= self.confident or self._agreed(match)
            if sure and not negated_clause(hit.words) and not _explained(match, by_id):
                by_id[hit.indicator] = match
            else:
                possible[hit.indicator] = match
        return possible

    def _agreed(self, match: Matched) -> bool:
        """True when the level reading of the same clause is sure of the indicator's own level: two models agree."""
        if self._recogniser is None or match.indicator.strength:
            return False
        reading = self._recogniser.reading(match.words, AGREE, NO_LEVEL_1)
        return reading is not None and reading.level == match.indicator.level
