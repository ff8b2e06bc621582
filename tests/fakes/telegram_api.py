"""A small fake of the Telegram Bot API on 127.0.0.1, strict where Telegram is strict, recording every call."""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-fake-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Practice Companion", "username": "practice_test_bot"}
# Fields Telegram reads as JSON inside form-encoded requests; everything else stays a string.
JSON_FIELDS = {
    "chat_id",
    "message_id",
    "reply_markup",
    "offset",
    "limit",
    "timeout",
    "allowed_updates",
    "link_preview_options",
    "show_alert",
    "drop_pending_updates",
    "max_connections",
    "entities",
}
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
MAX_TEXT = 4096
MAX_LONG_POLL_S = 2.0


@dataclass
class Call:
    """One Bot API call: the method and its parameters."""

    method: str
    params: dict[str, Any]


@dataclass
class Sent:
    """A message the bot sent, with its text as the user sees it."""

    chat_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    message_id: int

    @property
    def plain(self) -> str:
        """The text as displayed (entities decoded when HTML was used)."""
        return html.unescape(self.text) if self.parse_mode == "HTML" else self.text

    @property
    def callbacks(self) -> list[tuple[str, str]]:
        """(title, callback_data) of every inline button."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [(b["text"], b["callback_data"]) for row in rows for b in row if "callback_data" in b]


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this HTML text; the channel never sends tags, so any < or > is an error."""
    if "<" in text or ">" in text:
        return "Bad Request: can't parse entities: unsupported start tag"
    for match in re.finditer("&", text):
        if not ENTITY.match(text, match.start()):
            return f"Bad Request: can't parse entities: unescaped & at byte offset {match.start()}"
    return None


@dataclass
class FakeTelegram:
    """State of the fake: calls, sent messages, pending updates for getUpdates, chats that refuse."""

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    blocked_chats: set[int] = field(default_factory=set)
    webhook: dict[str, Any] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._message_ids = itertools.count(1000)

    @property
    def base_url(self) -> str:
        """TELEGRAM_BASE_URL for the code under test."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- what tests use -------------------------------------------------------------------
    def calls_of(self, method: str) -> list[Call]:
        """Every call of one method so far."""
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def sent_to(self, chat_id: int) -> list[Sent]:
        """Every message sent to one chat so far."""
        with self._cond:
            return [s for s in self.sent if s.chat_id == chat_id]

    def wait_for_sent(self, chat_id: int, count: int, timeout: float = 30.0) -> list[Sent]:
        """The messages sent to chat_id once there are at least count of them (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [s for s in self.sent if s.chat_id == chat_id]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"chat {chat_id}: {len(found)} messages sent, expected {count}: {found}")
                self._cond.wait(left)

    def queue_update(self, update: dict[str, Any]) -> None:
        """Make an update available to getUpdates."""
        with self._cond:
            self.updates.append(update)
            self._cond.notify_all()

    # ---- the API ----------------------------------------------------------------------------
    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one API call as Telegram would."""
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._cond:
            self.calls.append(Call(method, params))
            self._cond.notify_all()
        answer = getattr(self, f"api_{method}", None)
        if answer is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            return answer(params)
        except (KeyError, TypeError, ValueError) as exc:
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}

    @staticmethod
    def _bad(description: str) -> tuple[int, dict[str, Any]]:
        return 400, {"ok": False, "error_code": 400, "description": description}

    @staticmethod
    def _ok(result: Any) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True, "result": result}

    def api_getMe(self, _: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok({**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False})

    def api_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, text = params["chat_id"], params.get("text", "")
        if not isinstance(chat_id, int):
            return self._bad("Bad Request: chat not found")
        if chat_id in self.blocked_chats:
            return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        parse_mode = params.get("parse_mode")
        if parse_mode == "HTML" and (problem := html_problem(text)):
            return self._bad(problem)
        shown = html.unescape(text) if parse_mode == "HTML" else text
        if not shown.strip():
            return self._bad("Bad Request: message text is empty")
        if _utf16(shown) > MAX_TEXT:
            return self._bad("Bad Request: message is too long")
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    return self._bad("Bad Request: BUTTON_DATA_INVALID")
        message_id = next(self._message_ids)
        with self._cond:
            self.sent.append(Sent(chat_id, text, parse_mode, markup, message_id))
            self._cond.notify_all()
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": BOT_USER,
            "text": shown,
        }
        if markup:
            message["reply_markup"] = markup
        return self._ok(message)

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not params.get("callback_query_id"):
            return self._bad("Bad Request: query is too old and response timeout expired or query ID is invalid")
        return self._ok(True)

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, message_id = params["chat_id"], params["message_id"]
        return self._ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                "from": BOT_USER,
                "text": "edited",
            }
        )

    def api_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook = dict(params)
        return self._ok(True)

    def api_deleteWebhook(self, _: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook = {}
        return self._ok(True)

    def api_getWebhookInfo(self, _: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._ok(
            {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
        )

    def api_getUpdates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.webhook.get("url"):
            return 409, {"ok": False, "error_code": 409, "description": "Conflict: can't use getUpdates while webhook"}
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), MAX_LONG_POLL_S)
        with self._cond:
            if isinstance(offset, int):
                # Telegram forgets updates once a later offset confirms them.
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            return self._ok(list(self.updates[:limit]))


def _params(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    kind = handler.headers.get("Content-Type", "")
    query = urllib.parse.urlsplit(handler.path).query
    raw: dict[str, Any] = dict(urllib.parse.parse_qsl(query))
    if body and kind.startswith("application/json"):
        raw.update(json.loads(body))
        return raw
    if body:
        raw.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {k: json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v for k, v in raw.items()}


def _handler(fake: FakeTelegram) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx client expects

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            match = re.fullmatch(r"/bot([^/]+)/(\w+)", urllib.parse.urlsplit(self.path).path)
            if match is None:
                status, answer = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            else:
                try:
                    params = _params(self, body)
                except ValueError as exc:
                    status, answer = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
                else:
                    status, answer = fake.handle(match.group(1), match.group(2), params)
            data = json.dumps(answer).encode()
            self.send_response(HTTPStatus(status))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the tests read the recorded calls instead

    return Handler


@contextmanager
def running_fake(token: str = TOKEN) -> Iterator[FakeTelegram]:
    """The fake API on a free port, in a background thread, stopped afterwards."""
    fake = FakeTelegram(token=token)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="fake-telegram", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---- building updates -----------------------------------------------------------------------
_update_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)


def next_update_id() -> int:
    """A fresh update id."""
    return next(_update_ids)


def user(user_id: int, first_name: str = "Sam") -> dict[str, Any]:
    """A Telegram User object."""
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}


def chat(chat_id: int, kind: str = "private") -> dict[str, Any]:
    """A Telegram Chat object."""
    found: dict[str, Any] = {"id": chat_id, "type": kind}
    if kind == "private":
        found["first_name"] = "Sam"
    else:
        found["title"] = "Team chat"
    return found


def message_update(
    user_id: int,
    text: str | None = "hi",
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An update carrying a message from a user (in their private chat unless told otherwise)."""
    message: dict[str, Any] = {
        "message_id": next_update_id() % 1_000_000,
        "date": int(time.time()),
        "chat": chat(user_id if chat_id is None else chat_id, chat_type),
        "from": user(user_id),
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    message.update(extra or {})
    return {"update_id": next_update_id() if update_id is None else update_id, "message": message}


def callback_update(
    user_id: int,
    data: str,
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_id: int = 1,
    update_id: int | None = None,
) -> dict[str, Any]:
    """An update for a click on an inline button of one of the bot's messages."""
    return {
        "update_id": next_update_id() if update_id is None else update_id,
        "callback_query": {
            "id": str(next_update_id()),
            "from": user(user_id),
            "chat_instance": "-1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat(user_id if chat_id is None else chat_id, chat_type),
                "from": BOT_USER,
                "text": "question",
            },
        },
    }
