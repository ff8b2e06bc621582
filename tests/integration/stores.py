"""Databases of their own on the shared PostgreSQL cluster, and conversations written by Rasa's own tracker store."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def fresh_postgres(cluster_url: str) -> Iterator[str]:
    """A new, empty database on the cluster (so chains and counts start from nothing), dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(cluster_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(cluster_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def save_conversation(url: str, sender: str, turns: Sequence[tuple[float, str]], channel: str = "rest") -> None:
    """Store a conversation through Rasa's SQLTrackerStore: per (timestamp, text), the user's turn and the answer.

    Rasa appends only the events beyond those it already holds for the sender: write each sender once.
    """
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        store = SQLTrackerStore(dialect="sqlite", db=parsed.database)
    else:
        store = SQLTrackerStore(
            dialect="postgresql", host=parsed.host, port=parsed.port, db=parsed.database, username=parsed.username
        )
    events = []
    for moment, said in turns:
        events += [
            ActionExecuted("action_listen", timestamp=moment),
            UserUttered(said, {"name": "greet", "confidence": 1.0}, timestamp=moment, input_channel=channel),
            BotUttered(f"answer to {said}", timestamp=moment),
        ]
    try:
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    finally:
        store.engine.dispose()
