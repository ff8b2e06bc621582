"""Telegram without a public address: long-poll getUpdates and forward each update to the local webhook.

Run `python -m bot.channels.telegram_polling` next to a running Rasa server. Every check (secret,
identity, private chats, duplicates) stays in the webhook, so polling and webhook behave the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

import httpx
from telegram import Bot, Update
from telegram.error import NetworkError, TelegramError
from telegram.request import HTTPXRequest

from bot.channels.telegram import SECRET_HEADER
from bot.channels.telegram_output import (
    TelegramSettings,
    TelegramSettingsError,
    redact_token_in_logs,
    settings_from_env,
)

logger = logging.getLogger(__name__)

POLL_TIMEOUT_S = 25
FORWARD_TIMEOUT_S = 180.0
FORWARD_ATTEMPTS = 5
ALLOWED_UPDATES = ["message", "callback_query"]


def webhook_url(env: dict[str, str] | None = None) -> str:
    """The local Rasa webhook for Telegram updates."""
    env = dict(os.environ) if env is None else env
    port = env.get("RASA_PORT", "").strip() or "5005"
    return f"http://127.0.0.1:{port}/webhooks/telegram/webhook"


async def forward(client: httpx.AsyncClient, url: str, secret: str, update: Update) -> bool:
    """Post one update to the webhook, retrying while Rasa is (re)starting; False if it never took it."""
    body = update.to_json().encode("utf-8")
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    for attempt in range(1, FORWARD_ATTEMPTS + 1):
        try:
            reply = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            logger.warning("Rasa did not take update %s (attempt %d): %s", update.update_id, attempt, exc)
        else:
            if reply.status_code < 500:
                if reply.status_code != 200:
                    logger.warning("Rasa refused update %s: HTTP %s", update.update_id, reply.status_code)
                return reply.status_code == 200
            logger.warning("Rasa answered update %s with HTTP %s", update.update_id, reply.status_code)
        await asyncio.sleep(min(2**attempt, 30))
    logger.error("update %s dropped after %d attempts: is Rasa running at %s?", update.update_id, attempt, url)
    return False


async def poll(settings: TelegramSettings, url: str, stop: asyncio.Event) -> None:
    """Delete any webhook, then fetch updates and forward them until stop is set."""
    redact_token_in_logs(settings.token)
    request = HTTPXRequest(connection_pool_size=4)
    long_poll = HTTPXRequest(connection_pool_size=1, read_timeout=POLL_TIMEOUT_S + 10)
    bot = Bot(settings.token, base_url=settings.base_url, request=request, get_updates_request=long_poll)
    async with bot, httpx.AsyncClient(timeout=FORWARD_TIMEOUT_S) as client:
        # Telegram hands out updates either to a webhook or to getUpdates, never both.
        await bot.delete_webhook()
        me = bot.bot
        logger.info("polling Telegram as @%s, forwarding to %s", me.username, url)
        offset: int | None = None
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                bot.get_updates(offset=offset, timeout=POLL_TIMEOUT_S, allowed_updates=ALLOWED_UPDATES)
            )
            stopped = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if fetch not in done:
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await fetch
                break
            stopped.cancel()
            try:
                updates = fetch.result()
            except NetworkError as exc:  # includes timeouts: Telegram or the connection had a moment
                logger.warning("getUpdates failed, retrying: %s", exc)
                await asyncio.sleep(2)
                continue
            except TelegramError as exc:
                logger.error("getUpdates refused: %s", exc)
                await asyncio.sleep(5)
                continue
            for update in updates:
                offset = update.update_id + 1
                await forward(client, url, settings.secret_token, update)
        if offset is not None:
            # Confirm what was forwarded, so a restart does not fetch it again.
            with contextlib.suppress(TelegramError):
                await bot.get_updates(offset=offset, timeout=0)
    logger.info("polling stopped")


async def run(settings: TelegramSettings, url: str) -> None:
    """Poll until Ctrl-C or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await poll(settings, url, stop)


def main() -> int:
    """Entry point: `python -m bot.channels.telegram_polling`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every getUpdates at INFO: a line every 25 s says nothing useful.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = settings_from_env()
    except TelegramSettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        asyncio.run(run(settings, webhook_url()))
    except KeyboardInterrupt:  # a second Ctrl-C while shutting down
        pass
    except TelegramError as exc:
        print(f"Telegram refused: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
