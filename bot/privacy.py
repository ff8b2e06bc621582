"""Removing identifiers (names, phones, emails, postcodes, NHS numbers, dates of birth, addresses) from free text."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

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
    """Names after titles and after "called", "named", "name is", "known as"."""
    for pattern in _NAME_RES:
        for match in pattern.finditer(text):
            span = _trim_name(match)
            if span:
                yield Removal("name", *span)


# --- phones, emails, postcodes, NHS numbers ---------------------------------------------------------------------

# Digits may be split by a space, hyphen or the ")" of "(020)"; counting digits rather than groups accepts every
# common UK layout. 10-11 digits with a leading 0 rules out 999, 101, 111, years and times. A "/" may separate two
# numbers ("07700 900123/07700 900124"), so it is not a boundary here.
_SEP = r"(?:[ -]|\)[ -]?)?"
_PHONE_RE = re.compile(
    rf"(?<![\w+-])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)[1-9](?:{_SEP}\d){{8,9}}(?!\w|-\d)",
)
# The local part starts after a non-local character so a long run of letters is scanned once, not once per letter.
_EMAIL_RE = re.compile(r"(?<![\w.%+'-])[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Real outward codes never start with Q, V, X and real inward codes never use C, I, K, M, O, V.
_POSTCODE_RE = re.compile(r"(?<![\w-])([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})(?![\w-])", re.I)
_ORDINAL_RE = re.compile(r"\d(?:st|nd|rd|th)")
_NHS_RE = re.compile(r"(?<![\w+/.-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w/]|[.-]\d)")


def _phones(text: str) -> Iterator[Removal]:
    """UK landline and mobile numbers."""
    for match in _PHONE_RE.finditer(text):
        yield Removal("phone", match.start(), match.end())


def _emails(text: str) -> Iterator[Removal]:
    """Email addresses."""
    if "@" not in text:  # cheap skip for the usual case
        return
    for match in _EMAIL_RE.finditer(text):
        yield Removal("email", match.start(), match.end())


def _postcodes(text: str) -> Iterator[Removal]:
    """Full UK postcodes in any case."""
    for match in _POSTCODE_RE.finditer(text):
        # "s47 1st" is a section 47 and an ordinal, not a postcode; a typed-in-capitals "S47 1ST" still goes.
        if _ORDINAL_RE.fullmatch(match.group(2)):
            continue
        yield Removal("postcode", match.start(), match.end())


def nhs_checksum_ok(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A check value of 10 is never issued, so such numbers are not NHS numbers.
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Removal]:
    """Ten-digit NHS numbers, only when the checksum is valid (so ordinary long numbers stay)."""
    for match in _NHS_RE.finditer(text):
        if nhs_checksum_ok("".join(match.groups())):
            yield Removal("nhs_number", match.start(), match.end())


# --- dates of birth ----------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}{_ORD}(?:[ \t]+of)?[ \t]+{_MONTH}(?:,?[ \t]+\d{{4}})?"
    rf"|{_MONTH}[ \t]+\d{{1,2}}{_ORD}(?:,?[ \t]+\d{{4}})?)"
)
# Only a date straight after a birth trigger is a date of birth; a visit "on 3 March 2026" is case history.
_DOB_RE = re.compile(
    r"(?<!\w)(?:d\.o\.b\b\.?|dob\b|date[ \t]+of[ \t]+birth\b|born(?:[ \t]+on)?\b|birthday(?:[ \t]+is)?\b)"
    r"[ \t]*(?:[:=-][ \t]*)?(?:(?:is|was|on|the)[ \t]+)*"
    rf"(?P<date>{_DATE})(?![\d/.-]\d)",
    re.I,
)


def _dates_of_birth(text: str) -> Iterator[Removal]:
    """Dates that follow DOB, date of birth, born (on), birthday is."""
    for match in _DOB_RE.finditer(text):
        yield Removal("date_of_birth", match.start("date"), match.end("date"))


# --- addresses ---------------------------------------------------------------------------------------------------

_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lanes|Lane|Close|Gardens|Grove|Way|Drive|Place|Crescent|Court|Terrace|Walk"
    "|Square|Hill|Park|Mews|Row"
)
_STREET_WORD = rf"[{_UP}][{_LO}]*(?:[-'’][{_UP}]?[{_LO}]+)*"
_HOUSE = r"\d{1,4}[A-Za-z]?(?:[ \t]?-[ \t]?\d{1,4}[A-Za-z]?)?"
_ADDRESS_RE = re.compile(
    rf"(?<![\w/.:£$%-])(?:(?i:flat|apartment|apt)[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t]+)?"
    rf"{_HOUSE},?[ \t]+(?P<words>(?:{_STREET_WORD}[ \t]+){{1,3}})(?:{_STREET_TYPES})\b"
)
# "3 Family Court hearings" counts hearings; it is not a street.
_NOT_STREETS = frozenset({"Family", "Crown", "County", "Magistrates", "Youth"})


def _addresses(text: str) -> Iterator[Removal]:
    """A house number (optionally after a flat number), one to three capitalised words and a street type."""
    for match in _ADDRESS_RE.finditer(text):
        if any(word in _NOT_STREETS for word in match.group("words").split()):
            continue
        yield Removal("address", match.start(), match.end())


# --- putting it together -----------------------------------------------------------------------------------------

_DETECTORS: tuple[Callable[[str], Iterator[Removal]], ...] = (
    _names,
    _phones,
    _emails,
    _postcodes,
    _nhs_numbers,
    _dates_of_birth,
    _addresses,
)


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
    candidates = [removal for detect in _DETECTORS for removal in detect(text)]
    chosen = _choose(candidates)
    pieces: list[str] = []
    last = 0
    for removal in chosen:
        pieces.append(text[last : removal.start])
        pieces.append(PLACEHOLDERS[removal.kind])
        last = removal.end
    pieces.append(text[last:])
    return Redacted(text="".join(pieces), removals=tuple(chosen))
