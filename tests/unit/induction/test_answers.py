"""Reading a worker's level and next step: numbers, names of levels, and what cannot be read."""

from __future__ import annotations

import pytest

from bot.induction.answers import LevelAnswer, level_only, only_symbols, read_level, read_route, says_dont_know


@pytest.mark.parametrize(
    ("said", "level"),
    [
        ("level 3", 3),
        ("Level 3.", 3),
        ("L3", 3),
        ("lvl2", 2),
        ("3", 3),
        ("3️⃣", 3),
        ("level three", 3),
        ("this one is level 3", 3),
        ("I think it's a 4 because dad hit him", 4),
        ("targeted", 3),
        ("Targeted (complex needs)", 3),
        ("child in need", 3),
        ("early help", 2),
        ("EHA", 2),
        ("universal", 1),
        ("section 47", 4),
        ("s47", 4),
        ("child protection", 4),
        ("not level 4, level 3", 3),
        ("not sure, maybe 3", 3),
        ("no need for a strategy discussion, early help", 2),
    ],
)
def test_a_level_is_read_from_numbers_and_names(said: str, level: int) -> None:
    assert read_level(said).level == level and read_level(said).problem is None


@pytest.mark.parametrize(
    ("said", "problem", "mentioned"),
    [
        ("", "empty", ()),
        ("   ", "empty", ()),
        (None, "empty", ()),
        ("I don't know", "dont_know", ()),
        ("no idea", "dont_know", ()),
        ("?", "dont_know", ()),
        ("👍", "emoji", ()),
        ("🤷‍♀️", "emoji", ()),
        ("level 5", "out_of_range", (5,)),
        ("0", "out_of_range", (0,)),
        ("2 or 3", "ambiguous", (2, 3)),
        ("3/4", "ambiguous", (3, 4)),
        ("targeted or section 47", "ambiguous", (4, 3)),
        ("hmm", "unclear", ()),
        ("2.5", "unclear", ()),
    ],
)
def test_what_cannot_be_read_says_why(said: str | None, problem: str, mentioned: tuple[int, ...]) -> None:
    assert read_level(said) == LevelAnswer(None, problem, mentioned)  # type: ignore[arg-type]


def test_section_47_is_not_level_47() -> None:
    assert read_level("section 47").mentioned == (4,)


def test_symbols_and_dont_know() -> None:
    assert only_symbols("👍👍") and not only_symbols("👍 3") and not only_symbols("...")
    assert says_dont_know("dunno") and says_dont_know("Not sure") and not says_dont_know("I know it's 3")


@pytest.mark.parametrize(
    ("step", "route"),
    [
        ("refer to MASH for a strategy discussion", "strategy_discussion"),
        ("section 47 enquiry", "strategy_discussion"),
        ("ring 999", "strategy_discussion"),
        ("call the LADO today", "designated_officer"),
        ("tell the designated officer", "designated_officer"),
        ("step down to early help with a handover", "step_down"),
        ("close the plan", "step_down"),
        ("MASH referral for a child in need assessment", "cin_assessment"),
        ("refer to children's social care", "cin_assessment"),
        ("early help assessment with consent", "early_help"),
        ("team around the family", "early_help"),
        ("no need for a strategy discussion, early help", "early_help"),
        ("advice and signposting", "universal"),
        ("monitor in school", "universal"),
    ],
)
def test_a_next_step_maps_to_a_route(step: str, route: str) -> None:
    assert read_route(step) == route


def test_a_next_step_with_no_route_words_maps_to_none() -> None:
    assert read_route("talk to the family") is None and read_route("") is None and read_route(None) is None


@pytest.mark.parametrize(
    "said", ["3", "Level 2", "L4", "level two", "early help", "targeted please", "s47", "I'd say level 3"]
)
def test_a_level_with_nothing_else_is_level_only(said: str) -> None:
    assert level_only(said) and read_level(said).level is not None


@pytest.mark.parametrize(
    "said", ["3 because mum cannot cope", "Level 2: hungry and in the same clothes", "early help, debts"]
)
def test_a_level_with_reasons_is_not_level_only(said: str) -> None:
    assert not level_only(said)
