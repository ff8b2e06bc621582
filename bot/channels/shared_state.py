"""State every Rasa replica must share: Telegram update ids already handled and button payloads.

With `REDIS_URL` set (several replicas behind a balancer), both live in Redis with an expiry; without
it (`make run`, one process), in process memory. A Redis that cannot be reached never loses a message:
an update id is then treated as new, and a button whose payload cannot be read is answered as expired.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any, Protocol

import redis

from bot.app.bootstrap import shared
from bot.settings import settings_from_env

logger = logging.getLogger(__name__)

# Telegram re-sends an update for up to a day; buttons in a chat can be pressed weeks later.
UPDATE_SECONDS = 24 * 3600
BUTTON_SECONDS = 30 * 24 * 3600


class SeenIds(Protocol):
    """Which ids have been seen."""

    def first_time(self, update_id: int) -> bool:
        """True the first time an id is seen."""


class Payloads(Protocol):
    """Button payloads behind short keys."""

    def put(self, payload: str) -> str:
        """A new short key for the payload."""

    def get(self, key: str) -> str | None:
        """The payload behind a key, or None."""


class RedisIds:
    """Ids seen by any replica: SET NX with an expiry, one round trip."""

    def __init__(self, client: Any, prefix: str, seconds: int = UPDATE_SECONDS) -> None:
        self._red, self._prefix, self._seconds = client, prefix, seconds

    def first_time(self, update_id: int) -> bool:
        """True the first time any replica sees the id (and when Redis cannot say: never drop a message)."""
        try:
            return bool(self._red.set(f"{self._prefix}{update_id}", 1, nx=True, ex=self._seconds))
        except redis.RedisError as exc:
            logger.warning("Redis unavailable, update %s treated as new: %s", update_id, exc)
            return True


class RedisPayloads:
    """Button payloads any replica can read back, kept for a month."""

    def __init__(self, client: Any, prefix: str = "pc:button:", seconds: int = BUTTON_SECONDS) -> None:
        self._red, self._prefix, self._seconds = client, prefix, seconds

    def put(self, payload: str) -> str:
        """A new short key (12 characters, inside Telegram's 64 bytes) for the payload."""
        key = secrets.token_urlsafe(9)
        self._red.set(f"{self._prefix}{key}", payload, ex=self._seconds)
        return key

    def get(self, key: str) -> str | None:
        """The payload behind a key, or None when unknown, expired or unreadable."""
        try:
            found = self._red.get(f"{self._prefix}{key}")
        except redis.RedisError as exc:
            logger.warning("Redis unavailable, button %s cannot be read: %s", key, exc)
            return None
        return found.decode("utf-8") if isinstance(found, bytes) else found


def redis_client() -> Any:
    """The process's Redis client when `REDIS_URL` is set, else None (one process: memory is enough)."""
    url = settings_from_env().redis_url
    return shared("redis", lambda: redis.Redis.from_url(url, socket_timeout=2.0)) if url else None


def seen_ids(kind: str, local: SeenIds, seconds: int = UPDATE_SECONDS) -> SeenIds:
    """Ids of this kind shared through Redis when configured, else `local` (this process's memory)."""
    client = redis_client()
    return RedisIds(client, f"pc:telegram:{kind}:", seconds) if client is not None else local
