"""The command line: exit codes, one-line reasons, and servers that refuse to start on bad data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot.settings import ROOT


def cli(*args: str, council: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PRACTICE_NOW": "2026-11-26T10:30:00+00:00"}
    if council:
        env["COUNCIL_DIR"] = str(council)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_config_check_ok() -> None:
    result = cli("-m", "bot", "config", "check")
    assert result.returncode == 0 and result.stdout.startswith("OK:")


def test_config_check_names_every_problem_and_exits_2(council_copy: Path) -> None:
    profile = yaml.safe_load((council_copy / "profile.yml").read_text())
    profile["contacts"][1].pop("phone")
    profile["contacts"][1].pop("how")
    profile["surprise"] = True
    (council_copy / "profile.yml").write_text(yaml.safe_dump(profile))
    (council_copy / "danger.yml").write_text("phrases: [unclosed\n")
    result = cli("-m", "bot", "config", "check", "--council", str(council_copy))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "profile.yml: surprise: unknown key (value: True)" in lines
    assert any(line.startswith("profile.yml: contacts.1: a contact needs") for line in lines)
    assert any(line.startswith("danger.yml: line 2, column 1: not valid YAML") for line in lines)


def test_config_check_json(council_copy: Path) -> None:
    (council_copy / "staff.example.yml").write_text("staff: []\nextra: 1\n")
    result = cli("-m", "bot", "config", "check", "--json", "--council", str(council_copy))
    report = json.loads(result.stdout)
    assert result.returncode == 2 and not report["ok"]
    assert {
        "file": "staff.example.yml",
        "field": "extra",
        "message": "unknown key (value: 1)",
        "severity": "error",
    } in report["problems"]


def test_action_server_refuses_to_start_on_bad_data(council_copy: Path) -> None:
    (council_copy / "profile.yml").write_text("name: [unclosed\n")
    result = cli("-m", "actions", "--port", "1", council=council_copy)
    assert result.returncode == 2
    assert "profile.yml: line 2, column 1: not valid YAML" in result.stderr
    assert "action server not started" in result.stderr


def test_action_server_refuses_to_start_on_a_bad_procedure_file(council_copy: Path) -> None:
    target = council_copy / "procedures" / "missing-children.md"
    text = target.read_text()
    target.write_text(text.replace("owner:", "owned_by:", 1).replace("last_reviewed: 20", "last_reviewed: 31-02-", 1))
    result = cli("-m", "actions", "--port", "1", council=council_copy)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("procedures/missing-children.md: owner: field required") for line in lines)
    assert any(line.startswith("procedures/missing-children.md: last_reviewed:") for line in lines)
    assert "action server not started" in result.stderr


def test_run_refuses_to_start_on_bad_data(council_copy: Path) -> None:
    (council_copy / "thresholds.yml").write_text("version: 1\n")
    result = cli("-m", "bot", "run", "--council", str(council_copy))
    assert result.returncode == 2
    assert any(line.startswith("thresholds.yml: last_reviewed: field required") for line in result.stderr.splitlines())


def test_assess_json() -> None:
    result = cli("-m", "bot", "assess", "--json", "--age-months", "3", "small bruise on the baby's cheek")
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["level"] == 4 and report["emergency"] is False
    assert report["indicators"][0]["matched_words"] and report["reasons"][0].startswith("Protocol:")
    assert report["contacts"] and report["source"] and report["last_reviewed"] == "2026-11-26"


def test_assess_text_and_bad_input() -> None:
    readable = cli("-m", "bot", "assess", "dad is hitting her now")
    assert readable.returncode == 0 and "EMERGENCY: call 999 now" in readable.stdout
    empty = cli("-m", "bot", "assess", "  ")
    assert empty.returncode == 2 and empty.stderr.startswith("error: give a description")
    wrong_age = cli("-m", "bot", "assess", "--age-months", "999", "hungry")
    assert wrong_age.returncode == 2 and "--age-months" in wrong_age.stderr
    no_match = cli("-m", "bot", "assess", "--json", "we had a meeting")
    assert json.loads(no_match.stdout)["needs_more"] is True


def test_unknown_command_exits_2() -> None:
    assert cli("-m", "bot", "frobnicate").returncode == 2


def test_timescale_cli() -> None:
    result = cli("-m", "bot", "timescale", "strategy_to_icpc", "2026-03-02", "--json")
    report = json.loads(result.stdout)
    assert (
        result.returncode == 0 and report["due"] == "2026-03-23" and report["weekday"] == "Monday" and report["source"]
    )
    assert cli("-m", "bot", "timescale", "strategy_to_icpc", "2026-02-31").returncode == 2
    unknown = cli("-m", "bot", "timescale", "tea_break", "2026-03-02")
    assert unknown.returncode == 2 and "unknown event" in unknown.stderr


def test_timescale_cli_computes_the_first_review_of_a_child_in_care() -> None:
    result = cli("-m", "bot", "timescale", "cic_first_review", "2026-03-02", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["due"] == "2026-03-30" and report["unit"] == "working_days"
    assert "20 working days" in report["rule"] and "2010" in report["source"]
    readable = cli("-m", "bot", "timescale", "first review for a child who has come into care", "2026-03-02")
    assert "due Monday 30 March 2026" in readable.stdout and "Source:" in readable.stdout


def test_content_report_lists_every_item_most_urgent_first() -> None:
    text = cli("-m", "bot", "content", "report")
    assert text.returncode == 0 and text.stdout.startswith("Content report for 26 November 2026:")
    items = json.loads(cli("-m", "bot", "content", "report", "--json").stdout)
    kinds = {i["kind"] for i in items}
    assert {
        "contact",
        "hours",
        "timescale",
        "escalation",
        "escalation stage",
        "indicators",
        "procedure",
        "glossary",
    } <= kinds
    order = {"overdue": 0, "due soon": 1, "never verified": 2, "ok": 3}
    assert [order[i["status"]] for i in items] == sorted(order[i["status"]] for i in items)
    lado = next(i for i in items if i["id"] == "lado")
    assert lado["example"] and lado["unverified"] and lado["verified_on"] is None
