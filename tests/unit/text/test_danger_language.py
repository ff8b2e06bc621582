"""Danger phrases are found unless negated; messages with no words or not in English are spotted."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.loading import Council
from bot.text.danger import DangerDetector
from bot.text.language import EnglishCheck


@pytest.fixture(scope="module")
def detector(danger: DangerDetector) -> DangerDetector:
    return danger  # the one detector the servers use: the council's phrases and its trained model


@pytest.fixture(scope="module")
def phrases_only(pipeline: Language, council: Council) -> DangerDetector:
    return DangerDetector(pipeline, council.danger.phrases)


@pytest.mark.parametrize(
    "text",
    [
        "the child is in danger now",
        "Dad HAS A KNIFE",
        "mum is being beaten right now",
        "he's hitting her now",
        "She is too scared to go home",
        "toddler alone in the flat and mum has passed out",
    ],
)
def test_danger_found(detector: DangerDetector, text: str) -> None:
    assert detector.find(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "no immediate danger",
        "I don't think he is in danger",
        "she was beaten last year",
        "what's the number for the emergency duty team",
        "the child is not in immediate danger, but I'm worried",
    ],
)
def test_danger_not_found(detector: DangerDetector, text: str) -> None:
    assert detector.find(text) is None


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("🙂🙂", "no_words"),
        ("?!", "no_words"),
        ("Bonjour, je suis inquiet pour un enfant", "not_english"),
        ("Estoy preocupada por un niño", "not_english"),
        ("mum drinks evry nite and kids hungry", None),
        ("9yo CSE concerns, MASH ref done", None),
        ("hi", None),
    ],
)
def test_english_check(pipeline: Language, text: str, verdict: str | None) -> None:
    assert EnglishCheck(pipeline).verdict(text) == verdict
