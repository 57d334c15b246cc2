"""Canonical record content and the hashes over it.

Hashing scheme (version 1), the one third parties re-implement:

* ``content`` is the JSON object built by ``record_content``; its bytes are RFC 8785 (JCS)
  canonical JSON. The payload and the personal-field ciphertext enter only as SHA-256 digests,
  so retention and crypto-erasure never change a record's hash.
* ``leaf_hash = SHA-256(0x00 || content_bytes)`` (RFC 6962 leaf).
* ``hash = SHA-256(prev_hash || leaf_hash)`` over the raw 32-byte values, ``prev_hash`` of the
  first record being 32 zero bytes. This chain links every record to all earlier ones.
* The Merkle tree (RFC 6962 MTH) is built over the ``leaf_hash`` values in ``seq`` order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import rfc8785

from audit_log import errors
from audit_log.types import AuditEvent

CONTENT_VERSION = 1
GENESIS_HASH = "0" * 64
_MAX_SAFE_INT = 2**53 - 1
_STR_FIELDS = (
    "event_type",
    "request_id",
    "actor",
    "service",
    "model",
    "purpose",
    "outcome",
    "policy_result",
    "policy_revision",
    "subject",
)
_FAST = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def check_json(value: Any, path: str = "$") -> None:
    """Raise ``InvalidEventError`` unless ``value`` is float-free, JCS-safe JSON."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return
    if kind is int:
        if not -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
            raise errors.InvalidEventError(errors.INT_OUT_OF_RANGE.format(path=path))
        return
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise errors.InvalidEventError(
                    errors.BAD_VALUE_TYPE.format(type=type(key).__name__, path=path)
                )
            if type(item) is not str:
                check_json(item, f"{path}.{key}")
        return
    if kind is list or kind is tuple:
        for index, item in enumerate(value):
            if type(item) is not str:
                check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, float):
        raise errors.InvalidEventError(errors.FLOAT_IN_EVENT.format(path=path))
    # Subclasses (str enums, OrderedDict, ...) and other mappings are rejected so that what is
    # hashed is exactly what the JSON encoder writes and the store keeps.
    raise errors.InvalidEventError(
        errors.BAD_VALUE_TYPE.format(type=type(value).__name__, path=path)
    )


def _is_plain_json(value: Any) -> bool:
    # Hot path of every append: no path strings, no exceptions; check_json explains failures.
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_MAX_SAFE_INT <= value <= _MAX_SAFE_INT)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or (type(item) is not str and not _is_plain_json(item)):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:
            if type(item) is not str and not _is_plain_json(item):
                return False
        return True
    return False


def check_event(event: AuditEvent) -> None:
    """Validate everything of ``event`` that will be hashed."""
    for name in _STR_FIELDS:
        if type(getattr(event, name)) is not str:
            raise errors.InvalidEventError(
                errors.BAD_VALUE_TYPE.format(type=type(getattr(event, name)).__name__, path=name)
            )
    if any(type(code) is not str for code in event.reason_codes):
        raise errors.InvalidEventError(errors.BAD_LIST_ITEM.format(path="$.reason_codes"))
    if any(type(v) is not int for v in event.pii_entities.values()) or any(
        type(v) is not str for v in event.personal.values()
    ):
        raise errors.InvalidEventError(errors.BAD_LIST_ITEM.format(path="$.pii_entities/personal"))
    for name in ("reason_codes", "pii_entities", "payload", "personal"):
        value = getattr(event, name)
        if isinstance(value, MappingProxyType):  # the event's own frozen copy; nested: dict only
            value = dict(value)
        if not _is_plain_json(value):
            check_json(value, f"$.{name}")
            raise errors.InvalidEventError(  # pragma: no cover - check_json raised already
                errors.BAD_VALUE_TYPE.format(type=type(value).__name__, path=name)
            )


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON bytes of a float-free value (``check_json`` guarantees that).

    For float-free JSON, JCS and ``json.dumps(sort_keys=True, ensure_ascii=False)`` with
    compact separators differ only in key order when keys hold characters beyond U+FFFF (JCS
    sorts by UTF-16 code units). ASCII output cannot contain those, so the C encoder is used
    for it and the ``rfc8785`` package for everything else.
    """
    text = _FAST.encode(value)
    if text.isascii():
        return text.encode()
    return rfc8785.dumps(value)


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def payload_digest(payload: Mapping[str, Any]) -> str:
    """Digest of the canonical payload, kept after retention removes the payload."""
    return sha256_hex(canonical(dict(payload)))


EVENT_FIELDS = (
    "event_type",
    "request_id",
    "actor",
    "service",
    "model",
    "purpose",
    "outcome",
    "policy_result",
    "policy_revision",
    "reason_codes",
    "pii_entities",
    "subject",
)
"""Event attributes hashed in clear, in the order the stores keep them."""


def event_fields(event: AuditEvent) -> dict[str, Any]:
    """The hashed-in-clear attributes of an event as JSON values."""
    return {
        "event_type": event.event_type,
        "request_id": event.request_id,
        "actor": event.actor,
        "service": event.service,
        "model": event.model,
        "purpose": event.purpose,
        "outcome": event.outcome,
        "policy_result": event.policy_result,
        "policy_revision": event.policy_revision,
        "reason_codes": list(event.reason_codes),
        "pii_entities": dict(event.pii_entities),
        "subject": event.subject,
    }


def record_content(
    *,
    record_id: str,
    seq: int,
    occurred_at: str,
    fields: Mapping[str, Any],
    payload_sha256: str,
    personal_key_id: str | None,
    personal_ct_sha256: str | None,
) -> dict[str, Any]:
    """The object whose canonical bytes form the record's Merkle leaf.

    ``fields`` holds the ``EVENT_FIELDS`` (see ``event_fields``); it is taken from storage
    as-is when verifying, so tampered rows are hashed rather than rejected.
    """
    personal: dict[str, str] | None = None
    if personal_key_id is not None or personal_ct_sha256 is not None:
        personal = {"key_id": personal_key_id or "", "ct_sha256": personal_ct_sha256 or ""}
    content: dict[str, Any] = {
        "v": CONTENT_VERSION,
        "id": record_id,
        "seq": seq,
        "occurred_at": occurred_at,
    }
    for name in EVENT_FIELDS:
        content[name] = fields[name]
    content["payload_sha256"] = payload_sha256
    content["personal"] = personal
    return content


def leaf_hash(content: Mapping[str, Any]) -> str:
    """RFC 6962 leaf hash (hex) of a record content object."""
    return hashlib.sha256(b"\x00" + canonical(dict(content))).hexdigest()


def chain_hash(prev_hash: str, leaf: str) -> str:
    """Chain link: SHA-256 over the raw previous hash and the raw leaf hash."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + bytes.fromhex(leaf)).hexdigest()
