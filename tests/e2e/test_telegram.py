"""Whole Telegram conversations: fake Bot API, real Rasa server and action server, the real webhook."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.menu import MENU_TEXT
from bot.channels.telegram import EXPIRED, PRIVATE_ONLY, SECRET_HEADER, TEXT_ONLY
from bot.council.models import StaffMember
from bot.settings import ROOT
from bot.staff.directory import add
from bot.staff.refusals import OVERFLOW
from bot.storage.db import make_engine, unit_of_work
from tests.e2e.conftest import TELEGRAM_SECRET as SECRET
from tests.e2e.conftest import Stack
from tests.fakes.telegram_api import FakeTelegram, Sent, callback_update, message_update, next_update_id

REGISTERED = (710000001, 710000002, 710000003)
_fresh_ids = itertools.count(720_000_001)
DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"


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


@pytest.fixture(scope="module")
def fake(fake_telegram: FakeTelegram) -> FakeTelegram:
    return fake_telegram


@pytest.fixture(scope="module")
def tg(stack: Stack, fake: FakeTelegram) -> Iterator[Telegram]:
    """The session's stack seen from Telegram's side."""
    telegram = Telegram(stack, fake)
    yield telegram
    if telegram.conn is not None:
        telegram.conn.close()


def test_webhook_is_registered_with_the_secret(tg: Telegram) -> None:
    deadline = time.monotonic() + 30  # set by a listener just after the server starts answering
    while not tg.fake.calls_of("setWebhook") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tg.fake.calls_of("setWebhook"), "setWebhook not called on start"
    hook = tg.fake.calls_of("setWebhook")[-1].params
    assert hook["url"].endswith("/webhooks/telegram/webhook") and hook["secret_token"] == SECRET


def test_start_greets_with_buttons(tg: Telegram) -> None:
    user = tg.new_staff()
    replies = tg.say(user, "/start")
    assert "Practice Companion" in texts(replies)
    assert "I'm worried about a child" in titles(replies)
    assert all(s.parse_mode == "HTML" for s in replies)
    assert tg.tracker_events(str(user)) > 0


def _to_the_level_question(tg: Telegram, user: int, replies: list[Sent]) -> list[Sent]:
    while "What happens next?" in titles(replies):
        replies = tg.click(user, replies, "What happens next?")
    return replies


def test_a_newly_qualified_worker_practises_with_buttons(tg: Telegram) -> None:
    user = tg.new_staff(role="nqsw")
    listed = tg.click(user, tg.say(user, "/start"), "Practise a decision")
    assert "Pick a scenario" in texts(listed)
    first = next(t for t in titles(listed) if "(" in t)  # a scenario: "Title (theme)"
    asked = _to_the_level_question(tg, user, tg.click(user, listed, first))
    assert "Which level would you choose" in texts(asked)
    assert {"Level 1", "Level 4", "A hint", "Skip this scenario"} <= set(titles(asked))
    assert "Hint 1 of" in texts(tg.click(user, asked, "A hint"))
    assert "Level 2: what in the case leads you there?" in texts(tg.click(user, asked, "Level 2"))
    assert "what would you do next" in texts(tg.say(user, "the parents are struggling and need more support"))
    marked = tg.say(user, "an early help assessment with the family's agreement")
    assert "How an experienced practitioner might reason it" in texts(marked)
    others = tg.click(user, marked, "Another scenario")
    again = _to_the_level_question(tg, user, tg.click(user, others, next(t for t in titles(others) if "(" in t)))
    assert "Skipped: nothing from that scenario was kept." in texts(tg.click(user, again, "Skip this scenario"))


def test_threshold_flow_through_buttons(tg: Telegram) -> None:
    user = tg.new_staff()
    review = tg.say(user, DESCRIPTION)
    assert "Here is what I found" in texts(review)
    # Add an indicator through three levels of buttons: the payloads are long Rasa intents with entities.
    areas = tg.click(user, review, "Add one")
    themes = tg.click(user, areas, "Family and environmental")
    items = tg.click(user, themes, "Housing")
    review = tg.click(user, items, "L2: Overcrowded")
    assert "Overcrowded, damp" in texts(review) and "you added this" in texts(review)
    assert tg.fake.calls_of("answerCallbackQuery") and tg.fake.calls_of("editMessageReplyMarkup")
    asked = tg.click(user, review, "Looks right")
    for _ in range(3):  # the age may or may not have been read from the description
        if "immediate danger" in texts(asked):
            break
        asked = tg.say(user, "7")
    assert "immediate danger right now" in texts(asked)
    assert "What does the child say" in texts(tg.click(user, asked, "No"))
    consent = tg.say(user, "she said she is hungry and mum sleeps a lot")
    assert "parents or carers know" in texts(consent)
    in_place = tg.click(user, consent, "Not asked yet")
    assert "already in place" in texts(in_place)
    answer = tg.click(user, in_place, "Nothing yet")
    assert "Recommended level" in texts(answer) and "This is a recommendation, not a decision" in texts(answer)
    assert "Noted: you agree" in texts(tg.click(user, answer, "Yes, I agree"))


def test_immediate_danger_mid_conversation(tg: Telegram) -> None:
    user = tg.new_staff()
    tg.say(user, DESCRIPTION)
    said = texts(tg.say(user, "he has a knife and says he will kill the baby now"))
    assert "999" in said


def test_menu_is_answered_by_the_channel(tg: Telegram) -> None:
    user = tg.new_staff()
    menu = tg.say(user, "/menu")
    assert menu[0].plain == MENU_TEXT and len(menu[0].callbacks) == 6
    assert tg.tracker_events(str(user)) == 0  # the menu itself is not a conversation turn
    contacts = tg.click(user, menu, "Who do I contact?")
    assert "020" in texts(contacts)


def test_help_command(tg: Telegram) -> None:
    user = tg.new_staff()
    assert "Here is what I can do" in texts(tg.say(user, "/help"))


def test_long_answer_is_split(tg: Telegram) -> None:
    user = tg.new_staff()
    review = tg.say(user, DESCRIPTION)
    asked = tg.click(user, tg.click(user, review, "Looks right"), "No")
    assert "What does the child say" in texts(asked)
    # The answer quotes the child's words: 3,900 characters of them make it longer than one message.
    voice = ("She said she is hungry & tired <most days> and mum sleeps a lot.\n" * 70)[:3900].strip()
    consent = tg.say(user, voice)
    answer = tg.click(user, tg.click(user, consent, "Not asked yet"), "Nothing yet")
    assert len(answer) >= 2, [len(s.text) for s in answer]
    assert all(len(s.plain) <= 4096 and s.parse_mode == "HTML" for s in answer)  # and the fake accepted each
    assert "Recommended level" in texts(answer) and voice[:200] in texts(answer)
    assert answer[-1].callbacks and not any(s.callbacks for s in answer[:-1])  # buttons under the last part


def test_expired_button_and_duplicate_update(tg: Telegram) -> None:
    user = tg.new_staff()
    replies = tg.send(callback_update(user, "no-such-key"), user)
    assert texts(replies) == EXPIRED
    update = message_update(user, "/help")
    first = tg.send(update, user)
    assert first and tg.send(update, user) == []  # Telegram re-sent it: answered once


def test_non_text_message_asks_for_text(tg: Telegram) -> None:
    user = tg.new_staff()
    photo = message_update(
        user, None, extra={"photo": [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]}
    )
    assert texts(tg.send(photo, user)) == TEXT_ONLY


def _still_serving(tg: Telegram) -> None:
    user = tg.new_staff()
    assert "Practice Companion" in texts(tg.say(user, "/start"))


def test_wrong_secret_is_refused(tg: Telegram) -> None:
    user = tg.new_staff()
    status, _ = tg.post(message_update(user, "/start"), secret="wrong-secret")
    assert status == 403 and tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    _still_serving(tg)


def test_missing_secret_is_refused(tg: Telegram) -> None:
    user = tg.new_staff()
    status, _ = tg.post(message_update(user, "/start"), secret=None)
    assert status == 403 and tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    _still_serving(tg)


def test_malformed_json_is_a_bad_request(tg: Telegram) -> None:
    assert tg.post(b'{"update_id": 1, "message": ')[0] == 400
    assert tg.post(b'{"message": {}}')[0] == 400
    _still_serving(tg)


def test_group_chat_is_not_served(tg: Telegram) -> None:
    user, group = tg.new_staff(), -100_123_456
    for _ in range(2):
        status, _ = tg.post(message_update(user, "/start", chat_id=group, chat_type="supergroup"))
        assert status == 200
    assert [s.plain for s in tg.fake.sent_to(group)] == [PRIVATE_ONLY]  # told once, not per message
    assert tg.fake.sent_to(user) == [] and tg.tracker_events(str(user)) == 0
    _still_serving(tg)


def test_unregistered_user_is_refused_once(tg: Telegram) -> None:
    stranger = 999_000_111
    # The stack is shared, and the Teams flood may already have used the day's rows for single identities:
    # then this stranger's refusals are counted in the overflow row (bot/staff/refusals.py).
    overflow = tg.refused(OVERFLOW)
    first = tg.say(stranger, "I'm worried about a child")
    assert len(first) == 1 and "only for" in first[0].plain and "999" in first[0].plain
    assert tg.say(stranger, "hello?") == []
    assert tg.send(callback_update(stranger, "anything"), stranger) == []
    assert tg.tracker_events(str(stranger)) == 0
    assert tg.refused(f"telegram:{stranger}") + tg.refused(OVERFLOW) - overflow == 3
    _still_serving(tg)


# ---- anything Telegram (or anyone) might post: never a 5xx --------------------------------------
USER_IDS = st.one_of(st.sampled_from(REGISTERED), st.integers(-(2**40), 2**40), st.integers(1, 50))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
TEXTS = st.one_of(
    st.sampled_from(["/start", "/help", "/menu", "hi", "/restart", "cancel", '/inform{"x": [}']),
    st.text(max_size=200),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(1000, 5000)),
)


FLOOD: Counter[int] = Counter()


@st.composite
def updates(draw: st.DrawFn) -> bytes:
    """Valid-looking updates, near misses and junk, as the bytes of a request body."""
    kind = draw(st.integers(0, 9))
    user_id = draw(USER_IDS)
    chat_type = draw(st.sampled_from(["private", "private", "private", "group", "supergroup", "channel"]))
    chat_id = user_id if chat_type == "private" else draw(st.integers(-(2**40), -1))
    update_id = draw(st.integers(0, 2**31))
    if kind <= 2:  # a message; registered users' private messages reach Rasa, so keep those fewer
        if user_id in REGISTERED and chat_type == "private" and draw(st.integers(0, 3)):
            user_id = chat_id = draw(st.integers(800_000_000, 900_000_000))
        found: Any = message_update(
            user_id, draw(st.none() | TEXTS), chat_id=chat_id, chat_type=chat_type, update_id=update_id
        )
    elif kind <= 4:
        data = draw(st.text(max_size=80))
        found = callback_update(user_id, data, chat_id=chat_id, chat_type=chat_type, update_id=update_id)
    elif kind == 5:  # a valid update with one field replaced by anything
        found = message_update(user_id, "hi", update_id=update_id)
        path = draw(st.sampled_from(["message", "from", "chat", "text", "date", "update_id", "id"]))
        target = found if path in {"message", "update_id"} else found["message"]
        if path == "id":
            target = found["message"]["from"]
        target[path] = draw(JSON)
    elif kind == 6:
        found = {
            "update_id": update_id,
            **draw(
                st.dictionaries(
                    st.sampled_from(
                        ["message", "callback_query", "edited_message", "channel_post", "my_chat_member", "poll"]
                    ),
                    JSON,
                    max_size=2,
                )
            ),
        }
    elif kind == 7:
        found = draw(JSON)
    elif kind == 8:
        return draw(st.binary(max_size=300))
    else:
        return json.dumps(draw(JSON)).encode()[: draw(st.integers(0, 200))]
    return json.dumps(found).encode()


@settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(body=updates())
def test_any_update_gets_a_4xx_or_200_never_a_5xx(tg: Telegram, body: bytes) -> None:
    status, answer = tg.post(body)
    FLOOD[status] += 1
    assert status in {200, 400}, (status, answer[:300])


def test_still_serving_after_the_flood(tg: Telegram) -> None:
    # The generated mix really exercised both answers (and the processing behind a 200).
    assert sum(FLOOD.values()) >= 2000 and FLOOD[200] >= 500 and FLOOD[400] >= 300, FLOOD
    _still_serving(tg)


# ---- polling mode -----------------------------------------------------------------------------
def test_polling_forwards_updates_and_stops_on_ctrl_c(tg: Telegram, tmp_path: Path) -> None:
    user = tg.new_staff()
    env = {**tg.stack.env, "RASA_PORT": str(tg.stack.rasa_port)}
    log = (tmp_path / "polling.log").open("wb")
    cmd = [sys.executable, "-m", "bot.channels.telegram_polling"]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        tg.fake.queue_update(message_update(user, "/start", update_id=next_update_id()))
        replies = tg.fake.wait_for_sent(user, 1, timeout=90)
        assert "Practice Companion" in texts(replies)
        assert tg.fake.calls_of("deleteWebhook") and tg.fake.calls_of("getUpdates")
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "polling.log").read_text()
    # The forwarded update was confirmed on the way out: nothing is left to fetch again.
    assert tg.fake.updates == []


def test_polling_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot.channels.telegram_polling"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2 and "TELEGRAM_TOKEN" in result.stderr
