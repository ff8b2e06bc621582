"""Cutting text into sentences and clauses for the classifiers."""

from __future__ import annotations

from bot.text.clauses import clauses, normalise


def test_sentences_and_the_clauses_of_long_ones() -> None:
    found = clauses("Mum was friendly. The child has a bruise but mum couldn't say how; dad is away")
    assert "Mum was friendly." in found
    assert "The child has a bruise" in found and "mum couldn't say how" in found and "dad is away" in found


def test_short_pieces_are_left_out_but_a_short_text_is_kept() -> None:
    assert clauses("ok") == ["ok"] and clauses("") == []


def test_apostrophes_do_not_matter() -> None:
    assert normalise("Couldn’t") == normalise("couldnt") == "couldnt"
