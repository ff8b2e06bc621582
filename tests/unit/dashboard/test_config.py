"""The dashboard's settings: defaults for one machine, every bad value named, no development key in production."""

from __future__ import annotations

import pytest

from bot.dashboard.config import DEV_KEY, ConfigError, address, from_env, public_url

REAL_KEY = "k" * 40


def test_defaults_serve_this_machine_on_8080_with_the_development_key() -> None:
    config = from_env({})
    assert (config.host, config.port, config.public_url) == ("127.0.0.1", 8080, "http://127.0.0.1:8080")
    assert config.development_key and config.key == DEV_KEY.encode() and not config.secure
    assert REAL_KEY not in repr(from_env({"DASHBOARD_KEY": REAL_KEY}))  # the key never shows in a repr


def test_host_port_url_and_secure_come_from_the_environment() -> None:
    config = from_env({"DASHBOARD_HOST": "0.0.0.0", "DASHBOARD_PORT": "9090", "DASHBOARD_SECURE": "1",
                       "DASHBOARD_KEY": REAL_KEY})  # fmt: skip
    assert (config.host, config.port, config.secure, config.development_key) == ("0.0.0.0", 9090, True, False)
    assert config.public_url == "https://127.0.0.1:9090"  # every interface is still this machine by name
    assert public_url({"DASHBOARD_URL": "https://pc.haringey.example/"}) == "https://pc.haringey.example"


@pytest.mark.parametrize(
    ("environ", "words"),
    [
        ({"DASHBOARD_PORT": "0"}, "DASHBOARD_PORT must be a port number (1-65535), not '0'"),
        ({"DASHBOARD_PORT": "70000"}, "not '70000'"),
        ({"DASHBOARD_SECURE": "maybe"}, "DASHBOARD_SECURE must be 1 or 0, not 'maybe'"),
        ({"DASHBOARD_URL": "pc.example"}, "DASHBOARD_URL must start with http:// or https://"),
        ({"ENVIRONMENT": "production"}, "DASHBOARD_KEY must be set in production"),
        ({"ENVIRONMENT": "production", "DASHBOARD_KEY": DEV_KEY}, "DASHBOARD_KEY must be set in production"),
        ({"ENVIRONMENT": "production", "DASHBOARD_KEY": "x" * 31}, "at least 32 characters"),
    ],
)
def test_unusable_settings_are_refused_by_name(environ: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        from_env(environ)


def test_production_starts_with_a_real_key() -> None:
    config = from_env({"ENVIRONMENT": "production", "DASHBOARD_KEY": REAL_KEY})
    assert config.key == REAL_KEY.encode() and not config.development_key
    assert address({"DASHBOARD_PORT": " 8443 "}) == ("127.0.0.1", 8443)
