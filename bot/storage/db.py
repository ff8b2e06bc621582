"""Engines and units of work. Nothing connects at import: callers build an engine from settings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.chain import Appended, appended


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite or PostgreSQL; SQLite gets foreign keys, WAL and serialised writes."""
    engine = create_engine(url, future=True, pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself (pysqlite would defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=ON", "busy_timeout=5000", "journal_mode=WAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Writers queue up instead of both reading the same chain head and forking the hash chain;
    # readers start deferred, so in WAL mode they go on reading while a writer holds the lock.
    deferred = connection.get_execution_options().get("read_only", False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


class RefusalError(Exception):
    """A refusal whose audit record must be kept: the unit of work commits before it propagates."""


class Anchor(Protocol):
    """Told, after each commit, which chain rows it appended (the signed checkpoints)."""

    def committed(self, appended: Sequence[Appended]) -> None:
        """Checkpoint the rows a commit appended; never raises (the rows are already saved)."""


@contextmanager
def unit_of_work(engine: Engine, *, read_only: bool = False, anchor: Anchor | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises (refusals commit).

    With an anchor, the chain rows appended are checkpointed once the commit has succeeded, never
    before: a failed commit leaves no checkpoint for a row that does not exist.
    """
    bind = engine.execution_options(read_only=True) if read_only else engine
    factory = sessionmaker(bind=bind, future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except RefusalError:
        session.commit()  # only the audit row was written before the refusal was raised
        _checkpoint(session, anchor)
        raise
    except BaseException:
        session.rollback()
        raise
    else:
        _checkpoint(session, anchor)
    finally:
        session.close()


def _checkpoint(session: Session, anchor: Anchor | None) -> None:
    rows = appended(session)
    if anchor is not None and rows:
        anchor.committed(rows)


class UnitOfWork(Protocol):
    """Opens one unit of work: a session that commits at the end of the block, or rolls back."""

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[Session]:
        """A new unit of work."""


@dataclass(frozen=True)
class SqlUnitOfWork:
    """Units of work on a SQLAlchemy engine (SQLite or PostgreSQL), checkpointing chain rows when given an anchor."""

    engine: Engine
    anchor: Anchor | None = None

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[Session]:
        """A new unit of work on the engine."""
        return unit_of_work(self.engine, read_only=read_only, anchor=self.anchor)
