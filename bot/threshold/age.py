"""Reading a child's age from what a practitioner writes ("6 week old", "9yo", "aged 14", "unborn")."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
        ]
    )
}
_NUM = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_UNIT = r"(days?|weeks?|wks?|months?|mths?|years?|yrs?)"
_MONTHS_PER = {"d": 1 / 30.4, "w": 12 / 52.18, "m": 1.0, "y": 12.0}
# In free text an age needs "old" (or yo, y/o, aged) so "missing for 3 days" is not an age.
_IN_TEXT = [
    re.compile(rf"\b{_NUM}[\s-]*{_UNIT}[\s-]*old\b", re.I),
    re.compile(rf"\b{_NUM}\s*(?:yo|y/o|y\.o\.)\b", re.I),
    re.compile(rf"\baged?\s+{_NUM}(?:\s*{_UNIT})?\b", re.I),
]
# As the answer to "how old is the child?" the unit alone is enough.
_ANSWER = re.compile(rf"^\s*(?:about|around|nearly|almost)?\s*{_NUM}\s*{_UNIT}?\b", re.I)
_UNBORN = re.compile(r"\b(unborn|pre-?birth|pregnan\w*|not yet born|due date|expecting)\b", re.I)
MAX_MONTHS = 18 * 12


@dataclass(frozen=True)
class Age:
    """A child's age in whole months (0 for babies under a month); unborn when not yet born."""

    months: int | None
    unborn: bool = False

    @property
    def known(self) -> bool:
        """True when an age or an unborn child was found."""
        return self.unborn or self.months is not None


def _months(number: str, unit: str | None) -> int | None:
    value = NUMBER_WORDS.get(number.lower())
    count = value if value is not None else int(number)
    months = int(count * _MONTHS_PER[(unit or "y")[0].lower()])
    return months if 0 <= months <= MAX_MONTHS else None


def age_in_text(text: str) -> Age:
    """The first age stated in free text, or unborn, or an unknown Age."""
    for pattern in _IN_TEXT:
        match = pattern.search(text)
        if match:
            return Age(_months(match.group(1), match.group(2) if match.lastindex and match.lastindex >= 2 else None))
    return Age(None, unborn=bool(_UNBORN.search(text)))


def age_answer(text: str) -> Age:
    """An answer to "how old is the child?": "7", "7 years", "4 months", "unborn"; a bare number is years."""
    if _UNBORN.search(text):
        return Age(None, unborn=True)
    match = _ANSWER.match(text)
    if match:
        return Age(_months(match.group(1), match.group(2)))
    return age_in_text(text)
