"""Database fixtures: SQLite per test, one PostgreSQL cluster per run; both migrated with Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.app.records import upgrade
from bot.storage.db import make_engine
from tests.integration.databases import postgres_cluster


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_cluster() as url:
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
