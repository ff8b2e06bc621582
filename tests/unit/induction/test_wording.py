"""Naming an indicator in one's own words: the label's key words, stemmed, mostly present."""

from __future__ import annotations

from bot.induction.wording import key_words, label, names, unnamed

NEGLECT = "Basic care is persistently poor (food, hygiene, clothing) despite help already offered"
BRUISE = "Any bruise, mark or injury on a baby who is not yet mobile"


def test_the_label_drops_examples_and_detail_unless_too_little_is_left() -> None:
    assert label(NEGLECT) == "Basic care is persistently poor"
    short = "Child under 16 (under 18 if disabled) is living with someone who is not a parent"
    assert label(short) == short  # "Child under 16" says too little on its own


def test_key_words_are_stemmed_content_words_without_generic_ones() -> None:
    assert key_words(NEGLECT) == ["basic", "care", "persist", "poor"]
    assert "child" not in key_words("Child says a parent or carer has hurt them")


def test_a_clear_paraphrase_names_the_indicator_and_a_vague_one_does_not() -> None:
    assert names("Her basic care was persistently poor.", NEGLECT)
    assert names("basic care persistently poor despite early help", NEGLECT)
    assert not names("the children were hungry", NEGLECT)
    assert names("a bruise on a baby who is not yet mobile", BRUISE)
    assert unnamed("the bruise", BRUISE) == ["mark", "injuri", "babi", "mobil"]
