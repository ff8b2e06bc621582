"""Sending to Telegram: settings, one shared Bot, escaping, splitting and buttons kept server-side."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.shared.exceptions import RasaException
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import RetryAfter
from telegram.request import HTTPXRequest

from bot.app.bootstrap import shared
from bot.channels.telegram_text import (  # noqa: F401 (re-exported)  # noqa: F401
    MAX_BUTTONS,
    MAX_MESSAGE_UNITS,
    CallbackStore,
    Payloads,
    callbacks,
    escape,
    keyboard,
    message_parts,
    split_escaped,
    utf16_units,
)

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
MAX_CALLBACK_BYTES = 64
# Telegram accepts 1-256 of these characters as a webhook secret; anything else fails at setWebhook.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# One retry after a "too many requests" answer, if Telegram asks for a short wait only.
MAX_RETRY_WAIT_S = 30.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramSettingsError(RasaException):
    """A Telegram setting is missing or invalid (Rasa prints the one-line message and stops)."""


class TelegramSendError(RuntimeError):
    """A message could not be delivered to Telegram."""


@dataclass(frozen=True)
class TelegramSettings:
    """Where the Bot API is and the two secrets, all from the environment."""

    token: str
    secret_token: str
    base_url: str = DEFAULT_BASE_URL
    webhook_url: str | None = None


def settings_from_env(env: Mapping[str, str] | None = None) -> TelegramSettings:
    """The Telegram settings, or a one-line error naming the variable that is missing or wrong."""
    env = os.environ if env is None else env
    token = env.get("TELEGRAM_TOKEN", "").strip()
    if not token:
        raise TelegramSettingsError("TELEGRAM_TOKEN is not set: export the bot token from @BotFather")
    secret = env.get("TELEGRAM_SECRET_TOKEN", "").strip()
    if not secret:
        raise TelegramSettingsError(
            "TELEGRAM_SECRET_TOKEN is not set: export a random string of letters, digits, _ and - (up to 256)"
        )
    if not SECRET_PATTERN.match(secret):
        raise TelegramSettingsError(
            "TELEGRAM_SECRET_TOKEN must be 1-256 characters of letters, digits, _ and - (Telegram's rule)"
        )
    base_url = env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL
    webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
    return TelegramSettings(token, secret, base_url, webhook_url)


class RedactToken(logging.Filter):
    """Keeps the bot token out of logs: httpx logs every request URL, and the token is part of it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord | Any) -> bool:
        """Rewrite the record (message and traceback) without the token; never drop it."""
        if not isinstance(record, logging.LogRecord):
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<TELEGRAM_TOKEN>"), None
        if record.exc_info and not record.exc_text:
            # PTB's InvalidToken quotes the token; formatters reuse exc_text once it is set.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<TELEGRAM_TOKEN>")
        return True


def redact_token_in_logs(token: str) -> None:
    """Install the token filter on the loggers that print request URLs and on every root handler."""
    # Logger filters miss records from child loggers; handler filters see everything that is written.
    targets: list[logging.Filterer] = [logging.getLogger(n) for n in ("httpx", "telegram")]
    targets += logging.getLogger().handlers
    for target in targets:
        if not any(isinstance(f, RedactToken) and f.token == token for f in target.filters):
            target.addFilter(RedactToken(token))


def new_bot(settings: TelegramSettings) -> Bot:
    """A PTB Bot talking to the configured Bot API address only."""
    redact_token_in_logs(settings.token)
    request = HTTPXRequest(connection_pool_size=32, pool_timeout=10.0, read_timeout=15.0)
    return Bot(settings.token, base_url=settings.base_url, request=request)


class BotHolder:
    """One initialised Bot per event loop (PTB's HTTP client belongs to the loop it was made in)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock: asyncio.Lock | None = None
        self._bot: Bot | None = None

    def _lock_for(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        with self._guard:
            if self._loop is not loop or self._lock is None:
                # A new loop (tests, a reminder run): the old client cannot be used from here.
                self._loop, self._lock, self._bot = loop, asyncio.Lock(), None
            return self._lock

    async def get(self) -> Bot:
        """The shared Bot, created and initialised on first use."""
        lock = self._lock_for(asyncio.get_running_loop())
        async with lock:
            if self._bot is None:
                bot = new_bot(settings_from_env())
                await bot.initialize()
                self._bot = bot
            return self._bot

    async def close(self) -> None:
        """Shut the Bot's HTTP client down (server stop)."""
        bot, self._bot = self._bot, None
        if bot is not None:
            await bot.shutdown()


def bots() -> BotHolder:
    """This process's Telegram bot client holder."""
    return shared("telegram_bots", BotHolder)


class TelegramOutput(OutputChannel):
    """Sends Rasa's replies to one Telegram chat (a private chat's id is the user's id)."""

    def __init__(
        self, chat_id: int | None = None, holder: BotHolder | None = None, store: Payloads | None = None
    ) -> None:
        self._holder = bots() if holder is None else holder
        self._store = callbacks() if store is None else store
        self.chat_id = chat_id
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        """The channel name actions and trackers see."""
        return "telegram"

    def _chat(self, recipient_id: str) -> int:
        return self.chat_id if self.chat_id is not None else int(recipient_id)

    async def _send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> None:
        bot = await self._holder.get()
        kwargs: dict[str, Any] = {"parse_mode": ParseMode.HTML, "link_preview_options": NO_PREVIEW}
        if markup is not None:
            kwargs["reply_markup"] = markup
        try:
            await bot.send_message(chat_id, text, **kwargs)
        except RetryAfter as wait:
            seconds = wait.retry_after if isinstance(wait.retry_after, (int, float)) else 1.0
            if seconds > MAX_RETRY_WAIT_S:
                raise
            await asyncio.sleep(float(seconds))
            await bot.send_message(chat_id, text, **kwargs)
        self.sent += 1

    async def send_parts(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Send text escaped and split; the keyboard goes with the last part, under the question."""
        parts = message_parts(text)
        if not parts and markup is not None:
            parts = [escape("Please choose:")]
        for index, part in enumerate(parts):
            await self._send(chat_id, part, markup if index == len(parts) - 1 else None)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Send a text, split into parts Telegram accepts."""
        await self.send_parts(self._chat(recipient_id), text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Send a text with its buttons as an inline keyboard."""
        await self.send_parts(self._chat(recipient_id), text, keyboard(buttons, self._store))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Quick replies are buttons on Telegram."""
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Custom messages carrying a text are sent as text (with their buttons); others are skipped."""
        text = json_message.get("text") if isinstance(json_message, dict) else None
        if not isinstance(text, str):
            logger.info("custom message without text not sent to Telegram: %s", json.dumps(json_message)[:200])
            return
        buttons = json_message.get("buttons")
        if isinstance(buttons, list) and buttons:
            await self.send_text_with_buttons(recipient_id, text, buttons)
        else:
            await self.send_text_message(recipient_id, text)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        """An image is sent as its link."""
        await self.send_text_message(recipient_id, f"Image: {image}")

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        """An attachment is sent as its link or text."""
        if isinstance(attachment, dict):
            payload = attachment.get("payload")
            link = attachment.get("url") or (payload.get("src") if isinstance(payload, dict) else None)
            attachment = link if isinstance(link, str) else None
        if isinstance(attachment, str) and attachment.strip():
            await self.send_text_message(recipient_id, f"Attachment: {attachment}")
        else:
            logger.info("attachment without a link not sent to Telegram")


async def push_text(address: dict[str, Any], text: str) -> None:
    """Send text to address["chat_id"] unprompted; TelegramSendError says why it failed."""
    chat_id = address.get("chat_id") if isinstance(address, dict) else None
    if isinstance(chat_id, bool) or not isinstance(chat_id, int):
        raise TelegramSendError(f"not a Telegram address (no integer chat_id): {address!r}")
    try:
        await TelegramOutput(chat_id).send_parts(chat_id, text)
    except TelegramSettingsError:
        raise
    except Exception as exc:  # PTB errors, network errors: the caller logs and retries later
        raise TelegramSendError(f"could not send to Telegram chat {chat_id}: {exc}") from exc
