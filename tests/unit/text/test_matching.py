"""Phrases found by lemma, longest first, with negation that stops at clause breaks and explanations."""

from __future__ import annotations

from spacy.language import Language

from bot.text.matching import PhraseIndex, longest_first, negated


def _index(pipeline: Language) -> PhraseIndex:
    return PhraseIndex(
        pipeline, [("bruise", "bruise"), ("cp", "CP plan"), ("prev", "previous CP plan"), ("att", "poor attendance")]
    )


def test_any_form_of_a_word_and_one_word_between(pipeline: Language) -> None:
    index = _index(pipeline)
    keys = [f.key for f in index.find(index.doc("Bruises on both arms and poor school attendance"))]
    assert keys == ["bruise", "att"]


def test_the_longest_match_wins(pipeline: Language) -> None:
    index = _index(pipeline)
    kept = longest_first(index.find(index.doc("there was a previous CP plan")))
    assert [f.key for f in kept] == ["prev"]


def test_negation_reaches_forward_within_a_clause_only(pipeline: Language) -> None:
    index = _index(pipeline)
    assert index.find(index.doc("no bruises seen"))[0].negated
    assert not index.find(index.doc("no food in the house, and a bruise on his leg"))[0].negated


def test_a_negated_explanation_does_not_negate_the_injury(pipeline: Language) -> None:
    doc = pipeline("mum could not explain the bruise")
    assert not negated(doc, 5)
    assert negated(pipeline("there was not a bruise"), 4)
