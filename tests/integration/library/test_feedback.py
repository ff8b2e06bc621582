"""'Did this help?' is stored as yes/no per section and reported least helpful first, on both databases."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot.app.records import upgrade
from bot.library import feedback
from bot.settings import ROOT
from bot.storage.db import SqlUnitOfWork, make_engine, unit_of_work

NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone.utc)


def _fill(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        for helpful in (True, True, False):
            feedback.record(session, "missing-children", "Return interviews", helpful, NOW)
        for helpful in (False, False):
            feedback.record(session, "neglect", "Tools", helpful, NOW - dt.timedelta(days=40))


def test_report_counts_and_orders_least_helpful_first(engine: Engine) -> None:
    _fill(engine)
    with unit_of_work(engine, read_only=True) as session:
        lines = feedback.report(session)
        recent = feedback.report(session, since=NOW - dt.timedelta(days=7))
    assert [(x.procedure_id, x.helpful, x.not_helpful) for x in lines] == [
        ("neglect", 0, 2),
        ("missing-children", 2, 1),
    ]
    assert [x.procedure_id for x in recent] == ["missing-children"]


def test_report_on_postgresql(postgres_url: str) -> None:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    try:
        with unit_of_work(engine) as session:
            session.execute(feedback.FeedbackRow.__table__.delete())
        _fill(engine)
        with unit_of_work(engine, read_only=True) as session:
            assert [x.not_helpful for x in feedback.report(session)] == [2, 1]
    finally:
        engine.dispose()


def test_save_says_false_when_the_database_is_gone(tmp_path: Path) -> None:
    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}", future=True)
    assert feedback.save(SqlUnitOfWork(broken), "neglect", "Tools", True, NOW) is False


@pytest.mark.parametrize(
    ("value", "intent", "text", "expected"),
    [
        ("yes", "rate_answer", "", True),
        ("no", "rate_answer", "", False),
        (None, "affirm", "yes", True),
        (None, "deny", "no", False),
        (None, "rate_answer", "that didn't help", False),
        (None, "rate_answer", "that didn\u2019t help", False),
        (None, "rate_answer", "really useful, thanks", True),
    ],
)
def test_is_helpful(value: str | None, intent: str, text: str, expected: bool) -> None:
    assert feedback.is_helpful(value, intent, text) is expected


def test_cli_feedback_report(sqlite_url: str, engine: Engine) -> None:
    _fill(engine)
    env = {**os.environ, "DATABASE_URL": sqlite_url, "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = [sys.executable, "-m", "bot", "procedures", "feedback"]
    text = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert "neglect / Tools" in text.stdout.splitlines()[1]
    as_json = subprocess.run(
        [*run, "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert json.loads(as_json.stdout)[0] == {
        "procedure_id": "neglect",
        "section": "Tools",
        "helpful": 0,
        "not_helpful": 2,
    }
    bad = subprocess.run(
        [*run, "--since", "last week"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr
