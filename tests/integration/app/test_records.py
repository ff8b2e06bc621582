"""`python -m bot staff refusals`: who was refused each day, from the bounded daily counts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.app.records import upgrade
from bot.settings import ROOT, Settings
from bot.staff.identity import identify
from bot.storage.db import make_engine, unit_of_work

TODAY = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)


def _refuse(settings: Settings, who: list[tuple[str, dt.datetime]]) -> None:
    engine = make_engine(settings.db_url)
    for identity, at in who:
        with unit_of_work(engine) as session:
            channel, external_id = identity.split(":", 1)
            assert identify(session, channel, external_id, at) is None
    engine.dispose()


def cli(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VAR_DIR": str(var), "PRACTICE_NOW": TODAY.isoformat(), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "staff", "refusals", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_refusals_are_listed_per_day_newest_first(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)
    upgrade(settings.db_url)
    yesterday, long_ago = TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=30)
    later = TODAY + dt.timedelta(minutes=5)
    _refuse(
        settings, [("telegram:999", TODAY), ("telegram:999", later), ("teams:aad-x", yesterday), ("rest:old", long_ago)]
    )
    readable = cli(tmp_path, "--days", "2")
    assert readable.returncode == 0, readable.stderr
    assert readable.stdout.splitlines() == [
        "2026-11-26 telegram:999: 2 refused, first 10:30, last 10:35 UTC",
        "2026-11-25 teams:aad-x: 1 refused, first 10:30, last 10:30 UTC",
    ]
    rows = json.loads(cli(tmp_path, "--json").stdout)  # a week by default: the 30-day-old one is left out
    assert [(r["day"], r["identity"], r["count"]) for r in rows] == [
        ("2026-11-26", "telegram:999", 2),
        ("2026-11-25", "teams:aad-x", 1),
    ]
    assert cli(tmp_path, "--days", "0").returncode == 2
