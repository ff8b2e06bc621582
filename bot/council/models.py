"""Validated models of a council's editable data (profile, staff, danger phrases)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import yaml
from pydantic import BaseModel, Field, root_validator, validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PERIOD = re.compile(r"^\s*(\d{1,4})\s*(d|day|days|h|hour|hours|w|week|weeks)\s*$", re.I)
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
_PHONE = re.compile(r"^[0-9 +()-]{3,20}$")


# How council data files are read: libyaml's safe loader when PyYAML was built with it (the same safe subset,
# about five times faster on the whole council), else PyYAML's own.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Strict(BaseModel):
    """Base for council data: unknown keys are errors, so typos never pass silently."""

    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


class Contact(Strict):
    """One way to reach a service, with where the detail was checked."""

    id: str = Field(regex=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=3)
    purpose: str = Field(min_length=3)
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    how: str | None = None
    hours: Literal["office", "out_of_hours", "always"] = "always"
    aliases: list[str] = []
    source: str = Field(min_length=3)
    # Only for a detail someone checked against its source: an unchecked contact has none.
    verified_on: dt.date | None = None
    example: bool = False

    @validator("phone")
    def _phone_shape(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise ValueError(f"'{value}' is not a phone number (digits, spaces, + ( ) - only)")
        return value

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: dict) -> dict:
        if not any(values.get(k) for k in ("phone", "email", "url", "how")):
            raise ValueError("a contact needs at least one of phone, email, url or how")
        return values


class OfficeHours(Strict):
    """When the daytime front door is staffed; other times go to the out-of-hours service."""

    days: dict[str, str]
    bank_holidays_closed: bool = True
    example: bool = False
    note: str = ""

    @validator("days")
    def _days_shape(cls, days: dict[str, str]) -> dict[str, str]:
        for day, span in days.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown day '{day}' (use {', '.join(WEEKDAYS)})")
            match = _HOURS.match(span)
            if not match or match.group(1, 2) >= match.group(3, 4):
                raise ValueError(f"{day}: '{span}' is not a span like 09:00-17:00")
        return days

    def span(self, day: str) -> tuple[dt.time, dt.time] | None:
        """The opening span for a weekday key, or None when closed all day."""
        text = self.days.get(day)
        if text is None:
            return None
        start, end = text.split("-")
        return _time(start), _time(end)


def _time(text: str) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    return dt.time.max if hours == 24 else dt.time(hours, minutes)


class FrontDoor(Strict):
    """Which contacts take a new concern in and out of office hours."""

    in_hours: str
    out_of_hours: str
    emergency: str
    public: str | None = None


class CaseReference(Strict):
    """What a case reference looks like in this council's case management system."""

    pattern: str
    example: str
    description: str
    example_pattern: bool = False

    @root_validator(skip_on_failure=True)
    def _pattern_fits_example(cls, values: dict) -> dict:
        try:
            compiled = re.compile(values["pattern"])
        except re.error as exc:
            raise ValueError(f"pattern is not a valid regular expression: {exc}") from exc
        if not compiled.fullmatch(values["example"]):
            raise ValueError(f"the example '{values['example']}' does not match the pattern")
        return values


def parse_period(value: str) -> dt.timedelta:
    """'30d', '12h' or '2w' as a timedelta; ValueError with a reason otherwise."""
    match = _PERIOD.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a period like 30d, 12h or 2w")
    amount, unit = int(match.group(1)), match.group(2)[0].lower()
    if amount == 0:
        raise ValueError("the period must be at least 1")
    return {"d": dt.timedelta(days=amount), "h": dt.timedelta(hours=amount), "w": dt.timedelta(weeks=amount)}[unit]


class Retention(Strict):
    """How long conversations and audit events are kept before the reminders runner deletes them."""

    conversations: dt.timedelta = dt.timedelta(days=30)
    audit: dt.timedelta = dt.timedelta(days=365)

    @validator("conversations", "audit", pre=True)
    def _period(cls, value: object) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        # A bare number has no unit (30 days or 30 hours?): it is refused rather than guessed.
        # Under a day would cut into conversations still going on.
        try:
            period = parse_period(value) if isinstance(value, str) else None
        except ValueError:
            period = None
        if period is None or period < dt.timedelta(days=1):
            raise ValueError("must be a period of at least a day, like 30d, 48h or 2w")
        return period


class Profile(Strict):
    """The council's name, hours and contacts."""

    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    timezone: str = "Europe/London"
    bank_holiday_country: str = "GB"
    bank_holiday_subdivision: str = "ENG"
    office_hours: OfficeHours
    front_door: FrontDoor
    contacts: list[Contact] = Field(min_items=1)
    case_reference: CaseReference
    last_reviewed: dt.date
    source: str
    retention: Retention = Field(default_factory=Retention)

    @validator("contacts")
    def _unique_ids(cls, contacts: list[Contact]) -> list[Contact]:
        seen: set[str] = set()
        for contact in contacts:
            if contact.id in seen:
                raise ValueError(f"contact id '{contact.id}' appears twice")
            seen.add(contact.id)
        return contacts

    @root_validator(skip_on_failure=True)
    def _front_door_known(cls, values: dict) -> dict:
        ids = {c.id for c in values["contacts"]}
        door: FrontDoor = values["front_door"]
        for field, value in door.dict().items():
            if value is not None and value not in ids:
                raise ValueError(f"front_door.{field}: no contact with id '{value}'")
        return values

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id (ids are checked at load)."""
        return next(c for c in self.contacts if c.id == contact_id)


class StaffMember(Strict):
    """A member of staff known to the assistant by one or more channel identities."""

    id: str = Field(regex=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=2)
    role: Literal["practitioner", "nqsw", "supervisor", "admin"]
    team: str
    supervisor: str | None = None
    identities: dict[Literal["rest", "telegram", "teams"], list[str]]


class StaffFile(Strict):
    """The example staff directory used for local runs and tests."""

    staff: list[StaffMember]

    @validator("staff")
    def _unique(cls, staff: list[StaffMember]) -> list[StaffMember]:
        ids = [m.id for m in staff]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"staff id(s) appear twice: {', '.join(dupes)}")
        return staff


class DangerExamples(Strict):
    """Messages that mean a child is in danger now, and near misses that do not: the detector's training data."""

    now: list[str] = Field(min_items=20)
    not_now: list[str] = Field(min_items=20)


class DangerPhrases(Strict):
    """Phrases that mean a child is in danger now, checked before anything else."""

    phrases: list[str] = Field(min_items=1)
    last_reviewed: dt.date
    source: str


UNCHECKED_WORDS = ("not yet checked", "unconfirmed", "not checked")


def unchecked(source: str, example: bool) -> bool:
    """True for an entry its own source says nobody has checked (or that is marked an example)."""
    return example or any(word in source.lower() for word in UNCHECKED_WORDS)
