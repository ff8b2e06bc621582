"""Supervision packs (CSV and HTML) and conversation retention, through the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.app.integrity import checkpoint_file
from bot.decisions import log as decisions
from bot.decisions.log import Draft
from bot.loading import load_council
from bot.settings import ROOT, Settings
from bot.staff import directory as staff
from bot.storage.db import unit_of_work

DAY = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_export_csv_and_html(engine: Engine, sqlite_url: str, tmp_path: Path) -> None:
    # Saved as the assistant saves them, each commit checkpointed, so `decisions verify` below finds them anchored.
    with unit_of_work(engine, anchor=checkpoint_file(Settings(var_dir=tmp_path))) as session:
        staff.import_file(session, load_council(ROOT / "council" / "haringey").staff)
        worker = staff.get_actor(session, "demo-worker")
        assert worker is not None
        text = "=HYPERLINK(bad) <script>alert(1)</script> the reasons are long enough to be kept here."
        decisions.record(session, worker, Draft("other", "1234567", text), DAY)
        decisions.record(session, worker, Draft("other", "7654321", text), DAY + dt.timedelta(days=30))
    env = {"DATABASE_URL": sqlite_url, "VAR_DIR": str(tmp_path)}
    result = _cli(
        "decisions",
        "export",
        "--staff",
        "demo-worker",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "csv",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "id" and len(rows) == 2 and rows[1][3] == "1234567"
    assert rows[1][6].startswith("'=HYPERLINK")  # a spreadsheet never runs it as a formula
    out = tmp_path / "pack.html"
    html_run = _cli(
        "decisions",
        "export",
        "--staff",
        "demo-worker",
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--out",
        str(out),
        env=env,
    )
    assert html_run.returncode == 0 and "wrote 2 decision(s)" in html_run.stdout
    page = out.read_text()
    assert "Supervision pack: Demo Practitioner" in page and "<script>" not in page and "&lt;script&gt;" in page
    bad = _cli("decisions", "export", "--staff", "nobody", "--from", "2026-11-01", "--to", "2026-11-30", env=env)
    assert bad.returncode == 2 and "no member of staff" in bad.stderr
    backwards = _cli(
        "decisions", "export", "--staff", "demo-worker", "--from", "2026-12-01", "--to", "2026-11-01", env=env
    )
    assert backwards.returncode == 2 and "--to is before --from" in backwards.stderr
    verify = _cli("decisions", "verify", env=env)
    assert verify.returncode == 0 and verify.stdout.startswith("OK")


def test_tracker_purge(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)")
        conn.executemany(
            "INSERT INTO events (sender_id, timestamp) VALUES (?, ?)",
            [("a", now - 40 * 86400), ("a", now - 10), ("b", now - 31 * 86400)],
        )
    result = _cli("tracker", "purge", "--older-than", "30d", env={"TRACKER_DB": str(db)})
    assert result.returncode == 0 and "deleted 2 conversation event(s)" in result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (1,)
    assert _cli("tracker", "purge", "--older-than", "soon", env={"TRACKER_DB": str(db)}).returncode == 2
