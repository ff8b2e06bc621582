"""The council's retention settings: periods with a unit, at least a day, defaults when absent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.council.models import Retention, parse_period
from bot.loading import check_council, load_council

PROBLEM = "must be a period of at least a day, like 30d, 48h or 2w"


def test_defaults_when_absent(council_copy: Path) -> None:
    profile = yaml.safe_load((council_copy / "profile.yml").read_text())
    profile.pop("retention", None)
    (council_copy / "profile.yml").write_text(yaml.safe_dump(profile, sort_keys=False))
    kept = load_council(council_copy, dt.date(2026, 11, 26)).profile.retention
    assert (kept.conversations, kept.audit) == (dt.timedelta(days=30), dt.timedelta(days=365))


@pytest.mark.parametrize(
    ("given", "expected"),
    [({"conversations": "14d"}, (14, 365)), ({"audit": "2w", "conversations": "48h"}, (2, 14)), ({}, (30, 365))],
)
def test_periods_are_read(given: dict[str, str], expected: tuple[int, int]) -> None:
    kept = Retention.parse_obj(given)
    assert (kept.conversations.days, kept.audit.days) == expected


@pytest.mark.parametrize("bad", ["soon", "12h", "0d", 30, "30 months", "", None])
def test_bad_periods_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match="at least a day"):
        Retention.parse_obj({"audit": bad})


def test_a_bad_period_is_named_by_file_field_and_value(council_copy: Path) -> None:
    profile = yaml.safe_load((council_copy / "profile.yml").read_text())
    profile["retention"] = {"conversations": "a month", "audit": "365d", "backups": "7d"}
    (council_copy / "profile.yml").write_text(yaml.safe_dump(profile, sort_keys=False))
    errors = [str(p) for p in check_council(council_copy, dt.date(2026, 11, 26)) if p.severity == "error"]
    assert f"profile.yml: retention.conversations: {PROBLEM} (value: 'a month')" in errors
    assert "profile.yml: retention.backups: unknown key (value: '7d')" in errors


def test_parse_period_says_what_was_wrong() -> None:
    assert parse_period("3 weeks") == dt.timedelta(weeks=3)
    with pytest.raises(ValueError, match="'fortnight' is not a period like 30d, 12h or 2w"):
        parse_period("fortnight")
    with pytest.raises(ValueError, match="at least 1"):
        parse_period("0h")
