"""Load through the REST, Telegram and Teams webhooks: a turn is one webhook POST and the replies it caused."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp

from bench.load import LOAD_DEADLINE_S, REQUEST_TIMEOUT_S, Budget, percentile
from bench.servers import OUR_FAILURE_MARK
from bot.channels.telegram import SECRET_HEADER
from bot.council.models import StaffMember
from bot.staff.directory import add
from bot.storage.db import make_engine, unit_of_work
from tests.fakes.botframework import FakeBotFramework
from tests.fakes.telegram_api import FakeTelegram, message_update

TELEGRAM_SECRET = "bench-secret_token-1"
# The first Telegram id handed out; far from the e2e tests' ranges and the example staff.
FIRST_TELEGRAM_ID = 730_000_001


class Channel(Protocol):
    """One way in: fresh identities for new conversations and one timed turn."""

    name: str

    def new_user(self) -> str:
        """An identity nobody has used yet (registered in the staff DB when the channel gates)."""
        ...

    async def turn(self, session: aiohttp.ClientSession, user: str, text: str) -> tuple[int, list[str]]:
        """POST one message; the HTTP status and the texts the user received because of it."""
        ...


def register(database_url: str, channel: str, ids: list[str]) -> None:
    """Register each identity as its own practitioner, as `python -m bot staff add` would."""
    engine = make_engine(database_url)
    with unit_of_work(engine) as session:
        for external_id in ids:
            member = StaffMember(
                id=f"bench-{channel}-{external_id}".lower()[:60],
                name="Bench User",
                role="practitioner",
                team="assessment-1",
                supervisor="demo-supervisor",
                identities={channel: [external_id]},  # type: ignore[dict-item]
            )
            add(session, member)
    engine.dispose()


@dataclass
class Rest:
    """Our REST channel: the replies come back in the webhook's answer; no identity gate."""

    url: str
    name: str = "REST"

    def new_user(self) -> str:
        """A new sender id."""
        return f"bench-rest-{uuid.uuid4().hex[:10]}"

    async def turn(self, session: aiohttp.ClientSession, user: str, text: str) -> tuple[int, list[str]]:
        """POST {sender, message}; the answer is the list of replies."""
        async with session.post(self.url, json={"sender": user, "message": text}) as reply:
            body = await reply.json(content_type=None)
            status = reply.status
        if not isinstance(body, list):
            return status, [f"(not a list: {str(body)[:100]})"]
        return status, [str(m.get("text") or "") for m in body if isinstance(m, dict)]


@dataclass
class Telegram:
    """The Telegram webhook; replies are read from what the fake Bot API received (sent before the 200)."""

    url: str
    fake: FakeTelegram
    pool: list[str] = field(default_factory=list)
    name: str = "Telegram"

    def new_user(self) -> str:
        """A registered Telegram user id not used before."""
        return self.pool.pop()

    async def turn(self, session: aiohttp.ClientSession, user: str, text: str) -> tuple[int, list[str]]:
        """POST a message update with the secret header; replies are the fake's new messages to the chat."""
        chat_id = int(user)
        before = len(self.fake.sent_to(chat_id))
        update = message_update(chat_id, text)
        async with session.post(self.url, json=update, headers={SECRET_HEADER: TELEGRAM_SECRET}) as reply:
            await reply.read()
            status = reply.status
        return status, [s.plain for s in self.fake.sent_to(chat_id)[before:]]


@dataclass
class Teams:
    """The Teams webhook with a Bot Framework token; replies are what the fake's conversation received."""

    url: str
    fake: FakeBotFramework
    pool: list[str] = field(default_factory=list)
    name: str = "Teams"

    def new_user(self) -> str:
        """A registered AAD object id not used before (its conversation id is derived from it)."""
        return self.pool.pop()

    async def turn(self, session: aiohttp.ClientSession, user: str, text: str) -> tuple[int, list[str]]:
        """POST a personal-chat activity signed for the fake's serviceUrl; replies are the posted activities."""
        conversation = f"a:bench-{user}"
        before = len(self.fake.posted(conversation))
        activity = self.fake.activity(text, aad=user, conversation_id=conversation)
        # token_for() signs once and caches: the bench measures our RS256 check, not the fake's signing.
        headers = {"Authorization": f"Bearer {self.fake.token_for()}"}
        async with session.post(self.url, json=activity, headers=headers) as reply:
            await reply.read()
            status = reply.status
        return status, [_teams_text(a) for a in self.fake.posted(conversation)[before:]]


def _teams_text(activity: dict[str, Any]) -> str:
    """A posted activity's text and the text blocks of its cards."""
    said = [activity.get("text") or ""]
    for attachment in activity.get("attachments") or []:
        said += [b.get("text", "") for b in (attachment.get("content") or {}).get("body", []) if isinstance(b, dict)]
    return "\n".join(s for s in said if s)


def problem(status: int, texts: list[str]) -> str | None:
    """Why a turn counts as an error, or None: non-200, nothing received, or the apology."""
    if status != 200:
        return f"HTTP {status}"
    if not any(t.strip() for t in texts):
        return "no reply"
    joined = " ".join(texts)
    if OUR_FAILURE_MARK in joined:
        return f"apology: {joined[:120]}"
    return None


@dataclass
class ChannelRun(Budget):
    """The message budget of one channel's simulated users."""

    channel: Channel
    script: tuple[str, ...]


async def _timed_turn(session: aiohttp.ClientSession, run: ChannelRun, user: str, text: str) -> None:
    """One turn; its latency is the webhook round trip, which includes sending replies to the fake."""
    started = time.perf_counter()
    try:
        status, texts = await run.channel.turn(session, user, text)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        run.fail(f"{type(exc).__name__}: {exc}")
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    why = problem(status, texts)
    if why:
        run.fail(f"{text!r}: {why}")
        return
    run.latencies.append(elapsed_ms)


async def _user(session: aiohttp.ClientSession, run: ChannelRun) -> None:
    """One simulated user: conversation after conversation, each with a fresh identity."""
    while run.taken < run.total:
        user = run.channel.new_user()
        for text in run.script:
            if not run.take():
                return
            await _timed_turn(session, run, user, text)


async def drive(channel: Channel, script: tuple[str, ...], concurrency: int, total: int) -> dict[str, Any]:
    """Run `concurrency` simulated users until `total` messages are sent; the figures as a dict."""
    run = ChannelRun(total, time.monotonic() + LOAD_DEADLINE_S, channel=channel, script=script)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(REQUEST_TIMEOUT_S)) as session:
        started = time.perf_counter()
        users = [_user(session, run) for _ in range(concurrency)]
        await asyncio.wait_for(asyncio.gather(*users), LOAD_DEADLINE_S + REQUEST_TIMEOUT_S + 30)
        seconds = time.perf_counter() - started
    lat = run.latencies
    return {
        "channel": channel.name, "concurrency": concurrency, "target": total, "sent": run.taken, "ok": len(lat),
        "errors": run.errors, "seconds": round(seconds, 2), "msgs_per_s": round(len(lat) / seconds, 2),
        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1), "max_ms": round(max(lat, default=0.0), 1),
        "stopped_by_deadline": run.taken < total, "error_samples": run.error_samples,
    }  # fmt: skip


async def transcript(channel: Channel, script: tuple[str, ...]) -> list[dict[str, Any]]:
    """One untimed conversation with the replies kept: warms the channel up (keys, tokens, clients)."""
    lines = []
    user = channel.new_user()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(REQUEST_TIMEOUT_S)) as session:
        for text in script:
            status, texts = await channel.turn(session, user, text)
            lines.append(
                {"user": text, "status": status, "bot": [t[:160] for t in texts], "problem": problem(status, texts)}
            )
    return lines
