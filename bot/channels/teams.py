"""The Microsoft Teams channel: Rasa's Bot Framework channel made safe for staff conversations.

POST /webhooks/teams/webhook. Every request must carry a Bot Framework token for this bot; the
activity must come from an allowed tenant and name the serviceUrl Microsoft signed; only
registered staff reach Rasa. Replies are posted back asynchronously with the bot's own token.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.app.bootstrap import rasa_root
from bot.channels.menu import MENU_TEXT, menu_buttons
from bot.channels.replies import MAX_MESSAGE_CHARS, action_server_up, apology, health_url, over_limit, too_long
from bot.channels.teams_activity import (  # noqa: F401 (re-exported)  # noqa: F401
    MAX_ID_CHARS,
    MENTION,
    ActivityError,
    Envelope,
    activity_id,
    parse_activity,
    strip_mentions,
    user_text,
)
from bot.channels.teams_auth import (
    AuthError,
    SigningKeys,
    TeamsConfigError,
    TeamsSettings,
    check_endorsement,
    check_service_url,
    settings_from_env,
    verify_bearer,
)
from bot.channels.teams_output import TeamsOutput, TeamsSendError, post_activity, text_activity
from bot.staff.gate import Gate
from bot.staff.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

CHANNEL = "teams"
MENU_WORDS = {"menu", "/menu"}
GREET = "/greet"
# Bot Framework retries an activity it thinks was not delivered: remember recent ones to act once.
SEEN_MAX = 4096
EMPTY_REPLY = 'I didn\'t receive any words. Type what you need, or say "menu" to see what I can do.'


def _error(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


class TeamsInput(BotFrameworkInput):
    """Microsoft Teams through Bot Framework: verified tokens, allowed tenants, registered staff only."""

    @classmethod
    def name(cls) -> str:
        """The webhook lives at /webhooks/teams/webhook."""
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Created as Rasa starts, from the environment: a missing setting stops Rasa with one line."""
        if credentials:
            logger.warning("the teams channel takes its settings from TEAMS_* variables; credentials.yml ignored")
        try:
            settings = settings_from_env()
        except TeamsConfigError as exc:
            print(f"Rasa not started: {exc}", file=sys.stderr)
            raise SystemExit(2) from exc
        return cls(settings)

    def __init__(
        self,
        settings: TeamsSettings,
        keys: SigningKeys | None = None,
        gate: Callable[[], Gate] | None = None,
        limiter: Callable[[], RateLimiter] | None = None,
    ) -> None:
        # The parent's __init__ fetches keys with blocking requests: nothing is fetched until needed.
        self.app_id, self.app_password = settings.app_id, settings.app_password
        self.settings = settings
        self.keys = keys or SigningKeys(settings.openid_url)
        self._gate = gate or (lambda: rasa_root().gate)
        self._limiter = limiter or (lambda: rasa_root().limiter)
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def _update_cached_jwk_keys(self) -> None:
        """Not used: the parent's version blocks the event loop; SigningKeys fetches asynchronously."""
        raise NotImplementedError("TeamsInput fetches keys with SigningKeys")

    def _validate_jwt_token(self, jwt_token: str) -> None:
        """Not used: the parent's check trusts the token's own alg and skips the issuer."""
        raise NotImplementedError("TeamsInput verifies tokens with verify_bearer")

    async def authorise(self, authorization: str | None, body: bytes) -> Envelope:
        """The activity, once the token, serviceUrl and tenant are all acceptable; AuthError or ActivityError if not."""
        claims, jwk = await verify_bearer(authorization, self.keys, self.settings.app_id)
        envelope = parse_activity(body)
        channel_id = envelope.raw.get("channelId")
        check_endorsement(jwk, channel_id if isinstance(channel_id, str) else None)
        check_service_url(envelope.service_url, claims)
        # from.aadObjectId and channelData are only Microsoft's word on Teams itself: Web Chat or Direct
        # Line clients write them, and their activities are signed by the same keys.
        if channel_id != "msteams":
            raise AuthError(403, "only Microsoft Teams activities are served")
        if envelope.tenant_id is None:
            raise AuthError(403, "the activity names no tenant")
        if not self.settings.tenant_allowed(envelope.tenant_id):
            raise AuthError(403, "this tenant is not served")
        conversation = envelope.raw.get("conversation")
        kind = conversation.get("conversationType") if isinstance(conversation, dict) else None
        if kind != "personal":
            # Answers (and review notices) are for one worker: never post them into a group chat or channel.
            raise AuthError(403, "only personal chats are served")
        return envelope

    def output(self, envelope: Envelope) -> TeamsOutput:
        """The output channel replying into the activity's conversation."""
        return TeamsOutput(
            self.settings, {"id": envelope.conversation_id}, envelope.bot, envelope.service_url, envelope.user
        )

    def _first_time(self, envelope: Envelope) -> bool:
        seen_id = activity_id(envelope.raw, "id")
        if seen_id is None:
            return True
        key = (envelope.conversation_id, seen_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > SEEN_MAX:
            self._seen.popitem(last=False)
        return True

    async def _admit(self, envelope: Envelope, aad: str) -> bool:
        """True for registered staff; otherwise the (rate-limited) refusal is sent and False returned."""
        out = self.output(envelope)
        try:
            gate = self._gate()
            admission = await gate.admit_async(CHANNEL, aad, envelope.address())
        except Exception:  # without the directory nobody can be checked: say so, serve nobody
            logger.exception("staff gate failed for teams:%s", aad)
            await out.send_text_message(aad, apology())
            return False
        if admission.actor is not None:
            return True
        if admission.unavailable:
            await out.send_text_message(aad, apology())
            return False
        logger.info("refused unregistered teams identity %s", aad)
        if admission.tell_refusal:
            await out.send_text_message(aad, gate.refusal(CHANNEL, aad))
        return False

    async def _to_rasa(
        self, envelope: Envelope, aad: str, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        out = self.output(envelope)
        metadata = {"aad_object_id": aad, "tenant_id": envelope.tenant_id}
        failed = False
        try:
            await on_new_message(UserMessage(text, out, aad, input_channel=CHANNEL, metadata=metadata))
        except Exception:
            logger.exception("teams message from %s could not be handled", aad)
            failed = True
        # When actions fail Rasa carries on with whatever it can say: tell the worker plainly. (A turn
        # that says nothing with everything up, like /restart, is left as Rasa meant it.)
        if failed or not await action_server_up(envelope.health):
            await out.send_text_message(aad, apology())

    async def on_message(self, envelope: Envelope, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """A worker wrote or clicked a card button: the menu from here, everything else through Rasa."""
        aad = activity_id(envelope.user, "aadObjectId")
        if aad is None:
            raise ActivityError("'from.aadObjectId' is missing")
        if not self._first_time(envelope) or await over_limit(self._limiter(), CHANNEL, aad, self.output(envelope)):
            return  # a repeat, or over the rate limit (logged; told to wait at most once a minute)
        if not await self._admit(envelope, aad):
            return
        text = user_text(envelope.raw)
        out = self.output(envelope)
        if text.lower() in MENU_WORDS:
            await out.send_text_with_buttons(aad, MENU_TEXT, menu_buttons())
        elif not text:
            await out.send_text_message(aad, EMPTY_REPLY)
        elif len(text) > MAX_MESSAGE_CHARS:
            await out.send_text_message(aad, too_long(len(text)))
        else:
            await self._to_rasa(envelope, aad, text, on_new_message)

    async def on_members_added(
        self, envelope: Envelope, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """Greet each person who joins the conversation (or installs the app) if they are registered."""
        added = envelope.raw.get("membersAdded")
        if not isinstance(added, list) or not self._first_time(envelope):
            return
        people: list[str] = []
        for member in added:
            if not isinstance(member, dict):
                continue
            # Installing the app in personal scope adds the bot; the installer is in "from".
            person = envelope.user if member.get("id") == envelope.bot["id"] else member
            aad = activity_id(person, "aadObjectId")
            if aad is not None and aad not in people:
                people.append(aad)
        for aad in people:
            if await self._admit(envelope, aad):
                await self._to_rasa(envelope, aad, GREET, on_new_message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health and webhook routes."""
        hook = Blueprint("teams_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            """Liveness check."""
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            """Check who is calling, then act on the activity; never a 5xx."""
            try:
                envelope = await self.authorise(request.headers.get("Authorization"), request.body)
                envelope = dataclasses.replace(envelope, health=health_url(request))
            except AuthError as exc:
                logger.warning("teams request refused (%s): %s", exc.status, exc.reason)
                return _error(exc.status, exc.reason)
            except ActivityError as exc:
                return _error(400, str(exc))
            try:
                if envelope.type == "message":
                    await self.on_message(envelope, on_new_message)
                elif envelope.type == "conversationUpdate":
                    await self.on_members_added(envelope, on_new_message)
                # typing, messageReaction, installationUpdate…: nothing to say back.
            except ActivityError as exc:
                return _error(400, str(exc))
            except Exception:  # a 5xx would only make Bot Framework retry the same activity
                logger.exception("teams activity could not be handled")
            return response.json({"status": "ok"})

        return hook


async def push(address: dict[str, Any], text: str) -> None:
    """Send a message unprompted (a reminder) to a stored Teams conversation; TeamsSendError on failure."""
    try:
        settings = settings_from_env()
    except TeamsConfigError as exc:
        raise TeamsSendError(f"cannot send to Teams: {exc}") from exc
    service_url, conversation_id = address.get("service_url"), address.get("conversation_id")
    if (
        not isinstance(service_url, str)
        or not isinstance(conversation_id, str)
        or not service_url
        or not conversation_id
    ):
        raise TeamsSendError("the stored Teams address has no service_url or conversation_id")
    bot_id = address.get("bot_id")
    activity = text_activity(text, {"id": bot_id} if isinstance(bot_id, str) and bot_id else None)
    activity["conversation"] = {"id": conversation_id}
    await post_activity(settings, service_url, conversation_id, activity)
