"""Nothing open by default: a bearer token when one is set, otherwise this machine only."""

from __future__ import annotations

import pytest

from bot.app.build import rasa_command
from bot.app.serve import start_rasa
from bot.channels.rest_access import LOCAL_ONLY, NEEDS_TOKEN, is_loopback, production_problem, refusal
from bot.settings import Settings


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.0.3", "::1", None])
def test_this_machine_may_use_rest_without_a_token(address: str | None) -> None:
    assert is_loopback(address) and refusal(None, address, None) is None


@pytest.mark.parametrize("address", ["10.0.0.5", "192.168.1.20", "2001:db8::1", "not an address"])
def test_anywhere_else_is_refused_without_a_token(address: str) -> None:
    assert refusal(None, address, None) == LOCAL_ONLY


def test_with_a_token_every_caller_must_bring_it() -> None:
    assert refusal("Bearer s3cret", "10.0.0.5", "s3cret") is None
    assert refusal(None, "127.0.0.1", "s3cret") == NEEDS_TOKEN
    assert refusal("Bearer wrong", "127.0.0.1", "s3cret") == NEEDS_TOKEN
    assert refusal("Basic s3cret", "127.0.0.1", "s3cret") == NEEDS_TOKEN


def test_production_refuses_rest_without_a_token() -> None:
    assert production_problem("production", None) is not None
    assert production_problem("production", "s3cret") is None and production_problem("development", None) is None


def test_rasa_binds_to_this_machine_unless_rasa_host_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr("bot.app.serve.subprocess.Popen", lambda cmd, **_: seen.append(cmd))
    start_rasa(Settings(), __import__("pathlib").Path("model.tar.gz"))
    start_rasa(Settings(rasa_host="0.0.0.0"), __import__("pathlib").Path("model.tar.gz"))
    assert seen[0][seen[0].index("--interface") + 1] == "127.0.0.1"
    assert seen[1][seen[1].index("--interface") + 1] == "0.0.0.0"
    assert rasa_command("run")[-1] == "run"
