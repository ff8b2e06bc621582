"""The Telegram channel: a checked webhook, registered staff only, private chats only."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import CallbackQuery, Chat, User
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.app.bootstrap import rasa_root
from bot.channels.menu import MENU_TEXT, menu_buttons
from bot.channels.replies import MAX_MESSAGE_CHARS, action_server_up, apology, health_url, over_limit, too_long
from bot.channels.shared_state import seen_ids
from bot.channels.telegram_output import (
    TelegramOutput,
    TelegramSettings,
    bots,
    callbacks,
    keyboard,
    push_text,
    settings_from_env,
)
from bot.channels.telegram_updates import COMMANDS, MENU, Incoming, RecentIds, command, parse_update, secret_ok  # noqa: F401
from bot.staff.gate import Admission, Gate
from bot.staff.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHANNEL = "telegram"
EXPIRED = "That button has expired; please type your answer or use /menu."
TEXT_ONLY = "I can only read text messages. Please type what you need, or use /menu."
PRIVATE_ONLY = "I only work in private chats."


async def push(address: dict[str, Any], text: str) -> None:
    """Send a reminder to address["chat_id"]; raises TelegramSendError when it cannot be delivered."""
    await push_text(address, text)


class TelegramInput(InputChannel):
    """POST Telegram updates to /webhooks/telegram/webhook (set with setWebhook and the secret)."""

    def __init__(
        self,
        settings: TelegramSettings,
        gate: Callable[[], Gate] | None = None,
        limiter: Callable[[], RateLimiter] | None = None,
    ) -> None:
        self.settings = settings
        # Shared by every replica through Redis when REDIS_URL is set: Telegram may re-send to another one.
        self.recent = seen_ids("update", RecentIds())
        self._told_groups = seen_ids("group", RecentIds(capacity=1_000), 7 * 24 * 3600)
        # The Rasa process's own, built on first use; tests bring stand-ins.
        self._gate = gate or (lambda: rasa_root().gate)
        self._limiter = limiter or (lambda: rasa_root().limiter)

    @classmethod
    def name(cls) -> str:
        """Rasa mounts the webhook under /webhooks/telegram/."""
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Everything comes from the environment (secrets never in files); a missing one stops Rasa."""
        return cls(settings_from_env())

    def get_output_channel(self) -> TelegramOutput:
        """Unprompted messages (e.g. trigger_intent) go to the sender's private chat."""
        return TelegramOutput()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health and webhook routes, and setWebhook on start when TELEGRAM_WEBHOOK_URL is set."""
        hook = Blueprint("practice_telegram_webhook", __name__)

        @hook.listener("after_server_start")
        async def register_webhook(*_: Any) -> None:
            """Point Telegram at this server, with the secret, when an address is configured."""
            if self.settings.webhook_url:
                try:
                    bot = await bots().get()
                    await bot.set_webhook(
                        self.settings.webhook_url,
                        secret_token=self.settings.secret_token,
                        allowed_updates=["message", "callback_query"],
                    )
                    logger.info("Telegram webhook set to %s", self.settings.webhook_url)
                except Exception:  # the server still serves; the log says what to fix
                    logger.exception("could not set the Telegram webhook to %s", self.settings.webhook_url)

        @hook.listener("before_server_stop")
        async def close_bot(*_: Any) -> None:
            """Close the Bot API connection pool."""
            await bots().close()

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            """Liveness check."""
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            """Check the secret and the update, then handle it; Telegram never sees a 5xx."""
            try:
                if not secret_ok(request.headers.get(SECRET_HEADER), self.settings.secret_token):
                    logger.warning("Telegram webhook call without the right secret from %s", request.ip)
                    return response.json({"error": "forbidden"}, status=403)
                incoming, problem = parse_update(request.body)
                if incoming is None:
                    return response.json({"error": problem}, status=400)
            except Exception:
                logger.exception("Telegram webhook request could not be read")
                return response.json({"error": "bad request"}, status=400)
            try:
                if self.recent.first_time(incoming.update_id):
                    await self.handle(incoming, on_new_message, request)
            except Exception:
                logger.exception("Telegram update %s could not be handled", incoming.update_id)
            return response.json({"ok": True})

        return hook

    async def _admitted(self, user: User, chat: Chat, output: TelegramOutput) -> bool:
        """True for registered staff; others get the (rate-limited) refusal, and a fault an apology."""
        try:
            admission = await self._gate().admit_async(CHANNEL, str(user.id), {"chat_id": chat.id})
        except Exception:  # e.g. council data unreadable: say so with 999, never silence
            logger.exception("staff gate failed for telegram:%s", user.id)
            admission = Admission(None, unavailable=True)
        if admission.unavailable:
            await output.send_text_message(str(user.id), apology())
        elif admission.actor is None and admission.tell_refusal:
            await output.send_text_message(str(user.id), self._gate().refusal(CHANNEL, str(user.id)))
        return admission.actor is not None

    async def handle(
        self, incoming: Incoming, on_new_message: Callable[[UserMessage], Awaitable[Any]], request: Request
    ) -> None:
        """Private chats with registered staff only; then a button, a command or a message."""
        user, chat, query = incoming.user, incoming.chat, incoming.query
        if query is not None:
            await self._answer(query.id)
        if user is None or chat is None or user.is_bot:
            return
        if chat.type != ChatType.PRIVATE:
            await self._tell_group(chat.id)
            return
        output = TelegramOutput(chat.id)
        if await over_limit(self._limiter(), CHANNEL, str(user.id), output):
            return  # logged; told to wait at most once a minute
        if not await self._admitted(user, chat, output):
            return
        if query is not None:
            payload = callbacks().get(query.data or "")
            if payload is None:
                await output.send_text_message(str(user.id), EXPIRED)
                return
            await self._remove_keyboard(query)
            text = payload
        elif incoming.text is None:
            await output.send_text_message(str(user.id), TEXT_ONLY)
            return
        elif len(incoming.text) > MAX_MESSAGE_CHARS:
            await output.send_text_message(str(user.id), too_long(len(incoming.text)))
            return
        else:
            text = command(incoming.text)
            if text == MENU:
                await output.send_text_with_buttons(str(user.id), MENU_TEXT, menu_buttons())
                return
        message = UserMessage(text, output, str(user.id), input_channel=CHANNEL, metadata={"telegram_chat_id": chat.id})
        await self._converse(message, output, on_new_message, request)

    async def _converse(
        self,
        message: UserMessage,
        output: TelegramOutput,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        request: Request,
    ) -> None:
        """Pass the message to Rasa; if nothing came back or something failed, apologise instead."""
        failed = False
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("Telegram message from %s could not be handled", message.sender_id)
            failed = True
        if failed or output.sent == 0 or not await action_server_up(health_url(request)):
            # Never silence, never a stack trace: the same apology as the REST channel.
            await output.send_text_message(message.sender_id, apology())

    async def _answer(self, query_id: str) -> None:
        """Stop the button's spinner; a stale query id is not worth more than a log line."""
        try:
            bot = await bots().get()
            await bot.answer_callback_query(query_id)
        except Exception as exc:  # an unanswered spinner must not stop the answer itself
            logger.info("callback query %s not answered: %s", query_id, exc)

    async def _remove_keyboard(self, query: CallbackQuery) -> None:
        """Take the buttons off the message that was answered, so an old question is not answered twice."""
        message = query.message
        if message is None:
            return
        try:
            bot = await bots().get()
            await bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id)
        except Exception as exc:  # optional tidying: never worth failing the click for
            logger.info("keyboard not removed from message %s: %s", message.message_id, exc)

    async def _tell_group(self, chat_id: int) -> None:
        """Groups get one short note (not one per message), and nothing reaches the conversation."""
        if not self._told_groups.first_time(chat_id):
            return
        try:
            await TelegramOutput(chat_id).send_text_message(str(chat_id), PRIVATE_ONLY)
        except TelegramError as exc:
            logger.info("group %s not told: %s", chat_id, exc)


__all__ = ["TelegramInput", "TelegramOutput", "keyboard", "parse_update", "push"]
