"""pip-audit-allow.txt, read by `make audit`: each accepted advisory names its package, our use of it and why."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

import pytest

from bot.settings import ROOT

ALLOW = ROOT / "pip-audit-allow.txt"
ID = re.compile(r"^(PYSEC-\d{4}-\d+|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,})$")
USE = re.compile(r"^(used|not used|unknown)\b")


def entries(text: str) -> list[list[str]]:
    """The accepted advisories, as [id, package, our code path, why], as `make audit` reads them."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [[field.strip() for field in line.split("|")] for line in lines if line]


def _problems(text: str) -> list[str]:
    problems = []
    for entry in entries(text):
        if len(entry) != 4 or not all(entry):
            problems.append(f"{entry}: needs four fields: ID | package | our code path | why")
            continue
        advisory, package, use, why = entry
        if not ID.match(advisory):
            problems.append(f"{advisory}: not a PYSEC, GHSA or CVE id")
        if not USE.match(use):
            problems.append(f"{advisory}: say whether our code path is 'used', 'not used' or 'unknown'")
        if len(why.split()) < 4:
            problems.append(f"{advisory}: say why it is accepted")
        try:
            version(package)
        except PackageNotFoundError:
            problems.append(f"{advisory}: {package} is not installed any more: remove the line")
    return problems


def test_every_accepted_advisory_is_explained() -> None:
    assert _problems(ALLOW.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("GHSA-xxxx | sanic", "needs four fields"),
        ("GHSA-abcd-efgh-ijkl | sanic | not used: no static files | Rasa 3.6 pins sanic 21.12", "not a PYSEC"),
        ("PYSEC-2024-1 | sanic | probably | Rasa 3.6 pins sanic 21.12", "'used', 'not used' or 'unknown'"),
        ("CVE-2024-12345 | sanic | used | because", "say why"),
        ("CVE-2024-12345 | no-such-package-here | unknown | Rasa pins it this low", "not installed any more"),
    ],
)
def test_a_bad_line_is_named(line: str, problem: str) -> None:
    assert any(problem in found for found in _problems(f"# comment\n{line}\n"))


def test_comments_and_blank_lines_are_not_entries() -> None:
    text = "# GHSA-xxxx | sanic\n\n   \nPYSEC-2024-1 | sanic | used: every request | pinned by Rasa 3.6  # note\n"
    assert entries(text) == [["PYSEC-2024-1", "sanic", "used: every request", "pinned by Rasa 3.6"]]
    assert _problems(text) == []
