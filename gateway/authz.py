"""The one authorization decision: who may call which route, and what they may see there.

Two questions, answered here and nowhere else:

1. **Which route, which credentials** (``ROUTE_RULES``): one line per ``METHOD /path`` of the
   HTTP API. ``route_rule_guard`` (installed once, on the app) looks the request's route up;
   a route without a line is refused (403), and the access-matrix test, generated from the
   OpenAPI document, fails for it. Adding a route = adding its line here.
2. **Which services' resources** (``service_scope``): decisions, bias audits, audit records,
   proofs, exports and subject reports belong to services. An identity's scope comes from
   its credential:

   ==========================  ==========================================================
   credential                  scope
   ==========================  ==========================================================
   ai-service API key          its own service (the key's name)
   OIDC token                  the ``services`` claim (``"*"``: all); none: nothing
   caseworker API key          the services it is bound to (``keys create --services``);
                               unbound: nothing
   officer / admin API key     the services it is bound to; unbound: all (bootstrap and
                               development; production officers log in with OIDC)
   ==========================  ==========================================================

   Something outside the scope answers exactly like something that does not exist (404),
   so scoped callers cannot probe other services' ids.

Field-level: protected attributes of a decision (for bias audits) are shown to nobody by the
API except a caseworker when the policy data says reviews need them
(``governance.review.caseworkers_see_protected_attributes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from gateway.errors import ForbiddenError, NotFoundError
from gateway.keys import Identity, Role

ALL_SERVICES = "*"
Access = Literal["public", "citizen", "roles"]
ERR_NO_RULE = "this route has no access rule"
ERR_ALL_SERVICES = "this needs a scope over all services"


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may call one route.

    Attributes:
        access: ``public`` (no credentials), ``citizen`` (a decision's access code, checked by
            the route), or ``roles`` (bearer credentials with one of ``roles``).
        roles: the roles admitted when ``access`` is ``roles``.
        scope: how the route narrows to the caller's services (documentation and the
            access-matrix test): ``own`` (the resource's service), ``all`` (needs every
            service), ``none`` (no per-service data).
    """

    access: Access
    roles: tuple[Role, ...] = ()
    scope: Literal["own", "all", "none"] = "none"


PUBLIC = Rule("public")
CITIZEN = Rule("citizen")


def roles(*granted: Role, scope: Literal["own", "all", "none"] = "own") -> Rule:
    return Rule("roles", granted, scope)


SERVICE: tuple[Role, ...] = ("ai-service",)
OFFICERS: tuple[Role, ...] = ("compliance-officer", "admin")
READERS: tuple[Role, ...] = ("ai-service", "compliance-officer", "admin", "caseworker")

# One line per route. The path is Litestar's template (``{name}`` without the type).
ROUTE_RULES: Mapping[str, Rule] = {
    "POST /v1/chat/completions": roles(*SERVICE),
    "POST /v1/embeddings": roles(*SERVICE),
    "GET /v1/models": roles(*SERVICE, scope="none"),
    "GET /health/live": PUBLIC,
    "GET /health/ready": PUBLIC,
    "GET /metrics": PUBLIC,  # counts only; optionally a token ([metrics] token_file)
    "GET /v1/audit/events": roles(*OFFICERS),
    "GET /v1/audit/events/{record_id}": roles(*OFFICERS),
    "GET /v1/audit/events/{record_id}/proof": roles(*OFFICERS),
    "GET /v1/audit/verify": roles(*OFFICERS, scope="none"),  # a yes/no over hashes only
    "GET /v1/audit/export": roles(*OFFICERS),
    "GET /v1/audit/subjects/{subject}/report": roles(*OFFICERS, scope="all"),
    "POST /v1/audit/subjects/{subject}/erase": roles("admin", scope="all"),
    "GET /v1/audit/public-key": PUBLIC,
    "POST /v1/admin/policy/reload": roles("admin", scope="none"),
    "POST /v1/decisions": roles(*SERVICE),
    "GET /v1/decisions": roles(*READERS),
    "GET /v1/decisions/{decision_id}": roles(*READERS),
    "POST /v1/decisions/{decision_id}/outcome": roles("ai-service", "caseworker"),
    "POST /v1/decisions/{decision_id}/access-code/unlock": roles(*OFFICERS),
    "GET /v1/reviews": roles(*READERS),  # review queue; services their own, officers their scope
    "POST /v1/decisions/{decision_id}/review": roles("caseworker"),
    "GET /v1/citizen/decisions/{decision_id}/explanation": CITIZEN,
    "POST /v1/citizen/decisions/{decision_id}/review-request": CITIZEN,
    "GET /erklaerung/{decision_id}": PUBLIC,
    "POST /erklaerung/{decision_id}": CITIZEN,
    "POST /erklaerung/{decision_id}/pruefung": CITIZEN,
    "POST /v1/fairness/audits": roles(*OFFICERS, scope="all"),
    "GET /v1/fairness/audits": roles(*OFFICERS, scope="all"),
    "GET /v1/fairness/audits/{report_id}": roles(*OFFICERS, scope="all"),
    "GET /v1/records/{kind}": roles(*OFFICERS),  # ROPA of the services in scope
    "POST /v1/records/{kind}": roles(*OFFICERS),
    "GET /v1/records/{kind}/history": roles(*OFFICERS),
    "GET /v1/audit/retention": roles(*OFFICERS, scope="all"),
    "GET /v1/audit/holds": roles(*OFFICERS, scope="all"),
    "POST /v1/audit/holds": roles(*OFFICERS, scope="all"),
    "POST /v1/audit/holds/{hold_id}/release": roles(*OFFICERS, scope="all"),
}
# Not part of the JSON API: OpenAPI documents (public, no data) and the officer dashboard,
# which has its own login sessions and checks them on every page (gateway/ui).
UNRULED_PREFIXES = ("/schema", "/ui", "/static/ui")


def rule_key(method: str, path_template: str) -> str:
    return f"{method.upper()} {path_template}"


async def route_rule_guard(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """App-wide guard: the route's rule admits the caller, or the request is refused.

    Raises:
        ForbiddenError: the route has no rule (fail closed) or the caller's role is not in it.
        AuthenticationError: the rule needs credentials and there are none or bad ones.
    """
    from gateway.auth import admit  # auth resolves credentials; this module only decides

    template = str(connection.scope.get("path_template", connection.scope["path"]))
    method = str(connection.scope.get("method", ""))
    if template.startswith(UNRULED_PREFIXES) or method == "OPTIONS":
        return  # OPTIONS: Litestar's own answer (the Allow header), no data
    rule = ROUTE_RULES.get(rule_key(method, template))
    if rule is None:
        raise ForbiddenError(ERR_NO_RULE)
    if rule.access == "roles":
        await admit(connection, rule.roles)


# --------------------------------------------------------------------------- service scope


def service_scope(identity: Identity) -> frozenset[str] | None:
    """The services whose resources ``identity`` may see; None means all of them."""
    if identity.role == "ai-service":
        return frozenset({identity.name})
    if identity.services is None:
        return None if identity.role in OFFICERS else frozenset()
    if ALL_SERVICES in identity.services:
        return None
    return frozenset(identity.services)


def may_see(identity: Identity, service: str) -> bool:
    scope = service_scope(identity)
    return scope is None or service in scope


def require_visible(identity: Identity, service: str, *, what: str, field: str) -> None:
    """404 (the same as a missing id) when ``service`` is outside the caller's scope."""
    if not may_see(identity, service):
        raise NotFoundError(f"no {what} with this id", field=field)


def require_all_services(identity: Identity) -> None:
    """403 unless the caller's scope covers every service (reports spanning services)."""
    if service_scope(identity) is not None:
        raise ForbiddenError(ERR_ALL_SERVICES)


def narrow(identity: Identity, requested: str | None) -> tuple[str, ...] | None:
    """The services a listing may return: ``requested`` if visible, else the whole scope.

    Returns None for "no restriction" and an empty tuple for "nothing".

    Raises:
        NotFoundError: ``requested`` is outside the caller's scope.
    """
    scope = service_scope(identity)
    if requested is not None:
        if scope is not None and requested not in scope:
            raise NotFoundError("no such service in your scope", field="service")
        return (requested,)
    return None if scope is None else tuple(sorted(scope))


# --------------------------------------------------------------------------- field level


def shows_protected_attributes(identity: Identity, governance: Mapping[str, Any]) -> bool:
    """Protected attributes go only to caseworkers, and only when the policy data says so."""
    review = governance.get("review", {})
    return (
        identity.role == "caseworker"
        and isinstance(review, dict)
        and review.get("caseworkers_see_protected_attributes") is True
    )


def model_services(governance: Mapping[str, Any], model_id: str) -> frozenset[str]:
    """The services the policy data lets use a decision model (its bias audits span them)."""
    models = governance.get("automated_decisions", {})
    entry = models.get("models", {}).get(model_id, {}) if isinstance(models, dict) else {}
    services = entry.get("services", []) if isinstance(entry, dict) else []
    return frozenset(s for s in services if isinstance(s, str))


def may_see_model(identity: Identity, governance: Mapping[str, Any], model_id: str) -> bool:
    """A bias audit of a model pools every service using it: all must be in scope."""
    scope = service_scope(identity)
    if scope is None:
        return True
    services = model_services(governance, model_id)
    return bool(services) and services <= scope
