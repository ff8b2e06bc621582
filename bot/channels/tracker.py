"""Rasa's SQL tracker store, writing what workers typed (and what the assistant said back) redacted.

The turn in progress works on the tracker in memory, as typed; only the stored copy loses names, phone numbers,
addresses and the other identifiers `bot.privacy` finds. Rasa's own anonymisation is in Rasa Pro only.
"""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import redact, warm

logger = logging.getLogger(__name__)

# Keys whose strings are names of things in the assistant (intents, actions, slots, channels), never free text.
_STRUCTURAL = frozenset(
    {
        "event",
        "name",
        "policy",
        "timestamp",
        "input_channel",
        "message_id",
        "intent_name",
        "action_name",
        "action_text",
        "entity",
        "role",
        "group",
        "extractor",
        "model_id",
        "assistant_id",
        "confidence",
        "prompt",
    }
)


@lru_cache(maxsize=4096)
def _redacted(text: str) -> str:
    # The assistant's own answers repeat turn after turn; each is redacted once per process.
    return redact(text).text


def scrub(value: Any, key: str = "") -> Any:
    """The value with every free-text string redacted; structural strings and numbers as they were."""
    if isinstance(value, str):
        return value if key in _STRUCTURAL else _redacted(value)
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, key) for v in value]
    return value


def _intent_name(data: dict[str, Any]) -> str | None:
    """The intent of a user event, as Rasa stores it in its own column."""
    intent = (data.get("parse_data") or {}).get("intent") or {}
    name = intent.get(INTENT_NAME_KEY)
    return str(name) if name is not None else None


class RedactingTrackerStore(SQLTrackerStore):
    """An SQL tracker store (SQLite or PostgreSQL, as Rasa's) whose stored events are redacted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Rasa's SQL tracker store, with the name lists loading in the background while Rasa starts."""
        super().__init__(*args, **kwargs)
        threading.Thread(target=warm, name="redaction-warm-up", daemon=True).start()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events of this turn, each with its free text redacted."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = scrub(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=_intent_name(data),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("tracker for %s stored, redacted", tracker.sender_id)
