"""Typed feedback: the words people use for "that did not help" are read as no, everything else as yes."""

from __future__ import annotations

import pytest

from bot.library.feedback import is_helpful


@pytest.mark.parametrize(
    "text",
    ["waste of time", "rubbish", "that doesnt help", "wrong procedure", "not really", "didn’t help", "nah", "👎"],
)
def test_not_helpful_in_everyday_words(text: str) -> None:
    assert is_helpful(None, "rate_answer", text) is False


@pytest.mark.parametrize("text", ["brilliant, really clear", "that helped a lot", "10/10", "spot on"])
def test_helpful_in_everyday_words(text: str) -> None:
    assert is_helpful(None, "rate_answer", text) is True


def test_buttons_and_yes_no_intents_win() -> None:
    assert is_helpful("no", "affirm", "great") is False and is_helpful(None, "deny", "great") is False
