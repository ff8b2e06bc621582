"""The REST channel with input checks, and an apology instead of silence when something fails."""

from __future__ import annotations

import json
import logging
import math
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.app.bootstrap import rasa_root
from bot.channels.replies import (
    MAX_MESSAGE_CHARS,
    TOO_FAST,
    action_server_up,
    apology,
    health_url,
    over_limit,
    too_long,
)
from bot.channels.rest_access import production_problem, refusal
from bot.loading import CouncilDataError
from bot.staff.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


def check_body(body: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The parsed request, or a one-line reason why it cannot be accepted."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, 'the body must be JSON like {"sender": "demo-worker", "message": "hi"}'
    if not isinstance(data, dict):
        return None, 'the body must be a JSON object like {"sender": "demo-worker", "message": "hi"}'
    sender, message = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
    if not isinstance(message, str):
        return None, "'message' must be a string"
    if data.get("metadata") is not None and not isinstance(data["metadata"], dict):
        return None, "'metadata' must be a JSON object when given"
    return data, None


def _token() -> str | None:
    token = rasa_root().settings.rest_token
    return token.get_secret_value() if token else None


def _reply(sender: str, text: str) -> HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}])


class PracticeRestInput(InputChannel):
    """POST {"sender", "message"} to /webhooks/rest/webhook; answers a JSON list of messages."""

    def __init__(self, limiter: RateLimiter | None = None) -> None:
        self._limiter = limiter

    def limiter(self) -> RateLimiter:
        """The per-sender rate limit: the Rasa process's, unless this channel was given one."""
        return self._limiter if self._limiter is not None else rasa_root().limiter

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's REST path, /webhooks/rest/webhook."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Created as Rasa starts: refuse to start at all when the council data is invalid."""
        try:
            rasa_root().council  # noqa: B018 (loading is the check)
        except CouncilDataError as exc:
            print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
            print("Rasa not started: fix the council data above", file=sys.stderr)
            raise SystemExit(2) from exc
        settings = rasa_root().settings
        problem = production_problem(settings.environment, _token())
        if problem:
            print(problem, file=sys.stderr)
            raise SystemExit(2)
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health and webhook routes."""
        hook = Blueprint("practice_rest_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            """Liveness check for load balancers and the launcher."""
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            """Check the request, pass the message to Rasa, and never answer with silence."""
            refused = refusal(request.headers.get("Authorization"), request.ip, _token())
            if refused:
                return response.json({"error": refused}, status=401)
            data, problem = check_body(request.body)
            if data is None:
                return response.json({"error": problem}, status=400)
            sender, text = data["sender"], data["message"]
            limited = await over_limit(self.limiter(), self.name(), sender)
            if limited is not None:
                wait = str(max(1, math.ceil(limited.retry_after_s)))
                return response.json(
                    [{"recipient_id": sender, "text": TOO_FAST}], status=429, headers={"Retry-After": wait}
                )
            if not text.strip():
                return _reply(
                    sender, 'I didn\'t receive any words. Type what you need, or say "help" to see what I can do.'
                )
            if len(text) > MAX_MESSAGE_CHARS:
                return _reply(sender, too_long(len(text)))
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=data.get("metadata"))
                )
            except Exception:
                logger.exception("message from %s could not be handled", sender)
            if not collector.messages or not await action_server_up(health_url(request)):
                # Whatever Rasa managed to say without its actions would only confuse: say what happened.
                collector.messages[:] = [{"recipient_id": sender, "text": apology()}]
            return response.json(collector.messages)

        return hook
