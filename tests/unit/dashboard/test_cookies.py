"""The session cookie: what it says is what the server signed; any change, any other key, fails."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dashboard.cookies import SessionCookie, csrf_ok, csrf_token, new_session, seal, unseal

KEY = b"k" * 40


def test_a_sealed_session_opens_to_the_same_session() -> None:
    session = new_session("demo-supervisor", 1_800_000_000)
    assert unseal(seal(session, KEY), KEY) == session
    assert session.touched(1_800_000_100) == SessionCookie(session.sid, "demo-supervisor", 1_800_000_000, 1_800_000_100)
    assert new_session("a", 1).sid != new_session("a", 1).sid


@given(position=st.integers(min_value=0, max_value=200), replacement=st.sampled_from("AbZ09-_."))
def test_changing_any_character_breaks_the_seal(position: int, replacement: str) -> None:
    value = seal(SessionCookie("sid-123", "demo-worker", 1_800_000_000, 1_800_000_000), KEY)
    index = position % len(value)
    if value[index] == replacement:
        return
    changed = value[:index] + replacement + value[index + 1 :]
    assert unseal(changed, KEY) is None


@pytest.mark.parametrize("value", ["", "v1", "v1.a.b", "v2." + "a" * 20 + ".b", "x" * 2_000, "v1..", "...."])
def test_malformed_cookies_open_to_nothing(value: str) -> None:
    assert unseal(value, KEY) is None


def test_another_key_or_another_sessions_csrf_token_does_not_fit() -> None:
    session = new_session("demo-worker", 1)
    assert unseal(seal(session, b"other" * 8), KEY) is None
    token = csrf_token(session, KEY)
    assert csrf_ok(session, KEY, token)
    assert not csrf_ok(new_session("demo-worker", 1), KEY, token)  # bound to its session
    assert not csrf_ok(session, KEY, "") and not csrf_ok(session, b"other" * 8, token)
