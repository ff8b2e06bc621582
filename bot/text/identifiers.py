"""Identifiers other than names in free text: UK phones, emails, postcodes, NHS numbers, dates of birth, addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# (kind, start, end) of one identifier in the text.
Found = tuple[str, int, int]

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"


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
_NHS_SPACED = re.compile(r"\d{3}([ -])\d{3}\1\d{4}")
_NHS_NAMED = re.compile(r"\bnhs\b", re.I)


def _phones(text: str) -> Iterator[Found]:
    """UK landline and mobile numbers."""
    for match in _PHONE_RE.finditer(text):
        yield ("phone", match.start(), match.end())


def _emails(text: str) -> Iterator[Found]:
    """Email addresses."""
    if "@" not in text:  # cheap skip for the usual case
        return
    for match in _EMAIL_RE.finditer(text):
        yield ("email", match.start(), match.end())


def _postcodes(text: str) -> Iterator[Found]:
    """Full UK postcodes in any case."""
    for match in _POSTCODE_RE.finditer(text):
        # "s47 1st" is a section 47 and an ordinal, not a postcode; a typed-in-capitals "S47 1ST" still goes.
        if _ORDINAL_RE.fullmatch(match.group(2)):
            continue
        yield ("postcode", match.start(), match.end())


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


def _nhs_numbers(text: str) -> Iterator[Found]:
    """Ten-digit NHS numbers: a valid checksum, the NHS's own 3-3-4 spacing, or "NHS" just before.

    A mistyped number is still someone's NHS number: the checksum alone would keep it in the text.
    """
    for match in _NHS_RE.finditer(text):
        spaced = bool(_NHS_SPACED.fullmatch(match.group(0)))
        named = bool(_NHS_NAMED.search(text[max(0, match.start() - 24) : match.start()]))
        if spaced or named or nhs_checksum_ok("".join(match.groups())):
            yield ("nhs_number", match.start(), match.end())


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
    r"(?<!\w)(?:d\.o\.b\b\.?|dob\b|date[ \t]+of[ \t]+birth\b|born(?:[ \t]+on)?\b|birthday(?:[ \t]+is)?\b|b['’-]?day\b)"
    r"[ \t]*(?:[:=-][ \t]*)?(?:(?:for|of)[ \t]+)?(?:[A-Za-z][A-Za-z'’-]*[:,]?[ \t]+)??"  # "dob filip 15/09/2018"
    r"(?:(?:is|was|on|the|given|stated|recorded|reported|noted|as)[ \t]+)*"
    rf"(?P<date>{_DATE})(?![\d/.-]\d)",
    re.I,
)


def _dates_of_birth(text: str) -> Iterator[Found]:
    """Dates that follow DOB, date of birth, born (on), birthday is."""
    for match in _DOB_RE.finditer(text):
        yield ("date_of_birth", match.start("date"), match.end("date"))


# --- addresses ---------------------------------------------------------------------------------------------------

_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lanes|Lane|Close|Gardens|Grove|Way|Drive|Place|Crescent|Court|Terrace|Walk"
    "|Square|Hill|Park|Mews|Row"
)
_STREET_WORD = rf"[{_UP}][{_LO}]*(?:[-'’][{_UP}]?[{_LO}]+)*"
_HOUSE = r"\d{1,4}[A-Za-z]?(?:[ \t]?-[ \t]?\d{1,4}[A-Za-z]?)?"
# A flat or room number before the house number is taken in by _whole_address.
_ADDRESS_RE = re.compile(
    rf"(?<![\w/.:£$%-]){_HOUSE},?[ \t]+(?P<words>(?:{_STREET_WORD}[ \t]+){{1,3}})(?:{_STREET_TYPES})\b"
)
# The same in one case throughout, as notes typed on a phone or in capitals write it ("61 park lane").
_ADDRESS_ONE_CASE_RE = re.compile(
    rf"(?<![\w/.:£$%-]){_HOUSE},?[ \t]+(?P<words>(?:[a-z]+(?:['’-][a-z]+)*[ \t]+){{1,3}})(?:{_STREET_TYPES.lower()})\b"
    rf"|(?<![\w/.:£$%-]){_HOUSE},?[ \t]+(?P<caps>(?:[A-Z]+(?:['’-][A-Z]+)*[ \t]+){{1,3}})(?:{_STREET_TYPES.upper()})\b"
)
# A flat or room in a named building ("Flat 14, Campsbourne House", "ROOM 5, PARKVIEW HOSTEL"), with the
# street after it when there is one; or a named building followed by its street ("Cranbrook House, Fore
# Street"). Without the flat number or the street, "Lawrence House Surgery" is a service, not an address.
_BUILDING_TYPES = "House|Court|Lodge|Mansions|Tower|Point|Hostel|Hall|Heights|Buildings|Block|Estate"
_NAME_WORD = r"[A-Za-z][A-Za-z'’-]*"
_STREET_TAIL = rf",?[ \t]+(?:{_HOUSE},?[ \t]+)?(?:{_NAME_WORD}[ \t]+){{1,3}}(?:{_STREET_TYPES})\b"
_BUILDING_RE = re.compile(
    rf"(?<![\w/.:£$%-])(?:flat|apartment|apt|room|unit)[ \t]+\d{{1,4}}[a-z]?,?[ \t]+(?:{_NAME_WORD}[ \t]+){{1,3}}"
    rf"(?:{_BUILDING_TYPES})\b(?:[ \t]+hostel\b)?(?:{_STREET_TAIL})?"
    rf"|(?<![\w/.:£$%-])(?:{_NAME_WORD}[ \t]+){{1,2}}(?:{_BUILDING_TYPES}),{_STREET_TAIL}",
    re.I,
)
_NOT_STREET_WORDS = frozenset(
    w.casefold()
    for w in (
        "Family",
        "Crown",
        "County",
        "Magistrates",
        "Youth",
        "Working",
        "School",
        "Calendar",
        "Week",
        "Days",
        "Times",
        "Year",
    )
)
# "3 Family Court hearings" counts hearings; it is not a street.
_NOT_STREETS = frozenset({"Family", "Crown", "County", "Magistrates", "Youth"})


def _addresses(text: str) -> Iterator[Found]:
    """A house number (optionally after a flat number), one to three capitalised words and a street type."""
    for match in _ADDRESS_RE.finditer(text):
        if any(word in _NOT_STREETS for word in match.group("words").split()):
            continue
        yield ("address", *_whole_address(text, match.start(), match.end()))
    for match in _BUILDING_RE.finditer(text):
        yield ("address", *_whole_address(text, match.start(), match.end()))
    for match in _ADDRESS_ONE_CASE_RE.finditer(text):
        words = (match.group("words") or match.group("caps")).split()
        if any(word.casefold() in _NOT_STREET_WORDS for word in words):
            continue
        yield ("address", *_whole_address(text, match.start(), match.end()))


# Parts written around the street that still belong to the address: "Flat B, 9 Cornwall Road",
# "15 Pembury Road, Flat 3", "14 Gilpin House, Love Lane Estate", "7 Weston Walk, Mare St".
_FLAT = r"(?:flat|apartment|apt|room|unit)[ \t]+(?:\d{1,4}[a-z]?|[a-z])\b"
_FLAT_BEFORE = re.compile(rf"{_FLAT},?[ \t]+$", re.I)
_AFTER = re.compile(
    rf"^(?:,?[ \t]+{_FLAT}|[ \t]+Estate\b"
    rf"|,[ \t]+(?:{_HOUSE}[ \t]+)?(?:[A-Za-z][A-Za-z'’-]*[ \t]+){{0,3}}(?:{_STREET_TYPES}|Estate)\b)",
    re.I,
)
# "14 Gilpin House, Love Lane": the number of a building found by its name.
_NUMBER_BEFORE = re.compile(r"(?<![\w/.:£$%,-])\d{1,4}[a-z]?[ \t]+$", re.I)


def _whole_address(text: str, start: int, end: int) -> tuple[int, int]:
    """The address found, widened over the flat before it and the flat, estate or street after it."""
    before = _FLAT_BEFORE.search(text[max(0, start - 24) : start]) or _NUMBER_BEFORE.search(
        text[max(0, start - 8) : start]
    )
    if before:
        start -= len(before.group(0))
    for _ in range(2):
        after = _AFTER.match(text[end : end + 80])
        if not after:
            break
        end += after.end()
    return start, end


DETECTORS: tuple[Callable[[str], Iterator[Found]], ...] = (
    _phones,
    _emails,
    _postcodes,
    _nhs_numbers,
    _dates_of_birth,
    _addresses,
)


def find(text: str) -> Iterator[Found]:
    """Every candidate identifier other than a name; candidates may overlap."""
    for detect in DETECTORS:
        yield from detect(text)
