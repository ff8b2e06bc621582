"""Teams conversations through the real Rasa and action servers, with a fake Bot Framework on 127.0.0.1."""

from __future__ import annotations

import asyncio
import http.client
import json
import time
import uuid
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.channels.menu import MENU_TEXT
from bot.channels.teams import push
from bot.council.models import StaffMember
from bot.staff.directory import add
from bot.storage.db import make_engine, unit_of_work
from bot.storage.models import IdentityRow, RefusalCountRow
from tests.e2e.conftest import Stack
from tests.fakes.botframework import APP_ID, OTHER_TENANT, FakeBotFramework, new_key

WEBHOOK = "/webhooks/teams/webhook"
DESCRIPTION = "mum drinks most evenings and the 7 year old is often late and hungry at school"


class Teams:
    """Posts activities to the running Rasa's Teams webhook and reads what came back via the fake."""

    def __init__(self, stack: Stack, fake: FakeBotFramework) -> None:
        self.stack, self.fake = stack, fake
        self.engine = make_engine(stack.env["DATABASE_URL"])
        # Where this file's part of the shared Rasa log starts.
        self.log_start = (stack.log_dir / "rasa.log").stat().st_size
        self._conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.stack.rasa_port, timeout=120)

    def post_raw(self, body: bytes, authorization: str | None) -> tuple[int, bytes]:
        """POST to the webhook on one kept-alive connection (reopened if the server closed it)."""
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        for attempt in (1, 2):
            try:
                self._conn.request("POST", WEBHOOK, body=body, headers=headers)
                reply = self._conn.getresponse()
                return reply.status, reply.read()
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self._conn.close()
                self._conn = self._connect()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post(self, activity: dict[str, Any], token: str | None = None) -> int:
        status, _ = self.post_raw(json.dumps(activity).encode(), f"Bearer {token or self.fake.token_for()}")
        return status

    def say(
        self, aad: str, conversation: str, text: str | None, value: Any = None, **extra: Any
    ) -> list[dict[str, Any]]:
        """Send one activity and return what the assistant posted back to the conversation."""
        before = len(self.fake.posted(conversation))
        activity = self.fake.activity(text, aad=aad, conversation_id=conversation, value=value, **extra)
        assert self.post(activity) == 200
        return self.fake.posted(conversation)[before:]

    def click(
        self, aad: str, conversation: str, replies: list[dict[str, Any]], title_start: str
    ) -> list[dict[str, Any]]:
        """Click a card button the way Teams sends a messageBack from an Adaptive Card."""
        payload = next(p for t, p in buttons(replies) if t.startswith(title_start))
        return self.say(aad, conversation, payload, value={"payload": payload}, replyToId=uuid.uuid4().hex)

    def new_worker(self, role: Literal["practitioner", "nqsw"] = "practitioner") -> str:
        """A freshly registered member of staff's AAD object id (each test its own conversation state)."""
        aad = str(uuid.uuid4())
        member = StaffMember(
            id=f"teams-{aad[:8]}",
            name="Teams Test Worker",
            role=role,
            team="assessment-1",
            supervisor="demo-supervisor",
            identities={"teams": [aad]},
        )
        with unit_of_work(self.engine) as session:
            add(session, member)
        return aad

    def still_serving(self) -> None:
        """A registered worker still gets the menu through the whole authentication path."""
        conversation = f"a:{uuid.uuid4().hex}"
        assert texts(self.say(self.new_worker(), conversation, "menu")) == MENU_TEXT


def texts(replies: list[dict[str, Any]]) -> str:
    """Everything the assistant said (messages and card text), as one string."""
    said = []
    for reply in replies:
        said.append(reply.get("text") or "")
        for attachment in reply.get("attachments") or []:
            said += [block.get("text", "") for block in attachment["content"].get("body", [])]
    return "\n".join(s for s in said if s)


def buttons(replies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(title, payload) of every card button offered."""
    return [
        (action["title"], action["data"]["payload"])
        for reply in replies
        for attachment in reply.get("attachments") or []
        for action in attachment["content"].get("actions") or []
    ]


@pytest.fixture(scope="module")
def fake(fake_bot_framework: FakeBotFramework) -> FakeBotFramework:
    return fake_bot_framework


@pytest.fixture(scope="module")
def teams(stack: Stack, fake: FakeBotFramework) -> Teams:
    """The session's stack seen from Teams' side."""
    return Teams(stack, fake)


def conversation_id() -> str:
    return f"a:{uuid.uuid4().hex}"


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


def test_hi_is_greeted_with_a_card_and_the_address_is_kept(teams: Teams, fake: FakeBotFramework) -> None:
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
        "service_url": fake.service_url,
        "conversation_id": conversation,
        "tenant_id": fake.tenant,
        "bot_id": f"28:{APP_ID}",
    }
    # A reminder sent later reaches the same conversation.
    with pytest.MonkeyPatch.context() as patch:
        for name, value in fake.env().items():
            patch.setenv(name, value)
        asyncio.run(push(address, "Reminder: your decision is waiting for review"))
    assert fake.posted(conversation)[-1]["text"] == "Reminder: your decision is waiting for review"


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


def test_unsigned_token_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(), alg="none"))


def test_shared_secret_token_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(), key="a-shared-secret-of-32-bytes-or-more!", alg="HS256"))


def test_expired_token_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(exp=int(time.time()) - 600)))


def test_token_for_another_bot_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(aud="33333333-0000-4000-8000-000000000000")))


def test_token_from_another_issuer_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(iss="https://sts.windows.net/someone-else/")))


def test_token_signed_by_an_unpublished_key_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    refused(teams, fake.sign(fake.claims(), key=new_key(), kid="not-published"))
    refused(teams, fake.sign(fake.claims(), key=new_key()))  # a published key id, but not its key


def test_tenant_not_allowed_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    other = {"channelData": {"tenant": {"id": OTHER_TENANT}}}
    refused(teams, fake.token_for(), 403, **other, conversation={"id": conversation_id(), "tenantId": OTHER_TENANT})


def test_service_url_other_than_the_signed_one_is_refused(teams: Teams, fake: FakeBotFramework) -> None:
    evil = f"{fake.base}/evil/"
    refused(teams, fake.token_for(), 403, serviceUrl=evil)
    assert fake.requests_under("/evil") == []


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


def test_malformed_json_is_a_400(teams: Teams, fake: FakeBotFramework) -> None:
    status, body = teams.post_raw(b'{"type": "message", ', f"Bearer {fake.token_for()}")
    assert status == 400 and b"JSON" in body
    teams.still_serving()


def test_missing_authorization_is_a_401(teams: Teams, fake: FakeBotFramework) -> None:
    conversation = conversation_id()
    status, _ = teams.post_raw(json.dumps(fake.activity("hi", conversation_id=conversation)).encode(), None)
    assert status == 401 and fake.posted(conversation) == []
    teams.still_serving()


# --- whatever arrives, never a 5xx --------------------------------------------------------------

JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
TEXTS = st.one_of(
    st.none(),
    st.text(max_size=80),
    st.sampled_from(["hi", "menu", "/menu", "<at>Bot</at> hi", "/affirm", "/restart", "help", "/greet", "  "]),
    st.sampled_from(["x" * 13_000, "the family were seen today. " * 200, "<at>" * 500]),
    JUNK,
)


def fuzz_activity(fake: FakeBotFramework, registered: list[str]) -> st.SearchStrategy[Any]:
    """Activities as Teams might send them, and many it never would."""
    # Registered people weigh most: their activities go deepest (gate, Rasa, actions, replies).
    aad = st.one_of(
        st.sampled_from(registered * 3 + ["99999999-0000-4000-8000-00000000f022"]),
        st.uuids().map(str),
        st.text(max_size=40),
        JUNK,
    )
    tenant = st.one_of(st.just(fake.tenant), st.just(OTHER_TENANT), JUNK)
    kind = st.one_of(
        st.sampled_from(
            ["message"] * 6 + ["conversationUpdate"] * 2 + ["typing", "messageReaction", "invoke", "installationUpdate"]
        ),
        st.text(max_size=20),
        JUNK,
    )
    value = st.one_of(st.none(), JUNK, st.fixed_dictionaries({"payload": st.one_of(st.text(max_size=40), JUNK)}))
    members = st.lists(
        st.one_of(st.fixed_dictionaries({"id": st.text(max_size=10), "aadObjectId": aad}), JUNK), max_size=3
    )

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        shape = draw(st.sampled_from(["activity"] * 12 + ["junk", "bytes"]))
        if shape == "junk":
            return json.dumps(draw(JUNK)).encode()
        if shape == "bytes":
            return draw(st.binary(max_size=200))
        who = draw(aad)
        activity = fake.activity(
            draw(TEXTS),
            aad=who if isinstance(who, str) else None,
            tenant=draw(tenant) if draw(st.booleans()) else fake.tenant,
            value=draw(value),
            kind=draw(kind),
            conversation_id=f"a:fuzz-{draw(st.integers(0, 20))}",
        )
        if not isinstance(who, str):
            activity["from"]["aadObjectId"] = who
        if draw(st.booleans()):
            activity["membersAdded"] = draw(members)
        for key in draw(st.lists(st.sampled_from(sorted(activity)), max_size=2, unique=True)):
            if draw(st.booleans()):
                del activity[key]
            else:
                activity[key] = draw(JUNK)
        return json.dumps(activity).encode()

    return build()


def test_no_activity_makes_the_server_fail(teams: Teams, fake: FakeBotFramework) -> None:
    registered = [teams.new_worker() for _ in range(3)]
    token = f"Bearer {fake.token_for()}"
    statuses: dict[int, int] = {}

    @settings(
        max_examples=2000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=fuzz_activity(fake, registered))
    def post(body: bytes) -> None:
        status, reply = teams.post_raw(body, token)
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500, reply
        assert status in {200, 400, 401, 403}, (status, reply)

    post()
    assert sum(statuses.values()) >= 2000, statuses
    assert statuses.get(200, 0) > 100 and statuses.get(400, 0) > 100, statuses
    assert teams.stack.processes["rasa"].poll() is None
    teams.still_serving()
    assert "Practice Companion" in texts(teams.say(teams.new_worker(), conversation_id(), "hi"))


def test_log_has_no_tracebacks_for_refusals(teams: Teams) -> None:
    """Refusals are one-line warnings; a traceback in the log would mean something was not handled."""
    with (teams.stack.log_dir / "rasa.log").open("rb") as whole:
        whole.seek(teams.log_start)
        log = whole.read().decode(errors="replace")
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 : log.index("Traceback") + 3000]
