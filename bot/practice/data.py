"""Validated models of the prompts, escalation routes and timescales a council edits."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, conint, validator

from bot.council.models import Strict

Unit = Literal["working_days", "days", "weeks", "months"]


class Question(Strict):
    """One reflective question; a scale question takes an answer from 0 to 10."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    text: str = Field(min_length=5)
    kind: Literal["text", "scale"] = "text"


class PromptSet(Strict):
    """A set of reflective questions asked one at a time."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    title: str
    purpose: str
    source: str
    questions: list[Question] = Field(min_items=1)

    @validator("questions")
    def _unique(cls, questions: list[Question]) -> list[Question]:
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique within a set")
        return questions


class Prompts(Strict):
    """All prompt sets."""

    last_reviewed: dt.date
    sets: list[PromptSet] = Field(min_items=1)

    def get(self, set_id: str) -> PromptSet | None:
        """The set with this id, or None."""
        return next((s for s in self.sets if s.id == set_id), None)


class Stage(Strict):
    """One stage of resolving a disagreement."""

    stage: conint(ge=1, le=10)  # type: ignore[valid-type]
    who: str
    by_when: str
    what: str
    example: bool = False


class RouteContacts(Strict):
    """Contacts in the order to use them, in and out of office hours."""

    in_hours: list[str] = Field(min_items=1)
    out_of_hours: list[str] = Field(min_items=1)


class Situation(Strict):
    """Where to take a worry in one situation: steps, contacts by time, what to record."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    title: str
    phrases: list[str] = Field(min_items=1)
    steps: list[str] = Field(min_items=1)
    contacts: RouteContacts
    record: str
    timescale: str = ""
    source: str
    example: bool = False
    note: str = ""
    stages: list[Stage] = []


class Escalation(Strict):
    """All escalation routes."""

    last_reviewed: dt.date
    situations: list[Situation] = Field(min_items=1)

    def get(self, situation_id: str) -> Situation | None:
        """The situation with this id, or None."""
        return next((s for s in self.situations if s.id == situation_id), None)


class Repeat(Strict):
    """How often a timescale repeats after the first due date."""

    amount: conint(ge=1, le=366)  # type: ignore[valid-type]
    unit: Unit


class Event(Strict):
    """A timescale: how long from a starting event until something is due."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    title: str
    starts_from: str
    amount: conint(ge=1, le=366)  # type: ignore[valid-type]
    unit: Unit
    repeat: Repeat | None = None
    rule: str
    source: str
    example: bool = False
    note: str = ""
    aliases: list[str] = []


class Timescales(Strict):
    """All timescales."""

    last_reviewed: dt.date
    events: list[Event] = Field(min_items=1)

    def get(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        return next((e for e in self.events if e.id == event_id), None)


def check_contacts(raw: Any, contact_ids: set[str]) -> list[tuple[str, str]]:
    """Escalation contacts that are not in the profile, as (field, message), read from the raw file
    so they are reported even when other fields fail validation."""
    situations = raw.get("situations") if isinstance(raw, dict) else None
    problems = []
    for index, situation in enumerate(situations if isinstance(situations, list) else []):
        contacts = situation.get("contacts") if isinstance(situation, dict) else None
        for when in ("in_hours", "out_of_hours"):
            listed = contacts.get(when) if isinstance(contacts, dict) else None
            for contact in listed if isinstance(listed, list) else []:
                if contact not in contact_ids:
                    problems.append((f"situations.{index}.contacts.{when}", f"no contact '{contact}' in profile.yml"))
    return problems
