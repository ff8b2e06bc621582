"""State every replica shares through Redis: Telegram update ids and button payloads, on a real Redis."""

from __future__ import annotations

import uuid

import pytest
import redis

from bot.app import bootstrap
from bot.channels import shared_state
from bot.channels.shared_state import RedisIds, RedisPayloads, seen_ids
from bot.channels.telegram_text import CallbackStore, callbacks
from bot.channels.telegram_updates import RecentIds


def test_an_update_seen_by_one_replica_is_not_handled_by_another(redis_url: str) -> None:
    prefix = f"test:{uuid.uuid4()}:"
    first, second = (RedisIds(redis.Redis.from_url(redis_url), prefix) for _ in range(2))
    assert first.first_time(101) and not second.first_time(101) and not first.first_time(101)
    assert second.first_time(102)


def test_a_button_made_on_one_replica_is_read_on_another(redis_url: str) -> None:
    prefix = f"test:{uuid.uuid4()}:"
    made, read = (RedisPayloads(redis.Redis.from_url(redis_url), prefix) for _ in range(2))
    key = made.put('/log_decision{"level": "3"}')
    assert len(key.encode()) <= 64 and read.get(key) == '/log_decision{"level": "3"}'
    assert read.get("no-such-key") is None


def test_without_redis_nothing_is_lost() -> None:
    down = redis.Redis.from_url("redis://127.0.0.1:1/1", socket_timeout=0.3)
    assert RedisIds(down, "x:").first_time(7)  # treated as new: answered, never dropped
    assert RedisPayloads(down).get("abc") is None  # the button is answered as expired


def test_redis_is_used_only_when_configured(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(bootstrap, "_SHARED", {})
    local = RecentIds()
    assert seen_ids("update", local) is local and isinstance(callbacks(), CallbackStore)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setattr(bootstrap, "_SHARED", {})
    assert isinstance(seen_ids("update", local), RedisIds) and isinstance(callbacks(), RedisPayloads)
    assert shared_state.redis_client() is shared_state.redis_client()
