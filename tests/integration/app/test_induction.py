"""`python -m bot practice scenarios|progress`: text and JSON, exit codes, and one-line reasons without a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine

from bot.council.models import StaffFile, StaffMember
from bot.loading import Council
from bot.settings import ROOT
from bot.staff import directory
from bot.storage.db import unit_of_work
from bot.storage.models import PracticeAttemptRow

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", "practice", *args],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_scenarios_lists_the_bank_by_level_and_theme(council: Council) -> None:
    done = _cli("scenarios")
    assert done.returncode == 0, done.stderr
    assert all(f"  {s.id}: {s.title}" in done.stdout for s in council.scenarios.scenarios)
    assert f"{len(council.scenarios.scenarios)} scenario(s). Level 1: " in done.stdout
    assert "Themes: " in done.stdout and "Pre-birth: 3" in done.stdout


def test_scenarios_as_json(council: Council) -> None:
    done = _cli("scenarios", "--json")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and len(report["scenarios"]) == len(council.scenarios.scenarios)
    assert set(report["by_level"]) == {"1", "2", "3", "4"} and sum(report["by_level"].values()) == len(
        report["scenarios"]
    )
    first = report["scenarios"][0]
    assert set(first) >= {"id", "expected_level", "expected_indicators", "route", "pitfalls", "sources", "file"}


def test_scenarios_on_broken_council_data_names_the_problem(council_copy: Path) -> None:
    path = council_copy / "scenarios" / "step-down.yml"
    data = yaml.safe_load(path.read_text())
    data["scenarios"][0]["route"] = "wait_and_see"
    path.write_text(yaml.safe_dump(data))
    done = _cli("scenarios", "--council", str(council_copy))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "scenarios/step-down.yml: scenarios.0.route: unknown route 'wait_and_see'" in done.stderr


@pytest.fixture()
def database(engine: Engine, sqlite_url: str) -> dict[str, str]:
    """A migrated decision-log database with one newly qualified worker and two practice answers."""
    member = StaffMember(id="nq", name="Nia Q", role="nqsw", team="a", identities={"rest": ["nq"]})
    with unit_of_work(engine) as session:
        directory.import_file(session, StaffFile(staff=[member]))
    with unit_of_work(engine) as session:
        for given, first in ((4, True), (2, False)):
            session.add(
                PracticeAttemptRow(
                    staff_id="nq",
                    scenario_id="psm_weekend_cannabis",
                    theme="parental_substance_misuse",
                    at=T0,
                    level_given=given,
                    expected_level=2,
                    exact=given == 2,
                    within_one=False,
                    first_try=first,
                    route_expected="early_help",
                    pitfalls='["over_call"]' if given == 4 else "[]",
                )
            )
    return {"DATABASE_URL": sqlite_url}


def test_progress_as_text_and_json(database: dict[str, str]) -> None:
    text = _cli("progress", "--staff", "nq", env=database)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Nia Q has tried 1 scenario(s) (2 answer(s) in all).")
    assert (
        "First tries: 0% at the expected level, 0% within one level (0 under-call(s), 1 over-call(s))." in text.stdout
    )
    report = json.loads(_cli("progress", "--staff", "nq", "--json", env=database).stdout)
    assert (report["attempts"], report["first_tries"], report["over_calls"]) == (2, 1, 1)
    assert report["pitfalls"] == {"over_call": 1} and "neglect" in report["themes_left"]


def test_unknown_staff_or_no_database_is_bad_input_without_a_traceback(
    database: dict[str, str], tmp_path: Path
) -> None:
    unknown = _cli("progress", "--staff", "nobody", env=database)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert unknown.stderr.strip() == "error: no member of staff with id 'nobody' (see `python -m bot staff list`)"
    missing = tmp_path / "never.db"
    nothing = _cli("progress", "--staff", "nq", env={"DATABASE_URL": f"sqlite:///{missing}"})
    assert nothing.returncode == 2 and nothing.stderr.startswith(f"error: no decision-log database at {missing}")
    assert not missing.exists()
    usage = _cli("progress")
    assert usage.returncode == 2 and "--staff" in usage.stderr
