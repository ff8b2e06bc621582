"""Reading one council YAML file into a validated model: every problem named by file, field and value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.council.models import SAFE_LOADER

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


def read_yaml(path: Path, problems: list[Problem]) -> Any | None:
    """A YAML file's data, or None with a Problem for a missing, unreadable or invalid file."""
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
    return validate_model(model, path, read_yaml(path, problems), problems)


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
