"""The atomic Redis lock store on a real Redis: tickets unique under races, Rasa's lock loop unchanged."""

from __future__ import annotations

import asyncio
import threading
import uuid

import pytest
import redis
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from bot.channels.lock_store import AtomicRedisLockStore


@pytest.fixture()
def store(redis_url: str) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(EndpointConfig(url=redis_url, key_prefix="test"))


def test_tickets_are_unique_and_in_order_when_replicas_race(redis_url: str) -> None:
    # Two "replicas" (two stores, two connection pools), eight threads each, all on one conversation.
    stores = [AtomicRedisLockStore(url=redis_url) for _ in range(2)]
    conversation = f"race-{uuid.uuid4()}"
    issued: list[int] = []
    guard = threading.Lock()
    start = threading.Barrier(16)

    def take(store: AtomicRedisLockStore) -> None:
        start.wait()
        for _ in range(25):
            number = store.issue_ticket(conversation, 60)
            with guard:
                issued.append(number)

    threads = [threading.Thread(target=take, args=(stores[n % 2],)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(issued) == list(range(400))
    lock = stores[0].get_lock(conversation)
    assert lock is not None and len(lock.tickets) == 400 and lock.now_serving == 0


def test_rasa_lock_loop_serves_one_message_at_a_time(store: AtomicRedisLockStore) -> None:
    conversation = f"serial-{uuid.uuid4()}"
    inside: list[int] = []
    order: list[str] = []

    async def handle(name: str) -> None:
        async with store.lock(conversation, lock_lifetime=30, wait_time_in_seconds=0.01):
            inside.append(1)
            assert len(inside) == 1, "two messages of one conversation were handled at once"
            await asyncio.sleep(0.02)
            order.append(name)
            inside.pop()

    async def main() -> None:
        await asyncio.gather(*(handle(f"m{n}") for n in range(6)))

    asyncio.run(main())
    assert sorted(order) == [f"m{n}" for n in range(6)]
    assert store.get_lock(conversation) is None  # deleted once nobody waits


def test_expired_tickets_are_dropped_and_the_lock_deleted_when_served(store: AtomicRedisLockStore) -> None:
    conversation = f"expiry-{uuid.uuid4()}"
    store.issue_ticket(conversation, -1)  # already expired
    fresh = store.issue_ticket(conversation, 30)
    lock = store.get_lock(conversation)
    assert lock is not None and [t.number for t in lock.tickets] == [fresh]
    store.cleanup(conversation, fresh)
    assert store.get_lock(conversation) is None


def test_finish_serving_keeps_the_others_waiting(store: AtomicRedisLockStore) -> None:
    conversation = f"queue-{uuid.uuid4()}"
    first, second = store.issue_ticket(conversation, 30), store.issue_ticket(conversation, 30)
    store.cleanup(conversation, first)
    lock = store.get_lock(conversation)
    assert lock is not None and lock.now_serving == second and not lock.is_locked(second)


def test_an_unreachable_redis_is_a_lock_error() -> None:
    store = AtomicRedisLockStore(url="redis://127.0.0.1:1/1", socket_timeout=0.5)
    with pytest.raises(LockError):
        store.issue_ticket("anyone", 30)


def test_the_configured_class_loads_from_endpoints(redis_url: str) -> None:
    from rasa.core.lock_store import LockStore

    built = LockStore.create(EndpointConfig(url=redis_url, type="bot.channels.lock_store.AtomicRedisLockStore"))
    assert isinstance(built, AtomicRedisLockStore) and isinstance(built.red, redis.Redis)
