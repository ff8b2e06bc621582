"""An on-disk outbox: a decision that cannot be written now is kept and written once, later."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.decisions.log import DecisionView, Draft, record
from bot.staff.directory import Actor
from bot.storage.db import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Saved:
    """What happened to a decision: written now, or kept in the outbox to be written later."""

    decision: DecisionView | None
    queued: bool


class Outbox:
    """A folder of JSON files, one per decision waiting to be written, named so order is kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, actor: Actor, draft: Draft, now: dt.datetime, uid: str) -> Path:
        """Keep a (redacted) decision on disk; written atomically so a crash leaves no half file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {
            "uid": uid,
            "actor": dataclasses.asdict(actor),
            "draft": dataclasses.asdict(draft),
            "at": now.isoformat(),
        }
        target = self.folder / f"{now:%Y%m%dT%H%M%S%f}-{uid}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, target)
        return target

    def pending(self) -> list[Path]:
        """Entries waiting, oldest first."""
        return sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []

    def flush(self, uow: UnitOfWork) -> int:
        """Write every waiting entry (each at most once, by its uid); return how many were written."""
        written = 0
        for path in self.pending():
            entry = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft(**{**entry["draft"], "indicators": tuple(entry["draft"]["indicators"])})
            with uow() as session:
                record(
                    session, Actor(**entry["actor"]), draft, dt.datetime.fromisoformat(entry["at"]), uid=entry["uid"]
                )
            path.unlink()  # after the commit: a crash in between is harmless, the uid stops a copy
            written += 1
        return written


def save(uow: UnitOfWork, outbox: Outbox, actor: Actor, draft: Draft, now: dt.datetime) -> Saved:
    """Write a redacted decision, first clearing the outbox; keep it in the outbox if the database fails."""
    uid = str(uuid.uuid4())
    try:
        outbox.flush(uow)
        with uow() as session:
            return Saved(record(session, actor, draft, now, uid=uid), queued=False)
    except SQLAlchemyError:
        logger.exception("decision %s could not be written; keeping it in the outbox", uid)
        outbox.put(actor, draft, now, uid)
        return Saved(None, queued=True)
