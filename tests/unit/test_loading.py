"""Council data loads, and every kind of mistake is named by file, field and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.loading import CouncilDataError, check_council, load_council
from bot.settings import Settings


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _errors(directory: Path) -> list[str]:
    return [str(p) for p in check_council(directory, dt.date(2026, 11, 26)) if p.severity == "error"]


def test_example_council_is_valid(council_copy: Path) -> None:
    assert _errors(council_copy) == []


def test_bad_yaml_is_named_with_line(council_copy: Path) -> None:
    (council_copy / "profile.yml").write_text("name: [unclosed\n")
    errors = _errors(council_copy)
    assert len(errors) == 1 and errors[0].startswith("profile.yml: line ")
    assert "not valid YAML" in errors[0]


def test_missing_contact_field_is_named(council_copy: Path) -> None:
    _edit(council_copy / "profile.yml", lambda d: d["contacts"][1].pop("source"))
    assert "profile.yml: contacts.1.source: field required" in _errors(council_copy)


def test_unknown_key_is_named_with_value(council_copy: Path) -> None:
    _edit(council_copy / "profile.yml", lambda d: d["contacts"][0].update(phone_number="123"))
    assert "profile.yml: contacts.0.phone_number: unknown key (value: '123')" in _errors(council_copy)


def test_contact_must_be_reachable(council_copy: Path) -> None:
    def strip(data: dict) -> None:
        for key in ("phone", "how"):
            data["contacts"][1].pop(key, None)

    _edit(council_copy / "profile.yml", strip)
    assert any("contacts.1: a contact needs at least one of phone" in e for e in _errors(council_copy))


def test_bad_phone_and_hours_are_named(council_copy: Path) -> None:
    def spoil(data: dict) -> None:
        data["contacts"][1]["phone"] = "call Dave"
        data["office_hours"]["days"]["mon"] = "17:00-09:00"

    _edit(council_copy / "profile.yml", spoil)
    errors = _errors(council_copy)
    assert any(e.startswith("profile.yml: contacts.1.phone: 'call Dave' is not a phone number") for e in errors)
    assert any(e.startswith("profile.yml: office_hours.days: mon: '17:00-09:00'") for e in errors)


def test_front_door_must_name_a_contact(council_copy: Path) -> None:
    _edit(council_copy / "profile.yml", lambda d: d["front_door"].update(out_of_hours="nobody"))
    assert any("front_door.out_of_hours: no contact with id 'nobody'" in e for e in _errors(council_copy))


def test_duplicate_indicator_and_unknown_domain_are_named(council_copy: Path) -> None:
    def spoil(data: dict) -> None:
        data["indicators"][1]["id"] = data["indicators"][0]["id"]
        data["indicators"][2]["domain"] = "housing_stuff"

    _edit(council_copy / "thresholds.yml", spoil)
    errors = _errors(council_copy)
    assert any(e.startswith("thresholds.yml: indicators.1.id: duplicate id") for e in errors)
    assert any(e.startswith("thresholds.yml: indicators.2.domain: unknown domain 'housing_stuff'") for e in errors)


def test_levels_out_of_range_and_unknown_theme(council_copy: Path) -> None:
    def spoil(data: dict) -> None:
        data["indicators"][0]["level"] = 5
        data["indicators"][3]["theme"] = "weather"

    _edit(council_copy / "thresholds.yml", spoil)
    errors = _errors(council_copy)
    assert any(
        e.startswith("thresholds.yml: indicators.0.level: ensure this value is less than or equal to 4") for e in errors
    )
    assert any("indicators.3.theme: unknown theme 'weather'" in e for e in errors)


def test_rules_must_name_known_indicators(council_copy: Path) -> None:
    _edit(council_copy / "thresholds.yml", lambda d: d["rules"]["protocols"][0]["when"]["indicators"].append("l9_nope"))
    assert any(
        "rules.protocols.non_mobile_injury.when.indicators: unknown indicator 'l9_nope'" in e
        for e in _errors(council_copy)
    )


def test_missing_file_and_empty_file(council_copy: Path) -> None:
    (council_copy / "danger.yml").unlink()
    (council_copy / "staff.example.yml").write_text("")
    errors = _errors(council_copy)
    assert any(e.startswith("danger.yml: (file): missing") for e in errors)
    assert "staff.example.yml: (file): is empty" in errors


def test_every_problem_is_reported_at_once(council_copy: Path) -> None:
    (council_copy / "danger.yml").unlink()
    _edit(council_copy / "profile.yml", lambda d: d.pop("name"))
    with pytest.raises(CouncilDataError) as caught:
        load_council(council_copy)
    files = {p.file for p in caught.value.problems}
    assert files == {"danger.yml", "profile.yml"}


def test_stale_verification_is_a_warning_only(council_copy: Path) -> None:
    problems = check_council(council_copy, dt.date(2028, 1, 1))
    assert problems and all(p.severity == "warning" for p in problems)
    assert str(problems[0]).startswith("warning: profile.yml: contacts.0.verified_on:")


def test_default_secret_is_refused_in_production() -> None:
    with pytest.raises(ValueError, match="ACTION_SERVER_SECRET"):
        Settings(environment="production")
    assert "secret" not in repr(Settings(action_server_secret="s3cret")).replace("action_server_secret", "")


def test_timescale_unit_and_period_are_checked(council_copy: Path) -> None:
    def spoil(data: dict) -> None:
        data["events"][0]["unit"] = "fortnights"
        data["events"][1]["amount"] = -3

    _edit(council_copy / "timescales.yml", spoil)
    errors = _errors(council_copy)
    assert any(e.startswith("timescales.yml: events.0.unit: unexpected value") and "fortnights" in e for e in errors)
    assert any(
        e.startswith("timescales.yml: events.1.amount: ensure this value is greater than or equal to 1") for e in errors
    )


def test_escalation_route_without_a_contact_is_named(council_copy: Path) -> None:
    def spoil(data: dict) -> None:
        data["situations"][2]["contacts"]["out_of_hours"] = []
        data["situations"][3]["contacts"]["in_hours"] = ["nobody"]

    _edit(council_copy / "escalation.yml", spoil)
    errors = _errors(council_copy)
    assert any(
        e.startswith("escalation.yml: situations.2.contacts.out_of_hours: ensure this value has at least 1 items")
        for e in errors
    )
    assert "escalation.yml: situations.3.contacts.in_hours: no contact 'nobody' in profile.yml" in errors


def test_scale_question_kind_is_checked(council_copy: Path) -> None:
    _edit(council_copy / "prompts.yml", lambda d: d["sets"][0]["questions"][0].update(kind="slider"))
    assert any(e.startswith("prompts.yml: sets.0.questions.0.kind: unexpected value") for e in _errors(council_copy))


def test_procedure_front_matter_is_checked(council_copy: Path) -> None:
    target = council_copy / "procedures" / "mash-referral.md"
    text = target.read_text()
    target.write_text(
        text.replace("last_reviewed: 2026-11-26", "last_reviewed: 2026-13-45").replace("owner:", "owned_by:", 1)
    )
    (council_copy / "procedures" / "broken.md").write_text("no front matter here\n")
    errors = _errors(council_copy)
    assert any(
        e.startswith("procedures/mash-referral.md: (front matter): could not be read: month must be") for e in errors
    )
    target.write_text(
        text.replace("owner:", "owned_by:", 1).replace("last_reviewed: 2026-11-26", "last_reviewed: soon")
    )
    errors = _errors(council_copy)
    assert any(e.startswith("procedures/mash-referral.md: last_reviewed: invalid date format") for e in errors)
    assert any(e.startswith("procedures/mash-referral.md: owner: field required") for e in errors)
    assert "procedures/broken.md: (front matter): missing: start the file with a --- block" in errors


def test_a_verified_date_on_an_unchecked_contact_is_warned_about(council_copy: Path) -> None:
    profile = council_copy / "profile.yml"
    text = profile.read_text()
    marker = "    example: true\n"
    assert "id: lado" in text and marker in text
    profile.write_text(text.replace("  - id: lado\n", "  - id: lado\n    verified_on: 2026-11-26\n", 1))
    warnings = [str(p) for p in check_council(council_copy, dt.date(2026, 12, 1)) if p.severity == "warning"]
    assert any("'lado' has a verified_on date, but its source says it is not checked" in w for w in warnings)
