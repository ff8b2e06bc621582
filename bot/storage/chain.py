"""Hash chains over append-only tables: each row carries the hash of the one before it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import ChainHeadRow

GENESIS = "0" * 64
# Where a session keeps the rows it appended until its unit of work commits and checkpoints them.
APPENDED = "chain_appended"


def canonical_time(moment: dt.datetime) -> str:
    """A timestamp in one form whatever the database hands back (SQLite drops the zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def row_hash(prev: str, payload: Mapping[str, Any]) -> str:
    """The hash of a row: its fields in canonical JSON, chained to the previous hash."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev}|{text}".encode()).hexdigest()


def append(session: Session, chain: str, payload: Mapping[str, Any]) -> tuple[str, str]:
    """Lock the chain head, and return (previous hash, new hash) for the row being added."""
    head = session.execute(
        select(ChainHeadRow).where(ChainHeadRow.chain == chain).with_for_update()
    ).scalar_one_or_none()
    prev = head.last_hash if head else GENESIS
    new = row_hash(prev, payload)
    if head is None:
        session.add(ChainHeadRow(chain=chain, last_hash=new))
    else:
        head.last_hash = new
    return prev, new


@dataclass(frozen=True)
class Appended:
    """A row added to a chain: the chain, the row's id and the chain's new head (the row's hash)."""

    chain: str
    row_id: int
    head: str


def add(session: Session, chain: str, row: Any, payload: Mapping[str, Any]) -> None:
    """Append a row to a chain: hashes set, the row flushed, and noted for a checkpoint after the commit."""
    row.prev_hash, row.row_hash = append(session, chain, payload)
    session.add(row)
    session.flush()
    session.info.setdefault(APPENDED, []).append(Appended(chain, row.id, row.row_hash))


def appended(session: Session) -> list[Appended]:
    """The rows this session appended since last asked (taken, so each is checkpointed once)."""
    taken: list[Appended] = session.info.pop(APPENDED, [])
    return taken


@dataclass(frozen=True)
class Break:
    """Where a chain stops fitting: the table, the row id and why."""

    table: str
    row_id: int | None
    reason: str


def verify(table: str, rows: Iterable[tuple[int, str, str, Mapping[str, Any]]], head: str | None) -> Break | None:
    """Walk (id, prev_hash, row_hash, payload) in id order; the first row that does not fit, or None."""
    expected_prev = GENESIS
    for row_id, prev, stored, payload in rows:
        if prev != expected_prev:
            return Break(
                table, row_id, "its previous-row hash does not match the row before it (a row was removed or changed)"
            )
        if row_hash(prev, payload) != stored:
            return Break(table, row_id, "its contents do not match its hash (the row was changed)")
        expected_prev = stored
    if head is not None and head != expected_prev:
        return Break(table, None, "the newest rows are missing (the chain head does not match the last row)")
    return None
