"""OIDC bearer tokens: every bad token is "invalid token", good ones carry roles and scopes."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.oidc import (
    ERR_INVALID_TOKEN,
    ERR_JWKS_URL_INSECURE,
    ERR_NO_JWKS_SOURCE,
    InvalidTokenError,
    JwksCache,
    JwksUnavailableError,
    OfficerIdentity,
    OidcError,
    OidcSettings,
    TokenValidator,
    looks_like_jwt,
    parse_jwks,
)
from tests.oidc_issuer import TestIssuer, b64url, tamper_payload

# One issuer for the module: RSA key generation is the slow part.
ISSUER = TestIssuer()
# Same key ids, different keys: its tokens must fail the signature check.
IMPOSTOR = TestIssuer()
NOW = time.time


def oidc_settings(jwks_file: Path | str = "", **overrides: Any) -> OidcSettings:
    values: dict[str, Any] = {
        "enabled": True,
        "issuer": ISSUER.issuer,
        "audience": ISSUER.audience,
        "jwks_file": str(jwks_file),
        "leeway_s": 5,
    }
    values.update(overrides)
    return msgspec.convert(values, OidcSettings)


@pytest.fixture(scope="module")
def jwks_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ISSUER.write_jwks(tmp_path_factory.mktemp("oidc") / "jwks.json")


@pytest.fixture
def validator(jwks_file: Path) -> TokenValidator:
    return TokenValidator.from_settings(oidc_settings(jwks_file))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SwitchableSource:
    """A JWKS source that can be broken on demand (the provider going down)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.up = True
        self.fetches = 0

    async def fetch(self) -> bytes:
        self.fetches += 1
        if not self.up:
            raise JwksUnavailableError("down")
        return json.dumps(self.document).encode()

    async def aclose(self) -> None:
        return None


def _hs256_with_secret() -> str:
    return jwt.encode(
        ISSUER.claims(),
        "a-shared-secret-of-32-bytes-len!",
        algorithm="HS256",
        headers={"kid": ISSUER.keys["rsa"].kid},
    )


BAD_TOKENS: list[tuple[str, Callable[[], str], str]] = [
    ("empty", lambda: "", "malformed"),
    ("no dots", lambda: "not-a-jwt", "malformed"),
    ("three junk segments", lambda: "a.b.c", "malformed"),
    ("non-ascii", lambda: "ä.ö.ü", "malformed"),
    ("four segments", lambda: ISSUER.mint() + ".x", "malformed"),
    ("oversized", lambda: ISSUER.mint(padding="x" * 9000), "too_large"),
    ("payload not json", lambda: ISSUER.mint_raw({}, b64url(b"not json")), "malformed"),
    ("payload a json list", lambda: ISSUER.mint_raw({}, b64url(b"[1,2]")), "malformed"),
    ("signature not base64", lambda: ISSUER.mint().rsplit(".", 1)[0] + ".!!!", "malformed"),
    ("expired", lambda: ISSUER.mint(now=NOW() - 3600, lifetime_s=300), "expired"),
    ("not yet valid", lambda: ISSUER.mint(nbf=int(NOW()) + 3600), "not_yet_valid"),
    ("issued in the future", lambda: ISSUER.mint(iat=int(NOW()) + 3600), "not_yet_valid"),
    ("exp not a number", lambda: ISSUER.mint(exp="tomorrow"), "malformed"),
    ("wrong audience", lambda: ISSUER.mint(aud="another-app"), "audience"),
    ("audience list without ours", lambda: ISSUER.mint(aud=["a", "b"]), "audience"),
    ("wrong issuer", lambda: ISSUER.mint(iss="https://evil.example"), "issuer"),
    ("missing exp", lambda: ISSUER.mint(exp=None), "missing_claim"),
    ("missing aud", lambda: ISSUER.mint(aud=None), "missing_claim"),
    ("missing iss", lambda: ISSUER.mint(iss=None), "missing_claim"),
    ("missing sub", lambda: ISSUER.mint(sub=None), "missing_claim"),
    ("empty sub", lambda: ISSUER.mint(sub="  "), "claims"),
    ("sub not a string", lambda: ISSUER.mint(sub=42), "malformed"),
    ("roles an object", lambda: ISSUER.mint(roles={"admin": True}), "claims"),
    ("services with a number", lambda: ISSUER.mint(services=["a", 1]), "claims"),
    ("signed by a foreign key, same kid", lambda: IMPOSTOR.mint(), "signature"),
    ("foreign ec key, same kid", lambda: IMPOSTOR.mint(key="ec"), "signature"),
    ("payload tampered", lambda: tamper_payload(ISSUER.mint(), roles=["admin"]), "signature"),
    ("unknown kid", lambda: ISSUER.mint(kid="no-such-key"), "unknown_kid"),
    ("no kid", lambda: ISSUER.mint(kid=""), "unknown_kid"),
    (
        "embedded jwk header of an attacker key",
        lambda: IMPOSTOR.mint(kid="attacker", headers={"jwk": IMPOSTOR.jwks()["keys"][0]}),
        "unknown_kid",
    ),
    (
        "jku header pointing elsewhere",
        lambda: IMPOSTOR.mint(headers={"jku": "http://127.0.0.1:9/jwks"}),
        "signature",
    ),
    ("alg none", lambda: ISSUER.mint_unsigned(), "algorithm"),
    ("HS256 keyed with the public key", lambda: ISSUER.mint_hmac_with_public_key(), "algorithm"),
    ("HS256 with a shared secret", _hs256_with_secret, "algorithm"),
    ("algorithm not configured (RS384)", lambda: ISSUER.mint(alg="RS384"), "algorithm"),
    (
        "ec signature under the rsa key's kid",
        lambda: ISSUER.mint(key="ec", kid=ISSUER.keys["rsa"].kid),
        "algorithm",
    ),
    ("crit header", lambda: ISSUER.mint(headers={"crit": ["exp"]}), "malformed"),
]


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [pytest.param(make, reason, id=name) for name, make, reason in BAD_TOKENS],
)
async def test_when_token_is_bad_then_invalid_token_without_details(
    validator: TokenValidator, make_token: Callable[[], str], reason: str
) -> None:
    with pytest.raises(InvalidTokenError) as caught:
        await validator.validate(make_token())
    assert caught.value.reason == reason
    assert str(caught.value) == ERR_INVALID_TOKEN


GOOD_TOKENS: list[tuple[str, dict[str, Any], dict[str, Any], tuple[str, ...], tuple[str, ...]]] = [
    # (id, mint kwargs, settings overrides, expected roles, expected scopes)
    (
        "rsa officer with two services",
        {"roles": ["compliance-officer"], "services": ["wohngeld", "kita"]},
        {},
        ("compliance-officer",),
        ("wohngeld", "kita"),
    ),
    ("ec admin", {"key": "ec", "roles": ["admin"], "services": ["*"]}, {}, ("admin",), ("*",)),
    (
        "unknown and service roles dropped",
        {"roles": ["superuser", "ai-service", "admin", "admin"]},
        {},
        ("admin",),
        ("demo-service",),
    ),
    ("no roles at all", {"roles": None, "services": None}, {}, (), ()),
    (
        "space separated services",
        {"services": "wohngeld kita"},
        {},
        ("compliance-officer",),
        ("wohngeld", "kita"),
    ),
    (
        "provider role names mapped",
        {"roles": ["lp-officer", "lp-admin"]},
        {"role_map": {"lp-officer": "compliance-officer", "lp-admin": "admin"}},
        ("compliance-officer", "admin"),
        ("demo-service",),
    ),
    (
        "keycloak nested roles and custom scope claim",
        {"roles": None, "realm_access": {"roles": ["caseworker"]}, "departments": ["sozialamt"]},
        {"roles_claim": "realm_access.roles", "scopes_claim": "departments"},
        ("caseworker",),
        ("sozialamt",),
    ),
    (
        "audience list containing ours",
        {"aud": ["other", ISSUER.audience]},
        {},
        ("compliance-officer",),
        ("demo-service",),
    ),
    (
        "expired within leeway",
        {"lifetime_s": -2},
        {},
        ("compliance-officer",),
        ("demo-service",),
    ),
    (
        "PS256 allowed by configuration",
        {"alg": "PS256", "kid": "ps-key"},
        {"algorithms": ["PS256"]},
        ("compliance-officer",),
        ("demo-service",),
    ),
]


@pytest.mark.parametrize(
    ("mint_args", "overrides", "roles", "scopes"),
    [pytest.param(*row[1:], id=row[0]) for row in GOOD_TOKENS],
)
async def test_when_token_is_good_then_identity_has_roles_and_scopes(
    tmp_path: Path,
    mint_args: dict[str, Any],
    overrides: dict[str, Any],
    roles: tuple[str, ...],
    scopes: tuple[str, ...],
) -> None:
    document = ISSUER.jwks()
    # A copy of the RSA key without a declared alg, for the PS256 case.
    ps_key = dict(document["keys"][0], kid="ps-key")
    del ps_key["alg"]
    document["keys"].append(ps_key)
    (tmp_path / "jwks.json").write_text(json.dumps(document))
    validator = TokenValidator.from_settings(oidc_settings(tmp_path / "jwks.json", **overrides))
    token = ISSUER.mint(subject="officer-42", **mint_args)

    identity = await validator.validate(token)

    assert identity == OfficerIdentity(
        subject="officer-42",
        roles=roles,
        scopes=scopes,
        issuer=ISSUER.issuer,
        expires_at=jwt.decode(token, options={"verify_signature": False})["exp"],
    )


async def test_when_jwk_declares_alg_then_other_algorithms_are_refused(jwks_file: Path) -> None:
    validator = TokenValidator.from_settings(
        oidc_settings(jwks_file, algorithms=["RS256", "PS256"])
    )
    assert (await validator.validate(ISSUER.mint(alg="RS256"))).subject
    with pytest.raises(InvalidTokenError) as caught:
        await validator.validate(ISSUER.mint(alg="PS256"))  # the JWK says alg RS256
    assert caught.value.reason == "algorithm"


@pytest.mark.parametrize(
    ("scopes", "service", "expected"),
    [
        (("wohngeld",), "wohngeld", True),
        (("wohngeld",), "kita", False),
        (("*",), "kita", True),
        ((), "kita", False),
    ],
)
def test_when_asking_may_see_then_scopes_decide(
    scopes: tuple[str, ...], service: str, expected: bool
) -> None:
    identity = OfficerIdentity(
        subject="s", roles=("compliance-officer",), scopes=scopes, issuer="i", expires_at=0
    )
    assert identity.may_see(service) is expected
    assert identity.has_any_role("admin", "compliance-officer")
    assert not identity.has_any_role("admin")


@pytest.mark.parametrize(
    ("values", "error_field"),
    [
        ({"algorithms": ["HS256"]}, "algorithms"),
        ({"algorithms": ["none"]}, "algorithms"),
        ({"algorithms": ["RS256", "HS512"]}, "algorithms"),
        ({"jwks_uri": "x"}, "jwks_uri"),
    ],
)
def test_when_settings_name_symmetric_algorithms_then_they_are_rejected(
    values: dict[str, Any], error_field: str
) -> None:
    with pytest.raises(msgspec.ValidationError, match=error_field):
        msgspec.convert(values, OidcSettings)


@pytest.mark.parametrize(
    "sources", [{}, {"jwks_file": "a.json", "jwks_url": "http://127.0.0.1/jwks"}]
)
def test_when_not_exactly_one_jwks_source_then_configuration_error(
    sources: dict[str, str],
) -> None:
    settings = oidc_settings(**{"jwks_file": "", **sources})
    with pytest.raises(OidcError, match=ERR_NO_JWKS_SOURCE):
        TokenValidator.from_settings(settings)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://login.example.de/realms/x/certs", True),
        ("http://127.0.0.1:8081/jwks", True),
        ("http://localhost/jwks", True),
        ("http://login.example.de/realms/x/certs", False),
        ("ftp://login.example.de/certs", False),
        ("file:///etc/jwks.json", False),
    ],
)
def test_when_jwks_url_is_plain_http_off_loopback_then_configuration_error(
    url: str, accepted: bool
) -> None:
    settings = oidc_settings(jwks_file="", jwks_url=url)
    if accepted:
        assert isinstance(TokenValidator.from_settings(settings), TokenValidator)
    else:
        with pytest.raises(OidcError, match=re.escape(ERR_JWKS_URL_INSECURE)):
            TokenValidator.from_settings(settings)


def test_when_issuer_missing_then_configuration_error(jwks_file: Path) -> None:
    with pytest.raises(OidcError):
        TokenValidator.from_settings(oidc_settings(jwks_file, issuer=""))


@pytest.mark.parametrize(
    ("token", "expected"), [("a.b.c", True), ("lpk_abc", False), ("a.b", False), ("a.b.c.d", False)]
)
def test_when_routing_bearer_values_then_jwts_have_two_dots(token: str, expected: bool) -> None:
    assert looks_like_jwt(token) is expected


def test_when_jwks_has_symmetric_or_kidless_keys_then_they_are_skipped() -> None:
    rsa_jwk = ISSUER.jwks()["keys"][0]
    kidless = {k: v for k, v in rsa_jwk.items() if k != "kid"}
    document = {
        "keys": [
            rsa_jwk,
            {"kty": "oct", "kid": "hmac", "k": b64url(b"secret-secret-secret-secret-1234")},
            dict(rsa_jwk, kid="enc", use="enc"),
            kidless,
            {"kty": "RSA", "kid": "broken", "n": "AQAB"},
            "not an object",
        ]
    }
    assert set(parse_jwks(json.dumps(document).encode())) == {rsa_jwk["kid"]}


@pytest.mark.parametrize("raw", [b"", b"[]", b'{"keys": {}}', b"\xff"])
def test_when_jwks_document_invalid_then_unavailable(raw: bytes) -> None:
    with pytest.raises(JwksUnavailableError):
        parse_jwks(raw)


async def test_when_jwks_url_served_then_unknown_kid_refetches_at_most_once_per_interval() -> None:
    issuer = TestIssuer(kid_prefix="http-")
    with issuer.serve_jwks() as url:
        validator = TokenValidator.from_settings(
            oidc_settings(issuer=issuer.issuer, jwks_url=url, jwks_refresh_min_interval_s=3600)
        )
        try:
            assert (await validator.validate(issuer.mint(roles=["admin"]))).roles == ("admin",)
            assert issuer.jwks_requests == 1
            # A burst of forged kids: nothing may reach the provider within the interval.
            results = await asyncio.gather(
                *(validator.validate(issuer.mint(kid=f"forged-{i}")) for i in range(20)),
                return_exceptions=True,
            )
            assert all(isinstance(r, InvalidTokenError) for r in results)
            assert issuer.jwks_requests == 1
            assert await validator.ping()
        finally:
            await validator.aclose()


async def test_when_provider_rotates_keys_then_new_kid_is_fetched_after_min_interval() -> None:
    issuer = TestIssuer(kid_prefix="rot-")
    source = SwitchableSource(issuer.jwks())
    clock = FakeClock()
    cache = JwksCache(source=source, ttl_s=300, refresh_min_interval_s=10, clock=clock)
    validator = TokenValidator(settings=oidc_settings(issuer=issuer.issuer), jwks=cache)
    old_token = issuer.mint()
    await validator.validate(old_token)

    issuer.rotate("rsa", kid="rot-rsa-2")
    source.document = issuer.jwks()
    new_token = issuer.mint()
    clock.now += 5  # within the refresh interval: the new kid is still unknown
    with pytest.raises(InvalidTokenError, match=ERR_INVALID_TOKEN):
        await validator.validate(new_token)
    clock.now += 6

    assert (await validator.validate(new_token)).subject == "officer-7f3a"
    with pytest.raises(InvalidTokenError) as caught:
        await validator.validate(old_token)  # its key was withdrawn
    assert caught.value.reason == "unknown_kid"
    assert source.fetches == 2


async def test_when_provider_down_then_cached_keys_serve_until_max_stale() -> None:
    source = SwitchableSource(ISSUER.jwks())
    clock = FakeClock()
    cache = JwksCache(
        source=source, ttl_s=100, refresh_min_interval_s=10, max_stale_s=50, clock=clock
    )
    validator = TokenValidator(settings=oidc_settings(), jwks=cache)
    token = ISSUER.mint()
    await validator.validate(token)
    source.up = False

    clock.now += 120  # expired but within max stale
    assert (await validator.validate(token)).subject == "officer-7f3a"
    assert await validator.ping()
    clock.now += 40  # 160 s > ttl + max_stale
    with pytest.raises(JwksUnavailableError):
        await validator.validate(token)
    assert not await validator.ping()

    source.up = True
    clock.now += 10
    assert (await validator.validate(token)).subject == "officer-7f3a"


@pytest.mark.parametrize("where", ["missing file", "unreachable url", "url answering 404"])
async def test_when_jwks_unavailable_from_start_then_jwks_unavailable_error(
    tmp_path: Path, where: str
) -> None:
    issuer = ISSUER
    with issuer.serve_jwks() as live_url:
        source = {
            "missing file": {"jwks_file": str(tmp_path / "absent.json")},
            "unreachable url": {"jwks_file": "", "jwks_url": "http://127.0.0.1:9/jwks"},
            "url answering 404": {"jwks_file": "", "jwks_url": live_url + "-nope"},
        }[where]
        validator = TokenValidator.from_settings(oidc_settings(issuer=issuer.issuer, **source))
        try:
            with pytest.raises(JwksUnavailableError):
                await validator.validate(issuer.mint())
            assert not await validator.ping()
        finally:
            await validator.aclose()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=st.text(max_size=300))
async def test_when_bearer_value_is_arbitrary_text_then_only_invalid_token(
    validator: TokenValidator, token: str
) -> None:
    with pytest.raises(InvalidTokenError):
        await validator.validate(token)


_GOOD = ISSUER.mint(lifetime_s=86_400)  # built at import: must outlive a long run


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    position=st.integers(min_value=0, max_value=len(_GOOD) - 1),
    char=st.sampled_from('AZaz09-_.=+/ {}"\x00é'),
)
async def test_when_one_character_of_a_good_token_changes_then_never_another_error(
    validator: TokenValidator, position: int, char: str
) -> None:
    mutated = _GOOD[:position] + char + _GOOD[position + 1 :]
    try:
        identity = await validator.validate(mutated)
    except InvalidTokenError as exc:
        assert str(exc) == ERR_INVALID_TOKEN
    else:
        # Only an edit that decodes to the same bytes (spare base64 bits) may still pass.
        assert identity.subject == "officer-7f3a"
