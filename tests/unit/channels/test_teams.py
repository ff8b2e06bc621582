"""The Teams channel: mentions, cards, card clicks, activities, the webhook with stand-ins, the rate limit, sending."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot.channels.menu import MENU_TEXT
from bot.channels.replies import TOO_FAST
from bot.channels.teams import ActivityError, TeamsInput, parse_activity, push, strip_mentions, user_text
from bot.channels.teams_auth import AuthError, settings_from_env
from bot.channels.teams_output import (
    CARD_TYPE,
    TeamsOutput,
    TeamsSendError,
    TokenSource,
    adaptive_card,
    escape_markdown,
)
from bot.staff.directory import Actor
from bot.staff.gate import Admission
from bot.staff.ratelimit import Limit, MemoryRateLimiter
from tests.fakes.botframework import APP_ID, OTHER_TENANT, WORKER_AAD, FakeBotFramework
from tests.fakes.clock import ManualTicks

# --- text in, text out ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<at>Practice Companion</at> hi", "hi"),
        ("hi <at>Practice Companion</at>", "hi"),
        ("hi  <at id='0'>Bot</at>  there", "hi there"),
        ("<AT>Bot</AT>\n menu", "menu"),
        ("<at>A</at><at>B</at>", ""),
        ("no mention", "no mention"),
        ("a < b and <atom> stays", "a < b and <atom> stays"),
    ],
)
def test_mentions_are_stripped(text: str, expected: str) -> None:
    assert strip_mentions(text) == expected


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        ({"text": "/affirm", "value": {"payload": "/affirm"}}, "/affirm"),  # messageBack from our card
        ({"value": {"payload": " /deny "}}, "/deny"),  # Action.Submit without text
        ({"text": "<at>Bot</at> Level 2"}, "Level 2"),
        ({"text": "typed", "value": {"other": 1}}, "typed"),
        ({"text": "typed", "value": "odd"}, "typed"),
        ({"text": "typed", "value": {"payload": 5}}, "typed"),
        ({"text": 7}, ""),
        ({}, ""),
    ],
)
def test_user_text_prefers_a_clicked_payload(activity: dict[str, Any], expected: str) -> None:
    assert user_text(activity) == expected


def test_adaptive_card_carries_payloads_as_message_back() -> None:
    card = adaptive_card("Is the child *safe*?", [{"title": "Yes", "payload": "/affirm"}, {"title": "No"}, "junk"])
    assert card["contentType"] == CARD_TYPE == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert content["type"] == "AdaptiveCard" and float(content["version"]) <= 1.4
    assert content["body"] == [{"type": "TextBlock", "text": r"Is the child \*safe\*?", "wrap": True}]
    first, second = content["actions"]
    assert first == {
        "type": "Action.Submit",
        "title": "Yes",
        "data": {"payload": "/affirm", "msteams": {"type": "messageBack", "displayText": "Yes", "text": "/affirm"}},
    }
    assert second["data"]["payload"] == "No"


def test_markdown_is_escaped_in_cards() -> None:
    assert escape_markdown("[click](http://x) _a_ **b** `c`") == r"\[click\](http://x) \_a\_ \*\*b\*\* \`c\`"
    # Lines stay lines (TextBlock joins single breaks); the assistant's own bullets stay bullets.
    assert escape_markdown("Found:\n- one\r\n- two\n\nEnd.") == "Found:\n\n- one\n\n- two\n\nEnd."


# --- activities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{bad", "JSON activity"),
        (b"", "JSON activity"),
        (b"\xff", "JSON activity"),
        (b"[1]", "JSON object"),
        (b'{"serviceUrl": "https://x/"}', "'type'"),
        (b'{"type": "message"}', "'serviceUrl'"),
        (b'{"type": "message", "serviceUrl": "ftp://x"}', "'serviceUrl'"),
        (b'{"type": "message", "serviceUrl": "https://x/", "conversation": "c"}', "'conversation.id'"),
        (b'{"type": "message", "serviceUrl": "https://x/", "conversation": {"id": "c"}}', "'recipient.id'"),
    ],
)
def test_unreadable_activities_are_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ActivityError, match=reason):
        parse_activity(body)


def test_envelope_and_address(fake: FakeBotFramework) -> None:
    activity = fake.activity("hi", conversation_id="a:1")
    envelope = parse_activity(json.dumps(activity).encode())
    assert envelope.address() == {
        "service_url": fake.service_url,
        "conversation_id": "a:1",
        "tenant_id": fake.tenant,
        "bot_id": f"28:{APP_ID}",
    }
    del activity["channelData"]
    assert parse_activity(json.dumps(activity).encode()).tenant_id == fake.tenant  # conversation.tenantId


# --- the channel with a stand-in gate ---------------------------------------------------------


class StubGate:
    """Registered: the demo worker only; records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any] | None]] = []
        self.told: set[str] = set()

    async def admit_async(self, channel: str, external_id: str, address: dict[str, Any] | None = None) -> Admission:
        self.calls.append((channel, external_id, address))
        if external_id == WORKER_AAD:
            return Admission(Actor("demo-worker", "Demo", "practitioner", "t"))
        first = external_id not in self.told
        self.told.add(external_id)
        return Admission(None, tell_refusal=first)

    def refusal(self, channel: str, external_id: str | None = None) -> str:
        return f"Sorry, {channel} refusal. Call 999."


class Harness:
    """A TeamsInput over the fake, with a stub gate, a rate limit of its own and a stub Rasa that echoes."""

    def __init__(self, fake: FakeBotFramework, limiter: MemoryRateLimiter | None = None) -> None:
        self.fake, self.gate = fake, StubGate()
        self.limiter = limiter or MemoryRateLimiter(Limit(per_minute=30, burst=10))
        self.channel = TeamsInput(
            settings_from_env(fake.env()),
            gate=lambda: self.gate,  # type: ignore[arg-type, return-value]
            limiter=lambda: self.limiter,
        )
        self.received: list[Any] = []

    async def _rasa(self, message: Any) -> None:
        self.received.append(message)
        await message.output_channel.send_text_message(message.sender_id, f"echo {message.text}")

    def post(self, activity: dict[str, Any], token: str | None = None) -> list[dict[str, Any]]:
        async def go() -> None:
            envelope = await self.channel.authorise(
                f"Bearer {token or self.fake.token_for()}", json.dumps(activity).encode()
            )
            if envelope.type == "message":
                await self.channel.on_message(envelope, self._rasa)
            elif envelope.type == "conversationUpdate":
                await self.channel.on_members_added(envelope, self._rasa)

        asyncio.run(go())
        return self.fake.posted(activity["conversation"]["id"])


@pytest.fixture()
def harness(fake: FakeBotFramework) -> Harness:
    return Harness(fake)


def test_message_reaches_rasa_with_identity_and_mention_stripped(harness: Harness) -> None:
    posted = harness.post(harness.fake.activity("<at>Practice Companion</at> hi there"))
    (message,) = harness.received
    assert (message.text, message.sender_id, message.input_channel) == ("hi there", WORKER_AAD, "teams")
    assert message.metadata == {"aad_object_id": WORKER_AAD, "tenant_id": harness.fake.tenant}
    (reply,) = posted
    assert reply["text"] == "echo hi there" and reply["textFormat"] == "plain"
    assert reply["recipient"] == {"id": f"29:{WORKER_AAD}"} and reply["from"]["id"] == f"28:{APP_ID}"
    channel, aad, address = harness.gate.calls[0]
    assert (channel, aad) == ("teams", WORKER_AAD) and address and address["bot_id"] == f"28:{APP_ID}"


def test_card_click_sends_the_payload(harness: Harness) -> None:
    harness.post(harness.fake.activity("/affirm", value={"payload": "/affirm"}))
    harness.post(harness.fake.activity(None, value={"payload": "/deny"}))
    assert [m.text for m in harness.received] == ["/affirm", "/deny"]


def test_menu_comes_from_the_channel(harness: Harness) -> None:
    (card,) = harness.post(harness.fake.activity("<at>Bot</at> Menu"))
    assert not harness.received
    content = card["attachments"][0]["content"]
    assert content["body"][0]["text"] == escape_markdown(MENU_TEXT)
    assert any(a["data"]["payload"] == "/worried_about_child" for a in content["actions"])


def test_unregistered_person_is_told_once_and_never_reaches_rasa(harness: Harness) -> None:
    stranger = "99999999-0000-4000-8000-000000000000"
    conversation = "a:stranger"
    for _ in range(3):
        posted = harness.post(harness.fake.activity("hi", aad=stranger, conversation_id=conversation))
    assert not harness.received
    assert [p["text"] for p in posted] == ["Sorry, teams refusal. Call 999."]


def test_repeated_activity_is_handled_once(harness: Harness) -> None:
    activity = harness.fake.activity("hello")
    harness.post(activity)
    harness.post(activity)
    assert len(harness.received) == 1


def test_empty_and_huge_messages_get_an_answer_not_rasa(harness: Harness) -> None:
    empty = harness.post(harness.fake.activity("<at>Bot</at>"))
    huge = harness.post(harness.fake.activity("x" * 20_000))
    assert "didn't receive any words" in empty[0]["text"] and "20,000 characters" in huge[0]["text"]
    assert not harness.received


def test_missing_aad_object_id_is_a_bad_activity(harness: Harness) -> None:
    with pytest.raises(ActivityError, match="aadObjectId"):
        harness.post(harness.fake.activity("hi", aad=None))


def test_install_greets_the_installer_and_added_members(harness: Harness) -> None:
    bot = {"id": f"28:{APP_ID}"}
    harness.post(harness.fake.activity(kind="conversationUpdate", membersAdded=[bot]))
    other = "99999999-0000-4000-8000-000000000001"
    posted = harness.post(
        harness.fake.activity(
            kind="conversationUpdate",
            conversation_id="a:group",
            membersAdded=[{"id": "29:x", "aadObjectId": other}, {"id": "29:w", "aadObjectId": WORKER_AAD}, "junk"],
        )
    )
    assert [(m.text, m.sender_id) for m in harness.received] == [("/greet", WORKER_AAD), ("/greet", WORKER_AAD)]
    assert {p["text"] for p in posted} == {"Sorry, teams refusal. Call 999.", "echo /greet"}


def test_someone_over_the_limit_is_told_once_a_minute_and_not_passed_on(
    fake: FakeBotFramework, caplog: pytest.LogCaptureFixture
) -> None:
    ticks = ManualTicks()
    harness = Harness(fake, MemoryRateLimiter(Limit(per_minute=30, burst=3), ticks))
    caplog.set_level(logging.INFO, logger="bot.channels.replies")
    conversation = "a:rate-limited"
    for n in range(6):
        posted = harness.post(harness.fake.activity(f"m{n}", conversation_id=conversation))
    ticks.now += 60.0
    for n in range(6, 10):
        posted = harness.post(harness.fake.activity(f"m{n}", conversation_id=conversation))
    assert [m.text for m in harness.received] == ["m0", "m1", "m2", "m6", "m7", "m8"]
    assert [p["text"] for p in posted] == [
        *("echo m0", "echo m1", "echo m2", TOO_FAST),
        *("echo m6", "echo m7", "echo m8", TOO_FAST),
    ]
    assert len(harness.gate.calls) == 6  # over the limit, the staff directory is not even asked
    dropped = [
        r for r in caplog.records if r.getMessage().startswith(f"rate limit: dropped a teams message from {WORKER_AAD}")
    ]
    assert len(dropped) == 4 and [r.levelname for r in dropped] == ["WARNING", "INFO", "INFO", "WARNING"]


@pytest.mark.parametrize(
    ("change", "status", "reason"),
    [
        ({"channelData": {}, "conversation": {"id": "a:x"}}, 403, "no tenant"),
        ({"channelData": {"tenant": {"id": OTHER_TENANT}}}, 403, "not served"),
        ({"serviceUrl": "https://evil.example/"}, 403, "serviceUrl"),
        ({"channelId": "slack"}, 403, "endorsed"),
        ({"channelId": "webchat"}, 403, "only Microsoft Teams"),
        ({"conversation": {"id": "19:x", "conversationType": "groupChat", "tenantId": "t"}}, 403, "personal chats"),
        ({"conversation": {"id": "19:x", "conversationType": "channel", "tenantId": "t"}}, 403, "personal chats"),
    ],
)
def test_channel_refusals(harness: Harness, change: dict[str, Any], status: int, reason: str) -> None:
    activity = {**harness.fake.activity("hi"), **change}
    with pytest.raises(AuthError) as refused:
        asyncio.run(harness.channel.authorise(f"Bearer {harness.fake.token_for()}", json.dumps(activity).encode()))
    assert refused.value.status == status and reason in refused.value.reason


# --- sending --------------------------------------------------------------------------------


def test_token_is_cached_until_near_expiry(fake: FakeBotFramework) -> None:
    import aiohttp

    now = [0.0]
    source = TokenSource(settings_from_env(fake.env()), clock=lambda: now[0])

    async def twice() -> tuple[str, str]:
        async with aiohttp.ClientSession() as session:
            return await source.token(session), await source.token(session)

    first, second = asyncio.run(twice())
    assert first == second and source.fetches == 1
    now[0] = 3600 - 299  # inside the five-minute margin
    asyncio.run(twice())
    assert source.fetches == 2


def test_wrong_secret_is_a_clear_error(fake: FakeBotFramework) -> None:
    settings = settings_from_env({**fake.env(), "TEAMS_APP_PASSWORD": "wrong"})
    out = TeamsOutput(settings, {"id": "a:wrong"}, {"id": "28:bot"}, fake.service_url)
    asyncio.run(out.send_text_message("x", "hello"))  # logged, not raised: the turn carries on
    assert out.sent == 0 and not fake.posted("a:wrong")


def test_buttons_go_out_as_an_adaptive_card(fake: FakeBotFramework, env: dict[str, str]) -> None:
    out = TeamsOutput(settings_from_env(), {"id": "a:card"}, {"id": "28:bot"}, fake.service_url)
    asyncio.run(out.send_response("u", {"text": "Pick", "buttons": [{"title": "Yes", "payload": "/affirm"}]}))
    (activity,) = fake.wait_for_activities("a:card", 1, 5)
    (card,) = activity["attachments"]
    assert card["contentType"] == CARD_TYPE and card["content"]["body"][0]["text"] == "Pick"
    assert "text" not in activity  # Teams would show it above the card a second time


def test_push_posts_to_the_stored_conversation(fake: FakeBotFramework, env: dict[str, str]) -> None:
    address = {"service_url": fake.service_url, "conversation_id": "a:push", "tenant_id": fake.tenant, "bot_id": "28:b"}
    asyncio.run(push(address, "Reminder: supervision at 2pm"))
    (activity,) = fake.wait_for_activities("a:push", 1, 5)
    assert activity["text"] == "Reminder: supervision at 2pm" and activity["from"] == {"id": "28:b"}


@pytest.mark.parametrize(
    "address",
    [{}, {"service_url": "http://127.0.0.1:9/", "conversation_id": "a:nowhere"}, {"service_url": 5}],
)
def test_push_failures_raise(address: dict[str, Any], env: dict[str, str]) -> None:
    with pytest.raises(TeamsSendError):
        asyncio.run(push(address, "hello"))


def test_push_without_settings_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    with pytest.raises(TeamsSendError, match="TEAMS_APP_ID"):
        asyncio.run(push({"service_url": "https://x/", "conversation_id": "c"}, "hi"))
