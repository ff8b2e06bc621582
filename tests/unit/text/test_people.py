"""Names found by what a word is, how it is written and where it stands; places and services kept."""

from __future__ import annotations

import pytest

from bot.text.name_words import read_tokens
from bot.text.people import NameFinder


def names(text: str) -> list[str]:
    return [text[a:b] for a, b in NameFinder().spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Euan Fraser phoned about Isla", ["Euan Fraser", "Isla"]),
        ("Morag MacKenzie not known to us", ["Morag MacKenzie"]),
        ("Mr Khaled bin Omar al-Hassan rang", ["Khaled bin Omar al-Hassan"]),
        ("Maria Cristina dela Cruz, known as Tina", ["Maria Cristina dela Cruz", "Tina"]),
        ("Referral from J. Smith, school nurse", ["J", "Smith"]),
        ("Princess, 14, told the youth worker", ["Princess"]),
        ("Hope, Faith and Kai (triplets, 8) are off school", ["Hope", "Faith", "Kai"]),
        ("the Kowalski household", ["Kowalski"]),
        ("dad Lanre wasnt home; Lanre's mum was", ["Lanre", "Lanre"]),
    ],
)
def test_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Child Protection Plan agreed at the ICPC",
        "the Youth Justice Service and Early Help",
        "moved from Leeds to Tottenham Hale after Eid al-Adha",
        "Mondays and Fridays at the Whittington",
        "she hasn't been seen since the GCSEs",
        "seen by CAMHS, MASH and the LADO",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == []


def test_tokens_know_how_the_note_is_written() -> None:
    shouted = read_tokens("MUM ADUNNI CAME TO THE OFFICE TODAY", frozenset({"came", "the", "office", "today"}))
    assert all(t.shouted for t in shouted) and shouted[1].capitalised
    lowered = read_tokens("went to the house, mum (chioma) was ok and dad wasnt home", frozenset())
    assert all(t.lowered for t in lowered)
    possessive = read_tokens("Kofi's mum", frozenset())[0]
    assert possessive.word == "Kofi" and possessive.possessive
