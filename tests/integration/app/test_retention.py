"""Retention on real databases: old conversation events and old audit events go, new ones stay, on a schedule."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.app.retention import Purged, Schedule, keep, purge_audit, retention_pass
from bot.app.tracker import conversations
from bot.council.models import Retention
from bot.settings import ROOT
from bot.staff import refusals
from bot.staff.identity import audit
from bot.storage.db import make_engine, unit_of_work
from bot.storage.models import AuditRow, RefusalCountRow
from tests.integration.stores import save_conversation

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
DAY = 86400.0
PERIODS = Retention(conversations="30d", audit="365d")
# Nothing listens on port 1: connecting fails at once.
UNREACHABLE = "postgresql+psycopg2://nobody@127.0.0.1:1/nothing"


def _audit_rows(engine: Engine, *ages: dt.timedelta) -> None:
    with unit_of_work(engine) as session:
        for age in ages:
            audit(session, "rest:stranger", "refused:unregistered", detail=f"{age.days}d", now=NOW - age)


def _left(engine: Engine) -> list[str]:
    with unit_of_work(engine, read_only=True) as session:
        return [r.detail for r in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars()]


def _said(tracker: str) -> dict[str, list[str]]:
    found = conversations(tracker, ["old", "new", "both"])
    return {s: [e["data"]["text"] for e in events if e["type"] == "user"] for s, events in found.items()}


def test_the_pass_deletes_old_events_and_old_audit_rows_and_keeps_new_ones(stores: tuple[Engine, str]) -> None:
    engine, tracker = stores
    now = NOW.timestamp()
    save_conversation(tracker, "old", [(now - 40 * DAY, "long ago")])
    save_conversation(tracker, "new", [(now - 3600, "this morning")])
    save_conversation(tracker, "both", [(now - 31 * DAY, "last month"), (now - 29 * DAY, "still kept")])
    _audit_rows(engine, dt.timedelta(days=400), dt.timedelta(days=366), dt.timedelta(days=364), dt.timedelta(0))
    purged = retention_pass(engine, tracker, PERIODS, NOW)
    assert (purged.conversations, purged.audit) == (6, 2)  # three events a turn: listen, user, bot
    assert _said(tracker) == {"new": ["this morning"], "both": ["still kept"]}
    assert _left(engine) == ["364d", "0d"]
    again = retention_pass(engine, tracker, PERIODS, NOW)
    assert (again.conversations, again.audit) == (0, 0)


def test_one_purge_failing_does_not_stop_the_other(stores: tuple[Engine, str], tmp_path: Path) -> None:
    engine, tracker = stores
    _audit_rows(engine, dt.timedelta(days=400), dt.timedelta(days=1))
    purged = retention_pass(engine, UNREACHABLE, PERIODS, NOW)
    assert (purged.conversations, purged.audit) == (None, 1)
    save_conversation(tracker, "old", [(NOW.timestamp() - 40 * DAY, "long ago")])
    no_tables = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # never migrated: no audit table
    try:
        assert retention_pass(no_tables, tracker, PERIODS, NOW) == Purged(3, None)
    finally:
        no_tables.dispose()


def test_keep_purges_at_start_up_and_then_hourly_by_the_clock(engine: Engine, tmp_path: Path) -> None:
    tracker = f"sqlite:///{tmp_path / 'tracker.db'}"
    clock = {"now": NOW}
    schedule = Schedule()

    async def scenario() -> None:
        _audit_rows(engine, dt.timedelta(days=400))
        task = asyncio.create_task(keep(engine, tracker, PERIODS, lambda: clock["now"], schedule=schedule, tick=0.01))
        try:
            await _poll(lambda: _left(engine) == [])  # start-up pass
            _audit_rows(engine, dt.timedelta(days=370))
            await asyncio.sleep(0.2)  # twenty looks within the hour: nothing runs
            assert _left(engine) == ["370d"]
            clock["now"] = NOW + dt.timedelta(hours=1)
            await _poll(lambda: _left(engine) == [])
        finally:
            task.cancel()

    asyncio.run(scenario())
    assert schedule.next_at == NOW + dt.timedelta(hours=2)


async def _poll(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0.02)


def test_purge_audit_compares_in_utc_whatever_the_zone_of_now(engine: Engine) -> None:
    # SQLite keeps times as text without their zone: a cutoff left at +01:00 would read an hour late.
    _audit_rows(engine, dt.timedelta(days=30, minutes=30), dt.timedelta(days=29, hours=23, minutes=30))
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert purge_audit(engine, dt.timedelta(days=30), NOW.astimezone(plus_one)) == 1
    assert _left(engine) == ["29d"]


def test_config_check_names_a_bad_period(council_copy: Path) -> None:
    profile = yaml.safe_load((council_copy / "profile.yml").read_text())
    profile["retention"] = {"conversations": "soon", "audit": 365}
    (council_copy / "profile.yml").write_text(yaml.safe_dump(profile, sort_keys=False))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "config", "check", "--council", str(council_copy)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    problem = "must be a period of at least a day, like 30d, 48h or 2w"
    assert f"profile.yml: retention.conversations: {problem} (value: 'soon')" in result.stderr.splitlines()
    assert f"profile.yml: retention.audit: {problem} (value: 365)" in result.stderr.splitlines()


def test_old_refusal_counts_go_with_the_audit_events(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        refusals.count(session, "telegram:old", NOW - dt.timedelta(days=40))
        refusals.count(session, "telegram:new", NOW - dt.timedelta(days=2))
    assert purge_audit(engine, dt.timedelta(days=30), NOW) == 1
    with unit_of_work(engine, read_only=True) as session:
        left = [r.identity for r in session.execute(select(RefusalCountRow)).scalars()]
    assert left == ["telegram:new"]
