"""OIDC bearer tokens (JWTs) of officers: validated against one issuer, audience and JWKS.

The HTTP answer to any bad token is 401 "invalid token"; *why* a token was refused is kept in
``InvalidTokenError.reason`` for logs and tests and never sent to the caller.

Hardening, each covered by a test:

* only asymmetric algorithms (``OidcSettings.algorithms`` is a ``Literal`` list without
  ``none`` or ``HS*``), and the token's ``alg`` must match the key's type and curve, so a
  public key can never be used as an HMAC secret;
* keys come only from the configured JWKS (file or URL); ``jwk``/``jku``/``x5u`` headers in
  the token are ignored, and tokens with ``crit`` headers are refused;
* ``iss``, ``aud``, ``exp`` and ``sub`` are required; ``nbf``/``iat`` are checked when
  present; clock leeway is configurable;
* an unknown ``kid`` triggers at most one JWKS refresh per ``jwks_refresh_min_interval_s``,
  so forged ``kid`` values cannot make the gateway hammer the identity provider;
* oversized tokens are refused before any parsing.

Hierarchy:
    OidcError                  base of this module's errors
    ├── InvalidTokenError      401: malformed, expired, wrong issuer/audience/signature...
    └── JwksUnavailableError   503: no usable keys (JWKS unreachable or invalid, none cached)
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx
import jwt
import msgspec
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

ERR_INVALID_TOKEN = "invalid token"  # noqa: S105 (a message, not a secret)
ERR_JWKS_UNAVAILABLE = "token signing keys unavailable"
ERR_NO_JWKS_SOURCE = "oidc: set exactly one of jwks_file or jwks_url"
ERR_NO_ISSUER = "oidc: issuer and audience are required when oidc is enabled"
ERR_JWKS_URL_INSECURE = "oidc: jwks_url must use https (plain http only on loopback)"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

Algorithm = Literal[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"
]
InvalidReason = Literal[
    "too_large",
    "malformed",
    "algorithm",
    "unknown_kid",
    "signature",
    "expired",
    "not_yet_valid",
    "issuer",
    "audience",
    "missing_claim",
    "claims",
]
ALL_SERVICES = "*"

# Which key types may verify which algorithms; EC keys are additionally bound to one curve.
_RSA_ALGS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
_EC_CURVE_FOR_ALG = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
_PARSE_ALG_FOR_JWK: dict[tuple[Any, Any], str] = {
    ("RSA", None): "RS256",
    ("EC", "P-256"): "ES256",
    ("EC", "P-384"): "ES384",
    ("EC", "P-521"): "ES512",
    ("OKP", "Ed25519"): "EdDSA",
    ("OKP", "Ed448"): "EdDSA",
}


class OidcSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The ``[oidc]`` configuration table.

    Attributes:
        enabled: validate JWT bearer tokens at all (off: only API keys are accepted).
        issuer: expected ``iss``, exactly as the identity provider writes it.
        audience: expected ``aud`` (the client id the provider issues tokens for).
        jwks_file: path of a local JWKS document (re-read on refresh, so keys can rotate).
        jwks_url: URL of the provider's JWKS (``.../protocol/openid-connect/certs``).
        algorithms: accepted signature algorithms; only asymmetric ones exist here.
        roles_claim: claim holding the roles; a dotted path reaches nested claims
            (``realm_access.roles`` for Keycloak). A list or a space-separated string.
        scopes_claim: claim listing the services (or departments) the officer may see;
            ``"*"`` grants all.
        subject_claim: claim naming the officer (stable, pseudonymous id).
        role_map: provider role name -> Leitplanke role; unmapped names are used as they are.
        allowed_roles: Leitplanke roles a token may carry; other roles are dropped.
        leeway_s: clock skew tolerated for ``exp``/``nbf``/``iat``.
        max_token_bytes: longer bearer tokens are refused before parsing.
        jwks_cache_ttl_s: keys are refetched after this long.
        jwks_refresh_min_interval_s: at most one refetch per interval (unknown ``kid``).
        jwks_max_stale_s: if refetching fails, cached keys stay usable this long past TTL.
        jwks_timeout_s: HTTP timeout for fetching ``jwks_url``.
    """

    enabled: bool = False
    issuer: str = ""
    audience: str = ""
    jwks_file: str = ""
    jwks_url: str = ""
    algorithms: list[Algorithm] = msgspec.field(default_factory=lambda: ["RS256", "ES256"])
    roles_claim: str = "roles"
    scopes_claim: str = "services"
    subject_claim: str = "sub"
    role_map: dict[str, str] = msgspec.field(default_factory=dict)
    allowed_roles: list[str] = msgspec.field(
        default_factory=lambda: ["compliance-officer", "admin", "caseworker"]
    )
    leeway_s: int = 30
    max_token_bytes: int = 8192
    jwks_cache_ttl_s: int = 300
    jwks_refresh_min_interval_s: int = 30
    jwks_max_stale_s: int = 3600
    jwks_timeout_s: float = 3.0


class OidcError(Exception):
    """Base of this module's errors."""


class InvalidTokenError(OidcError):
    """The token is not acceptable. ``str(exc)`` is always "invalid token"; ``reason`` says why
    (for logs and tests only, never for the caller)."""

    def __init__(self, reason: InvalidReason) -> None:
        super().__init__(ERR_INVALID_TOKEN)
        self.reason: InvalidReason = reason


class JwksUnavailableError(OidcError):
    """No usable signing keys: the JWKS could not be read and nothing usable is cached."""

    def __init__(self, detail: str = ERR_JWKS_UNAVAILABLE) -> None:
        super().__init__(detail)


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficerIdentity:
    """Who is calling, from a valid token.

    Attributes:
        subject: the subject claim (the provider's stable id of the person).
        roles: Leitplanke roles granted by the token (filtered by ``allowed_roles``).
        scopes: services (or departments) the officer may see; ``"*"`` means all.
        issuer: the token's issuer.
        expires_at: the token's ``exp`` (Unix seconds).
    """

    subject: str
    roles: tuple[str, ...]
    scopes: tuple[str, ...]
    issuer: str
    expires_at: int

    def has_any_role(self, *roles: str) -> bool:
        """True if the token grants at least one of ``roles``."""
        return any(role in self.roles for role in roles)

    def may_see(self, service: str) -> bool:
        """True if the officer's scopes include ``service`` (or all services)."""
        return ALL_SERVICES in self.scopes or service in self.scopes


def looks_like_jwt(token: str) -> bool:
    """Cheap test to route a bearer value: a JWS compact token has exactly two dots."""
    return token.count(".") == 2


# --------------------------------------------------------------------------- JWKS sources


class JwksSource(Protocol):
    """Where the JSON Web Key Set comes from."""

    async def fetch(self) -> bytes:
        """The raw JWKS document. Raises ``JwksUnavailableError`` if it cannot be read."""
        ...

    async def aclose(self) -> None: ...


class FileJwksSource:
    """A JWKS document on local disk (re-read on every refresh)."""

    def __init__(self, *, path: Path) -> None:
        self._path = path

    async def fetch(self) -> bytes:
        try:
            return await asyncio.to_thread(self._path.read_bytes)
        except OSError as exc:
            raise JwksUnavailableError(f"jwks file unreadable ({type(exc).__name__})") from None

    async def aclose(self) -> None:
        return None


class UrlJwksSource:
    """A JWKS document served over HTTP(S)."""

    def __init__(
        self, *, url: str, timeout_s: float = 3.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._url = url
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout_s, follow_redirects=False)

    async def fetch(self) -> bytes:
        try:
            response = await self._client.get(self._url, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise JwksUnavailableError(f"jwks url unreachable ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise JwksUnavailableError(f"jwks url answered HTTP {response.status_code}")
        return response.content

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


@dataclass(frozen=True, slots=True)
class _Key:
    kty: str
    declared_alg: str | None
    public_key: Any


def parse_jwks(raw: bytes) -> dict[str, _Key]:
    """Public signing keys by ``kid``. Symmetric (``oct``), encryption-only, kid-less and
    unparseable keys are skipped; raises ``JwksUnavailableError`` if the document is invalid."""
    try:
        document = json.loads(raw)
    except ValueError:
        raise JwksUnavailableError("jwks is not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksUnavailableError("jwks has no 'keys' list")
    keys: dict[str, _Key] = {}
    for jwk_data in document["keys"]:
        if not isinstance(jwk_data, dict):
            continue
        kid, kty, crv = jwk_data.get("kid"), jwk_data.get("kty"), jwk_data.get("crv")
        if not isinstance(kid, str) or not kid or jwk_data.get("use", "sig") != "sig":
            continue
        parse_alg = _PARSE_ALG_FOR_JWK.get((kty, None if kty == "RSA" else crv))
        if parse_alg is None:  # "oct" and anything unknown: never a verification key
            continue
        try:
            key = jwt.PyJWK(jwk_data, algorithm=parse_alg).key
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            continue
        if hasattr(key, "private_bytes"):  # a private JWK was published: use its public half
            key = key.public_key()
        declared = jwk_data.get("alg")
        keys[kid] = _Key(
            kty=str(kty),
            declared_alg=declared if isinstance(declared, str) else None,
            public_key=key,
        )
    return keys


class JwksCache:
    """Signing keys with TTL, single-flight refresh, refresh rate limit and bounded staleness."""

    def __init__(
        self,
        *,
        source: JwksSource,
        ttl_s: float = 300,
        refresh_min_interval_s: float = 30,
        max_stale_s: float = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._ttl = ttl_s
        self._min_interval = refresh_min_interval_s
        self._max_stale = max_stale_s
        self._clock = clock
        self._keys: dict[str, _Key] = {}
        self._fetched_at: float | None = None  # last successful fetch
        self._attempted_at: float | None = None  # last fetch attempt, success or not
        self._lock = asyncio.Lock()
        self.fetch_count = 0

    async def key_for(self, kid: str) -> _Key:
        """The key with ``kid``.

        Raises:
            InvalidTokenError: ``unknown_kid`` if no usable key has that id.
            JwksUnavailableError: no keys could be loaded and none usable are cached.
        """
        if self._expired() or kid not in self._keys:
            await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            raise InvalidTokenError("unknown_kid")
        return key

    async def ready(self) -> bool:
        """True if usable keys are loaded (loading them if the cache is empty or expired)."""
        try:
            if self._expired():
                await self._refresh()
        except JwksUnavailableError:
            return False
        return True

    def _expired(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= self._ttl

    async def _refresh(self) -> None:
        async with self._lock:  # single flight: waiters reuse the fetch that just happened
            now = self._clock()
            if self._attempted_at is None or now - self._attempted_at >= self._min_interval:
                self._attempted_at = now
                self.fetch_count += 1
                try:
                    self._keys = parse_jwks(await self._source.fetch())
                    self._fetched_at = now
                except JwksUnavailableError:
                    pass  # keep serving cached keys while they are not too stale
            if self._fetched_at is None or now - self._fetched_at >= self._ttl + self._max_stale:
                self._keys = {}
                raise JwksUnavailableError()

    async def aclose(self) -> None:
        await self._source.aclose()


# --------------------------------------------------------------------------- validation


class TokenValidator:
    """Validates officer bearer tokens against ``OidcSettings``.

    Build it once at start-up (``TokenValidator.from_settings``) and close it at shutdown.
    """

    def __init__(
        self,
        *,
        settings: OidcSettings,
        jwks: JwksCache,
    ) -> None:
        if not settings.issuer or not settings.audience:
            raise OidcError(ERR_NO_ISSUER)
        self._settings = settings
        self._jwks = jwks
        self._algorithms = frozenset(settings.algorithms)
        self._allowed_roles = frozenset(settings.allowed_roles)

    @classmethod
    def from_settings(
        cls, settings: OidcSettings, *, http_client: httpx.AsyncClient | None = None
    ) -> TokenValidator:
        """A validator reading keys from ``settings.jwks_file`` or ``settings.jwks_url``.

        Raises:
            OidcError: the settings name no issuer/audience, not exactly one JWKS source, or
                a plain-http JWKS URL off loopback.
        """
        if bool(settings.jwks_file) == bool(settings.jwks_url):
            raise OidcError(ERR_NO_JWKS_SOURCE)
        if settings.jwks_url:
            url = httpx.URL(settings.jwks_url)
            if url.scheme != "https" and not (url.scheme == "http" and url.host in _LOOPBACK_HOSTS):
                raise OidcError(ERR_JWKS_URL_INSECURE)
        source: JwksSource
        if settings.jwks_file:
            source = FileJwksSource(path=Path(settings.jwks_file))
        else:
            source = UrlJwksSource(
                url=settings.jwks_url, timeout_s=settings.jwks_timeout_s, client=http_client
            )
        cache = JwksCache(
            source=source,
            ttl_s=settings.jwks_cache_ttl_s,
            refresh_min_interval_s=settings.jwks_refresh_min_interval_s,
            max_stale_s=settings.jwks_max_stale_s,
        )
        return cls(settings=settings, jwks=cache)

    async def validate(self, token: str) -> OfficerIdentity:
        """The officer identity in ``token``.

        Raises:
            InvalidTokenError: the token is not acceptable (answer 401 "invalid token").
            JwksUnavailableError: no signing keys can be loaded (answer 503).
        """
        if len(token) > self._settings.max_token_bytes:
            raise InvalidTokenError("too_large")
        header = self._header(token)
        alg, kid = header["alg"], header["kid"]
        key = await self._jwks.key_for(kid)
        if not _key_fits(key, alg):
            raise InvalidTokenError("algorithm")
        claims = self._decode(token, key, alg)
        return self._identity(claims)

    async def aclose(self) -> None:
        await self._jwks.aclose()

    async def ping(self) -> bool:
        """True if signing keys are loaded or loadable (for readiness)."""
        return await self._jwks.ready()

    def _header(self, token: str) -> dict[str, Any]:
        if not token.isascii() or token.count(".") != 2:
            raise InvalidTokenError("malformed")
        try:
            header = jwt.get_unverified_header(token)
        except (jwt.PyJWTError, ValueError, TypeError):
            raise InvalidTokenError("malformed") from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self._algorithms:
            raise InvalidTokenError("algorithm")
        if "crit" in header:  # RFC 7515 4.1.11: we understand no extensions
            raise InvalidTokenError("malformed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidTokenError("unknown_kid")
        return header

    def _decode(self, token: str, key: _Key, alg: str) -> dict[str, Any]:
        settings = self._settings
        try:
            claims = jwt.decode(
                token,
                key=key.public_key,
                algorithms=[alg],
                audience=settings.audience,
                issuer=settings.issuer,
                leeway=settings.leeway_s,
                options={
                    "require": ["exp", "iss", "aud", settings.subject_claim],
                    "verify_signature": True,
                    "verify_exp": True,
                    "verify_nbf": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                    "strict_aud": False,
                },
            )
        except jwt.ExpiredSignatureError:
            raise InvalidTokenError("expired") from None
        except (jwt.ImmatureSignatureError, jwt.InvalidIssuedAtError):
            raise InvalidTokenError("not_yet_valid") from None
        except jwt.InvalidAudienceError:
            raise InvalidTokenError("audience") from None
        except jwt.InvalidIssuerError:
            raise InvalidTokenError("issuer") from None
        except jwt.MissingRequiredClaimError:
            raise InvalidTokenError("missing_claim") from None
        except jwt.InvalidSignatureError:
            raise InvalidTokenError("signature") from None
        except jwt.InvalidAlgorithmError:
            raise InvalidTokenError("algorithm") from None
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError):
            raise InvalidTokenError("malformed") from None
        if not isinstance(claims, dict):
            raise InvalidTokenError("malformed")
        return claims

    def _identity(self, claims: Mapping[str, Any]) -> OfficerIdentity:
        settings = self._settings
        subject = claims.get(settings.subject_claim)
        exp = claims.get("exp")
        if not isinstance(subject, str) or not subject.strip():
            raise InvalidTokenError("claims")
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            raise InvalidTokenError("claims")
        raw_roles = _string_list(_claim_at(claims, settings.roles_claim))
        roles = tuple(
            dict.fromkeys(
                mapped
                for mapped in (settings.role_map.get(role, role) for role in raw_roles)
                if mapped in self._allowed_roles
            )
        )
        scopes = tuple(dict.fromkeys(_string_list(_claim_at(claims, settings.scopes_claim))))
        return OfficerIdentity(
            subject=subject,
            roles=roles,
            scopes=scopes,
            issuer=str(claims["iss"]),
            expires_at=int(exp),
        )


def _key_fits(key: _Key, alg: str) -> bool:
    """Whether ``key`` may verify ``alg``: RSA only RS*/PS*, EC only ES* on its curve, OKP only
    EdDSA; a JWK that declares ``alg`` verifies only that algorithm."""
    if key.declared_alg is not None and key.declared_alg != alg:
        return False
    public_key = key.public_key
    if alg in _RSA_ALGS:
        return isinstance(public_key, rsa.RSAPublicKey)
    if alg in _EC_CURVE_FOR_ALG:
        return (
            isinstance(public_key, ec.EllipticCurvePublicKey)
            and public_key.curve.name == _EC_CURVE_FOR_ALG[alg]
        )
    if alg == "EdDSA":
        return isinstance(public_key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey)
    return False


def _claim_at(claims: Mapping[str, Any], path: str) -> Any:
    """The claim at a dotted ``path`` (a claim literally named ``path`` wins), or None."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _string_list(value: Any) -> list[str]:
    """A list-of-strings or space-separated-string claim as a list; refuses other shapes."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        return [item for item in value if item]
    raise InvalidTokenError("claims")
