"""The Telegram channel's pieces: escaping, splitting, button keys, commands, duplicates, settings, push, rate limit."""

from __future__ import annotations

import asyncio
import html
import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.replies import TOO_FAST
from bot.channels.telegram import EXPIRED, MENU, RecentIds, TelegramInput, command, parse_update, push, secret_ok
from bot.channels.telegram_output import (
    MAX_MESSAGE_UNITS,
    BotHolder,
    CallbackStore,
    TelegramOutput,
    TelegramSendError,
    TelegramSettingsError,
    bots,
    escape,
    keyboard,
    message_parts,
    settings_from_env,
    split_escaped,
    utf16_units,
)
from bot.staff.directory import Actor
from bot.staff.gate import Admission
from bot.staff.ratelimit import Limit, MemoryRateLimiter
from tests.fakes.clock import ManualTicks
from tests.fakes.telegram_api import FakeTelegram, callback_update, html_problem, message_update, running_fake

# Text that stresses the splitter: entities to escape, breaks of every kind, characters outside the BMP.
TRICKY = st.text(alphabet=st.sampled_from([*"ab &<>\n\"'", "😀", "é", "\u2028"]), max_size=12_000)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=10_000), TRICKY))
def test_split_parts_fit_and_rejoin(text: str) -> None:
    escaped = escape(text)
    parts = split_escaped(escaped)
    assert "".join(parts) == escaped
    for part in parts:
        assert 0 < utf16_units(part) <= MAX_MESSAGE_UNITS
        assert html_problem(part) is None  # no part ends inside an entity
        assert html.unescape(part) in text


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    paragraph = "word " * 500  # 2,500 characters
    parts = split_escaped(escape(f"{paragraph}\n\n{paragraph}\n\n{paragraph}"))
    assert len(parts) == 3 and parts[0].endswith("\n\n") and parts[1].endswith("\n\n")
    lines = ("a line of text\n" * 400).strip()
    assert all(p.endswith("\n") for p in split_escaped(lines)[:-1])
    words = "x" * 3000 + " " + "y" * 3000
    assert split_escaped(words) == ["x" * 3000 + " ", "y" * 3000]


def test_hard_cut_never_splits_an_entity() -> None:
    escaped = escape("a" * 4094 + "&&&&")
    parts = split_escaped(escaped)
    assert parts[0] == "a" * 4094 and parts[1].startswith("&amp;")


def test_escape_only_what_html_mode_reads() -> None:
    assert escape('<b>Tom & "Jerry"</b>') == '&lt;b&gt;Tom &amp; "Jerry"&lt;/b&gt;'


def test_message_parts_drop_whitespace_only_parts() -> None:
    assert message_parts("   \n\n  ") == []
    assert all(p.strip() for p in message_parts("a" + "\n" * 9000 + "b"))


def test_callback_store_keys_fit_and_expire() -> None:
    store = CallbackStore(capacity=3)
    payload = '/inform{"indicator": "' + "x" * 300 + '"}'
    key = store.put(payload)
    assert len(key.encode()) <= 64 and store.get(key) == payload
    for n in range(3):
        store.put(str(n))
    assert store.get(key) is None and len(store) == 3
    assert store.get("no-such-key") is None


def test_keyboard_keeps_payloads_server_side() -> None:
    store = CallbackStore()
    long = '/inform{"indicator": "' + "é" * 80 + '"}'
    markup = keyboard(
        [
            {"title": "Yes", "payload": "/affirm"},
            {"title": "Long", "payload": long},
            {"title": "Read", "url": "https://example.org/procedure"},
            {"title": "", "payload": ""},
        ],
        store,
    )
    assert markup is not None
    buttons = [row[0] for row in markup.inline_keyboard]
    assert [b.text for b in buttons] == ["Yes", "Long", "Read"]
    assert store.get(str(buttons[1].callback_data)) == long and buttons[2].url == "https://example.org/procedure"
    assert keyboard([], store) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("/start", "/greet"),
        ("/start@practice_test_bot", "/greet"),
        ("/start some-deep-link", "/greet"),
        ("/help", "/help"),
        ("/HELP", "/help"),
        ("/menu", MENU),
        ("/restart", "/restart"),
        ('/inform{"a": 1}', '/inform{"a": 1}'),
        ("I'm worried about a child", "I'm worried about a child"),
    ],
)
def test_commands(typed: str, meant: str) -> None:
    assert command(typed) == meant


def test_recent_ids_forget_the_oldest() -> None:
    recent = RecentIds(capacity=2)
    assert recent.first_time(1) and not recent.first_time(1)
    assert recent.first_time(2) and recent.first_time(3)
    assert recent.first_time(1)  # forgotten once the memory was full


def test_secret_check() -> None:
    assert secret_ok("s3cret", "s3cret")
    assert not secret_ok(None, "s3cret") and not secret_ok("", "s3cret") and not secret_ok("nope", "s3cret")
    assert not secret_ok("s3cr\u00e9t", "s3cret")


@pytest.mark.parametrize(
    "body",
    [
        b"{bad",
        b"\xff",
        b"[]",
        b"{}",
        json.dumps({"update_id": "1"}).encode(),
        json.dumps({"update_id": True}).encode(),
        json.dumps({"update_id": 1, "message": 5}).encode(),
        json.dumps({"update_id": 1, "message": {"text": "hi"}}).encode(),
        json.dumps({"update_id": 1, "callback_query": {"id": "1", "from": {"id": 3}}}).encode(),
    ],
)
def test_bodies_that_are_not_updates(body: bytes) -> None:
    incoming, problem = parse_update(body)
    assert incoming is None and problem


def test_wrongly_typed_fields_are_refused() -> None:
    update = message_update(710000001)
    update["message"]["from"]["id"] = "710000001"
    assert parse_update(json.dumps(update).encode())[0] is None


def test_updates_are_read() -> None:
    incoming, _ = parse_update(json.dumps(message_update(5, "hello")).encode())
    assert incoming is not None and incoming.text == "hello" and incoming.user and incoming.user.id == 5
    incoming, _ = parse_update(json.dumps(callback_update(5, "k", chat_id=7)).encode())
    assert incoming is not None and incoming.query is not None and incoming.chat and incoming.chat.id == 7
    edited = {"update_id": 9, "edited_message": message_update(5)["message"]}
    incoming, _ = parse_update(json.dumps(edited).encode())
    assert incoming is not None and incoming.user is None


def test_settings_name_the_missing_variable() -> None:
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_TOKEN"):
        settings_from_env({})
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        settings_from_env({"TELEGRAM_TOKEN": "1:a"})
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        settings_from_env({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_SECRET_TOKEN": "has spaces"})
    found = settings_from_env({"TELEGRAM_TOKEN": "1:a", "TELEGRAM_SECRET_TOKEN": "ok_-1"})
    assert found.base_url == "https://api.telegram.org/bot" and found.webhook_url is None


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTelegram]:
    with running_fake() as running:
        monkeypatch.setenv("TELEGRAM_TOKEN", running.token)
        monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "unit-secret")
        monkeypatch.setenv("TELEGRAM_BASE_URL", running.base_url)
        yield running


def test_output_splits_escapes_and_attaches_buttons(fake: FakeTelegram) -> None:
    text = ("Tom & Jerry <cats> " * 300 + "\n\n") * 2  # about 11,000 characters before escaping

    async def send() -> None:
        holder = BotHolder()
        output = TelegramOutput(42, holder=holder)
        await output.send_text_with_buttons("42", text, [{"title": "Yes", "payload": "/affirm"}])
        await output.send_custom_json("42", {"text": "custom"})
        await output.send_custom_json("42", {"blocks": []})
        await output.send_image_url("42", "https://example.org/a.png")
        await output.send_attachment("42", {"payload": {"src": "https://example.org/a.pdf"}})
        await holder.close()

    asyncio.run(send())
    sent = fake.sent_to(42)
    parts = [s for s in sent if "Tom" in s.plain]
    assert len(parts) >= 3  # measured escaped, so each part shows fewer than 4,096 characters
    assert "".join(s.plain for s in parts) == text
    assert parts[-1].callbacks and not parts[0].reply_markup
    assert [s.plain for s in sent[len(parts) :]] == [
        "custom",
        "Image: https://example.org/a.png",
        "Attachment: https://example.org/a.pdf",
    ]


def test_push_sends_and_reports_failures(fake: FakeTelegram) -> None:
    asyncio.run(push({"chat_id": 77}, "Reminder: review due <today> & tomorrow"))
    assert fake.wait_for_sent(77, 1, timeout=5)[0].plain == "Reminder: review due <today> & tomorrow"
    fake.blocked_chats.add(78)
    with pytest.raises(TelegramSendError, match="78"):
        asyncio.run(push({"chat_id": 78}, "hello"))
    with pytest.raises(TelegramSendError, match="chat_id"):
        asyncio.run(push({"chat": "x"}, "hello"))


def test_expired_text_points_to_the_menu() -> None:
    assert "/menu" in EXPIRED


def test_token_never_reaches_the_log(fake: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    asyncio.run(push({"chat_id": 79}, "hello"))
    assert "sendMessage" in caplog.text and fake.token not in caplog.text


def test_the_token_never_reaches_a_log_line_or_traceback() -> None:
    import io
    import logging

    from bot.channels.telegram_output import redact_token_in_logs

    token = "987654:SECRET-token-for-the-log-test"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        redact_token_in_logs(token)
        child = logging.getLogger("telegram.ext.somewhere")
        child.warning("GET https://api.telegram.org/bot%s/getMe", token)
        try:
            raise ValueError(f"The token `{token}` was rejected by the server.")
        except ValueError:
            logging.getLogger("bot.channels.elsewhere").exception("could not start")
    finally:
        root.removeHandler(handler)
    written = stream.getvalue()
    assert "getMe" in written and "was rejected" in written
    assert token not in written and "<TELEGRAM_TOKEN>" in written


# --- the rate limit, through the channel's own handling (fake Bot API, stand-in gate and Rasa) ----


class AdmitEveryone:
    """A stand-in staff gate: everyone is registered; records who was looked up."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def admit_async(self, channel: str, external_id: str, address: dict[str, Any] | None = None) -> Admission:
        self.asked.append(external_id)
        return Admission(Actor("demo-worker", "Demo Worker", "practitioner", "t"))


def test_a_user_over_the_limit_is_told_once_a_minute_and_nothing_more_goes_on(
    fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    user, ticks, gate = 710_555_001, ManualTicks(), AdmitEveryone()
    limiter = MemoryRateLimiter(Limit(per_minute=30, burst=3), ticks)
    channel = TelegramInput(settings_from_env(), gate=lambda: gate, limiter=lambda: limiter)  # type: ignore[arg-type, return-value]
    received: list[str] = []
    request = SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace()))  # no action server to ask after
    caplog.set_level(logging.INFO, logger="bot.channels.replies")

    async def rasa(message: Any) -> None:
        received.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, f"echo {message.text}")

    async def send(update: dict[str, Any]) -> None:
        incoming, problem = parse_update(json.dumps(update).encode())
        assert incoming is not None, problem
        await channel.handle(incoming, rasa, request)  # type: ignore[arg-type]

    async def flood() -> None:
        for n in range(6):
            await send(message_update(user, f"m{n}"))
        await send(callback_update(user, "any-button"))  # a click counts too; its spinner still stops
        ticks.now += 60.0  # a minute on: the allowance is back, and one more notice is due
        for n in range(6, 11):
            await send(message_update(user, f"m{n}"))
        await bots().close()

    asyncio.run(flood())
    assert received == ["m0", "m1", "m2", "m6", "m7", "m8"]
    assert [s.plain for s in fake.sent_to(user)] == [
        *("echo m0", "echo m1", "echo m2", TOO_FAST),
        *("echo m6", "echo m7", "echo m8", TOO_FAST),
    ]
    assert gate.asked == [str(user)] * 6  # over the limit, the staff directory is not even asked
    assert len(fake.calls_of("answerCallbackQuery")) == 1
    dropped = [
        r for r in caplog.records if r.getMessage().startswith(f"rate limit: dropped a telegram message from {user}")
    ]
    assert len(dropped) == 6 and [r.levelname for r in dropped].count("WARNING") == 2
