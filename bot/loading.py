"""Loading and checking a council directory into validated models; problems name file, field and value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.council.models import SAFE_LOADER, DangerExamples, DangerPhrases, Profile, StaffFile, unchecked
from bot.induction.bank import parse_bank
from bot.induction.data import ScenarioBank
from bot.library.data import Glossary, ProcedureMeta, Section, procedure_files, sections, split_front_matter
from bot.library.questions import ProcedureQuestions
from bot.practice.data import Escalation, Prompts, Timescales, check_contacts
from bot.settings import settings_from_env
from bot.threshold.data import Corpus, Paraphrases, Thresholds, check_thresholds, merge_corpora

STALE_AFTER = dt.timedelta(days=365)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One problem in council data, printed as `file: field: message`."""

    file: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{self.file}: {self.field}: {self.message}"


class CouncilDataError(Exception):
    """Raised when council data has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


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


def _read_yaml(path: Path, problems: list[Problem]) -> Any | None:
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, "(file)", f"missing: expected {path}"))
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(yaml)"
        problems.append(Problem(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "(file)", f"not UTF-8 text: {exc.reason}"))
    except ValueError as exc:  # YAML reads 2026-13-45 as a date and fails outside YAMLError
        problems.append(Problem(name, "(yaml)", f"a value could not be read: {exc}"))
    return None


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p != "__root__"]
    return ".".join(parts) or "(top level)"


def validation_summary(exc: ValidationError) -> str:
    """A pydantic error as one line: `field: message; field: message`."""
    return "; ".join(f"{_field_name(tuple(e['loc']))}: {e['msg']}" for e in exc.errors())


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and part < len(data)
        ):
            data = data[part]
        else:
            return None
    return data


def parse_model(model: type[M], path: Path, problems: list[Problem]) -> M | None:
    """Read and validate one YAML file, adding a Problem per validation error."""
    return validate_model(model, path, _read_yaml(path, problems), problems)


def validate_model(
    model: type[M], path: Path, data: Any, problems: list[Problem], label: str | None = None
) -> M | None:
    """Validate data read from a YAML file, adding a Problem per validation error."""
    name = label or path.name
    if data is None:
        if path.is_file() and not any(p.file == name for p in problems):
            problems.append(Problem(name, "(file)", "is empty"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, "(top level)", "must be a mapping of keys to values"))
        return None
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            value = _value_at(data, loc)
            shown = f" (value: {value!r})" if value is not None and not isinstance(value, (dict, list)) else ""
            message = "unknown key" if err["type"] == "value_error.extra" else err["msg"]
            problems.append(Problem(name, _field_name(loc), message + shown))
        return None


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
        corpus = validate_model(Corpus, path, _read_yaml(path, problems), problems, label)
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
    if not path.is_file():
        return {}
    found = parse_model(ProcedureQuestions, path, problems)
    if found is None:
        return {}
    problems += [
        Problem(path.name, f"procedures.{key}", "no procedure with this id in procedures/")
        for key in found.procedures
        if key not in known
    ]
    return found.procedures


def _load_scenarios(folder: Path, thresholds: Thresholds | None, problems: list[Problem]) -> ScenarioBank:
    files: list[tuple[str, Any]] = []
    unreadable: set[str] = set()
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        label, found = f"scenarios/{path.name}", list[Problem]()
        files.append((label, _read_yaml(path, found)))
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
    raw_thresholds = _read_yaml(directory / "thresholds.yml", problems)
    thresholds = validate_model(Thresholds, directory / "thresholds.yml", raw_thresholds, problems)
    if profile is not None:
        contact_ids = {c.id for c in profile.contacts}
        problems += [Problem("thresholds.yml", f, m) for f, m in check_thresholds(raw_thresholds, contact_ids)]
    prompts = parse_model(Prompts, directory / "prompts.yml", problems)
    raw_escalation = _read_yaml(directory / "escalation.yml", problems)
    escalation = validate_model(Escalation, directory / "escalation.yml", raw_escalation, problems)
    timescales = parse_model(Timescales, directory / "timescales.yml", problems)
    if profile is not None:
        contact_ids = {c.id for c in profile.contacts}
        problems += [Problem("escalation.yml", f, m) for f, m in check_contacts(raw_escalation, contact_ids)]
    glossary = parse_model(Glossary, directory / "glossary.yml", problems)
    library = load_library(directory / "procedures", problems)
    if glossary is not None:
        known = {meta.id for meta, _ in library}
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
    questions = _load_questions(directory / "procedure_questions.yml", {meta.id for meta, _ in library}, problems)
    parts = (profile, staff, danger, thresholds, prompts, escalation, timescales, glossary)
    if problems or any(part is None for part in parts):
        raise CouncilDataError(problems)
    warnings = _staleness(profile, today or dt.date.today())  # type: ignore[arg-type]
    if not paraphrases:
        warnings.append(
            Problem(
                "paraphrases/", "(folder)", "no paraphrase files: indicators are found by their phrases only", "warning"
            )
        )
    if examples is None:
        warnings.append(
            Problem("danger_examples.yml", "(file)", "missing: danger is read from danger.yml phrases only", "warning")
        )
    if not scenarios.scenarios:
        warnings.append(Problem("scenarios/", "(folder)", "no practice scenarios to practise on", "warning"))
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
