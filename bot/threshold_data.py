"""Validated models of a council's thresholds file: levels, indicators and the rules as data."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, root_validator, validator

from bot.council import Strict

DOMAINS = ("developmental_needs", "parenting_capacity", "family_environment")


class Level(Strict):
    """One level of need: what it means, who responds, and what the worker does next."""

    level: int = Field(ge=1, le=4)
    name: str = Field(min_length=3)
    meaning: str = Field(min_length=10)
    response: str = Field(min_length=10)
    route: str = Field(min_length=10)
    contacts: list[str] = []
    source: str = Field(min_length=3)


class Indicator(Strict):
    """A sign of need or of strength, with the phrases practitioners use for it."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    level: int = Field(ge=1, le=4)
    domain: str
    theme: str
    wording: str = Field(min_length=5)
    examples: list[str] = []
    phrases: list[str] = Field(min_items=1)
    strength: bool = False


class Condition(Strict):
    """When a protocol or modifier applies: any listed indicator or phrase, and an age limit."""

    indicators: list[str] = []
    themes: list[str] = []
    phrases: list[str] = []
    # With an age limit, the rule applies when the age is known to be under it, or when one of
    # the age phrases ("newborn", "not yet crawling") appears in the text.
    under_months: int | None = Field(default=None, ge=1, le=216)
    age_phrases: list[str] = []

    @root_validator(skip_on_failure=True)
    def _something_to_match(cls, values: dict) -> dict:
        if not (values["indicators"] or values["themes"] or values["phrases"] or values["under_months"]):
            raise ValueError("a condition needs indicators, themes, phrases or under_months")
        return values


class Protocol(Strict):
    """A situation that always means a given level, with the action it requires."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    title: str
    level: int = Field(ge=1, le=4)
    when: Condition
    action: str = Field(min_length=10)
    source: str = Field(min_length=3)


class Modifier(Strict):
    """Something about the child or history that raises the level or asks for the next one to be considered."""

    id: str = Field(regex=r"^[a-z0-9_]+$")
    title: str
    effect: Literal["raise", "consider_next"]
    when: Condition
    source: str = Field(min_length=3)


class Cumulative(Strict):
    """How many indicators across how many domains raise the level, or put the next one in view."""

    consider_next_indicators: int = Field(ge=2)
    consider_next_domains: int = Field(ge=1, le=3)
    raise_indicators: int = Field(ge=2)
    raise_domains: int = Field(ge=1, le=3)
    raise_up_to: int = Field(ge=2, le=4)


class Rules(Strict):
    """The rules the engine applies, as council data."""

    emergency_level: int = Field(default=4, ge=3, le=4)
    cumulative: Cumulative
    protocols: list[Protocol] = []
    modifiers: list[Modifier] = []


class Thresholds(Strict):
    """The whole thresholds file."""

    version: int
    last_reviewed: dt.date
    source: str
    domains: dict[str, str]
    themes: dict[str, str]
    levels: list[Level]
    indicators: list[Indicator] = Field(min_items=1)
    rules: Rules

    @validator("domains")
    def _three_domains(cls, domains: dict[str, str]) -> dict[str, str]:
        if set(domains) != set(DOMAINS):
            raise ValueError(f"domains must be exactly {', '.join(DOMAINS)}")
        return domains

    @validator("levels")
    def _four_levels(cls, levels: list[Level]) -> list[Level]:
        if sorted(lv.level for lv in levels) != [1, 2, 3, 4]:
            raise ValueError("levels must list 1, 2, 3 and 4 once each")
        return sorted(levels, key=lambda lv: lv.level)

    def level(self, number: int) -> Level:
        """The level with this number (1-4)."""
        return self.levels[number - 1]

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        return next(i for i in self.indicators if i.id == indicator_id)


def check_thresholds(data: Thresholds, contact_ids: set[str]) -> list[tuple[str, str]]:
    """Cross-reference problems as (field, message): ids, domains, themes, contacts."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(data.indicators):
        where = f"indicators.{index}"
        if item.id in seen:
            problems.append((f"{where}.id", f"duplicate id '{item.id}'"))
        seen.add(item.id)
        if item.domain not in data.domains:
            problems.append((f"{where}.domain", f"unknown domain '{item.domain}' (use {', '.join(DOMAINS)})"))
        if item.theme not in data.themes:
            problems.append((f"{where}.theme", f"unknown theme '{item.theme}'"))
    for index, level in enumerate(data.levels):
        for contact in level.contacts:
            if contact not in contact_ids:
                problems.append((f"levels.{index}.contacts", f"no contact '{contact}' in profile.yml"))
    rules = [("protocols", r.id, r.when) for r in data.rules.protocols] + [
        ("modifiers", m.id, m.when) for m in data.rules.modifiers
    ]
    for kind, rule_id, when in rules:
        for ref in when.indicators:
            if ref not in seen:
                problems.append((f"rules.{kind}.{rule_id}.when.indicators", f"unknown indicator '{ref}'"))
        for theme in when.themes:
            if theme not in data.themes:
                problems.append((f"rules.{kind}.{rule_id}.when.themes", f"unknown theme '{theme}'"))
    return problems
