"""Conversations are stored redacted: no row of the tracker database holds a name, phone number or address."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.channels.tracker import RedactingTrackerStore, scrub
from tests.integration.stores import fresh_postgres

TYPED = "Mum Leila Haddad rang from 07700 900123, they now live at 14 Elm Crescent with baby Yusuf"
SECRETS = ("Leila", "Haddad", "07700 900123", "14 Elm Crescent", "Yusuf")


def _store(url: str) -> RedactingTrackerStore:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return RedactingTrackerStore(dialect="sqlite", db=parsed.database)
    return RedactingTrackerStore(
        dialect="postgresql",
        host=parsed.host,
        port=parsed.port,
        db=parsed.database,
        username=parsed.username,
        password=parsed.password,
    )


def _converse(store: RedactingTrackerStore, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    parse = {"text": TYPED, "intent": {"name": "describe_concern", "confidence": 0.9}, "entities": []}
    for event in (
        ActionExecuted("action_listen"),
        UserUttered(TYPED, parse_data=parse, input_channel="rest"),
        SlotSet("concern", TYPED),
        ActionExecuted("action_assess"),
        BotUttered(f"You wrote: '{TYPED}'. That sounds like Level 3."),
    ):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        with fresh_postgres(request.getfixturevalue("postgres_url")) as fresh:
            yield fresh


def test_no_row_holds_what_identifies_anyone(url: str) -> None:
    store = _store(url)
    tracker = _converse(store, "worker-1")
    # The turn in progress still has what was typed.
    assert tracker.latest_message is not None and tracker.latest_message.text == TYPED
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = [" ".join(str(v) for v in row) for row in conn.execute(text("SELECT * FROM events"))]
    finally:
        engine.dispose()
    assert len(rows) == 5
    for row in rows:
        for secret in SECRETS:
            assert secret not in row
    stored = " ".join(rows)
    assert "[name]" in stored and "[phone]" in stored and "[address]" in stored
    # What Rasa needs to carry on is intact: intent and action names, the slot's name.
    assert "describe_concern" in stored and "action_assess" in stored and '"concern"' in stored


def test_a_stored_conversation_reads_back_redacted(url: str) -> None:
    store = _store(url)
    _converse(store, "worker-2")
    back = asyncio.run(store.retrieve("worker-2"))
    assert back is not None
    assert back.get_slot("concern") is None or "Leila" not in str(back.get_slot("concern"))
    user = [e for e in back.events if isinstance(e, UserUttered)]
    assert user and "Leila" not in (user[0].text or "") and "[name]" in (user[0].text or "")


def test_scrub_leaves_structure_alone() -> None:
    event = {"event": "action", "name": "action_Leila", "timestamp": 1.0, "policy": "RulePolicy", "n": 3}
    assert scrub(event) == event
    assert scrub({"text": "called Tom Brown", "metadata": {"from": ["Tom Brown"]}}) == {
        "text": "called [name]",
        "metadata": {"from": ["[name]"]},
    }
