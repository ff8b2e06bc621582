"""Who may post to the Teams webhook: settings, signing keys, and every token refusal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from bot.channels.teams import TeamsInput
from bot.channels.teams_auth import (
    AuthError,
    SigningKeys,
    TeamsConfigError,
    check_endorsement,
    check_service_url,
    normalise_url,
    settings_from_env,
    verify_bearer,
)
from tests.fakes.botframework import APP_ID, OTHER_TENANT, FakeBotFramework, new_key

# --- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_IDS"])
def test_missing_setting_is_named(missing: str, fake: FakeBotFramework) -> None:
    values = {**fake.env(), missing: " "}
    with pytest.raises(TeamsConfigError, match=f"^{missing} is not set"):
        settings_from_env(values)


def test_missing_setting_stops_rasa_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    with pytest.raises(SystemExit) as stopped:
        TeamsInput.from_credentials(None)
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "TEAMS_APP_ID is not set" in err


def test_defaults_and_tenant_rules(env: dict[str, str]) -> None:
    settings = settings_from_env({k: v for k, v in env.items() if not k.startswith("BOTFRAMEWORK")})
    assert settings.openid_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert settings.token_url == f"https://login.microsoftonline.com/{env['TEAMS_TENANT_IDS']}/oauth2/v2.0/token"
    many = settings_from_env({**env, "TEAMS_TENANT_IDS": f"{env['TEAMS_TENANT_IDS']}, {OTHER_TENANT}"})
    assert many.tenant_allowed(OTHER_TENANT.upper()) and not many.tenant_allowed("someone-else")
    own = settings_from_env({**env, "TEAMS_APP_TENANT_ID": "t-own", "BOTFRAMEWORK_TOKEN_URL": ""})
    assert own.token_url == "https://login.microsoftonline.com/t-own/oauth2/v2.0/token"


def test_from_credentials_fetches_nothing(env: dict[str, str], fake: FakeBotFramework) -> None:
    before = len(fake.requests)
    channel = TeamsInput.from_credentials({})
    assert isinstance(channel, TeamsInput) and channel.name() == "teams"
    assert len(fake.requests) == before


# --- incoming tokens -------------------------------------------------------------------------


def verify(fake: FakeBotFramework, token: str | None, keys: SigningKeys | None = None) -> dict[str, Any]:
    header = None if token is None else f"Bearer {token}"
    claims, _ = asyncio.run(verify_bearer(header, keys or SigningKeys(fake.openid_url), APP_ID))
    return claims


def refusal(fake: FakeBotFramework, token: str | None) -> str:
    with pytest.raises(AuthError) as refused:
        verify(fake, token)
    assert refused.value.status == 401
    return refused.value.reason


def test_a_valid_token_is_accepted(fake: FakeBotFramework) -> None:
    assert verify(fake, fake.sign(fake.claims()))["serviceurl"] == fake.service_url


def test_leeway_is_five_minutes(fake: FakeBotFramework) -> None:
    now = int(time.time())
    assert verify(fake, fake.sign(fake.claims(exp=now - 200)))
    assert verify(fake, fake.sign(fake.claims(nbf=now + 200)))
    assert "expired" in refusal(fake, fake.sign(fake.claims(exp=now - 400)))
    assert "not valid yet" in refusal(fake, fake.sign(fake.claims(nbf=now + 400)))


@pytest.mark.parametrize(
    ("mint", "reason"),
    [
        (lambda f: f.sign(f.claims(), alg="none"), "algorithm 'none'"),
        (lambda f: f.sign(f.claims(), key="a-shared-secret-of-32-bytes-or-more!", alg="HS256"), "'HS256'"),
        (lambda f: f.sign(f.claims(aud="another-bot")), "another bot"),
        (lambda f: f.sign(f.claims(iss="https://sts.windows.net/evil/")), "not issued by the Bot Framework"),
        (lambda f: f.sign(f.claims(), key=new_key()), "could not be verified"),  # same kid, other key
        (lambda f: f.sign(f.claims(), key=new_key(), kid="unpublished"), "not signed by a Bot Framework key"),
        (lambda f: f.sign(f.claims(exp=None)), "could not be verified"),
        (lambda f: f.sign(f.claims(), kid=""), "names no signing key"),
        (lambda f: "not-a-jwt", "not a JWT"),
    ],
)
def test_bad_tokens_are_refused(fake: FakeBotFramework, mint: Callable[[FakeBotFramework], str], reason: str) -> None:
    assert reason in refusal(fake, mint(fake))


def test_no_header_or_not_bearer(fake: FakeBotFramework) -> None:
    assert "no Authorization" in refusal(fake, None)
    with pytest.raises(AuthError, match="not a Bearer"):
        asyncio.run(verify_bearer("Basic abc", SigningKeys(fake.openid_url), APP_ID))


def test_keys_are_cached_and_refetched_once_for_a_new_kid(fake: FakeBotFramework) -> None:
    now = [1000.0]
    keys = SigningKeys(fake.openid_url, clock=lambda: now[0])
    verify(fake, fake.sign(fake.claims()), keys)
    verify(fake, fake.sign(fake.claims()), keys)
    assert keys.fetches == 1
    rotated = new_key()
    fake.add_key(rotated, "rotated")
    try:
        now[0] += 61
        verify(fake, fake.sign(fake.claims(), key=rotated, kid="rotated"), keys)  # the new key is found
        assert keys.fetches == 2
        for _ in range(3):  # forged kids do not make a request each
            with pytest.raises(AuthError):
                verify(fake, fake.sign(fake.claims(), key=new_key(), kid="forged"), keys)
        assert keys.fetches == 2
        now[0] += 86_401
        verify(fake, fake.sign(fake.claims()), keys)
        assert keys.fetches == 3  # daily refresh
    finally:
        fake.extra_keys.clear()


def test_unreachable_keys_mean_refusal_not_crash() -> None:
    keys = SigningKeys("http://127.0.0.1:9/nothing-here")
    with pytest.raises(AuthError, match="not signed by a Bot Framework key"):
        asyncio.run(
            verify_bearer("Bearer " + jwt.encode({"a": 1}, new_key(), "RS256", headers={"kid": "k"}), keys, APP_ID)
        )


def test_service_url_must_match_the_signed_claim() -> None:
    check_service_url("https://smba.trafficmanager.net/uk", {"serviceurl": "https://SMBA.trafficmanager.net/uk/"})
    with pytest.raises(AuthError) as refused:
        check_service_url("https://evil.example/uk/", {"serviceurl": "https://smba.trafficmanager.net/uk/"})
    assert refused.value.status == 403
    with pytest.raises(AuthError, match="no serviceurl"):
        check_service_url("https://smba.trafficmanager.net/uk/", {})
    assert normalise_url("HTTPS://Host/a/") == "https://host/a"


def test_endorsements() -> None:
    check_endorsement({"endorsements": ["msteams"]}, "msteams")
    check_endorsement({}, None)
    with pytest.raises(AuthError, match="not endorsed"):
        check_endorsement({"endorsements": ["webchat"]}, "msteams")
