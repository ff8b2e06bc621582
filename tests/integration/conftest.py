"""Database fixtures: SQLite per test, one PostgreSQL cluster per run; both migrated with Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.app.records import upgrade
from bot.settings import ROOT
from bot.storage.db import make_engine
from tests.integration.databases import postgres_cluster, redis_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'practice.db'}"


@pytest.fixture()
def engine(sqlite_url: str) -> Iterator[Engine]:
    upgrade(sqlite_url)
    built = make_engine(sqlite_url)
    yield built
    built.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Engine]:
    """A freshly migrated decision-log database: a SQLite file, then the run's PostgreSQL (emptied first)."""
    if request.param == "sqlite":
        url = sqlite_url
    else:
        url = str(request.getfixturevalue("postgres_url"))
        downgrade(url)  # the cluster is shared by the whole run: start from nothing
    upgrade(url)
    built = make_engine(url)
    yield built
    built.dispose()


def downgrade(url: str) -> None:
    """Take the schema back to nothing (Alembic downgrade base)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    command.downgrade(config, "base")
