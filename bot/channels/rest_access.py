"""Who may use the REST channel: a bearer token when one is set, otherwise this machine only."""

from __future__ import annotations

import hmac
import ipaddress

LOCAL_ONLY = "the REST channel answers this machine only: set REST_TOKEN to use it from elsewhere"
NEEDS_TOKEN = 'the REST channel needs "Authorization: Bearer <REST_TOKEN>"'


def refusal(authorization: str | None, remote: str | None, token: str | None) -> str | None:
    """Why a REST request is refused, or None when it may go on."""
    if token:
        given = (
            (authorization or "").removeprefix("Bearer ").strip() if (authorization or "").startswith("Bearer ") else ""
        )
        return None if given and hmac.compare_digest(given.encode(), token.encode()) else NEEDS_TOKEN
    return None if is_loopback(remote) else LOCAL_ONLY


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (and a missing address, as on a Unix socket)."""
    if not address:
        return True
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def production_problem(environment: str, token: str | None) -> str | None:
    """Why Rasa must not start with the REST channel on, or None."""
    if environment == "production" and not token:
        return (
            "Rasa not started: the REST channel is on in production without REST_TOKEN "
            "(set it, or use credentials.prod.yml)"
        )
    return None
