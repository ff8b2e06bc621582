"""The menu by role: six buttons at most, a supervisor's review queue with its count."""

from __future__ import annotations

from bot.menu import MAX_BUTTONS, greeting, menu


def test_a_practitioner_sees_six_capabilities() -> None:
    titles = [c.title for c in menu()]
    assert len(titles) == MAX_BUTTONS
    assert titles[0] == "A child is in danger now"
    assert {"Find a procedure", "Reflect or prepare", "Log a decision", "Who do I contact?"} <= set(titles)


def test_a_supervisor_sees_the_queue_with_its_count() -> None:
    choices = menu(3)
    assert len(choices) <= MAX_BUTTONS
    assert ("Awaiting my review (3)", "/review_queue") in [(c.title, c.payload) for c in choices]
    assert "3 decisions from your team are awaiting your review" in greeting(3).text
    assert "One decision" in greeting(1).text
    assert "awaiting" not in greeting(0).text and "awaiting" not in greeting().text


def test_a_newly_qualified_worker_can_practise() -> None:
    choices = menu(newly_qualified=True)
    assert len(choices) <= MAX_BUTTONS
    assert ("Practise a decision", "/practise_scenario") in [(c.title, c.payload) for c in choices]
    assert "Practise a decision" in [c.title for c in greeting(newly_qualified=True).choices]
