"""Who may post to the Teams webhook: settings, Bot Framework signing keys and the checks on each request."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
# Tokens the Bot Framework service sends to bots are issued by this, whatever the bot's own tenant.
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
LEEWAY_S = 300
KEYS_MAX_AGE_S = 24 * 3600
# An unknown key id may mean Microsoft rotated its keys; but a stream of forged tokens with random
# ids must not turn into a stream of requests to Microsoft, so refetch at most this often.
UNKNOWN_KID_REFETCH_S = 60
RETRY_S = 5
FETCH_TIMEOUT_S = 10
logger = logging.getLogger(__name__)
REQUIRED = ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_IDS")
_HELP = {
    "TEAMS_APP_ID": "the Microsoft App ID of the Azure Bot (a GUID)",
    "TEAMS_APP_PASSWORD": "the client secret of the Azure Bot's app registration",
    "TEAMS_TENANT_IDS": "the Azure AD tenant ids it may serve, comma-separated (the council's first)",
}


class TeamsConfigError(ValueError):
    """A missing or invalid Teams setting, with a one-line message naming the variable."""


class AuthError(Exception):
    """A request refused before anything is processed: the HTTP status and a short reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class TeamsSettings:
    """The bot's Microsoft identity, the tenants it serves and where Microsoft's endpoints are."""

    app_id: str
    app_password: str = field(repr=False)  # never in a log line
    tenant_ids: tuple[str, ...]
    app_tenant_id: str
    openid_url: str
    token_url: str

    def tenant_allowed(self, tenant_id: str) -> bool:
        """True when conversations from this tenant may be served (GUIDs compare case-insensitively)."""
        return tenant_id.strip().lower() in {t.lower() for t in self.tenant_ids}


def settings_from_env(env: Mapping[str, str] | None = None) -> TeamsSettings:
    """The Teams settings from the environment; TeamsConfigError names the first missing variable."""
    env = os.environ if env is None else env
    for name in REQUIRED:
        if not env.get(name, "").strip():
            raise TeamsConfigError(f"{name} is not set: the Teams channel needs {_HELP[name]}")
    tenants = tuple(t.strip() for t in env["TEAMS_TENANT_IDS"].split(",") if t.strip())
    if not tenants:
        raise TeamsConfigError("TEAMS_TENANT_IDS lists no tenant: give at least the council's Azure AD tenant id")
    app_tenant = env.get("TEAMS_APP_TENANT_ID", "").strip() or tenants[0]
    return TeamsSettings(
        app_id=env["TEAMS_APP_ID"].strip(),
        app_password=env["TEAMS_APP_PASSWORD"],
        tenant_ids=tenants,
        app_tenant_id=app_tenant,
        openid_url=env.get("BOTFRAMEWORK_OPENID_URL", "").strip() or DEFAULT_OPENID_URL,
        token_url=env.get("BOTFRAMEWORK_TOKEN_URL", "").strip() or TOKEN_URL_TEMPLATE.format(tenant=app_tenant),
    )


class SigningKeys:
    """Bot Framework's OpenID metadata and signing keys: fetched when first needed, then cached.

    Nothing is fetched at construction, so Rasa starts without network; keys are refetched daily
    and, at most once a minute, when a token names a key id that is not known yet.
    """

    def __init__(self, openid_url: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.openid_url = openid_url
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._issuer = BOT_FRAMEWORK_ISSUER
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock: asyncio.Lock | None = None
        self.fetches = 0

    @property
    def issuer(self) -> str:
        """The issuer tokens must carry (from the metadata when it names one)."""
        return self._issuer

    async def key(self, kid: str) -> dict[str, Any] | None:
        """The JWK with this key id, refreshing the cache when it is stale or the id is new."""
        if self._stale():
            await self._refresh(self._stale)
        if kid not in self._keys and self._may_refetch():
            await self._refresh(lambda: kid not in self._keys and self._may_refetch())
        return self._keys.get(kid)

    def _since_attempt(self) -> float:
        return float("inf") if self._attempted_at is None else self._clock() - self._attempted_at

    def _stale(self) -> bool:
        old = self._fetched_at is None or self._clock() - self._fetched_at > KEYS_MAX_AGE_S
        # While Microsoft cannot be reached, try again every few seconds rather than on every request.
        return old and self._since_attempt() > RETRY_S

    def _may_refetch(self) -> bool:
        return self._since_attempt() > UNKNOWN_KID_REFETCH_S

    async def _refresh(self, still_needed: Callable[[], bool]) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if not still_needed():  # another request refreshed while this one waited
                return
            self._attempted_at = self._clock()
            try:
                issuer, keys = await self._fetch()
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError, KeyError, TypeError) as exc:
                # Keep whatever keys are cached: a short outage at Microsoft should not stop the bot.
                logger.warning("could not fetch Bot Framework keys from %s: %s", self.openid_url, exc)
                return
            self._issuer, self._keys, self._fetched_at = issuer, keys, self._attempted_at
            self.fetches += 1

    async def _fetch(self) -> tuple[str, dict[str, dict[str, Any]]]:
        timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(self.openid_url) as reply:
                reply.raise_for_status()
                metadata = await reply.json(content_type=None)
            async with session.get(metadata["jwks_uri"]) as reply:
                reply.raise_for_status()
                jwks = await reply.json(content_type=None)
        issuer = metadata.get("issuer")
        keys = {k["kid"]: k for k in jwks["keys"] if isinstance(k, dict) and isinstance(k.get("kid"), str)}
        return issuer if isinstance(issuer, str) and issuer else BOT_FRAMEWORK_ISSUER, keys


BEARER = re.compile(r"^Bearer\s+(\S+)\s*$", re.IGNORECASE)


async def verify_bearer(
    authorization: str | None, keys: SigningKeys, app_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The claims of a valid Bot Framework token and the key that signed it; AuthError(401) otherwise."""
    if not authorization:
        raise AuthError(401, "no Authorization header")
    match = BEARER.match(authorization)
    if not match:
        raise AuthError(401, "the Authorization header is not a Bearer token")
    token = match.group(1)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise AuthError(401, "the token is not a JWT") from exc
    # Only RS256 from Microsoft's published keys: never "none", never a shared-secret algorithm.
    if header.get("alg") != "RS256":
        raise AuthError(401, f"token algorithm {str(header.get('alg'))[:20]!r} is not accepted")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthError(401, "the token names no signing key")
    jwk = await keys.key(kid)
    if jwk is None:
        raise AuthError(401, "the token was not signed by a Bot Framework key")
    try:
        public_key = RSAAlgorithm.from_jwk(jwk)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=public_key,  # type: ignore[arg-type]  # from_jwk returns a public key for a public JWK
            algorithms=["RS256"],
            audience=app_id,
            issuer=keys.issuer,
            leeway=LEEWAY_S,
            options={"require": ["exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError(401, "the token has expired") from exc
    except jwt.ImmatureSignatureError as exc:
        raise AuthError(401, "the token is not valid yet") from exc
    except jwt.InvalidAudienceError as exc:
        raise AuthError(401, "the token is for another bot") from exc
    except jwt.InvalidIssuerError as exc:
        raise AuthError(401, "the token was not issued by the Bot Framework") from exc
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise AuthError(401, "the token could not be verified") from exc
    return claims, jwk


def normalise_url(url: str) -> str:
    """A URL compared by meaning: scheme and host in lower case, no trailing slash."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def check_service_url(activity_url: str, claims: Mapping[str, Any]) -> None:
    """AuthError(403) unless the activity's serviceUrl is the one Microsoft signed into the token.

    Replies go to serviceUrl with the bot's own credentials: an unsigned one would let anybody
    holding any valid token send the bot's access token to a server of their choosing.
    """
    signed = claims.get("serviceurl")
    if not isinstance(signed, str) or not signed:
        raise AuthError(403, "the token carries no serviceurl claim")
    if normalise_url(activity_url) != normalise_url(signed):
        raise AuthError(403, "the activity's serviceUrl is not the one in the token")


def check_endorsement(jwk: Mapping[str, Any], channel_id: str | None) -> None:
    """AuthError(403) when the signing key is endorsed for other channels only (Bot Framework rule)."""
    endorsements = jwk.get("endorsements")
    if isinstance(endorsements, list) and endorsements and channel_id not in endorsements:
        raise AuthError(403, "the signing key is not endorsed for this channel")
