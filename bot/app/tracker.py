"""Rasa's tracker store read through SQL: the `events` table of its SQLTrackerStore, one row per event.

Rasa keys a conversation by the channel's sender id: the REST sender as given, the Telegram user id
and the Teams (Entra) object id, which are the external ids of a member of staff's identities.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select
from sqlalchemy.engine import Engine, make_url

from bot.storage.db import make_engine

# The columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6); Rasa creates the table.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def tracker_url(var_dir: Path, environ: Mapping[str, str] = os.environ) -> str:
    """Where conversations are: TRACKER_URL (any SQLAlchemy URL), else the SQLite file TRACKER_DB."""
    if environ.get("TRACKER_URL"):
        return environ["TRACKER_URL"]
    return f"sqlite:///{environ.get('TRACKER_DB') or var_dir / 'tracker.db'}"


@contextmanager
def events_table(url: str) -> Iterator[Engine | None]:
    """An engine on the tracker store, or None when it holds no events table (nothing to read or delete)."""
    parsed = make_url(url)
    # Looking must not create: SQLite would make an empty file where Rasa has not written one yet.
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_file():
        yield None
        return
    engine = make_engine(url)
    try:
        yield engine if inspect(engine).has_table("events") else None
    finally:
        engine.dispose()


def _event(row: Any) -> dict[str, Any]:
    try:
        data = json.loads(row.data) if row.data else None
    except ValueError:
        data = row.data  # not Rasa's JSON: hand it over as stored
    moment = None if row.timestamp is None else dt.datetime.fromtimestamp(row.timestamp, dt.timezone.utc).isoformat()
    return {
        "type": row.type_name,
        "at": moment,
        "intent": row.intent_name,
        "action": row.action_name,
        "data": data,
    }


def conversations(url: str, sender_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every stored event of these senders, oldest first, by sender id (senders without events left out)."""
    senders = sorted(set(sender_ids))
    found: dict[str, list[dict[str, Any]]] = {}
    with events_table(url) as engine:
        if engine is None or not senders:
            return found
        query = select(EVENTS).where(EVENTS.c.sender_id.in_(senders)).order_by(EVENTS.c.id)
        with engine.connect() as conn:
            for row in conn.execute(query):
                found.setdefault(row.sender_id, []).append(_event(row))
    return found


def count_events(url: str, sender_ids: Iterable[str]) -> int:
    """How many events these senders have in the tracker store."""
    senders = sorted(set(sender_ids))
    with events_table(url) as engine:
        if engine is None or not senders:
            return 0
        with engine.connect() as conn:
            query = select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id.in_(senders))
            return int(conn.execute(query).scalar_one())


def delete_conversations(url: str, sender_ids: Iterable[str]) -> int:
    """Delete every event of these senders; return how many were deleted."""
    senders = sorted(set(sender_ids))
    with events_table(url) as engine:
        if engine is None or not senders:
            return 0
        with engine.begin() as conn:
            return int(conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(senders))).rowcount or 0)


def delete_before(url: str, cutoff: dt.datetime) -> int:
    """Delete every event older than the cutoff; return how many were deleted."""
    with events_table(url) as engine:
        if engine is None:
            return 0
        with engine.begin() as conn:
            result = conn.execute(delete(EVENTS).where(EVENTS.c.timestamp < cutoff.timestamp()))
            return int(result.rowcount or 0)
