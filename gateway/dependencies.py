"""Typed dependencies for route handlers (litestar ``Provide``).

A handler names what it needs as a typed parameter and litestar passes it in:

    async def get_decision(decision_id: str, decisions: DecisionPipeline,
                           identity: Identity) -> dict[str, Any]: ...

so strict mypy checks every call on the components, the identity and the pipelines, and a
test can hand a handler's collaborators in directly. Where no injection exists (guards,
middleware, helpers), ``gateway.components.components_of`` is the one typed way to reach them.

Names (registered app-wide in ``app.py``): ``components``, ``identity``, ``chat``
(``ChatPipeline``) and ``decisions`` (``DecisionPipeline``). The request id is not one of them:
``request_id`` is a query parameter of the audit search; handlers call ``request_id_of``.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import Provide

from gateway.auth import current_identity
from gateway.components import Components, components_of
from gateway.decisions import DecisionPipeline
from gateway.keys import Identity
from gateway.pipeline import ChatPipeline


def _components(request: Request[Any, Any, Any]) -> Components:
    return components_of(request)


def _identity(request: Request[Any, Any, Any]) -> Identity:
    return current_identity(request)


def _chat(components: Components) -> ChatPipeline:
    return ChatPipeline(components)


def _decisions(components: Components) -> DecisionPipeline:
    return DecisionPipeline(components)


DEPENDENCIES: dict[str, Provide] = {
    "components": Provide(_components, sync_to_thread=False),
    "identity": Provide(_identity, sync_to_thread=False),
    "chat": Provide(_chat, sync_to_thread=False),
    "decisions": Provide(_decisions, sync_to_thread=False),
}
