"""Removing identifiers (names, phones, emails, postcodes, NHS numbers, dates of birth, addresses) from free text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from bot.text import identifiers
from bot.text.identifiers import nhs_checksum_ok
from bot.text.people import NameFinder

__all__ = ["KINDS", "PLACEHOLDERS", "Redacted", "Removal", "nhs_checksum_ok", "redact", "warm"]

KINDS: tuple[str, ...] = ("name", "phone", "email", "postcode", "nhs_number", "date_of_birth", "address")

PLACEHOLDERS: dict[str, str] = {
    "name": "[name]",
    "phone": "[phone]",
    "email": "[email]",
    "postcode": "[postcode]",
    "nhs_number": "[NHS number]",
    "date_of_birth": "[date of birth]",
    "address": "[address]",
}

# (singular, plural) as the worker reads them in the summary.
_NOUNS: dict[str, tuple[str, str]] = {
    "name": ("name", "names"),
    "phone": ("phone number", "phone numbers"),
    "email": ("email address", "email addresses"),
    "postcode": ("postcode", "postcodes"),
    "nhs_number": ("NHS number", "NHS numbers"),
    "date_of_birth": ("date of birth", "dates of birth"),
    "address": ("address", "addresses"),
}

# When two candidates are equally long and start together, the more specific kind wins.
_PRIORITY: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(("email", "address", "postcode", "date_of_birth", "nhs_number", "phone", "name"))
}


@dataclass(frozen=True)
class Removal:
    """One identifier that was taken out: its kind and where it was in the original text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Redacted:
    """The text with identifiers replaced by placeholders, and what was removed."""

    text: str
    removals: tuple[Removal, ...]

    def summary(self) -> str:
        """A sentence telling the worker what was removed, or "" when nothing was."""
        if not self.removals:
            return ""
        counts = {kind: sum(1 for r in self.removals if r.kind == kind) for kind in KINDS}
        parts = [f"{n} {_NOUNS[kind][0] if n == 1 else _NOUNS[kind][1]}" for kind, n in counts.items() if n]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"I removed {listed} before saving."

    @property
    def changed(self) -> bool:
        """True when at least one identifier was removed."""
        return bool(self.removals)


# --- names -------------------------------------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# A name word needs lower-case letters, so acronyms (MASH, EDT, CAMHS) never count.
# The optional parts cover O'Brien, McDonald and Smith-Jones.
_PART = rf"(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?"
_NAME_WORD = rf"{_PART}(?:-{_PART})?"
# Initials ("Mr J Smith") only count when a full word follows, so "called A and E" or "A&E" is not a name.
_INITIAL = rf"[{_UP}]\.?(?=[ \t]+[{_UP}])"
_NAME_TOKEN = rf"(?:{_INITIAL}|{_NAME_WORD})(?![\w&])"
_NAME_RUN = rf"(?P<name>{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}})"
_TITLE = r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\b\.?"
# Triggers are matched in any case ("Called", "NAME IS") but the name itself must be capitalised.
_TRIGGER = r"\b(?i:called|(?:nick)?named|name[ \t]+is|known[ \t]+as)\b"
_NAME_RES = (
    re.compile(rf"{_TITLE}[ \t]+{_NAME_RUN}"),
    re.compile(rf"{_TRIGGER}[ \t]+{_NAME_RUN}"),
)
_TOKEN_RE = re.compile(r"\S+")
# Capitalised words that follow "called"/titles but are roles, services or calendar words, not people.
_NOT_NAME_WORDS = """
    Mum Mummy Mam Mom Mother Dad Daddy Father Stepmum Stepdad Parent Parents Nan Nana Nanny Gran Granny Grandma
    Grandmother Grandad Granddad Grandpa Grandfather Aunt Auntie Aunty Uncle Brother Sister Sibling Baby Child Children
    Kids Carer Carers Foster Partner Boyfriend Girlfriend Husband Wife Family
    Police Ambulance Emergency Social Services Service Worker Care Early Help School Nursery College Hospital Health
    Visitor Nurse Doctor Teacher Headteacher Head Manager Team Duty Council Court Front Door Ofsted Housing
    Level Section Year Room
    Mr Mrs Ms Miss Mx Dr Sir Madam
    The A An This That These Those He She They We It I Her His Their Him Them Me My Our Your And But Or So Then
    Yesterday Today Tomorrow Tonight Morning Afternoon Evening
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December Christmas Easter
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def _trim_name(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of the name in a match, cut at the first word that is not a name; None when nothing is left."""
    start = match.start("name")
    end = start
    full_word = False
    for token in _TOKEN_RE.finditer(match.group("name")):
        if token.group().rstrip(".") in _NOT_NAMES:
            break
        end = start + token.end()
        full_word = full_word or len(token.group().rstrip(".")) > 1
    # A bare initial ("Mr X") is too weak to call a name and too short to identify anyone.
    return (start, end) if full_word else None


def _names(text: str) -> Iterator[Removal]:
    """Names after titles and "called", "named", "name is", "known as"; and names without a title."""
    for pattern in _NAME_RES:
        for match in pattern.finditer(text):
            span = _trim_name(match)
            if span:
                yield Removal("name", *span)
    for start, end in NameFinder().spans(text):
        yield Removal("name", start, end)


# --- putting it together -----------------------------------------------------------------------------------------


def _choose(candidates: list[Removal]) -> list[Removal]:
    """Non-overlapping removals: the longest wins, then the earliest, then the more specific kind."""
    ordered = sorted(candidates, key=lambda r: (r.start - r.end, r.start, _PRIORITY[r.kind]))
    starts: list[int] = []
    chosen: list[Removal] = []  # kept sorted by start so a clash is found by looking at two neighbours
    for cand in ordered:
        if cand.end <= cand.start:
            continue
        i = bisect_left(starts, cand.start)
        if i > 0 and chosen[i - 1].end > cand.start:
            continue
        if i < len(chosen) and chosen[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        chosen.insert(i, cand)
    return chosen


def redact(text: str) -> Redacted:
    """Replace identifiers in free text with placeholders and record what was removed, with original offsets."""
    if not text:
        return Redacted(text="", removals=())
    candidates = list(_names(text)) + [Removal(kind, start, end) for kind, start, end in identifiers.find(text)]
    chosen = _choose(candidates)
    pieces: list[str] = []
    last = 0
    for removal in chosen:
        pieces.append(text[last : removal.start])
        pieces.append(PLACEHOLDERS[removal.kind])
        last = removal.end
    pieces.append(text[last:])
    return Redacted(text="".join(pieces), removals=tuple(chosen))


def warm() -> None:
    """Load the name lists now (about a second), so the first message a worker sends does not wait for them."""
    NameFinder()
