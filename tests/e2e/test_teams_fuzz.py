"""Whatever arrives at the Teams webhook, never a 5xx; refusals are logged as one-line warnings."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.teams_side import Teams, conversation_id, texts
from tests.fakes.botframework import OTHER_TENANT, FakeBotFramework

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


def fuzz_activity(fake_bot_framework: FakeBotFramework, registered: list[str]) -> st.SearchStrategy[Any]:
    """Activities as Teams might send them, and many it never would."""
    # Registered people weigh most: their activities go deepest (gate, Rasa, actions, replies).
    aad = st.one_of(
        st.sampled_from(registered * 3 + ["99999999-0000-4000-8000-00000000f022"]),
        st.uuids().map(str),
        st.text(max_size=40),
        JUNK,
    )
    tenant = st.one_of(st.just(fake_bot_framework.tenant), st.just(OTHER_TENANT), JUNK)
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
        activity = fake_bot_framework.activity(
            draw(TEXTS),
            aad=who if isinstance(who, str) else None,
            tenant=draw(tenant) if draw(st.booleans()) else fake_bot_framework.tenant,
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


def test_no_activity_makes_the_server_fail(teams: Teams, fake_bot_framework: FakeBotFramework) -> None:
    registered = [teams.new_worker() for _ in range(3)]
    token = f"Bearer {fake_bot_framework.token_for()}"
    statuses: dict[int, int] = {}

    @settings(
        max_examples=2000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=fuzz_activity(fake_bot_framework, registered))
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
