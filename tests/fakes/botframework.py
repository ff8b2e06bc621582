"""A fake Microsoft Bot Framework on 127.0.0.1: OpenID metadata, signing keys, tokens and conversations.

It runs in a background thread, so a Rasa server in another process can fetch keys, get an access
token and post replies to it, while the test signs incoming tokens with the same (or another) key.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
import threading
import time
import uuid
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
APP_ID = "11111111-2222-4333-8444-555555555555"
APP_PASSWORD = "fake-app-secret"
TENANT = "22222222-0000-4000-8000-000000000001"
OTHER_TENANT = "22222222-0000-4000-8000-0000000000ff"
WORKER_AAD = "00000000-0000-4000-8000-0000000000a1"
ACTIVITIES = re.compile(r"^(?P<prefix>.*)/v3/conversations/(?P<conversation>[^/]+)/activities/?$")


def new_key() -> rsa.RSAPrivateKey:
    """A fresh RSA signing key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeBotFramework:
    """The Microsoft endpoints the Teams channel talks to, with everything posted recorded."""

    def __init__(self, app_id: str = APP_ID, app_password: str = APP_PASSWORD, tenant: str = TENANT) -> None:
        self.app_id, self.app_password, self.tenant = app_id, app_password, tenant
        self.key, self.kid = new_key(), f"fake-{uuid.uuid4().hex[:8]}"
        self.extra_keys: dict[str, rsa.RSAPrivateKey] = {}
        self.issuer = ISSUER
        self.token_lifetime = 3600
        self.issued: set[str] = set()
        self.activities: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.requests: list[tuple[str, str]] = []
        self.refused: list[str] = []
        self.jwks_fetches = self.token_requests = 0
        self._changed = threading.Condition()
        self._tokens: dict[str, str] = {}
        self.server = _Server(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-botframework", daemon=True)

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeBotFramework:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeBotFramework:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    # --- addresses -------------------------------------------------------------------------

    @property
    def openid_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base}/{self.tenant}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        # Real service URLs look like https://smba.trafficmanager.net/uk/ (note the trailing slash).
        return f"{self.base}/teams/"

    def env(self, tenants: tuple[str, ...] | None = None) -> dict[str, str]:
        """The TEAMS_* / BOTFRAMEWORK_* settings that point the channel at this fake."""
        return {
            "TEAMS_APP_ID": self.app_id,
            "TEAMS_APP_PASSWORD": self.app_password,
            "TEAMS_TENANT_IDS": ",".join(tenants or (self.tenant,)),
            "BOTFRAMEWORK_OPENID_URL": self.openid_url,
            "BOTFRAMEWORK_TOKEN_URL": self.token_url,
        }

    # --- incoming tokens -------------------------------------------------------------------

    def claims(self, service_url: str | None = None, **overrides: Any) -> dict[str, Any]:
        """Claims of a valid Bot Framework → bot token; overrides replace or (None) remove claims."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.app_id,
            "exp": now + 3600,
            "nbf": now - 60,
            "serviceurl": service_url or self.service_url,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(
        self,
        claims: dict[str, Any],
        key: rsa.RSAPrivateKey | str | None = None,
        alg: str = "RS256",
        kid: str | None = None,
    ) -> str:
        """A token over these claims: the fake's key by default; another key, HS256 or alg="none" on request.

        kid=None names the fake's key; kid="" leaves the key id out.
        """
        headers = {} if kid == "" else {"kid": kid or self.kid}
        if alg == "none":
            return jwt.encode(claims, "", algorithm="none", headers=headers)
        return jwt.encode(claims, key if key is not None else self.key, algorithm=alg, headers=headers)

    def token_for(self, service_url: str | None = None) -> str:
        """A valid token for this serviceUrl, minted once and reused (signing is slow-ish)."""
        url = service_url or self.service_url
        if url not in self._tokens:
            self._tokens[url] = self.sign(self.claims(url))
        return self._tokens[url]

    def add_key(self, key: rsa.RSAPrivateKey, kid: str) -> None:
        """Publish another signing key (as after a key rotation)."""
        self.extra_keys[kid] = key

    def jwks(self) -> dict[str, Any]:
        keys = [(self.kid, self.key), *self.extra_keys.items()]
        published = []
        for kid, key in keys:
            jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            jwk.update(kid=kid, use="sig", alg="RS256", endorsements=["msteams", "webchat"])
            published.append(jwk)
        return {"keys": published}

    # --- activities ------------------------------------------------------------------------

    def activity(
        self,
        text: str | None = None,
        *,
        aad: str | None = WORKER_AAD,
        tenant: str | None = None,
        service_url: str | None = None,
        value: Any = None,
        kind: str = "message",
        conversation_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A Teams activity as Bot Framework would post it to the bot, in a personal chat."""
        tenant = tenant or self.tenant
        activity: dict[str, Any] = {
            "type": kind,
            "id": uuid.uuid4().hex,
            "timestamp": "2026-11-26T10:30:00.000Z",
            "serviceUrl": service_url or self.service_url,
            "channelId": "msteams",
            "from": {"id": f"29:{aad or 'anonymous'}", "name": "Test Worker", "aadObjectId": aad},
            "conversation": {
                "conversationType": "personal",
                "tenantId": tenant,
                "id": conversation_id or f"a:{uuid.uuid4().hex}",
            },
            "recipient": {"id": f"28:{self.app_id}", "name": "Practice Companion"},
            "channelData": {"tenant": {"id": tenant}},
            "locale": "en-GB",
        }
        if aad is None:
            del activity["from"]["aadObjectId"]
        if text is not None:
            activity["text"], activity["textFormat"] = text, "plain"
        if value is not None:
            activity["value"] = value
        activity.update(extra)
        return activity

    def posted(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every activity posted to this conversation so far."""
        with self._changed:
            return list(self.activities.get(conversation_id, []))

    def wait_for_activities(self, conversation_id: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
        """The activities posted to a conversation once there are at least `count` (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.activities.get(conversation_id, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    got = self.activities.get(conversation_id, [])
                    raise AssertionError(f"{len(got)} of {count} activities in {conversation_id}: {got}")
                self._changed.wait(left)
            return list(self.activities[conversation_id])

    def requests_under(self, prefix: str) -> list[tuple[str, str]]:
        """Requests whose path starts with this prefix (to prove nothing was sent somewhere)."""
        with self._changed:
            return [r for r in self.requests if r[1].startswith(prefix)]

    # --- request handling (server thread) ---------------------------------------------------

    def _issue_token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        field = {k: v[0] for k, v in form.items() if v}
        if field.get("grant_type") != "client_credentials" or field.get("scope") != f"{ISSUER}/.default":
            return 400, {"error": "invalid_request"}
        if field.get("client_id") != self.app_id or field.get("client_secret") != self.app_password:
            return 401, {"error": "invalid_client"}
        token = secrets.token_urlsafe(24)
        self.issued.add(token)
        return 200, {"token_type": "Bearer", "expires_in": self.token_lifetime, "access_token": token}

    def _receive(self, path: str, authorization: str, body: bytes) -> tuple[int, dict[str, Any]]:
        match = ACTIVITIES.match(path)
        if match is None:
            return 404, {"error": "not found"}
        token = authorization.removeprefix("Bearer ")
        if token not in self.issued:
            self.refused.append(path)
            return 401, {"error": "unauthorised"}
        try:
            activity = json.loads(body)
        except ValueError:
            return 400, {"error": "bad json"}
        activity["_service_prefix"] = match["prefix"]
        with self._changed:
            self.activities[unquote(match["conversation"])].append(activity)
            self._changed.notify_all()
        return 201, {"id": uuid.uuid4().hex}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients (aiohttp) drop kept-alive connections when they are done: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(fake: FakeBotFramework) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, data: dict[str, Any]) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _note(self) -> None:
            with fake._changed:
                fake.requests.append((self.command, self.path))

        def do_GET(self) -> None:
            self._note()
            if self.path == "/v1/.well-known/openidconfiguration":
                self._answer(200, {"issuer": fake.issuer, "jwks_uri": f"{fake.base}/v1/.well-known/keys"})
            elif self.path == "/v1/.well-known/keys":
                fake.jwks_fetches += 1
                self._answer(200, fake.jwks())
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self) -> None:
            self._note()
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == f"/{fake.tenant}/oauth2/v2.0/token":
                self._answer(*fake._issue_token(parse_qs(body.decode())))
            else:
                self._answer(*fake._receive(self.path, self.headers.get("Authorization", ""), body))

    return Handler
