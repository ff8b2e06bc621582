"""Teams' side of the shared e2e stack: post activities to the real webhook, read what came back via the fake."""

from __future__ import annotations

import http.client
import json
import uuid
from typing import Any, Literal

from bot.channels.menu import MENU_TEXT
from bot.council.models import StaffMember
from bot.staff.directory import add
from bot.storage.db import make_engine, unit_of_work
from tests.e2e.conftest import Stack
from tests.fakes.botframework import FakeBotFramework

WEBHOOK = "/webhooks/teams/webhook"


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


def conversation_id() -> str:
    """A new Teams conversation id."""
    return f"a:{uuid.uuid4().hex}"
