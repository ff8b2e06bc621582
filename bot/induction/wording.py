"""Whether a text names an indicator: the content words of its label, stemmed, mostly present."""

from __future__ import annotations

import math
import re

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z]+")
# The label is the wording up to its examples or its detail ("...: food, hygiene", "(county lines)").
_DETAIL = re.compile(r":|\(|;|, for example|, such as|, especially| - ", re.I)
_STOP_WORDS = """a an and or of to in on for with by is are be been being has have had that this these those their them
    they it its as at from who which what when where while not no yet any such some so but into out up than then
    there very more other own all only even also can cannot may might will would does do one two too about his her
    him she he the someone something so far"""
_STOP = frozenset(_STOP_WORDS.split())
# Words nearly every answer uses: they say nothing about which indicator is meant.
_GENERIC = frozenset(("child", "parent", "famili", "young", "person"))
MIN_WORDS = 2
SHARE = 0.6


def label(wording: str) -> str:
    """The head of an indicator's wording, without its examples or detail (unless the head says too little)."""
    head = _DETAIL.split(wording, maxsplit=1)[0].strip()
    return head if len(_key(head)) >= MIN_WORDS else wording


def _stems(text: str) -> list[str]:
    words = _WORD.findall(re.sub(r"'s\b", "", text.lower()))
    return [_STEMMER.stemWord(w) for w in words if len(w) > 2 and w not in _STOP]


def _key(text: str) -> list[str]:
    return [w for w in dict.fromkeys(_stems(text)) if w not in _GENERIC]


def key_words(wording: str) -> list[str]:
    """The stemmed content words of an indicator's label, each once (generic words left out)."""
    return _key(label(wording))


def unnamed(text: str, wording: str) -> list[str]:
    """The label's key words (stemmed) that the text does not use."""
    used = set(_stems(text))
    return [w for w in key_words(wording) if w not in used]


def names(text: str, wording: str, share: float = SHARE) -> bool:
    """True when the text uses most of the label's key words (a clear paraphrase of the indicator)."""
    words = key_words(wording)
    needed = max(1, math.ceil(share * len(words)))
    return len(words) - len(unnamed(text, wording)) >= needed
