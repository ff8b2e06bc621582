"""Settings: the checkpoint key refused in production when missing or weak, its file, and the rate limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import DEV_CHAIN_KEY, Settings

REAL_KEY = "a-real-chain-key-of-more-than-32-characters"


@pytest.fixture(autouse=True)
def _unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHAIN_KEY", "CHAIN_CHECKPOINTS", "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)


def test_development_signs_with_the_development_key_and_says_so() -> None:
    assert Settings().chain_signing_key == (DEV_CHAIN_KEY.encode(), True)
    assert Settings(chain_key=REAL_KEY).chain_signing_key == (REAL_KEY.encode(), False)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "CHAIN_KEY must be set in production"),
        (DEV_CHAIN_KEY, "CHAIN_KEY must be set in production"),
        ("short", "CHAIN_KEY must be at least 32 characters"),
    ],
)
def test_production_refuses_a_missing_development_or_short_chain_key(key: str | None, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(environment="production", action_server_secret="a-real-secret", chain_key=key)


def test_production_starts_with_real_secrets_and_hides_the_key() -> None:
    settings = Settings(environment="production", action_server_secret="a-real-secret", chain_key=REAL_KEY)
    assert settings.chain_signing_key == (REAL_KEY.encode(), False)
    assert REAL_KEY not in repr(settings) and REAL_KEY not in str(settings)


def test_every_production_problem_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(environment="production")
    assert "ACTION_SERVER_SECRET" in str(caught.value) and "CHAIN_KEY" in str(caught.value)


def test_the_checkpoint_file_lives_under_var_unless_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(var_dir=tmp_path).checkpoints_path == tmp_path / "chain-checkpoints.jsonl"
    monkeypatch.setenv("CHAIN_CHECKPOINTS", str(tmp_path / "elsewhere.jsonl"))
    monkeypatch.setenv("CHAIN_KEY", REAL_KEY)
    from_env = Settings(var_dir=tmp_path)
    assert from_env.checkpoints_path == tmp_path / "elsewhere.jsonl" and not from_env.chain_signing_key[1]


def test_rate_limits_are_humane_by_default_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert (settings.rate_limit_per_minute, settings.rate_limit_burst) == (30, 10)
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "0")  # off, e.g. for a load bench
    assert Settings().rate_limit_per_minute == 0
    with pytest.raises(ValidationError, match="rate_limit_per_minute"):
        Settings(rate_limit_per_minute=-1)
    with pytest.raises(ValidationError, match="rate_limit_burst"):
        Settings(rate_limit_burst=0)
