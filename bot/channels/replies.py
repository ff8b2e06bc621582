"""What every staff channel says when it cannot pass a message on: too long, too fast, an apology, the health probe."""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus
from typing import Any, Protocol

import aiohttp
from sanic.request import Request

from bot.app.bootstrap import rasa_root
from bot.council.contacts import describe, front_door_now
from bot.staff.ratelimit import RateLimiter, Verdict

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 12_000
TOO_FAST = "You're sending messages faster than I can answer; please wait a few seconds and try again."


def _apology_contacts() -> str:
    root = rasa_root()
    door = front_door_now(root.council.profile, root.clock())
    return f"If a child is in danger now, call 999, then {describe(door.contact)}"


def too_long(length: int) -> str:
    """The answer to a message over MAX_MESSAGE_CHARS, the same on every channel."""
    return (
        f"That message is {length:,} characters; I can take up to {MAX_MESSAGE_CHARS:,}. "
        "Please shorten it or send it in parts. Nothing has been recorded."
    )


class Sender(Protocol):
    """An output channel, as far as telling someone to slow down goes."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Send one text."""


async def over_limit(limiter: RateLimiter, channel: str, identity: str, tell: Sender | None = None) -> Verdict | None:
    """None when this identity's message may go on; otherwise the verdict, the drop logged, the sender told when due."""
    try:
        verdict = await limiter.take(f"{channel}:{identity}")
    except Exception:  # a limiter that cannot answer must not silence anybody
        logger.exception("rate limiter failed; letting the %s message from %s through", channel, identity)
        return None
    if verdict.allowed:
        return None
    # The first drop in a notice window is a warning; the rest of a flood are one info line each.
    (logger.warning if verdict.tell else logger.info)(
        "rate limit: dropped a %s message from %s (allowed again in %.1f s; %s)",
        channel,
        identity,
        verdict.retry_after_s,
        "told to wait" if verdict.tell else "already told",
    )
    if verdict.tell and tell is not None:
        await tell.send_text_message(identity, TOO_FAST)
    return verdict


def apology() -> str:
    """What the worker sees when the assistant could not finish their message."""
    try:
        contacts = _apology_contacts()
    except Exception:  # the apology must never fail, whatever else is broken
        logger.exception("could not load contacts for the apology")
        contacts = "If a child is in danger now, call 999 and your local front door."
    return (
        "Sorry, I couldn't finish that just now: part of the assistant is not answering. "
        f"What you typed is kept; please try again in a minute. {contacts}"
    )


async def action_server_up(health: str | None) -> bool:
    """True when no action server is configured, or it answers /health with 200.

    When an action fails Rasa carries on with whatever it can say, which can be a confusing
    fallback; asking after every message lets the channel say plainly that something is down.
    """
    if health is None:
        return True
    try:
        timeout = aiohttp.ClientTimeout(total=1.5)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(health) as reply:
            return reply.status == HTTPStatus.OK
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


def health_url(request: Request) -> str | None:
    """The action server's /health address, from the endpoint Rasa was started with."""
    agent = getattr(request.app.ctx, "agent", None)
    endpoint = getattr(agent, "action_endpoint", None)
    url = getattr(endpoint, "url", None)
    return url.rsplit("/", 1)[0] + "/health" if url else None
