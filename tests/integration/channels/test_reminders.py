"""The reminders runner also keeps retention: a purge at start-up and hourly, and a failed purge stops no reminder."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.app.tracker import conversations
from bot.channels.reminders import run
from bot.council.models import StaffFile, StaffMember
from bot.decisions import log as decisions
from bot.decisions.log import Draft
from bot.loading import Council
from bot.settings import ROOT
from bot.staff import directory as staff
from bot.staff import identity
from bot.storage.db import unit_of_work
from bot.storage.models import AuditRow
from tests.integration.stores import save_conversation

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
RATIONALE = "School and health both report the children are fed and clean, and mum asked for help with routines."
UNREACHABLE = "postgresql+psycopg2://nobody@127.0.0.1:1/nothing"
PEOPLE = StaffFile(
    staff=[
        StaffMember(id="sup", name="Sam Sup", role="supervisor", team="a", identities={"rest": ["sup"]}),
        StaffMember(
            id="pw", name="Pat W", role="practitioner", team="a", supervisor="sup", identities={"telegram": ["111"]}
        ),
    ]
)


class Recorder:
    """Stands in for a channel's push(): records what would have been sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], str]] = []

    async def __call__(self, address: dict[str, Any], text: str) -> None:
        self.sent.append((address, text))


def _old_and_new_audit(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        identity.audit(session, "rest:stranger", "refused:unregistered", detail="old", now=NOW - dt.timedelta(days=400))
        identity.audit(session, "rest:stranger", "refused:unregistered", detail="new", now=NOW - dt.timedelta(days=1))


def _audit_left(engine: Engine) -> list[str]:
    with unit_of_work(engine, read_only=True) as session:
        return [a.detail for a in session.execute(select(AuditRow).order_by(AuditRow.id)).scalars()]


async def _poll(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


def test_reminders_go_out_while_a_purge_fails(engine: Engine, council: Council) -> None:
    with unit_of_work(engine) as session:
        staff.import_file(session, PEOPLE)
    with unit_of_work(engine) as session:
        identity.touch(session, "telegram", "111", NOW, {"chat_id": 111})
        pat, sam = staff.get_actor(session, "pw"), staff.get_actor(session, "sup")
        decision = decisions.record(session, pat, Draft("other", "1234567", RATIONALE), NOW)
    with unit_of_work(engine) as session:
        decisions.add_review(session, sam, decision.id, outcome="agree", comment="", now=NOW)
    _old_and_new_audit(engine)
    telegram = Recorder()

    async def scenario() -> None:
        task = asyncio.create_task(run(engine, council.profile, {"telegram": telegram}, lambda: NOW, UNREACHABLE))
        try:
            await _poll(lambda: bool(telegram.sent) and "old" not in _audit_left(engine))
        finally:
            task.cancel()

    asyncio.run(scenario())
    assert "Your supervisor has reviewed your decision log" in telegram.sent[0][1]
    assert _audit_left(engine) == ["new"]


def _runner_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TEAMS_", "TRACKER_"))}
    full.update(TF_CPP_MIN_LOG_LEVEL="3", PRACTICE_NOW=NOW.isoformat(), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "reminders", "--once"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_no_channel_the_runner_still_keeps_retention(engine: Engine, sqlite_url: str, tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.db"
    save_conversation(f"sqlite:///{tracker}", "old", [(NOW.timestamp() - 31 * 86400, "long ago")])
    save_conversation(f"sqlite:///{tracker}", "new", [(NOW.timestamp() - 60, "just now")])
    _old_and_new_audit(engine)
    done = _runner_once({"DATABASE_URL": sqlite_url, "TRACKER_DB": str(tracker)})
    assert done.returncode == 0, done.stderr
    assert "no channel to send on" in done.stderr and "retention only" in done.stderr
    assert "retention: 3 old conversation events deleted, 1 old audit events deleted" in done.stdout
    assert set(conversations(f"sqlite:///{tracker}", ["old", "new"])) == {"new"}
    assert _audit_left(engine) == ["new"]


def test_a_failed_purge_makes_the_one_pass_exit_1(engine: Engine, sqlite_url: str) -> None:
    _old_and_new_audit(engine)
    done = _runner_once({"DATABASE_URL": sqlite_url, "TRACKER_URL": UNREACHABLE})
    assert done.returncode == 1
    assert "old conversation events failed (see the log), 1 old audit events deleted" in done.stdout
    assert _audit_left(engine) == ["new"]
