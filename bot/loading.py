"""Loading and checking a council directory into validated models; problems name file, field and value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.council.files import (  # noqa: F401 (Problem, CouncilDataError and validation_summary re-exported)
    CouncilDataError,
    Problem,
    parse_model,
    read_yaml,
    validate_model,
    validation_summary,
)
from bot.council.models import DangerExamples, DangerPhrases, Profile, StaffFile, unchecked
from bot.induction.bank import parse_bank
from bot.induction.data import ScenarioBank
from bot.library.data import (
    Glossary,
    ProcedureMeta,
    ProcedureQuestions,
    Section,
    procedure_files,
    sections,
    split_front_matter,
)
from bot.practice.data import Escalation, Prompts, Timescales, check_contacts
from bot.settings import settings_from_env
from bot.threshold.data import Corpus, Paraphrases, Thresholds, check_thresholds, merge_corpora

STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Council:
    """Everything a council edits, validated."""

    directory: Path
    profile: Profile
    staff: StaffFile
    danger: DangerPhrases
    thresholds: Thresholds
    prompts: Prompts
    escalation: Escalation
    timescales: Timescales
    glossary: Glossary
    procedures: tuple[Section, ...] = field(default=())
    warnings: tuple[Problem, ...] = field(default=())
    # Training data for the indicator recogniser and the danger detector (optional: without them
    # the engine recognises the council's phrases only, and config check says so).
    paraphrases: dict[str, Paraphrases] = field(default_factory=dict)
    danger_examples: DangerExamples | None = None
    # Practice scenarios for induction (optional: without them there is nothing to practise on).
    scenarios: ScenarioBank = field(default_factory=ScenarioBank)
    # Example questions per procedure for the library's question classifier (optional).
    questions: dict[str, list[str]] = field(default_factory=dict)


def _staleness(profile: Profile, today: dt.date) -> list[Problem]:
    warnings = []
    for index, contact in enumerate(profile.contacts):
        where = f"contacts.{index}.verified_on"
        if contact.verified_on is None:
            continue
        if unchecked(contact.source, contact.example):
            message = (
                f"'{contact.id}' has a verified_on date, but its source says it is not checked (or it is an example)"
            )
            warnings.append(Problem("profile.yml", where, message, "warning"))
        elif today - contact.verified_on > STALE_AFTER:
            message = f"'{contact.id}' was last verified on {contact.verified_on}, over 12 months ago"
            warnings.append(Problem("profile.yml", where, message, "warning"))
    return warnings


def _load_paraphrases(folder: Path, thresholds: Thresholds | None, problems: list[Problem]) -> dict[str, Paraphrases]:
    parts = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        label = f"paraphrases/{path.name}"
        corpus = validate_model(Corpus, path, read_yaml(path, problems), problems, label)
        if corpus is None:
            continue
        known = {i.id for i in thresholds.indicators} if thresholds else set(corpus.indicators)
        problems += [
            Problem(label, f"indicators.{key}", "no indicator with this id in thresholds.yml")
            for key in corpus.indicators
            if key not in known
        ]
        parts.append(corpus)
    return merge_corpora(parts)


def _load_questions(path: Path, known: set[str], problems: list[Problem]) -> dict[str, list[str]]:
    found = parse_model(ProcedureQuestions, path, problems) if path.is_file() else None
    unknown = [key for key in (found.procedures if found else {}) if key not in known]
    problems += [Problem(path.name, f"procedures.{key}", "no procedure with this id in procedures/") for key in unknown]
    return found.procedures if found else {}


def _load_scenarios(folder: Path, thresholds: Thresholds | None, problems: list[Problem]) -> ScenarioBank:
    files: list[tuple[str, Any]] = []
    unreadable: set[str] = set()
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        label, found = f"scenarios/{path.name}", list[Problem]()
        files.append((label, read_yaml(path, found)))
        problems += [replace(p, file=label) for p in found]
        unreadable |= {label} if found else set()
    if not files or thresholds is None:
        return ScenarioBank()
    bank, issues = parse_bank(files, thresholds, unreadable)
    problems += [Problem(*issue) for issue in issues]
    return bank


def load_library(folder: Path, problems: list[Problem]) -> list[tuple[ProcedureMeta, str]]:
    """Every procedure file with valid front matter (problems are added for the others)."""
    found: list[tuple[ProcedureMeta, str]] = []
    files = procedure_files(folder)
    if not files:
        problems.append(Problem("procedures/", "(folder)", f"no procedure files (*.md) in {folder}"))
    seen: set[str] = set()
    for path in files:
        label = f"procedures/{path.name}"
        try:
            parsed = split_front_matter(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
            problems.append(Problem(label, "(front matter)", f"could not be read: {exc}"))
            continue
        if parsed is None:
            problems.append(Problem(label, "(front matter)", "missing: start the file with a --- block"))
            continue
        meta = validate_model(ProcedureMeta, path, parsed[0], problems, label)
        if meta is None:
            continue
        if meta.id != path.stem:
            problems.append(Problem(label, "id", f"'{meta.id}' must match the file name '{path.stem}'"))
        if meta.id in seen:
            problems.append(Problem(label, "id", f"'{meta.id}' is used by another procedure"))
        if "## " not in parsed[1]:
            problems.append(Problem(label, "(body)", "needs at least one '## ' section heading"))
        seen.add(meta.id)
        found.append((meta, parsed[1]))
    return found


def load_council(directory: Path, today: dt.date | None = None) -> Council:
    """Load and validate a council directory; raise CouncilDataError listing every error."""
    problems: list[Problem] = []
    if not directory.is_dir():
        raise CouncilDataError([Problem(str(directory), "(directory)", "council directory not found")])
    profile = parse_model(Profile, directory / "profile.yml", problems)
    staff = parse_model(StaffFile, directory / "staff.example.yml", problems)
    danger = parse_model(DangerPhrases, directory / "danger.yml", problems)
    raw_thresholds = read_yaml(directory / "thresholds.yml", problems)
    thresholds = validate_model(Thresholds, directory / "thresholds.yml", raw_thresholds, problems)
    if profile is not None:
        contact_ids = {c.id for c in profile.contacts}
        problems += [Problem("thresholds.yml", f, m) for f, m in check_thresholds(raw_thresholds, contact_ids)]
    prompts = parse_model(Prompts, directory / "prompts.yml", problems)
    raw_escalation = read_yaml(directory / "escalation.yml", problems)
    escalation = validate_model(Escalation, directory / "escalation.yml", raw_escalation, problems)
    timescales = parse_model(Timescales, directory / "timescales.yml", problems)
    if profile is not None:
        contact_ids = {c.id for c in profile.contacts}
        problems += [Problem("escalation.yml", f, m) for f, m in check_contacts(raw_escalation, contact_ids)]
    glossary = parse_model(Glossary, directory / "glossary.yml", problems)
    library = load_library(directory / "procedures", problems)
    known = {meta.id for meta, _ in library}
    if glossary is not None:
        problems += [
            Problem("glossary.yml", f"terms.{i}.related", f"no procedure '{ref}' in procedures/")
            for i, term in enumerate(glossary.terms)
            for ref in term.related
            if ref not in known
        ]
    paraphrases = _load_paraphrases(directory / "paraphrases", thresholds, problems)
    examples_file = directory / "danger_examples.yml"
    examples = parse_model(DangerExamples, examples_file, problems) if examples_file.is_file() else None
    scenarios = _load_scenarios(directory / "scenarios", thresholds, problems)
    questions = _load_questions(directory / "procedure_questions.yml", known, problems)
    parts = (profile, staff, danger, thresholds, prompts, escalation, timescales, glossary)
    if problems or any(part is None for part in parts):
        raise CouncilDataError(problems)
    warnings = _staleness(profile, today or dt.date.today())  # type: ignore[arg-type]
    # Optional data: without it a part works in a simpler way, and `config check` says so.
    missing = [
        (
            not paraphrases,
            "paraphrases/",
            "(folder)",
            "no paraphrase files: indicators are found by their phrases only",
        ),
        (examples is None, "danger_examples.yml", "(file)", "missing: danger is read from danger.yml phrases only"),
        (not scenarios.scenarios, "scenarios/", "(folder)", "no practice scenarios to practise on"),
        (not questions, "procedure_questions.yml", "(file)", "missing: the library matches shared words only"),
    ]
    warnings += [Problem(file, where, message, "warning") for absent, file, where, message in missing if absent]
    sections_found = tuple(section for meta, body in library for section in sections(meta, body))
    return Council(directory, *parts, sections_found, tuple(warnings), paraphrases, examples, scenarios, questions)  # type: ignore[arg-type]


def check_council(directory: Path, today: dt.date | None = None) -> list[Problem]:
    """Every problem in a council directory: errors first, then warnings."""
    try:
        council = load_council(directory, today)
    except CouncilDataError as exc:
        return exc.problems
    return list(council.warnings)


def council_from_env() -> Council:
    """Load the council named by the environment (COUNCIL or COUNCIL_DIR)."""
    return load_council(settings_from_env().council_path)
