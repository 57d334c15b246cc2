"""Who sees which services in the review queue."""

from __future__ import annotations

import pytest

from gateway.errors import NotFoundError
from gateway.keys import Identity
from gateway.oidc import OfficerIdentity
from gateway.reviews import allowed_services


def _officer(*scopes: str) -> OfficerIdentity:
    return OfficerIdentity(subject="s", roles=("caseworker",), scopes=scopes, issuer="i",
                           expires_at=0)


CASEWORKER = Identity(key_id="k", name="cw", role="caseworker", services=("*",))
UNBOUND_CASEWORKER = Identity(key_id="k", name="cw", role="caseworker")
SERVICE = Identity(key_id="k", name="wohngeld-app", role="ai-service")


@pytest.mark.parametrize(
    ("identity", "officer", "service", "expected"),
    [
        (SERVICE, None, None, ("wohngeld-app",)),
        (SERVICE, None, "wohngeld-app", ("wohngeld-app",)),
        (CASEWORKER, None, None, None),
        (CASEWORKER, None, "x", ("x",)),
        (CASEWORKER, _officer("*"), None, None),
        (CASEWORKER, _officer("b", "a"), None, ("a", "b")),
        (CASEWORKER, _officer("b", "a"), "a", ("a",)),
        (UNBOUND_CASEWORKER, None, None, ()),  # a caseworker key bound to no service
        (Identity(key_id="k", name="cw", role="caseworker", services=("b", "a")), None, None,
         ("a", "b")),
    ],
)
def test_when_caller_scoped_then_queue_limited_to_their_services(
    identity: Identity, officer: OfficerIdentity | None, service: str | None,
    expected: tuple[str, ...] | None,
) -> None:
    assert allowed_services(identity, officer, service) == expected


@pytest.mark.parametrize(
    ("identity", "officer"), [(SERVICE, None), (CASEWORKER, _officer("a"))]
)
def test_when_service_outside_scope_then_404(
    identity: Identity, officer: OfficerIdentity | None
) -> None:
    with pytest.raises(NotFoundError):
        allowed_services(identity, officer, "other")
