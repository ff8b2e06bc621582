"""What every staff channel says when it cannot pass a message on."""

from __future__ import annotations

import pytest

from bot.app import bootstrap
from bot.channels.replies import MAX_MESSAGE_CHARS, apology, too_long


def test_too_long_names_both_lengths_and_that_nothing_was_kept() -> None:
    text = too_long(MAX_MESSAGE_CHARS + 1)
    assert (
        f"{MAX_MESSAGE_CHARS + 1:,}" in text
        and f"{MAX_MESSAGE_CHARS:,}" in text
        and "Nothing has been recorded" in text
    )


def test_the_apology_gives_999_and_the_front_door_for_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_NOW", "2026-11-26T10:30:00+00:00")
    bootstrap.rasa_root.cache_clear()
    assert "999" in apology() and "020 8489 4533" in apology()


def test_the_apology_never_fails_even_without_council_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL", "no-such-council")
    bootstrap.rasa_root.cache_clear()
    try:
        assert "call 999" in apology()
    finally:
        bootstrap.rasa_root.cache_clear()
