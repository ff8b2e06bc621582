"""Contacts for this moment: who takes a concern now, and how each contact is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.council.hours import bank_holiday_name, is_office_open, local_time
from bot.council.models import Contact, Profile
from bot.text.naming import normalise

EXAMPLE_LABEL = " (example - not yet checked, confirm before use)"


@dataclass(frozen=True)
class FrontDoorNow:
    """The contact that takes a new concern right now, and why that one."""

    contact: Contact
    office_open: bool
    reason: str


def describe(contact: Contact) -> str:
    """One line for a contact: name, how to reach it, and an example label when unchecked."""
    reach = [part for part in (contact.phone, contact.email, contact.url) if part]
    line = f"{contact.name}: {', '.join(reach)}" if reach else contact.name
    if contact.how:
        line += f". {contact.how}"
    return line + (EXAMPLE_LABEL if contact.example else "")


def front_door_now(profile: Profile, when: dt.datetime) -> FrontDoorNow:
    """The front door in office hours, the out-of-hours service otherwise."""
    local = local_time(profile, when)
    if is_office_open(profile, when):
        return FrontDoorNow(profile.contact(profile.front_door.in_hours), True, "the office is open now")
    holiday = bank_holiday_name(profile, local.date())
    why = f"it is a bank holiday ({holiday})" if holiday else f"it is outside office hours ({local:%a %H:%M})"
    return FrontDoorNow(profile.contact(profile.front_door.out_of_hours), False, why)


def contact_names(profile: Profile) -> list[tuple[str, list[str]]]:
    """Every contact's id with its name and aliases (what the language pipeline recognises)."""
    return [(c.id, sorted({c.name, *c.aliases})) for c in profile.contacts]


def find(profile: Profile, words: str) -> list[Contact]:
    """Contacts whose id, name or alias is named in the words (case and punctuation ignored)."""
    text = f" {normalise(words)} "
    return [
        contact
        for contact in profile.contacts
        if any(f" {normalise(name)} " in text for name in (contact.id, contact.name, *contact.aliases))
    ]


def contacts_now(profile: Profile, when: dt.datetime) -> list[Contact]:
    """The contacts a worker needs at this moment: 999, the front door for now, then the rest."""
    door = front_door_now(profile, when).contact
    emergency = profile.contact(profile.front_door.emergency)
    other_door = {profile.front_door.in_hours, profile.front_door.out_of_hours} - {door.id}
    skip = {door.id, emergency.id, *other_door}
    return [emergency, door, *(c for c in profile.contacts if c.id not in skip)]
