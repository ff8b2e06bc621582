"""The dashboard's settings, read once from the environment (bot/settings.py will take them over later).

DASHBOARD_HOST, DASHBOARD_PORT: where it listens (127.0.0.1:8080). DASHBOARD_KEY: signs session
cookies (a clearly named development key when unset; production refuses to start without one).
DASHBOARD_SECURE=1: cookies only over HTTPS. DASHBOARD_URL: the address people open, for links.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8080
# Public on purpose, so that nobody mistakes it for a secret: anyone with this code can forge a session.
DEV_KEY = "dev-only-dashboard-key-anyone-can-forge-a-session-with-this"
MIN_KEY_CHARS = 32


class ConfigError(ValueError):
    """A dashboard setting that cannot be used, named with its variable."""


@dataclass(frozen=True)
class DashboardConfig:
    """Where the dashboard listens, the address in its links and how its cookies are signed."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    public_url: str = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
    key: bytes = field(default=DEV_KEY.encode(), repr=False)
    secure: bool = False
    development_key: bool = True


def address(environ: Mapping[str, str] = os.environ) -> tuple[str, int]:
    """The host and port the dashboard listens on (DASHBOARD_HOST, DASHBOARD_PORT)."""
    host = environ.get("DASHBOARD_HOST", "").strip() or DEFAULT_HOST
    raw = environ.get("DASHBOARD_PORT", "").strip() or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"DASHBOARD_PORT must be a port number (1-65535), not '{raw}'")
    return host, int(raw)


def public_url(environ: Mapping[str, str] = os.environ) -> str:
    """The address people open (DASHBOARD_URL), by default this machine at the dashboard's port."""
    given = environ.get("DASHBOARD_URL", "").strip().rstrip("/")
    if given:
        if not given.startswith(("http://", "https://")):
            raise ConfigError(f"DASHBOARD_URL must start with http:// or https://, not '{given}'")
        return given
    host, port = address(environ)
    # A server listening on every interface is still opened by its own name on this machine.
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    scheme = "https" if _flag(environ, "DASHBOARD_SECURE") else "http"
    return f"{scheme}://{shown}:{port}"


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value not in {"", "0", "1", "true", "false", "yes", "no"}:
        raise ConfigError(f"{name} must be 1 or 0, not '{value}'")
    return value in {"1", "true", "yes"}


def from_env(environ: Mapping[str, str] = os.environ) -> DashboardConfig:
    """The dashboard's settings; ConfigError when one is unusable or production has no real key."""
    host, port = address(environ)
    key = environ.get("DASHBOARD_KEY", "")
    development = not key or key == DEV_KEY
    if environ.get("ENVIRONMENT", "development").strip().lower() == "production":
        if development:
            raise ConfigError("DASHBOARD_KEY must be set in production (it signs the dashboard's session cookies)")
        if len(key) < MIN_KEY_CHARS:
            raise ConfigError(f"DASHBOARD_KEY must be at least {MIN_KEY_CHARS} characters")
    return DashboardConfig(
        host=host,
        port=port,
        public_url=public_url(environ),
        key=(DEV_KEY if development else key).encode(),
        secure=_flag(environ, "DASHBOARD_SECURE"),
        development_key=development,
    )
