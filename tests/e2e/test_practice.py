"""Reflective prompts, escalation routes and timescales over REST."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.e2e.conftest import FIXED_NOW, Stack, buttons, new_sender, texts


@contextmanager
def clock(stack: Stack, now: str) -> Iterator[None]:
    """Restart the action server with another fixed time, then put it back."""
    stack.stop("actions")
    stack.env["PRACTICE_NOW"] = now
    stack.start_actions()
    try:
        yield
    finally:
        stack.stop("actions")
        stack.env["PRACTICE_NOW"] = FIXED_NOW
        stack.start_actions()


def test_prompt_set_answered_and_saved(stack: Stack) -> None:
    sender = "demo-worker"
    first = texts(stack.say(sender, "let's do a signs of safety mapping"))
    assert "question 1 of" in first
    said, answers, refused = first, 0, False
    while "question" in said and answers < 20:
        scale = "(a number from 0 to 10)" in said
        if scale and not refused:
            assert "whole number from 0 to 10" in texts(stack.say(sender, "11"))  # out of range: asked again
            refused = True
        said = texts(stack.say(sender, "6" if scale else ("skip" if answers == 1 else f"answer {answers}")))
        answers += 1
    assert refused
    assert "your reflection" in said and "(skipped)" in said and "6/10" in said
    assert "Which case" in texts(stack.say(sender, "/log_decision"))
    stack.say(sender, "1234567")
    summary = texts(stack.say(sender, "Plan agreed with the family for the next visit"))
    assert "(reflection decision)" in summary
    assert "Saved as decision" in texts(stack.say(sender, "/affirm"))


def test_prompt_set_discarded(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "help me prepare for supervision")
    stack.say(sender, "a hard week with two new cases")
    replies = stack.say(sender, "stop")
    assert any(b["title"] == "Discard" for b in buttons(replies))
    assert "Discarded" in texts(stack.say(sender, "/deny"))


def test_out_of_hours_escalation(stack: Stack) -> None:
    with clock(stack, "2026-11-28T22:15:00+00:00"):  # a Saturday night
        said = texts(stack.say(new_sender(), "there's a new concern about a child, where does it go"))
    assert "020 8489 0000" in said and "Record:" in said


def test_timescale_question(stack: Stack) -> None:
    said = texts(stack.say(new_sender(), "the strategy discussion was on 2 March, when is the conference due?"))
    assert "due Monday 23 March 2026" in said and "Source:" in said
    assert "not a real date" in texts(
        stack.say(new_sender(), "strategy discussion on 31 February, when is the ICPC due?")
    )
