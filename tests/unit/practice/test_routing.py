"""What the worker needs first: allegations about people who work with children, urgent requests."""

from __future__ import annotations

import pytest

from bot.practice.routing import is_allegation, is_urgent_request


@pytest.mark.parametrize(
    "text",
    [
        "there's an allegation that a youth worker hit a child",
        "a foster carer slapped the child she looks after, what do I do?",
        "the PE teacher has been messaging her on snapchat",
        "she was slapped by her foster carer",
        "allegation against a member of staff at the nursery",
        "the football coach touched her inappropriately",
        "the imam at the madrassa hit him with a stick",
        "residential staff restrained him and he has a mark on his wrist",
        "the taxi driver who takes him to school has been sending him messages",
        "worried about the imam at the mosque school, parents say he hits the boys",
    ],
)
def test_allegations_about_people_who_work_with_children(text: str) -> None:
    assert is_allegation(text)


@pytest.mark.parametrize(
    "text",
    [
        "she told her teacher that mum hit her",
        "the teacher saw bruises and said dad hit him",
        "dad hit mum in front of the kids",
        "the school nurse is worried about his weight",
        "what does LADO mean?",
        "the teacher said she hit her brother",
    ],
)
def test_harm_by_a_parent_told_to_a_professional_is_not_an_allegation(text: str) -> None:
    assert not is_allegation(text)


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("it's 11pm and I need social care urgently", True),
        ("need to speak to someone at the council asap", True),
        ("I need to get hold of the out of hours team tonight", True),
        ("mum drinks most evenings", False),
        ("how do I refer to early help?", False),
    ],
)
def test_urgent_requests(text: str, urgent: bool) -> None:
    assert is_urgent_request(text) is urgent
