"""Migrations are code under test: one head, upgrade from empty, models match, down and up again."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.settings import ROOT
from bot.staff.refusals import MAX_IDENTITIES_PER_DAY, OVERFLOW
from bot.storage.db import make_engine
from bot.storage.models import AuditRow, Base

TABLES = {
    "staff", "identities", "decisions", "reviews", "review_notices", "chain_heads", "audit_events",
    "procedure_feedback", "reminders_sent", "refusal_counts",
}  # fmt: skip


def _config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    return config


def test_single_head() -> None:
    assert len(ScriptDirectory.from_config(_config("sqlite://")).get_heads()) == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    return sqlite_url if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))


def test_upgrade_from_empty_matches_models_and_round_trips(url: str) -> None:
    config = _config(url)
    command.downgrade(config, "base")  # a clean start on the shared PostgreSQL too
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
        command.downgrade(config, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        command.upgrade(config, "head")
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_0003_folds_refusal_events_into_bounded_daily_counts(url: str) -> None:
    config = _config(url)
    command.downgrade(config, "base")
    command.upgrade(config, "0002")
    engine = make_engine(url)
    at = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
    refused = {"action": "refused:unregistered", "target": "", "detail": ""}
    events = [{**refused, "at": at + dt.timedelta(minutes=n), "actor": "telegram:999"} for n in range(3)]
    events += [
        {**refused, "at": at + dt.timedelta(hours=1, seconds=n), "actor": f"teams:{n:04d}"}
        for n in range(MAX_IDENTITIES_PER_DAY + 50)  # a flood of made-up ids the same day
    ]
    events += [
        {**refused, "at": dt.datetime(2026, 11, 27, 0, 30, tzinfo=dt.timezone.utc), "actor": "telegram:999"},
        {**refused, "at": at, "actor": "sup", "action": "refused:review"},  # a member of staff: stays an event
    ]
    insert = AuditRow.__table__.insert()
    try:
        with engine.begin() as conn:
            conn.execute(insert, events)
        command.upgrade(config, "head")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT day, identity, count FROM refusal_counts")).all()
            left = conn.execute(text("SELECT actor, action FROM audit_events")).all()
        by_day: dict[str, dict[str, int]] = {}
        for found_day, identity, count in rows:
            by_day.setdefault(str(found_day), {})[identity] = count
        first, second = by_day["2026-11-26"], by_day["2026-11-27"]
        assert first["telegram:999"] == 3 and len(first) == MAX_IDENTITIES_PER_DAY + 1
        assert first[OVERFLOW] == 51 and sum(first.values()) == 3 + MAX_IDENTITIES_PER_DAY + 50
        assert second == {"telegram:999": 1}
        assert [tuple(r) for r in left] == [("sup", "refused:review")]
        command.downgrade(config, "0002")  # the day's counts come back as one event each
        with engine.connect() as conn:
            back = conn.execute(text("SELECT COUNT(*) FROM audit_events WHERE action = 'refused:unregistered'"))
            assert back.scalar_one() == len(rows)
    finally:
        engine.dispose()
