"""Telegram's side of the shared e2e stack: post updates to the real webhook, read what the bot sent the fake API."""

from __future__ import annotations

import http.client
import itertools
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from bot.channels.telegram import SECRET_HEADER
from bot.council.models import StaffMember
from bot.staff.directory import add
from bot.storage.db import make_engine, unit_of_work
from tests.e2e.conftest import TELEGRAM_SECRET as SECRET
from tests.e2e.conftest import Stack
from tests.fakes.telegram_api import FakeTelegram, Sent, callback_update, message_update

_fresh_ids = itertools.count(720_000_001)


@dataclass
class Telegram:
    """The running stack seen from Telegram's side: post updates, read what the bot sent."""

    stack: Stack
    fake: FakeTelegram
    conn: http.client.HTTPConnection | None = None

    def post(self, body: bytes | dict[str, Any], secret: str | None = SECRET) -> tuple[int, bytes]:
        """POST to the webhook on a kept-alive connection (reopened if the server closed it)."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.stack.rasa_port, timeout=180)
            try:
                self.conn.request("POST", "/webhooks/telegram/webhook", body=data, headers=headers)
                reply = self.conn.getresponse()
                return reply.status, reply.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def send(self, update: dict[str, Any], chat_id: int) -> list[Sent]:
        """Post an update and return what the bot sent to chat_id because of it (the webhook answers last)."""
        before = len(self.fake.sent_to(chat_id))
        status, body = self.post(update)
        assert status == 200, body
        return self.fake.sent_to(chat_id)[before:]

    def say(self, user_id: int, text: str) -> list[Sent]:
        """A user types text in their private chat."""
        return self.send(message_update(user_id, text), user_id)

    def click(self, user_id: int, replies: list[Sent], title_start: str) -> list[Sent]:
        """A user clicks the button whose title starts with title_start."""
        for sent in reversed(replies):
            for title, data in sent.callbacks:
                if title.startswith(title_start):
                    return self.send(callback_update(user_id, data, message_id=sent.message_id), user_id)
        raise AssertionError(f"no button {title_start!r} in {[s.callbacks for s in replies]}")

    def new_staff(self, role: Literal["practitioner", "nqsw"] = "practitioner") -> int:
        """A newly registered member of staff (a fresh conversation) with their Telegram user id."""
        user_id = next(_fresh_ids)
        member = StaffMember(
            id=f"tg-{user_id}",
            name="Telegram Tester",
            role=role,
            team="assessment-1",
            supervisor="demo-supervisor",
            identities={"telegram": [str(user_id)]},
        )
        engine = make_engine(self.stack.env["DATABASE_URL"])
        with unit_of_work(engine) as session:
            add(session, member)
        engine.dispose()
        return user_id

    def tracker_events(self, sender_id: str) -> int:
        """How many events Rasa keeps for a conversation."""
        with sqlite3.connect(self.stack.env["TRACKER_DB"]) as db:
            return int(db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0])

    def refused(self, identity: str) -> int:
        """How many messages were refused from an identity such as telegram:123 (counted per day)."""
        engine = make_engine(self.stack.env["DATABASE_URL"])
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT COALESCE(SUM(count), 0) FROM refusal_counts WHERE identity = ?", (identity,)
            ).scalar_one()
        engine.dispose()
        return int(found)


def texts(replies: list[Sent]) -> str:
    """Everything sent, as the user reads it."""
    return "\n".join(s.plain for s in replies)


def titles(replies: list[Sent]) -> list[str]:
    """Titles of every button offered."""
    return [title for s in replies for title, _ in s.callbacks]


def still_serving(tg: Telegram) -> None:
    """A newly registered member of staff is still greeted."""
    user = tg.new_staff()
    assert "Practice Companion" in texts(tg.say(user, "/start"))
