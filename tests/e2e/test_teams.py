"""Teams conversations and refusals through the real Rasa and action servers, with a fake Bot Framework on
127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from bot.channels.menu import MENU_TEXT
from bot.channels.teams import push
from bot.storage.db import unit_of_work
from bot.storage.models import IdentityRow, RefusalCountRow
from tests.e2e.teams_side import Teams, buttons, conversation_id, texts
from tests.fakes.botframework import APP_ID, OTHER_TENANT, FakeBotFramework, new_key

DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"


# --- conversations ----------------------------------------------------------------------------
def test_installing_the_app_greets_the_worker(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    bot = {"id": f"28:{APP_ID}", "name": "Practice Companion"}
    replies = teams.say(aad, conversation, None, kind="conversationUpdate", membersAdded=[bot])
    assert "Practice Companion" in texts(replies) and buttons(replies)


def test_a_member_added_is_greeted(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    member = {"id": f"29:{aad}", "aadObjectId": aad}
    assert "Practice Companion" in texts(
        teams.say(aad, conversation, None, kind="conversationUpdate", membersAdded=[member])
    )


def test_hi_is_greeted_with_a_card_and_the_address_is_kept(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    replies = teams.say(aad, conversation, "hi")
    assert "Practice Companion" in texts(replies)
    card = next(r for r in replies if r.get("attachments"))["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert all(
        a["type"] == "Action.Submit" and a["data"]["msteams"]["type"] == "messageBack"
        for a in card["content"]["actions"]
    )
    with unit_of_work(teams.engine, read_only=True) as session:
        stored = session.execute(select(IdentityRow.address).where(IdentityRow.external_id == aad)).scalar_one()
    address = json.loads(stored)
    assert address == {
        "service_url": fake_bot_framework.service_url,
        "conversation_id": conversation,
        "tenant_id": fake_bot_framework.tenant,
        "bot_id": f"28:{APP_ID}",
    }
    # A reminder sent later reaches the same conversation.
    with pytest.MonkeyPatch.context() as patch:
        for name, value in fake_bot_framework.env().items():
            patch.setenv(name, value)
        asyncio.run(push(address, "Reminder: your decision is waiting for review"))
    assert fake_bot_framework.posted(conversation)[-1]["text"] == "Reminder: your decision is waiting for review"


def test_a_mention_is_stripped(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    assert "Practice Companion" in texts(teams.say(aad, conversation, "<at>Practice Companion</at> hi"))


def test_menu_comes_as_a_card(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    replies = teams.say(aad, conversation, "/menu")
    assert texts(replies) == MENU_TEXT
    assert ("I'm worried about a child", "/worried_about_child") in buttons(replies)


def test_threshold_flow_with_card_buttons(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    assert "Tell me about the worry" in texts(teams.say(aad, conversation, "I'm worried about a child"))
    review = teams.say(aad, conversation, DESCRIPTION)
    assert "Here is what I found" in texts(review) and 'you wrote "drinks"' in texts(review)
    choices = teams.click(aad, conversation, review, "Remove one")  # a payload with JSON entities
    review = teams.click(aad, conversation, choices, "Remove: Attendance")
    assert "Attendance is dropping" not in texts(review)
    danger = teams.click(aad, conversation, review, "Looks right")
    assert "immediate danger right now" in texts(danger)
    assert "What does the child say" in texts(teams.click(aad, conversation, danger, "No"))
    carers = teams.say(aad, conversation, "she said she is hungry and mum sleeps a lot")
    support = teams.click(aad, conversation, carers, "Not asked yet")
    assert "already in place" in texts(support)
    answer = teams.click(aad, conversation, support, "Nothing yet")
    assert "Recommended level" in texts(answer) and "This is a recommendation, not a decision" in texts(answer)
    assert "Noted: you agree" in texts(teams.click(aad, conversation, answer, "Yes, I agree"))


def test_a_newly_qualified_worker_practises_with_card_buttons(teams: Teams) -> None:
    aad, conversation = teams.new_worker(role="nqsw"), f"a:{uuid.uuid4().hex}"
    listed = teams.click(aad, conversation, teams.say(aad, conversation, "hi"), "Practise a decision")
    assert "Pick a scenario" in texts(listed)
    replies = teams.click(aad, conversation, listed, next(t for t, _ in buttons(listed) if "(" in t))
    while any(t == "What happens next?" for t, _ in buttons(replies)):
        replies = teams.click(aad, conversation, replies, "What happens next?")
    offered = {t for t, _ in buttons(replies)}
    assert {"Level 1", "Level 3", "A hint", "Show me the answer", "Skip this scenario"} <= offered
    asked = teams.click(aad, conversation, replies, "Level 3")
    assert "Level 3: what in the case leads you there?" in texts(asked)
    assert "what would you do next" in texts(teams.say(aad, conversation, "the family need a child in need plan"))
    assert "How an experienced practitioner might reason it" in texts(
        teams.say(aad, conversation, "refer to the MASH for an assessment")
    )


def test_immediate_danger_gives_999(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    said = texts(teams.say(aad, conversation, "he has a knife and says he will kill the baby now"))
    assert "999" in said and said.index("999") < said.index("020 8489 4533")


def test_typing_and_reactions_are_ignored(teams: Teams) -> None:
    aad, conversation = teams.new_worker(), conversation_id()
    assert teams.say(aad, conversation, None, kind="typing") == []
    assert teams.say(aad, conversation, None, kind="messageReaction", reactionsAdded=[{"type": "like"}]) == []


# --- refusals ---------------------------------------------------------------------------------


def refused(teams: Teams, token: str, expected: int = 401, **change: Any) -> None:
    """The request is refused with this status, nothing reaches the conversation, the server serves on."""
    conversation = conversation_id()
    activity = {**teams.fake.activity("hi", aad=teams.new_worker(), conversation_id=conversation), **change}
    assert teams.post(activity, token) == expected
    time.sleep(0.2)
    assert teams.fake.posted(conversation) == []
    teams.still_serving()


def test_unsigned_token_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(teams, fake_bot_framework.sign(fake_bot_framework.claims(), alg="none"))


def test_shared_secret_token_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(
        teams,
        fake_bot_framework.sign(fake_bot_framework.claims(), key="a-shared-secret-of-32-bytes-or-more!", alg="HS256"),
    )


def test_expired_token_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(teams, fake_bot_framework.sign(fake_bot_framework.claims(exp=int(time.time()) - 600)))


def test_token_for_another_bot_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(teams, fake_bot_framework.sign(fake_bot_framework.claims(aud="33333333-0000-4000-8000-000000000000")))


def test_token_from_another_issuer_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(teams, fake_bot_framework.sign(fake_bot_framework.claims(iss="https://sts.windows.net/someone-else/")))


def test_token_signed_by_an_unpublished_key_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    refused(teams, fake_bot_framework.sign(fake_bot_framework.claims(), key=new_key(), kid="not-published"))
    refused(
        teams, fake_bot_framework.sign(fake_bot_framework.claims(), key=new_key())
    )  # a published key id, but not its key


def test_tenant_not_allowed_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    other = {"channelData": {"tenant": {"id": OTHER_TENANT}}}
    refused(
        teams,
        fake_bot_framework.token_for(),
        403,
        **other,
        conversation={"id": conversation_id(), "tenantId": OTHER_TENANT},
    )


def test_service_url_other_than_the_signed_one_is_refused(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    evil = f"{fake_bot_framework.base}/evil/"
    refused(teams, fake_bot_framework.token_for(), 403, serviceUrl=evil)
    assert fake_bot_framework.requests_under("/evil") == []


def test_unregistered_person_gets_one_polite_refusal(teams: Teams) -> None:
    stranger, conversation = str(uuid.uuid4()), conversation_id()
    first = teams.say(stranger, conversation, "hi")
    assert len(first) == 1 and "only for" in texts(first) and "999" in texts(first)
    assert teams.say(stranger, conversation, "I'm worried about a child") == []  # told once, not per message
    assert teams.say(stranger, conversation, "menu") == []
    with unit_of_work(teams.engine, read_only=True) as session:
        counts = session.execute(
            select(RefusalCountRow.count).where(RefusalCountRow.identity == f"teams:{stranger}")
        ).scalars()
        assert sum(counts) == 3  # every refused message counted, in one row a day
    teams.still_serving()


def test_malformed_json_is_a_400(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    status, body = teams.post_raw(b'{"type": "message", ', f"Bearer {fake_bot_framework.token_for()}")
    assert status == 400 and b"JSON" in body
    teams.still_serving()


def test_missing_authorization_is_a_401(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    conversation = conversation_id()
    status, _ = teams.post_raw(
        json.dumps(fake_bot_framework.activity("hi", conversation_id=conversation)).encode(), None
    )
    assert status == 401 and fake_bot_framework.posted(conversation) == []
    teams.still_serving()
