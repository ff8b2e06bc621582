"""Ages are read from free text and from answers; things that only look like ages are not."""

from __future__ import annotations

import pytest

from bot.threshold.age import Age, age_answer, age_in_text


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("a 6 week old baby", 1),
        ("9yo boy", 108),
        ("aged 14", 168),
        ("3-month-old", 3),
        ("two year old", 24),
        ("she is 15 years old", 180),
        ("10 day old", 0),
    ],
)
def test_ages_in_text(text: str, months: int) -> None:
    assert age_in_text(text) == Age(months)


@pytest.mark.parametrize("text", ["missing for 3 days", "Year 3 pupil", "8 month check", "seen 2 weeks ago"])
def test_durations_are_not_ages(text: str) -> None:
    assert not age_in_text(text).known


def test_unborn() -> None:
    assert age_in_text("concern about an unborn baby").unborn
    assert age_answer("unborn").unborn


@pytest.mark.parametrize(("text", "months"), [("7", 84), ("4 months", 4), ("about 10 weeks", 2), ("15 yrs", 180)])
def test_answers(text: str, months: int) -> None:
    assert age_answer(text) == Age(months)


@pytest.mark.parametrize("text", ["200", "don't know", "old enough"])
def test_unreadable_answers(text: str) -> None:
    assert age_answer(text).months is None
