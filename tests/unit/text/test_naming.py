"""Finding what a worker names: normalised text and the longest name that appears."""

from __future__ import annotations

from bot.text.naming import longest_named, normalise


def test_normalise_folds_case_punctuation_and_hyphens() -> None:
    assert normalise("  The LADO's  number - please!") == "the lado s number please"


def test_the_longest_name_wins_and_names_are_whole_words() -> None:
    candidates = [("conference", ["conference"]), ("review", ["review conference"]), ("mash", ["MASH"])]
    assert longest_named("when is the review conference due", candidates) == "review"
    assert longest_named("smashing", candidates) is None
