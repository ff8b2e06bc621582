"""The REST channel accepts only well-formed requests, limits each sender's rate, and never answers with silence."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.replies import TOO_FAST, apology
from bot.channels.rest import PracticeRestInput, _token, check_body
from bot.staff.ratelimit import Limit, MemoryRateLimiter
from tests.fakes.clock import ManualTicks


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{bad", "must be JSON"),
        (b"", "must be JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "", "message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "x" * 200, "message": "hi"}).encode(), "'sender'"),
        (json.dumps({"sender": "a", "message": 5}).encode(), "'message' must be a string"),
        (json.dumps({"sender": "a", "message": "hi", "metadata": [1]}).encode(), "'metadata'"),
        (b"\xff\xfe", "must be JSON"),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(body: bytes, reason: str) -> None:
    data, problem = check_body(body)
    assert data is None and problem is not None and reason in problem


def test_good_body() -> None:
    data, problem = check_body(json.dumps({"sender": "demo-worker", "message": "hi"}).encode())
    assert problem is None and data == {"sender": "demo-worker", "message": "hi"}


def test_apology_always_names_999() -> None:
    assert "999" in apology()


def test_the_too_long_answer_names_the_length_and_the_limit() -> None:
    from bot.channels.replies import MAX_MESSAGE_CHARS, too_long

    said = too_long(MAX_MESSAGE_CHARS + 1)
    assert f"{MAX_MESSAGE_CHARS + 1:,} characters" in said and f"{MAX_MESSAGE_CHARS:,}" in said
    assert "Nothing has been recorded" in said


# --- the webhook itself, in process (ASGI: no server, no Rasa) ---------------------------------


class Webhook:
    """The REST blueprint in a throwaway Sanic app, with a stand-in Rasa that echoes what it gets."""

    def __init__(self, limiter: MemoryRateLimiter) -> None:
        self.channel = PracticeRestInput(limiter)
        self.received: list[str] = []
        self.app = Sanic(f"rest_test_{uuid.uuid4().hex[:8]}")
        self.app.blueprint(self.channel.blueprint(self._rasa), url_prefix="/webhooks/rest")

    async def _rasa(self, message: UserMessage) -> None:
        self.received.append(message.text or "")
        await message.output_channel.send_text_message(message.sender_id, f"echo {message.text}")

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Callable[[str, str], Awaitable[httpx.Response]]]:
        """post(sender, text) between Sanic's own start and stop (one event loop: the app is not reusable)."""
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        lifespan = asyncio.ensure_future(
            self.app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put)
        )
        await inbox.put({"type": "lifespan.startup"})
        assert (await outbox.get())["type"] == "lifespan.startup.complete"
        transport = httpx.ASGITransport(app=self.app, client=("127.0.0.1", 50000))
        headers = {"Authorization": f"Bearer {_token()}"} if _token() else {}
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:

            async def post(sender: str, text: str) -> httpx.Response:
                body = {"sender": sender, "message": text}
                return await client.post("/webhooks/rest/webhook", json=body, headers=headers)

            yield post
        await inbox.put({"type": "lifespan.shutdown"})
        assert (await outbox.get())["type"] == "lifespan.shutdown.complete"
        with contextlib.suppress(AttributeError):  # Sanic 21.12 trips over its own lifespan scope at the end
            await lifespan


def test_a_sender_over_the_limit_gets_a_429_in_the_usual_shape(caplog: pytest.LogCaptureFixture) -> None:
    ticks = ManualTicks()
    hook = Webhook(MemoryRateLimiter(Limit(per_minute=30, burst=3), ticks))
    caplog.set_level(logging.INFO, logger="bot.channels.replies")

    async def scenario() -> tuple[list[httpx.Response], list[httpx.Response]]:
        async with hook.running() as post:
            first = [await post("demo-worker", f"hi {n}") for n in range(5)]
            first.append(await post("demo-nqsw", "hello"))  # somebody else is not held up
            ticks.now += 2.0  # one message's worth of allowance back
            return first, [await post("demo-worker", "again"), await post("demo-worker", "and again")]

    first, later = asyncio.run(scenario())
    assert [r.status_code for r in first] == [200, 200, 200, 429, 429, 200]
    assert first[3].json() == [{"recipient_id": "demo-worker", "text": TOO_FAST}]
    assert first[3].headers["Retry-After"] == "2"
    assert [r.status_code for r in later] == [200, 429]
    assert hook.received == ["hi 0", "hi 1", "hi 2", "hello", "again"]  # nothing over the limit reached Rasa
    dropped = [r for r in caplog.records if "rate limit: dropped a rest message from demo-worker" in r.getMessage()]
    assert [r.levelname for r in dropped] == ["WARNING", "INFO", "INFO"]  # every drop logged, the first loudly
