"""The records as operations shared by the CLI, the JSON API and the dashboard.

Every generated document is appended to the audit log as ``records.<kind>.generated`` with
the whole document in its payload (docs/decisions/0070): the log is the versioned store, each
version has a place in the hash chain and an inclusion proof, and what was handed to a
supervisory authority can be shown unchanged later. The version of a document is the
``seq`` of its audit record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from audit_log.types import AuditEvent, AuditQuery, AuditRecord
from gateway.components import Components
from gateway.records.facts import gather_facts
from records import build_algorithm_register, build_fria, build_registration, build_ropa

Kind = Literal["ropa", "fria", "registration"]
KINDS: tuple[Kind, ...] = ("ropa", "fria", "registration")
NEEDS_MODEL: frozenset[str] = frozenset({"fria", "registration"})
HISTORY_LIMIT = 100


def event_type(kind: str) -> str:
    return f"records.{kind}.generated"


@dataclass(frozen=True, kw_only=True)
class StoredDocument:
    """A document as generated and recorded in the audit log."""

    kind: str
    model: str
    version: int  # seq of its audit record
    record_id: str
    recorded_at: str
    actor: str
    sha256: str
    services: tuple[str, ...]  # the services the document covers; ("*",) for all
    document: dict[str, Any] | None  # None once retention removed the payload

    def visible_to(self, scope: frozenset[str] | None) -> bool:
        """True when a reader limited to ``scope`` (None: all services) may see this version.

        Only the record of processing activities is cut by service; who may see a model's
        FRIA or registration is decided by the model's services before this is asked.
        """
        if self.kind != "ropa" or scope is None:
            return True
        return "*" not in self.services and set(self.services) <= scope

    def current_for(self, scope: frozenset[str] | None) -> bool:
        """True when this version is the document a reader with ``scope`` asks for."""
        if self.kind != "ropa":
            return True
        return self.services == ("*",) if scope is None else set(self.services) == scope

    def summary(self) -> dict[str, Any]:
        """What a history listing shows (no document body)."""
        return {
            "kind": self.kind,
            "model": self.model,
            "version": self.version,
            "record_id": self.record_id,
            "recorded_at": self.recorded_at,
            "actor": self.actor,
            "sha256": self.sha256,
            "status": (self.document or {}).get("status", "removed"),
        }


def document_sha256(document: dict[str, Any]) -> str:
    """SHA-256 over the document's sorted-key JSON (what the export carries)."""
    data = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


async def generate(
    components: Components,
    *,
    kind: Kind,
    model: str = "",
    services: frozenset[str] | None = None,
    actor: str,
    request_id: str,
) -> StoredDocument:
    """Build a document from the current facts and record it in the audit log.

    Args:
        services: for the record of processing activities, the services the reader may see
            (None: all).

    Raises:
        records.UnknownModelError: ``model`` is not an automated-decision model.
        RetentionPolicyError: the bundle's retention policy is invalid.
        AuditError: the document could not be recorded (nothing is returned then).
    """
    facts = await gather_facts(components, now=datetime.now(UTC))
    if kind != "ropa":
        services = None  # a model's documents always cover all of its services
    if kind == "ropa":
        document = build_ropa(facts, services=services)
    elif kind == "fria":
        document = build_fria(facts, model)
    else:
        latest = await latest_document(components, kind="fria", model=model)
        fria = latest.document if latest and latest.document else build_fria(facts, model)
        if latest and latest.document:
            fria = {**fria, "version": latest.version}
        document = build_registration(facts, model, fria)
        document["algorithm_register"] = {
            lang: build_algorithm_register(facts, model, fria, lang=lang) for lang in ("de", "en")
        }
    digest = document_sha256(document)
    record = await components.audit.append(
        AuditEvent(
            event_type=event_type(kind),
            request_id=request_id,
            actor=actor,
            model=model,
            outcome=document["status"],
            policy_revision=facts.policy_revision,
            payload={
                "kind": kind,
                "services": sorted(services) if services is not None else ["*"],
                "sha256": digest,
                "document": document,
            },
        )
    )
    return _stored(record)


def _stored(record: AuditRecord) -> StoredDocument:
    payload = record.event.payload
    document = payload.get("document")
    return StoredDocument(
        kind=str(payload.get("kind", record.event.event_type.split(".")[1])),
        model=record.event.model,
        version=record.seq,
        record_id=record.id,
        recorded_at=record.occurred_at,
        actor=record.event.actor,
        sha256=str(payload.get("sha256", "")),
        services=tuple(payload.get("services", ("*",))),
        document=_thaw(document) if document is not None else None,
    )


def _thaw(value: Any) -> Any:
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


async def history(
    components: Components, *, kind: Kind, model: str = "", limit: int = HISTORY_LIMIT
) -> list[StoredDocument]:
    """The recorded versions of a document, newest first."""
    page = await components.audit.query(
        AuditQuery(event_type=event_type(kind), model=model or None, limit=limit,
                   descending=True)
    )
    return [_stored(r) for r in page.records]


async def latest_document(
    components: Components, *, kind: Kind, model: str = "",
    scope: frozenset[str] | None = None,
) -> StoredDocument | None:
    """The newest recorded version for a reader with ``scope`` (None: all), or None."""
    for version in await history(components, kind=kind, model=model):
        if version.current_for(scope):
            return version
    return None


async def stored_version(
    components: Components, *, kind: Kind, version: int, model: str = ""
) -> StoredDocument | None:
    """One recorded version by its number (the audit record's seq), or None."""
    query = AuditQuery(event_type=event_type(kind), model=model or None, limit=500)
    async for record in components.audit.iter_records(query):
        if record.seq == version:
            return _stored(record)
        if record.seq > version:
            break
    return None
