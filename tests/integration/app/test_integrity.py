"""`python -m bot decisions verify|checkpoint`: readable and JSON reports, exit codes, the key in use."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app.integrity import checkpoint_file
from bot.app.records import upgrade
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log
from bot.settings import ROOT, Settings
from bot.staff import directory as staff
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
REAL_KEY = "a-real-chain-key-for-the-cli-test-0123456789"
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."


@pytest.fixture()
def var(tmp_path: Path) -> Path:
    """A var/ folder with a database holding two decisions, saved and checkpointed with the development key."""
    settings = Settings(var_dir=tmp_path)
    upgrade(settings.db_url)
    engine = make_engine(settings.db_url)
    uow = SqlUnitOfWork(engine, checkpoint_file(settings))
    member = StaffMember(id="pw", name="Pat W", role="practitioner", team="a", identities={"rest": ["pw"]})
    with uow() as session:
        staff.import_file(session, StaffFile(staff=[member]))
    actor = staff.Actor("pw", "Pat W", "practitioner", "a")
    for minute in range(2):
        with uow() as session:
            log.record(session, actor, log.Draft("other", "1234567", RATIONALE), T0 + dt.timedelta(minutes=minute))
    engine.dispose()
    return tmp_path


def cli(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"CHAIN_KEY", "CHAIN_CHECKPOINTS", "DATABASE_URL"}}
    full = {**clean, "VAR_DIR": str(var), "ENVIRONMENT": "development", "TF_CPP_MIN_LOG_LEVEL": "3", **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", "decisions", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_intact_log_is_ok_and_says_the_development_key_signed_it(var: Path) -> None:
    result = cli(var, "verify")
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first.startswith("OK: the decision log is intact (decisions 2 row(s), reviews 0 row(s); 2 signed checkpoint")
    assert str(var / "chain-checkpoints.jsonl") in first
    assert rest == [line for line in rest if line.startswith("note:")] and "development key" in rest[-1]
    report = json.loads(cli(var, "verify", "--json").stdout)
    assert report["ok"] and report["development_key"] and report["checkpoints"] == 2 and report["findings"] == []


def test_a_rewritten_chain_is_broken_with_the_chain_and_row_named(var: Path) -> None:
    engine = make_engine(Settings(var_dir=var).db_url)
    with unit_of_work(engine) as session:
        row = session.execute(text("SELECT id, prev_hash FROM decisions ORDER BY id LIMIT 1")).one()
        # A row's hash replaced: the chain breaks there, and the row no longer matches what was signed.
        session.execute(text("UPDATE decisions SET row_hash = :h WHERE id = :id"), {"h": "f" * 64, "id": row.id})
    engine.dispose()
    result = cli(var, "verify")
    assert result.returncode == 1 and f"BROKEN: decisions row {row.id}: its contents do not match" in result.stdout
    assert f"BROKEN: decisions row {row.id}: does not match the checkpoint signed when it was saved" in result.stdout
    assert not json.loads(cli(var, "verify", "--json").stdout)["ok"]


def test_after_setting_chain_key_the_old_checkpoints_are_not_trusted_until_the_heads_are_signed(var: Path) -> None:
    result = cli(var, "verify", CHAIN_KEY=REAL_KEY)
    assert result.returncode == 1 and "note: decisions row 1: line 1: signed with the development key" in result.stdout
    assert "BROKEN: decisions row 1: not covered by any signed checkpoint (and 1 more, up to row 2)" in result.stdout
    signed = cli(var, "checkpoint", CHAIN_KEY=REAL_KEY)
    assert signed.returncode == 0 and signed.stdout.startswith("signed decisions row 2 in ")
    again = cli(var, "verify", CHAIN_KEY=REAL_KEY)
    assert again.returncode == 0 and again.stdout.startswith("OK:") and "development key (CHAIN_KEY" not in again.stdout
    wrong = cli(var, "verify", CHAIN_KEY="another-real-chain-key-0123456789-abcdef")
    assert wrong.returncode == 1 and "signed with another key" in wrong.stdout


def test_production_refuses_to_run_without_chain_key(var: Path) -> None:
    result = cli(var, "verify", ENVIRONMENT="production", ACTION_SERVER_SECRET="a-real-secret")
    assert result.returncode == 1 and "CHAIN_KEY must be set in production" in result.stderr
