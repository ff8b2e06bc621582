"""The decision log and Rasa's tracker store side by side, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.app.records import upgrade
from bot.storage.db import make_engine
from tests.integration.stores import fresh_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """The decision-log engine (migrated) and the tracker store URL, each a database of its own."""
    if request.param == "sqlite":
        yield from _migrated(f"sqlite:///{tmp_path / 'practice.db'}", f"sqlite:///{tmp_path / 'tracker.db'}")
        return
    cluster = str(request.getfixturevalue("postgres_url"))
    with fresh_postgres(cluster) as db_url, fresh_postgres(cluster) as tracker:
        yield from _migrated(db_url, tracker)


def _migrated(db_url: str, tracker: str) -> Iterator[tuple[Engine, str]]:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        yield engine, tracker
    finally:
        engine.dispose()
