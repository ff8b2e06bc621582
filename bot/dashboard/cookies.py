"""The signed session cookie: who signed in, when, and when they were last seen; and its CSRF token.

Nothing secret is in the cookie, only what the server needs to trust it was the one that set it:
an HMAC-SHA256 over the contents with the dashboard's key. Any change to a byte fails the check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace

VERSION = "v1"
MAX_COOKIE_CHARS = 1_000


@dataclass(frozen=True)
class SessionCookie:
    """A signed-in session: its random id, the member of staff, and when it started and was last used (epoch s)."""

    sid: str
    staff_id: str
    started: int
    seen: int

    def touched(self, now: int) -> SessionCookie:
        """The same session, seen now."""
        return replace(self, seen=now)


def new_session(staff_id: str, now: int) -> SessionCookie:
    """A fresh session for a member of staff who has just signed in."""
    return SessionCookie(secrets.token_urlsafe(16), staff_id, now, now)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, message: str) -> str:
    return _b64(hmac.new(key, message.encode(), hashlib.sha256).digest())


def seal(session: SessionCookie, key: bytes) -> str:
    """The cookie value: version, contents and signature, all URL-safe."""
    body = _b64(json.dumps([session.sid, session.staff_id, session.started, session.seen]).encode())
    message = f"{VERSION}.{body}"
    return f"{message}.{_sign(key, message)}"


def unseal(value: str, key: bytes) -> SessionCookie | None:
    """The session in a cookie value, or None when it is malformed, forged or changed."""
    parts = value.split(".") if len(value) <= MAX_COOKIE_CHARS else []
    if len(parts) != 3 or parts[0] != VERSION:
        return None
    message = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(key, message), parts[2]):
        return None
    try:
        sid, staff_id, started, seen = json.loads(_unb64(parts[1]))
    except (ValueError, TypeError, binascii.Error):
        return None  # signed by us yet unreadable: only possible with a changed format; treat as forged
    if not all(isinstance(v, str) for v in (sid, staff_id)) or not all(isinstance(v, int) for v in (started, seen)):
        return None
    return SessionCookie(sid, staff_id, started, seen)


def csrf_token(session: SessionCookie, key: bytes) -> str:
    """The token every form of this session carries (bound to the session, so another's is useless)."""
    return _sign(key, f"csrf.{session.sid}")


def csrf_ok(session: SessionCookie, key: bytes, given: str) -> bool:
    """True when a form's token is this session's."""
    return hmac.compare_digest(csrf_token(session, key), given or "")
