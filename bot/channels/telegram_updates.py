"""Reading Telegram updates: the secret check, commands, repeated update ids and well-formed private messages."""

from __future__ import annotations

import hmac
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from telegram import CallbackQuery, Chat, Message, Update, User

# Commands Telegram users know, mapped to what Rasa understands; /menu is answered by the channel.
COMMANDS = {"/start": "/greet", "/help": "/help"}
MENU = "/menu"


class RecentIds:
    """A bounded memory of recent ids: Telegram re-sends an update it thinks was not delivered."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, update_id: int) -> bool:
        """True the first time an id is seen (within the memory's capacity)."""
        with self._lock:
            if update_id in self._seen:
                return False
            self._seen[update_id] = None
            while len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True


def secret_ok(given: str | None, expected: str) -> bool:
    """Constant-time check of the secret Telegram sends with every webhook call."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def command(text: str) -> str:
    """What a typed message means to Rasa: Telegram commands mapped, everything else as typed."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text
    # "/start@PracticeBot deep-link" is still /start.
    head = stripped.split(maxsplit=1)[0].split("@", 1)[0].lower()
    if head == MENU:
        return MENU
    return COMMANDS.get(head, text)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Incoming:
    """The parts of an update this channel acts on."""

    update_id: int
    user: User | None
    chat: Chat | None
    text: str | None = None
    message: Message | None = None
    query: CallbackQuery | None = None


def _well_formed(user: User | None, chat: Chat | None) -> bool:
    return (user is None or _is_int(user.id)) and (chat is None or (_is_int(chat.id) and isinstance(chat.type, str)))


def parse_update(body: bytes) -> tuple[Incoming | None, str | None]:
    """The update, or a one-line reason it is not a Telegram Update."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None, "the body is not JSON"
    if not isinstance(data, dict) or not _is_int(data.get("update_id")):
        return None, "the body is not a Telegram Update (no integer update_id)"
    try:
        update = Update.de_json(data, None)
    except Exception:  # PTB raises whatever the malformed field provokes
        return None, "the body is not a valid Telegram Update"
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        incoming = Incoming(update.update_id, query.from_user, chat, query=query)
        valid = isinstance(query.id, str) and (query.data is None or isinstance(query.data, str))
    elif update.message is not None:
        message = update.message
        incoming = Incoming(update.update_id, message.from_user, message.chat, message.text, message=message)
        valid = message.text is None or isinstance(message.text, str)
    else:
        # Edited messages, channel posts, member changes…: valid, nothing for this channel to do.
        return Incoming(update.update_id, None, None), None
    if not valid or not _well_formed(incoming.user, incoming.chat):
        return None, "the update has fields of the wrong type"
    return incoming, None
