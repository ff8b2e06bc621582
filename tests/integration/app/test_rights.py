"""`python -m bot privacy export|erase`: JSON out, confirmation, exit codes and a log that still verifies."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft
from bot.settings import ROOT
from bot.staff import directory as staff
from bot.storage.db import unit_of_work
from tests.integration.stores import save_conversation

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
PEOPLE = StaffFile(
    staff=[
        StaffMember(id="pw", name="Pat W", role="practitioner", team="a", identities={"rest": ["pw"]}),
        StaffMember(id="other", name="Olu Other", role="practitioner", team="a", identities={"rest": ["other"]}),
    ]
)


@pytest.fixture()
def env(engine: Engine, sqlite_url: str, tmp_path: Path) -> dict[str, str]:
    """A decision log with two people and a decision each, and a tracker store with a conversation each."""
    with unit_of_work(engine) as session:
        staff.import_file(session, PEOPLE)
    with unit_of_work(engine) as session:
        for person in ("pw", "other"):
            decisions.record(session, staff.get_actor(session, person), Draft("other", "1234567", RATIONALE), T0)
    tracker = tmp_path / "tracker.db"
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    save_conversation(f"sqlite:///{tracker}", "pw", [(now - 60, "my own words")])
    save_conversation(f"sqlite:///{tracker}", "other", [(now - 60, "someone else's words")])
    # The checkpoint file is outside the database: this database's own, not the one under var/.
    return {"DATABASE_URL": sqlite_url, "TRACKER_DB": str(tracker), "CHAIN_CHECKPOINTS": str(tmp_path / "chain.jsonl")}


def _cli(*args: str, env: dict[str, str], given: str | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **env}
    full.pop("TRACKER_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=full,
        input=given,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_export_prints_json_or_writes_a_private_file(env: dict[str, str], tmp_path: Path) -> None:
    shown = _cli("privacy", "export", "--staff", "pw", env=env)
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["staff"]["name"] == "Pat W" and len(found["decisions"]) == 1
    assert [e["data"]["text"] for e in found["conversations"]["pw"] if e["type"] == "user"] == ["my own words"]
    assert "other" not in found["conversations"]
    out = tmp_path / "pw.json"
    written = _cli("privacy", "export", "--staff", "pw", "--out", str(out), env=env)
    assert written.returncode == 0 and f"to {out}" in written.stdout and "1 decision(s)" in written.stdout
    assert json.loads(out.read_text())["staff"]["id"] == "pw"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_erase_asks_first_and_then_does_it_once(env: dict[str, str]) -> None:
    verified = _cli("decisions", "verify", env=env)
    cancelled = _cli("privacy", "erase", "--staff", "pw", env=env, given="yes\n")
    assert cancelled.returncode == 1 and "nothing was erased" in cancelled.stderr
    assert "conversations: 3 event(s) of 1 sender id(s)" in cancelled.stdout  # the preview
    assert _cli("privacy", "erase", "--staff", "pw", env=env).returncode == 1  # no one to answer: not erased
    assert json.loads(_cli("privacy", "export", "--staff", "pw", env=env).stdout)["staff"]["name"] == "Pat W"
    confirmed = _cli("privacy", "erase", "--staff", "pw", env=env, given="pw\n")
    assert confirmed.returncode == 0, confirmed.stderr
    assert "erased pw" in confirmed.stdout and "channel identities: 1" in confirmed.stdout
    assert "kept under the council's retention rule: 1 decision(s), 0 review(s)" in confirmed.stdout
    again = _cli("privacy", "erase", "--staff", "pw", "--yes", "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {
        "staff_id": "pw",
        "conversation_events": 0,
        "sender_ids": 0,
        "identities": 0,
        "reminders_sent": 0,
        "anonymised": False,
        "decisions_kept": 1,
        "reviews_kept": 0,
        "practice_attempts": 0,
    }
    # The verifier sees exactly what it saw before (bot.decisions.log.verify itself passes: test_subject).
    verify = _cli("decisions", "verify", env=env)
    assert (verify.returncode, verify.stdout) == (verified.returncode, verified.stdout)
    other = json.loads(_cli("privacy", "export", "--staff", "other", env=env).stdout)
    assert other["staff"]["name"] == "Olu Other" and list(other["conversations"]) == ["other"]


def test_unknown_staff_is_bad_input_without_a_traceback(env: dict[str, str]) -> None:
    for command in (("export",), ("erase", "--yes"), ("erase",)):
        result = _cli("privacy", *command, "--staff", "nobody", env=env)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip() == "error: no member of staff with id 'nobody'"
        assert "Traceback" not in result.stderr + result.stdout


def test_no_database_is_named_and_none_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "practice.db"
    result = _cli("privacy", "erase", "--staff", "pw", "--yes", env={"DATABASE_URL": f"sqlite:///{missing}"})
    assert result.returncode == 2 and f"no decision-log database at {missing}" in result.stderr
    assert not missing.exists()
