"""Validated models of a council's thresholds file: levels, indicators and the rules as data."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, root_validator, validator

from bot.council.models import Strict

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
    # Counts only for a child known to be younger than this; with the age unknown it is only possible.
    under_months: int | None = Field(default=None, ge=1, le=216)
    # A source of its own, cited with the answer, where the indicator is not in the threshold document.
    source: str | None = None


class Condition(Strict):
    """When a protocol or modifier applies: any listed indicator or phrase, and an age limit."""

    indicators: list[str] = []
    themes: list[str] = []
    phrases: list[str] = []
    # Every one of these must be present (a combination that is worse than its parts).
    all_indicators: list[str] = []
    all_themes: list[str] = []
    # With an age limit, the rule applies when the age is known to be under it, or when one of
    # the age phrases ("newborn", "not yet crawling") appears in the text.
    under_months: int | None = Field(default=None, ge=1, le=216)
    age_phrases: list[str] = []

    @root_validator(skip_on_failure=True)
    def _something_to_match(cls, values: dict) -> dict:
        keys = ("indicators", "themes", "phrases", "all_indicators", "all_themes", "under_months")
        if not any(values[k] for k in keys):
            raise ValueError(
                "a condition needs indicators, themes, phrases, all_indicators, all_themes or under_months"
            )
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


class Paraphrases(Strict):
    """Everyday descriptions of one indicator (`say`) and near misses that must not count (`not`)."""

    say: list[str] = Field(min_items=5)
    not_: list[str] = Field(default=[], alias="not")

    class Config:
        allow_population_by_field_name = True


class Corpus(Strict):
    """One paraphrase file: descriptions per indicator id, for training the recogniser."""

    indicators: dict[str, Paraphrases]


def merge_corpora(parts: list[Corpus]) -> dict[str, Paraphrases]:
    """The paraphrases of every file, per indicator (an id in several files gets all of them)."""
    merged: dict[str, Paraphrases] = {}
    for part in parts:
        for key, entry in part.indicators.items():
            old = merged.get(key)
            merged[key] = (
                entry
                if old is None
                else Paraphrases.parse_obj({"say": old.say + entry.say, "not": old.not_ + entry.not_})
            )
    return merged


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def check_thresholds(raw: Any, contact_ids: set[str]) -> list[tuple[str, str]]:
    """Cross-reference problems as (field, message), read from the raw file so they are reported
    even when other fields fail validation: duplicate ids, unknown domains, themes and contacts."""
    if not isinstance(raw, dict):
        return []
    problems, ids = _check_indicators(raw)
    for index, level in enumerate(_items(raw.get("levels"))):
        problems += [
            (f"levels.{index}.contacts", f"no contact '{c}' in profile.yml")
            for c in level.get("contacts") or []
            if c not in contact_ids
        ]
    return problems + _check_rules(raw, ids)


def _check_indicators(raw: dict[str, Any]) -> tuple[list[tuple[str, str]], set[str]]:
    domains, themes = raw.get("domains") or {}, raw.get("themes") or {}
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(_items(raw.get("indicators"))):
        where = f"indicators.{index}"
        if item.get("id") in seen:
            problems.append((f"{where}.id", f"duplicate id '{item.get('id')}'"))
        seen.add(str(item.get("id")))
        if item.get("domain") not in domains:
            problems.append((f"{where}.domain", f"unknown domain '{item.get('domain')}' (use {', '.join(DOMAINS)})"))
        if item.get("theme") not in themes:
            problems.append((f"{where}.theme", f"unknown theme '{item.get('theme')}'"))
    return problems, seen


def _check_rules(raw: dict[str, Any], ids: set[str]) -> list[tuple[str, str]]:
    themes = raw.get("themes") or {}
    rules: dict[str, Any] = raw["rules"] if isinstance(raw.get("rules"), dict) else {}
    problems: list[tuple[str, str]] = []
    for kind in ("protocols", "modifiers"):
        for rule in _items(rules.get(kind)):
            when: dict[str, Any] = rule["when"] if isinstance(rule.get("when"), dict) else {}
            where = f"rules.{kind}.{rule.get('id')}.when"
            for key in ("indicators", "all_indicators"):
                problems += [
                    (f"{where}.{key}", f"unknown indicator '{r}'") for r in when.get(key) or [] if r not in ids
                ]
            for key in ("themes", "all_themes"):
                problems += [(f"{where}.{key}", f"unknown theme '{t}'") for t in when.get(key) or [] if t not in themes]
    return problems
