"""Typed, frozen values that cross the audit log's boundary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal

from audit_log import errors

PersonalStatus = Literal["none", "sealed", "decrypted", "erased", "expired"]
"""State of a record's encrypted personal fields as seen by the reader.

none: the event had no personal fields; sealed: present but not decrypted (not asked for);
decrypted: ``event.personal`` holds the clear values; erased: the subject's key was destroyed;
expired: the retention job removed the ciphertext.
"""

_EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True, kw_only=True)
class AuditEvent:
    """One thing that happened, as the gateway reports it.

    Attributes:
        event_type: Dotted name, e.g. ``proxy.call.completed``, ``decision.made``.
        request_id: Request id of the HTTP call that caused the event.
        actor: Service name or officer subject.
        pii_entities: Entity type -> count; never the values.
        subject: Keyed HMAC pseudonym of the data subject (see ``SubjectPseudonymizer``).
        payload: Event details; JSON with str/int/bool/None/list/dict only, no floats.
        personal: Personal fields that must be kept. They are encrypted with the subject's key
            before hashing (crypto-erasure, GDPR Art. 17); needs ``subject``.
    """

    event_type: str
    request_id: str
    actor: str
    service: str = ""
    model: str = ""
    purpose: str = ""
    outcome: str = ""
    policy_result: str = ""
    policy_revision: str = ""
    reason_codes: tuple[str, ...] = ()
    pii_entities: Mapping[str, int] = field(default_factory=dict, hash=False)
    subject: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict, hash=False)
    personal: Mapping[str, str] = field(default_factory=dict, hash=False, repr=False)

    def __post_init__(self) -> None:
        if not _EVENT_TYPE.match(self.event_type):
            raise errors.InvalidEventError(errors.BAD_EVENT_TYPE)
        if self.personal and not self.subject:
            raise errors.InvalidEventError(errors.PERSONAL_WITHOUT_SUBJECT)
        # Copies keep a committed event immutable even if the caller mutates its dicts.
        object.__setattr__(self, "reason_codes", tuple(self.reason_codes))
        object.__setattr__(self, "pii_entities", _frozen_mapping(self.pii_entities))
        object.__setattr__(self, "payload", _frozen_mapping(self.payload))
        object.__setattr__(self, "personal", _frozen_mapping(self.personal))

    def to_dict(self, *, include_personal: bool = False) -> dict[str, Any]:
        """JSON-ready form; personal fields only when asked for."""
        out: dict[str, Any] = {
            "event_type": self.event_type,
            "request_id": self.request_id,
            "actor": self.actor,
            "service": self.service,
            "model": self.model,
            "purpose": self.purpose,
            "outcome": self.outcome,
            "policy_result": self.policy_result,
            "policy_revision": self.policy_revision,
            "reason_codes": list(self.reason_codes),
            "pii_entities": dict(self.pii_entities),
            "subject": self.subject,
            "payload": _thaw(self.payload),
        }
        if include_personal:
            out["personal"] = dict(self.personal)
        return out


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


@dataclass(frozen=True, kw_only=True)
class AuditRecord:
    """A committed event with its place in the log.

    Attributes:
        id: Record id, 32 hex digits (time-ordered, 80 random bits).
        seq: Gapless position in the log, from 1.
        occurred_at: RFC 3339 UTC with microseconds, e.g. ``2026-11-23T05:00:00.123456Z``.
        leaf_hash: RFC 6962 leaf hash of the canonical record (hex).
        prev_hash: ``hash`` of record ``seq - 1`` (64 zeros for seq 1).
        hash: ``SHA-256(prev_hash || leaf_hash)`` over the raw 32-byte values (hex).
        payload_sha256: SHA-256 of the canonical payload; survives retention.
        payload_removed: True once the retention job removed the payload.
        personal_status: See ``PersonalStatus``.
    """

    id: str
    seq: int
    occurred_at: str
    event: AuditEvent
    prev_hash: str
    hash: str
    leaf_hash: str = ""
    payload_sha256: str = ""
    payload_removed: bool = False
    personal_status: PersonalStatus = "none"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form used by the HTTP API and the export."""
        return {
            "id": self.id,
            "seq": self.seq,
            "occurred_at": self.occurred_at,
            "event": self.event.to_dict(include_personal=self.personal_status == "decrypted"),
            "payload_removed": self.payload_removed,
            "payload_sha256": self.payload_sha256,
            "personal_status": self.personal_status,
            "leaf_hash": self.leaf_hash,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


MAX_PAGE = 1000
_STRING_FILTERS = frozenset(
    {
        "event_type",
        "actor",
        "service",
        "model",
        "purpose",
        "policy_result",
        "outcome",
        "reason_code",
        "request_id",
        "subject",
        "pii_entity",
    }
)


@dataclass(frozen=True, kw_only=True)
class AuditQuery:
    """Filters for ``AuditStore.query``; empty/None filters match everything.

    ``since`` is inclusive, ``until`` exclusive. Order is by ``seq`` (ascending unless
    ``descending``); ``cursor`` is the ``next_cursor`` of the previous page.
    """

    event_type: str | None = None
    actor: str | None = None
    service: str | None = None
    model: str | None = None
    purpose: str | None = None
    policy_result: str | None = None
    outcome: str | None = None
    reason_code: str | None = None
    request_id: str | None = None
    subject: str | None = None
    pii_entity: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    cursor: str | None = None
    limit: int = 50
    descending: bool = False
    include_personal: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> AuditQuery:
        """Build from HTTP query parameters (all strings); unknown names are refused.

        ``since``/``until`` are RFC 3339 with offset (``Z`` allowed); ``limit`` an integer;
        ``order`` is ``asc`` (default) or ``desc``.

        Raises:
            InvalidQueryError: a name or value is not acceptable (message says which).
        """
        values: dict[str, Any] = {}
        for name, raw in params.items():
            bad = errors.InvalidQueryError(errors.BAD_QUERY_VALUE.format(name=name))
            if name in _STRING_FILTERS or name == "cursor":
                values[name] = raw
            elif name in ("since", "until"):
                try:
                    moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                except ValueError as exc:
                    raise bad from exc
                if moment.tzinfo is None:
                    raise bad
                values[name] = moment
            elif name == "limit":
                if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
                    raise bad
                values[name] = int(raw)
            elif name == "order":
                if raw not in ("asc", "desc"):
                    raise bad
                values["descending"] = raw == "desc"
            else:
                raise errors.InvalidQueryError(errors.UNKNOWN_QUERY_PARAM.format(name=name))
        return cls(**values)

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True, kw_only=True)
class AuditPage:
    """One page of query results; ``next_cursor`` is None on the last page."""

    records: tuple[AuditRecord, ...]
    next_cursor: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "records": [r.to_dict() for r in self.records],
            "next_cursor": self.next_cursor,
        }


@dataclass(frozen=True, kw_only=True)
class Checkpoint:
    """A signed statement over the Merkle root of the first ``tree_size`` records.

    ``statement`` is the C2SP checkpoint text that was signed and ``signature`` its note
    signature lines, so ``note`` is the C2SP signed note (pre-0.4 checkpoints: canonical JSON
    and a bare base64 signature). The other fields repeat its content for convenience;
    ``head_hash`` and ``created_at`` are not signed.
    """

    tree_size: int
    root_hash: str
    head_hash: str
    created_at: str
    key_id: str
    statement: str
    signature: str

    @property
    def note(self) -> str:
        """The checkpoint as a C2SP signed note (text, blank line, signature lines)."""
        return f"{self.statement}\n{self.signature}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "note": self.note,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "head_hash": self.head_hash,
            "created_at": self.created_at,
            "key_id": self.key_id,
            "statement": self.statement,
            "signature": self.signature,
        }


@dataclass(frozen=True, kw_only=True)
class VerifyReport:
    """Result of a full verification; ``problem`` says what and where when not ok."""

    ok: bool
    records_checked: int
    first_bad_seq: int | None
    problem: str
    checkpoints_checked: int = 0
    latest_checkpoint_size: int | None = None
    # Filled by ``audit_log.anchored.verify_anchored`` (verification against outside state).
    last_anchored_size: int | None = None
    unanchored_records: int = 0
    anchors_checked: int = 0
    anchored_by: tuple[str, ...] = ()
    tail_bound: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "records_checked": self.records_checked,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
            "checkpoints_checked": self.checkpoints_checked,
            "latest_checkpoint_size": self.latest_checkpoint_size,
            "last_anchored_size": self.last_anchored_size,
            "unanchored_records": self.unanchored_records,
            "anchors_checked": self.anchors_checked,
            "anchored_by": list(self.anchored_by),
            "tail_bound": self.tail_bound,
        }


@dataclass(frozen=True, kw_only=True)
class InclusionProof:
    """RFC 6962 inclusion proof of one record against a signed checkpoint.

    ``leaf_input`` is the record's canonical content object; a verifier canonicalizes it
    (RFC 8785), hashes it as a leaf, folds ``audit_path`` to the root and checks the checkpoint
    signature with the public key (see docs/verify-proof.md).
    """

    record_id: str
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: tuple[str, ...]
    leaf_input: Mapping[str, Any]
    checkpoint: Checkpoint

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (what the proof endpoint returns)."""
        return {
            "record_id": self.record_id,
            "leaf_index": self.leaf_index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash,
            "audit_path": list(self.audit_path),
            "leaf_input": _thaw(self.leaf_input),
            "checkpoint": self.checkpoint.to_dict(),
        }


@dataclass(frozen=True, kw_only=True)
class RetentionReport:
    """What a retention run changed."""

    cutoff: str
    payloads_removed: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"cutoff": self.cutoff, "payloads_removed": self.payloads_removed}


@dataclass(frozen=True, kw_only=True)
class ConsistencyProof:
    """RFC 6962 consistency proof: the tree of ``first_size`` records is a prefix of the tree of
    ``second_size`` records. With two signed checkpoints' roots, anyone can check that nothing
    before ``first_size`` was changed, removed or reordered in between."""

    first_size: int
    second_size: int
    path: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "first_size": self.first_size,
            "second_size": self.second_size,
            "path": list(self.path),
        }
