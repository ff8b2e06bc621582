"""Migrations are code under test: one head, upgrade from empty, models match, down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.settings import ROOT
from bot.storage.db import make_engine
from bot.storage.models import Base

TABLES = {
    "staff", "identities", "decisions", "reviews", "review_notices", "chain_heads", "audit_events",
    "procedure_feedback", "reminders_sent",
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
