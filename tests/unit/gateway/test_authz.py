"""The service scope each kind of credential gets (gateway.authz), and keys bound to services."""

from __future__ import annotations

import asyncio

import pytest

from gateway import authz
from gateway.errors import ForbiddenError, NotFoundError
from gateway.keys import Identity, open_key_store


def ident(role: str, services: tuple[str, ...] | None = None, name: str = "x") -> Identity:
    return Identity(key_id="k", name=name, role=role, services=services)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("identity", "scope"),
    [
        (ident("ai-service", name="svc-a"), frozenset({"svc-a"})),
        (ident("ai-service", ("*",), name="svc-a"), frozenset({"svc-a"})),  # never widened
        (ident("compliance-officer"), None),
        (ident("admin"), None),
        (ident("compliance-officer", ("a",)), frozenset({"a"})),
        (ident("compliance-officer", ("*",)), None),
        (ident("compliance-officer", ()), frozenset()),  # OIDC token without services
        (ident("caseworker"), frozenset()),  # an unbound caseworker sees nothing
        (ident("caseworker", ("a", "b")), frozenset({"a", "b"})),
    ],
)
def test_when_identity_given_then_service_scope_follows_the_credential(
    identity: Identity, scope: frozenset[str] | None
) -> None:
    assert authz.service_scope(identity) == scope


def test_when_service_outside_scope_then_404_and_all_services_needed_then_403() -> None:
    scoped = ident("compliance-officer", ("a",))
    authz.require_visible(scoped, "a", what="decision", field="decision_id")
    with pytest.raises(NotFoundError):
        authz.require_visible(scoped, "b", what="decision", field="decision_id")
    with pytest.raises(ForbiddenError):
        authz.require_all_services(scoped)
    authz.require_all_services(ident("compliance-officer"))
    assert authz.narrow(scoped, None) == ("a",)
    with pytest.raises(NotFoundError):
        authz.narrow(scoped, "b")


def test_when_model_is_used_by_several_services_then_its_audits_need_all_of_them() -> None:
    governance = {"automated_decisions": {"models": {"m": {"services": ["a", "b"]}}}}
    assert not authz.may_see_model(ident("compliance-officer", ("a",)), governance, "m")
    assert authz.may_see_model(ident("compliance-officer", ("a", "b")), governance, "m")
    assert not authz.may_see_model(ident("compliance-officer", ("a",)), governance, "other")
    assert authz.may_see_model(ident("compliance-officer"), governance, "other")


def test_when_caseworker_policy_allows_then_protected_attributes_shown_to_caseworkers_only() -> (
    None
):
    allowed = {"review": {"caseworkers_see_protected_attributes": True}}
    assert authz.shows_protected_attributes(ident("caseworker", ("a",)), allowed)
    assert not authz.shows_protected_attributes(ident("caseworker", ("a",)), {})
    assert not authz.shows_protected_attributes(ident("compliance-officer"), allowed)


def test_when_key_bound_to_services_then_resolve_returns_them(database_url: str) -> None:
    async def run() -> None:
        store = open_key_store(database_url, pepper="p")
        await store.open()
        try:
            bound = await store.create(name="cw", role="caseworker", services=("a", "b"))
            unbound = await store.create(name="off", role="compliance-officer")
            assert (await store.resolve(bound.secret)) == bound.identity
            resolved = await store.resolve(unbound.secret)
            assert resolved is not None and resolved.services is None
        finally:
            await store.aclose()

    asyncio.run(run())
