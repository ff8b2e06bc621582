"""Reading a worker's practice answer: the level they chose ("L3", "targeted", "section 47") and the route
their next step takes ("refer to MASH", "call the LADO")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Problem = Literal["empty", "dont_know", "emoji", "out_of_range", "ambiguous", "unclear"]

_DONT_KNOW = re.compile(
    r"\b(?:i )?(?:do ?n[o']?t|dont) know\b|\bnot sure\b|\bunsure\b|\bno idea\b|\bno clue\b|\bdunno\b|\bidk\b|"
    r"\bpass\b|\bcan'?t decide\b|\bhaven'?t a clue\b|^\s*\?+\s*$",
    re.I,
)
# Words for a level, most specific first; each is taken out before numbers are read ("section 47" is not Level 47).
_NAMED: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern, re.I))
    for level, pattern in (
        (4, r"\b(?:s\.? ?47|section ?47|child protection|cp|significant harm|specialist|statutory|acute)\b"),
        (3, r"\b(?:s\.? ?17|section ?17|child in need|cin|targeted|complex(?: or multiple)?(?: needs)?)\b"),
        (2, r"\b(?:early help|eha|additional needs?)\b"),
        (1, r"\b(?:universal|no additional needs|needs (?:are )?met)\b"),
    )
)
_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# A digit counts alone ("3", "L3", "3/4"); a number word only after "level" ("this one is level three").
_NUMBER = re.compile(
    r"(?<!\w)(?<!\d\.)(?:(?:level|lvl|lv|l)\s*[-:]?\s*(?P<word>" + "|".join(_WORDS) + r")|"
    r"(?:(?:level|lvl|lv|l)\s*[-:]?\s*)?(?P<digits>\d{1,3}))(?!\w|\.\d)",
    re.I,
)
_NOT = re.compile(r"\b(?:not|isn'?t|never|no)\s+(?:a\s+|at\s+)?(?:level\s*)?$", re.I)


@dataclass(frozen=True)
class LevelAnswer:
    """The level a worker gave (1-4), or why it could not be read."""

    level: int | None
    problem: Problem | None = None
    # Every level mentioned, for "2 or 3?" and "there is no Level 5".
    mentioned: tuple[int, ...] = ()


def only_symbols(text: str) -> bool:
    """True for emoji or symbols with no letter or digit ("👍", "🤷‍♀️")."""
    return not any(ch.isalnum() for ch in text) and any(unicodedata.category(ch) in ("So", "Sk") for ch in text)


def says_dont_know(text: str) -> bool:
    """True when the worker says they don't know ("not sure", "no idea", "?")."""
    return bool(_DONT_KNOW.search(text))


def _named(text: str) -> tuple[list[int], str]:
    found: list[int] = []
    for level, pattern in _NAMED:
        for match in pattern.finditer(text):
            if not _NOT.search(text[: match.start()]):
                found.append(level)
        text = pattern.sub(" ", text)
    return found, text


def _numbers(text: str) -> list[int]:
    found = []
    for match in _NUMBER.finditer(text):
        if _NOT.search(text[: match.start()]):
            continue  # "not level 4, level 3"
        word = match.group("word")
        found.append(_WORDS[word.lower()] if word else int(match.group("digits")))
    return found


def read_level(text: str | None) -> LevelAnswer:
    """The level in a worker's answer: "level 3", "L3", "3", "targeted", "early help", "section 47"."""
    said = (text or "").strip()
    if not said:
        return LevelAnswer(None, "empty")
    if only_symbols(said):
        return LevelAnswer(None, "emoji")
    named, rest = _named(said)
    mentioned = tuple(dict.fromkeys([*named, *_numbers(rest)]))
    levels = tuple(n for n in mentioned if 1 <= n <= 4)
    if len(levels) == 1:  # "not sure, maybe 3" is a guess, and a guess is an answer
        return LevelAnswer(levels[0], None, mentioned)
    if len(levels) > 1:
        return LevelAnswer(None, "ambiguous", levels)
    if says_dont_know(said):
        return LevelAnswer(None, "dont_know")
    return LevelAnswer(None, "out_of_range" if mentioned else "unclear", mentioned)


# Words around a level that give no reason for it ("I'd say level 3 please").
_FILLER = frozenset((
    "i", "i'd", "id", "i'm", "im", "think", "say", "would", "go", "for", "with", "it", "it's", "its", "is", "a", "the",
    "level", "maybe", "probably", "definitely", "please", "ok", "okay", "so", "um", "er", "guess", "choose", "pick",
    "answer", "my",
))  # fmt: skip


def level_only(text: str | None) -> bool:
    """True when an answer gives a level and no reasons ("3", "Level 2", "early help please")."""
    _, rest = _named(text or "")
    words = re.findall(r"[a-z][a-z']*", _NUMBER.sub(" ", rest).lower())
    return all(w in _FILLER for w in words)


# What a next step says about the route, strongest first: "refer to MASH for a strategy discussion" is a
# strategy discussion, "step down to early help" a step down.
_ROUTE_WORDS: dict[str, tuple[str, ...]] = {
    "designated_officer": ("lado", "designated officer", r"allegations? (?:manager|management|officer)"),
    "strategy_discussion": (
        "strategy", r"strat (?:meeting|discussion)", r"s\.? ?47", "section ?47", "999",
        r"child protection (?:enquir|investigat|medical)\w*", r"cp enquir\w*", "emergency duty team", "edt",
    ),
    "step_down": (
        r"step(?:ping|ped)? ?(?:it |them |the case )?down", r"close (?:the )?(?:plan|case)", "hand ?over", "closure",
    ),
    "cin_assessment": (
        "mash", r"refer(?:ral|red)?(?: it)? (?:to|into) (?:children'?s )?(?:social care|csc)", "front door",
        r"social (?:care|work) assessment", "single assessment", "child in need", r"s\.? ?17", "section ?17", "cin",
        "portal referral",
    ),
    "early_help": (
        "early help", "eha", "team around the family", "taf", "lead professional", "family hub", "family support",
        r"parenting (?:programme|course|group)",
    ),
    "universal": (
        "advice", "advise", r"signpost\w*", "universal", r"monitor\w*", "keep an eye", "no referral",
        "no further action", "nfa", "health visitor", "gp", "school nurse",
    ),
}  # fmt: skip
_ROUTES = tuple((route, re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)) for route, words in _ROUTE_WORDS.items())
_NEGATED = re.compile(r"\b(?:no|not|without|don'?t|do not|never|rather than|instead of)\b[\w\s']{0,20}$", re.I)


def read_route(text: str | None) -> str | None:
    """The route a next step takes (a key of bot.induction.data.ROUTES), or None when it names none."""
    said = text or ""
    for route, pattern in _ROUTES:
        for match in pattern.finditer(said):
            # "no need for a strategy discussion" names the route only to rule it out
            if not _NEGATED.search(said[max(0, match.start() - 30) : match.start()]):
                return route
    return None
