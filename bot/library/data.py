"""The council's procedure library and glossary: Markdown with front matter, validated at load."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field

from bot.council.models import SAFE_LOADER, Strict
from bot.text.naming import normalise

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)
_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.M)


class ProcedureMeta(Strict):
    """A procedure's front matter."""

    id: str = Field(regex=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=5)
    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    sources: list[str] = Field(min_items=1)
    tags: list[str] = []
    acronyms: list[str] = []


class ProcedureQuestions(Strict):
    """`procedure_questions.yml`: example questions for each procedure id (the question classifier's data)."""

    procedures: dict[str, list[str]] = Field(default_factory=dict)


class Term(Strict):
    """A glossary entry."""

    term: str = Field(min_length=1)
    full: str = ""
    definition: str = Field(min_length=10)
    related: list[str] = []
    synonyms: list[str] = []
    source: str


class Glossary(Strict):
    """All glossary entries."""

    last_reviewed: dt.date
    terms: list[Term] = Field(min_items=1)


@dataclass(frozen=True)
class Section:
    """One headed section of a procedure: the unit that search returns."""

    procedure: ProcedureMeta
    heading: str
    text: str


def split_front_matter(text: str) -> tuple[Any, str] | None:
    """(front matter as data, body) or None when the file has no front matter block."""
    match = _FRONT.match(text)
    if not match:
        return None
    return yaml.load(match.group(1), Loader=SAFE_LOADER), match.group(2)


def sections(meta: ProcedureMeta, body: str) -> list[Section]:
    """The body split at `## ` headings (text before the first heading is an introduction)."""
    parts = _HEADING.split(body)
    found = [Section(meta, "Introduction", parts[0].strip())] if parts[0].strip() else []
    for heading, text in zip(parts[1::2], parts[2::2], strict=True):
        if text.strip():
            found.append(Section(meta, heading.strip(), text.strip()))
    return found


def stale(meta: ProcedureMeta, today: dt.date) -> bool:
    """True when a procedure is past its review date."""
    return meta.review_due < today


def glossary_lookup(glossary: Glossary, words: str) -> Term | None:
    """The entry named by its term, full name or a synonym (case and punctuation ignored)."""
    wanted = normalise(words)
    for term in glossary.terms:
        if wanted in {normalise(n) for n in (term.term, term.full, *term.synonyms) if n}:
            return term
    return None


def procedure_files(directory: Path) -> list[Path]:
    """The Markdown files of a library folder, in name order."""
    return sorted(directory.glob("*.md")) if directory.is_dir() else []
