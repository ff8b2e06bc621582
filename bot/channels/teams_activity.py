"""Reading Bot Framework activities: the text without mentions and the envelope a reply needs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MENTION = re.compile(r"\s*<at\b[^>]*>.*?</at>\s*", re.IGNORECASE | re.DOTALL)
MAX_ID_CHARS = 128


class ActivityError(ValueError):
    """The request body is not an activity this channel can read (answered with 400)."""


def strip_mentions(text: str) -> str:
    """The text without Teams @mentions (<at>…</at>) and the spaces around them."""
    return MENTION.sub(" ", text).strip()


def user_text(activity: dict[str, Any]) -> str:
    """What the worker said: a card button's payload when one was clicked, else the typed text."""
    value = activity.get("value")
    if isinstance(value, dict):
        payload = value.get("payload")
        if isinstance(payload, str) and payload.strip():
            return payload.strip()
    text = activity.get("text")
    return strip_mentions(text) if isinstance(text, str) else ""


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def activity_id(data: dict[str, Any], key: str) -> str | None:
    """A string id from an activity field, or None when missing, blank or too long."""
    value = data.get(key)
    return value if isinstance(value, str) and value.strip() and len(value) <= MAX_ID_CHARS else None


@dataclass(frozen=True)
class Envelope:
    """The parts of an activity every check and reply needs, read defensively from untrusted JSON."""

    raw: dict[str, Any]
    type: str
    service_url: str
    conversation_id: str
    bot: dict[str, Any]
    tenant_id: str | None
    health: str | None = None  # the action server's /health, to notice when a turn went wrong

    @property
    def user(self) -> dict[str, Any]:
        """The sender as Bot Framework describes them (may be empty)."""
        return _obj(self.raw, "from")

    def address(self) -> dict[str, Any]:
        """Where to reach this conversation later (stored with the identity for reminders)."""
        return {
            "service_url": self.service_url,
            "conversation_id": self.conversation_id,
            "tenant_id": self.tenant_id,
            "bot_id": self.bot["id"],
        }


def parse_activity(body: bytes) -> Envelope:
    """The activity's envelope; ActivityError with a one-line reason when it cannot be read."""
    try:
        raw = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ActivityError("the body must be a JSON activity") from exc
    if not isinstance(raw, dict):
        raise ActivityError("the body must be a JSON object")
    kind = raw.get("type")
    if not isinstance(kind, str) or not kind:
        raise ActivityError("'type' is missing")
    service_url = raw.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        raise ActivityError("'serviceUrl' is missing or not a URL")
    conversation, bot = _obj(raw, "conversation"), _obj(raw, "recipient")
    conversation_id, bot_id = activity_id(conversation, "id"), activity_id(bot, "id")
    if conversation_id is None:
        raise ActivityError("'conversation.id' is missing")
    if bot_id is None:
        raise ActivityError("'recipient.id' is missing")
    tenant = activity_id(_obj(_obj(raw, "channelData"), "tenant"), "id") or activity_id(conversation, "tenantId")
    bot_only = {"id": bot_id, **({"name": bot["name"]} if isinstance(bot.get("name"), str) else {})}
    return Envelope(raw, kind, service_url, conversation_id, bot_only, tenant)
