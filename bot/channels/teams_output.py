"""Sending to Teams: the bot's access token, Adaptive Cards for buttons, and posting activities."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import aiohttp
from rasa.core.channels.botframework import BotFramework

from bot.channels.teams_auth import TeamsSettings

logger = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
# Teams renders Adaptive Cards up to 1.5 on desktop but only 1.4 everywhere (mobile included).
CARD_VERSION = "1.4"
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
# Renew the token this long before Microsoft says it expires, so no request carries a dying token.
TOKEN_MARGIN_S = 300
SEND_TIMEOUT_S = 15
# Characters that start emphasis, code or links in the markdown subset a card's TextBlock renders.
# Kept to the few that matter: Teams mobile clients have shown escapes literally, so every extra
# backslash risks being seen. Line-start "- " bullets are the assistant's own lists and may render.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


class TeamsSendError(RuntimeError):
    """A message could not be delivered to Teams: the reason in one line."""


class TokenSource:
    """The bot's Bot Framework access token (client credentials), cached until shortly before expiry."""

    def __init__(self, settings: TeamsSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self.fetches = 0

    async def token(self, session: aiohttp.ClientSession) -> str:
        """A valid access token, fetched from the token endpoint only when the cached one is near expiry."""
        if self._token is not None and self._clock() < self._expires_at:
            return self._token
        form = {
            "grant_type": "client_credentials",
            "client_id": self.settings.app_id,
            "client_secret": self.settings.app_password,
            "scope": SCOPE,
        }
        try:
            async with session.post(self.settings.token_url, data=form) as reply:
                if reply.status != 200:
                    # The body can echo the request; never log the secret, just the status.
                    raise TeamsSendError(f"the token endpoint refused the bot's credentials (HTTP {reply.status})")
                data = await reply.json(content_type=None)
            token, lifetime = data["access_token"], int(data.get("expires_in", 3600))
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise TeamsSendError(f"the token endpoint could not be reached: {exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise TeamsSendError("the token endpoint answered without an access token") from exc
        if not isinstance(token, str) or not token:
            raise TeamsSendError("the token endpoint answered without an access token")
        self._token, self._expires_at = token, self._clock() + max(lifetime - TOKEN_MARGIN_S, 0)
        self.fetches += 1
        return token


_tokens: dict[tuple[str, str], TokenSource] = {}


def token_source(settings: TeamsSettings) -> TokenSource:
    """The shared token cache for this bot identity (one token serves every conversation)."""
    key = (settings.token_url, settings.app_id)
    if key not in _tokens or _tokens[key].settings != settings:
        _tokens[key] = TokenSource(settings)
    return _tokens[key]


def activities_url(service_url: str, conversation_id: str) -> str:
    """Where Bot Framework takes new activities for a conversation."""
    return f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"


async def post_activity(
    settings: TeamsSettings, service_url: str, conversation_id: str, activity: dict[str, Any]
) -> None:
    """Post one activity to a conversation; TeamsSendError when it is not accepted."""
    timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_S)
    url = activities_url(service_url, conversation_id)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            token = await token_source(settings).token(session)
            headers = {"Authorization": f"Bearer {token}"}
            async with session.post(url, json=activity, headers=headers) as reply:
                if reply.status >= 300:
                    raise TeamsSendError(f"Bot Framework refused the message (HTTP {reply.status}) at {url}")
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        raise TeamsSendError(f"Bot Framework could not be reached at {url}: {exc}") from exc


def escape_markdown(text: str) -> str:
    """Text for a card TextBlock: no accidental emphasis or links, and every line break kept."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n"))
    # TextBlock markdown joins lines separated by a single break: double them.
    return re.sub(r"\n+", "\n\n", escaped)


def text_activity(text: str, bot: dict[str, Any] | None = None) -> dict[str, Any]:
    """A plain-text message: what the assistant wrote is shown as written, never as markup."""
    activity: dict[str, Any] = {"type": "message", "text": text, "textFormat": "plain"}
    if bot:
        activity["from"] = bot
    return activity


def submit_action(title: str, payload: str) -> dict[str, Any]:
    """An Action.Submit that shows the title in the chat and sends the Rasa payload back."""
    return {
        "type": "Action.Submit",
        "title": title[:80],
        "data": {"payload": payload, "msteams": {"type": "messageBack", "displayText": title, "text": payload}},
    }


def adaptive_card(text: str, buttons: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """An Adaptive Card attachment: the text, then one Action.Submit per Rasa button."""
    actions = [
        submit_action(str(b.get("title") or b.get("payload")), str(b.get("payload") or b.get("title")))
        for b in buttons
        if isinstance(b, dict) and (b.get("payload") or b.get("title"))
    ]
    content: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": [{"type": "TextBlock", "text": escape_markdown(text), "wrap": True}],
        "actions": actions,
    }
    return {"contentType": CARD_TYPE, "content": content}


def card_activity(text: str, buttons: Iterable[dict[str, Any]], bot: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message carrying one Adaptive Card; no separate text, which Teams would show a second time."""
    activity: dict[str, Any] = {"type": "message", "attachments": [adaptive_card(text, buttons)]}
    if bot:
        activity["from"] = bot
    return activity


class TeamsOutput(BotFramework):
    """Rasa's Bot Framework output without blocking calls: aiohttp, a cached token, Adaptive Cards."""

    @classmethod
    def name(cls) -> str:
        """The channel name Rasa records with each bot event."""
        return "teams"

    def __init__(
        self,
        settings: TeamsSettings,
        conversation: dict[str, Any],
        bot: dict[str, Any],
        service_url: str,
        user: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(settings.app_id, settings.app_password, conversation, bot, service_url)
        self.settings, self.service_url = settings, service_url
        # Teams addresses a person by their channel id ("29:…"), not the AAD id Rasa knows them by.
        self.user = {"id": user["id"]} if user and isinstance(user.get("id"), str) else None
        self.sent = 0

    def prepare_message(self, recipient_id: str, message_data: dict[str, Any]) -> dict[str, Any]:
        """The activity as Bot Framework wants it: from the bot, into this conversation."""
        data: dict[str, Any] = {
            "type": "message",
            "from": self.bot,
            "conversation": {"id": self.conversation["id"]},
            "recipient": self.user or {"id": recipient_id},
        }
        data.update(message_data)
        return data

    async def send(self, message_data: dict[str, Any]) -> None:
        """Post an activity; a failure is logged, not raised, so the rest of the turn still completes."""
        try:
            await post_activity(self.settings, self.service_url, str(self.conversation["id"]), message_data)
            self.sent += 1
        except TeamsSendError as exc:
            logger.error("could not send to Teams conversation: %s", exc)

    async def _get_headers(self) -> dict[str, Any] | None:
        """Not used: tokens come from TokenSource (the parent's version blocks the event loop)."""
        raise NotImplementedError("TeamsOutput gets its token from TokenSource")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One plain-text activity per Rasa message."""
        await self.send(self.prepare_message(recipient_id, text_activity(text)))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """The text and its buttons as one Adaptive Card."""
        await self.send(self.prepare_message(recipient_id, card_activity(text, buttons)))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Quick replies are buttons too."""
        await self.send_text_with_buttons(recipient_id, text, quick_replies)
