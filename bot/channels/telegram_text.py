"""Telegram text: HTML escaping, splitting long answers under 4,096 units, and buttons kept server-side."""

from __future__ import annotations

import html
import secrets
import threading
from collections import OrderedDict
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app.bootstrap import shared
from bot.channels.shared_state import Payloads, RedisPayloads, redis_client

# Telegram's limit is 4,096 characters after entity parsing; measuring the escaped text in UTF-16
# units (Telegram's own unit) can only over-count, so a part under the limit here is always accepted.
MAX_MESSAGE_UNITS = 4096
# More buttons than this are refused by Telegram (and unusable on a phone anyway).
MAX_BUTTONS = 100


def escape(text: str) -> str:
    """Text made safe for parse mode HTML: only &, < and > have meaning there."""
    return html.escape(text, quote=False)


def utf16_units(text: str) -> int:
    """Length as Telegram counts it (characters outside the BMP count twice)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _prefix_within(text: str, limit: int) -> int:
    """The longest prefix of text (in code points) whose UTF-16 length is at most limit."""
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def _cut(window: str) -> int:
    """Where to end a part: after a paragraph, line or word break if one is near the end, never mid-entity."""
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at >= len(window) // 2:
            return at + len(separator)
    for separator in ("\n", " "):
        at = window.rfind(separator)
        if at > 0:
            return at + len(separator)
    # No break at all: cut hard, but back off to before an entity the cut would split.
    amp = window.rfind("&")
    if amp > 0 and ";" not in window[amp:]:
        return amp
    return len(window)


def split_escaped(escaped: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Parts of already-escaped text, each within limit, that concatenate back to the whole."""
    parts: list[str] = []
    rest = escaped
    while utf16_units(rest) > limit:
        window = rest[: _prefix_within(rest, limit)]
        cut = max(1, _cut(window))
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


def message_parts(text: str) -> list[str]:
    """What to send for a text: escaped, split, and without parts Telegram would call empty."""
    return [part for part in split_escaped(escape(text)) if part.strip()]


class CallbackStore:
    """Button payloads kept here under short keys: Telegram's callback_data holds only 64 bytes."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, payload: str) -> str:
        """A new short key for payload; the oldest keys are forgotten beyond capacity."""
        key = secrets.token_urlsafe(9)  # 12 characters, well inside 64 bytes
        with self._lock:
            self._payloads[key] = payload
            while len(self._payloads) > self._capacity:
                self._payloads.popitem(last=False)
        return key

    def get(self, key: str) -> str | None:
        """The payload behind a key, or None when unknown or expired."""
        with self._lock:
            return self._payloads.get(key)

    def __len__(self) -> int:
        return len(self._payloads)


def callbacks() -> Payloads:
    """The store of button payloads behind callback keys: Redis with several replicas, else this process."""
    client = redis_client()
    return shared("telegram_callbacks", lambda: RedisPayloads(client) if client is not None else CallbackStore())


def keyboard(buttons: list[dict[str, Any]], store: Payloads | None = None) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard, one per row; payloads stay server-side."""
    store = callbacks() if store is None else store
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons[:MAX_BUTTONS]:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or button.get("payload") or button.get("url") or "").strip()
        url, payload = button.get("url"), button.get("payload")
        if not title:
            continue
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            rows.append([InlineKeyboardButton(title, url=url)])
        elif isinstance(payload, str) and payload:
            rows.append([InlineKeyboardButton(title, callback_data=store.put(payload))])
        else:
            # A button without a payload sends its title, as a typed answer would.
            rows.append([InlineKeyboardButton(title, callback_data=store.put(title))])
    return InlineKeyboardMarkup(rows) if rows else None
