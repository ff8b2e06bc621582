"""Reading the fields of a council YAML file one by one, noting a (file, field, message) problem for each bad one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_BRACKETED = re.compile(r"\[\d{1,3}\]")

Issue = tuple[str, str, str]


class Reader:
    """Reads the fields of one file; every problem names the file, the field and the value."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file, self.issues = file, issues

    def problem(self, where: str, message: str) -> None:
        """Note one problem at a field."""
        self.issues.append((self.file, where, message))

    def unknown_keys(self, raw: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        """A problem for every key that is not one of `known` (typos never pass silently)."""
        for key, value in raw.items():
            if key not in known:
                shown = f" (value: {value!r})" if not isinstance(value, (dict, list)) else ""
                self.problem(f"{where}.{key}" if where else str(key), f"unknown key{shown}")

    def text(self, raw: Mapping[str, Any], key: str, where: str, min_chars: int = 3) -> str | None:
        """A text field, its whitespace folded; None when missing or not text."""
        value = raw.get(key)
        if value is None:
            self.problem(f"{where}.{key}", "field required")
            return None
        if not isinstance(value, str):
            self.problem(f"{where}.{key}", f"must be text (value: {value!r})")
            return None
        folded = " ".join(value.split())  # YAML's folded and literal blocks read the same
        if len(folded) < min_chars:
            self.problem(f"{where}.{key}", f"too short: write at least {min_chars} characters (value: {folded!r})")
        if _BRACKETED.search(folded):
            self.problem(f"{where}.{key}", "carries a numbered reference like [3]: name sources by title and address")
        return folded

    def items(self, raw: Mapping[str, Any], key: str, where: str, min_items: int = 1) -> list[Any]:
        """A list field (empty when missing or not a list)."""
        value = raw.get(key)
        if value is None:
            self.problem(f"{where}.{key}", "field required")
            return []
        if not isinstance(value, list):
            self.problem(f"{where}.{key}", f"must be a list (value: {value!r})")
            return []
        if len(value) < min_items:
            self.problem(f"{where}.{key}", f"needs at least {min_items} item(s)")
        return value

    def strings(self, raw: Mapping[str, Any], key: str, where: str, min_items: int = 1) -> list[str]:
        """A list of texts; an item that is not text is a problem and left out."""
        found = self.items(raw, key, where, min_items)
        for index, item in enumerate(found):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{where}.{key}.{index}", f"must be text (value: {item!r})")
        return [" ".join(item.split()) for item in found if isinstance(item, str) and item.strip()]

    def date(self, raw: Mapping[str, Any], key: str, where: str) -> dt.date | None:
        """A date field (YAML reads 2026-12-01 as a date; a quoted one is read too)."""
        value = raw.get(key)
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            message = "field required" if value is None else f"must be a date like 2026-12-01 (value: {value!r})"
            self.problem(f"{where}.{key}", message)
            return None
