"""Units of work for use-case tests: an in-memory database, and one whose database is down."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.council.models import StaffFile
from bot.staff import directory
from bot.storage.db import unit_of_work
from bot.storage.models import Base


class MemoryUnitOfWork:
    """Units of work on a private in-memory SQLite database (tables made directly: tests only)."""

    def __init__(self, staff: StaffFile | None = None) -> None:
        self.engine = create_engine(
            "sqlite://", future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        Base.metadata.create_all(self.engine)
        if staff is not None:
            with self() as session:
                directory.import_file(session, staff)

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[Session]:
        return unit_of_work(self.engine, read_only=read_only)


class DownUnitOfWork:
    """A database that cannot be reached: every unit of work fails as it begins."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *, read_only: bool = False) -> AbstractContextManager[Session]:
        self.calls += 1
        raise OperationalError("connect", {}, Exception("database is down"))
