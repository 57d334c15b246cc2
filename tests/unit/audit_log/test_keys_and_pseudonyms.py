"""Checkpoint keys, subject pseudonyms, sealed personal fields, URL handling."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key

from audit_log import (
    AuditError,
    AuditEvent,
    AuditIntegrityError,
    AuditQuery,
    CheckpointError,
    CheckpointSigner,
    InvalidEventError,
    InvalidQueryError,
    SubjectPseudonymizer,
    load_public_key,
    load_signer,
    open_audit_store,
)
from audit_log.canonical import check_event
from audit_log.checkpoints import checkpoint_problem
from audit_log.stores import PostgresAuditStore, SqliteAuditStore
from audit_log.subjects import new_subject_key, seal, unseal


def test_when_dev_key_is_generated_then_it_is_private_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "checkpoint.pem"

    created = CheckpointSigner.generate_dev_key(path)
    reloaded = CheckpointSigner.generate_dev_key(path)
    from_env_pem = CheckpointSigner.from_pem(path.read_text())

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert created.key_id == reloaded.key_id == from_env_pem.key_id
    cp = created.sign(tree_size=1, root_hash="ab" * 32, head_hash="cd" * 32, created_at="t")
    assert checkpoint_problem(cp, load_public_key(reloaded.public_key_pem())) == ""


@pytest.mark.parametrize("kind", ["ec", "garbage"])
def test_when_key_is_not_ed25519_then_checkpoint_error(kind: str) -> None:
    if kind == "ec":
        pem = generate_private_key(SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        pem = b"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"
    with pytest.raises(CheckpointError):
        CheckpointSigner.from_pem(pem)


def test_when_pseudonymizing_then_stable_per_key_and_unlinkable_across_keys() -> None:
    a = SubjectPseudonymizer(b"k" * 32)
    b = SubjectPseudonymizer(b"j" * 32)

    first, again = a.pseudonym("AZ-2026-0001"), a.pseudonym("AZ-2026-0001")

    assert first == again and first.startswith("sp1_") and len(first) == 36
    assert first != a.pseudonym("AZ-2026-0002")
    assert first != b.pseudonym("AZ-2026-0001")
    assert first != a.pseudonym("AZ-2026-0001", domain="case")
    with pytest.raises(AuditError):
        SubjectPseudonymizer(b"short")


@pytest.mark.parametrize(
    ("field", "value"), [("record_id", "other"), ("subject", "sp1_z"), ("key_id", "k2")]
)
def test_when_sealed_fields_are_moved_to_another_record_then_decryption_fails(
    field: str, value: str
) -> None:
    key = new_subject_key()
    binding = {"key_id": "k1", "record_id": "r1", "subject": "sp1_y"}
    sealed = seal(key=key, fields={"name": "Max"}, **binding)

    assert unseal(key=key, sealed=sealed, **binding) == {"name": "Max"}
    with pytest.raises(AuditIntegrityError):
        unseal(key=key, sealed=sealed, **{**binding, field: value})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/audit.db", SqliteAuditStore),
        ("sqlite:////tmp/x/audit.db", SqliteAuditStore),
        ("postgresql://postgres@127.0.0.1:5432/test", PostgresAuditStore),
        ("postgres://postgres@127.0.0.1/test", PostgresAuditStore),
    ],
)
def test_when_url_is_supported_then_matching_store_is_built(url: str, expected: type) -> None:
    assert isinstance(open_audit_store(url), expected)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x/y", "unsupported audit store URL scheme 'mysql'"),
        ("sqlite:///:memory:", "in-memory"),
        ("sqlite://", "has no path"),
        ("audit.db", "unsupported"),
    ],
)
def test_when_url_is_unusable_then_audit_error_names_the_problem(url: str, message: str) -> None:
    with pytest.raises(AuditError, match=message):
        open_audit_store(url)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"event_type": "NotDotted"},
        {"event_type": "proxy."},
        {"personal": {"name": "Max"}},  # no subject
    ],
)
def test_when_event_is_malformed_then_invalid_event_error(kwargs: dict[str, object]) -> None:
    fields: dict[str, object] = {"event_type": "proxy.call.completed", "request_id": "r"}
    fields["actor"] = "a"
    fields.update(kwargs)
    with pytest.raises(InvalidEventError):
        AuditEvent(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reason_codes": ("ok", 3)},
        {"pii_entities": {"PERSON": "2"}},
        {"pii_entities": {"PERSON": True}},
        {"subject": "sp1_x", "personal": {"name": 5}},
        {"actor": 7},
        {"payload": {"x": float("nan")}},
    ],
)
def test_when_event_content_has_wrong_types_then_rejected_before_queueing(
    kwargs: dict[str, object],
) -> None:
    fields: dict[str, object] = {"event_type": "proxy.call.completed", "request_id": "r"}
    fields["actor"] = "a"
    fields.update(kwargs)
    event = AuditEvent(**fields)  # type: ignore[arg-type]
    with pytest.raises(InvalidEventError):
        check_event(event)


def test_when_caller_mutates_its_dicts_then_event_is_unchanged() -> None:
    payload = {"n": 1}
    event = AuditEvent(event_type="a.b", request_id="r", actor="x", payload=payload)

    payload["n"] = 2

    assert event.payload["n"] == 1
    assert event.to_dict()["payload"] == {"n": 1}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, AuditQuery()),
        (
            {"service": "svc", "pii_entity": "PERSON"},
            AuditQuery(service="svc", pii_entity="PERSON"),
        ),
        ({"limit": "7", "order": "desc"}, AuditQuery(limit=7, descending=True)),
        (
            {"since": "2026-11-23T05:00:00Z", "until": "2026-11-23T07:00:00+02:00"},
            AuditQuery(
                since=datetime(2026, 11, 23, 5, tzinfo=UTC),
                until=datetime(2026, 11, 23, 5, tzinfo=UTC),
            ),
        ),
    ],
)
def test_when_http_params_are_valid_then_query_is_built(
    params: dict[str, str], expected: AuditQuery
) -> None:
    assert AuditQuery.from_params(params) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "'limit'"),
        ({"limit": "1001"}, "'limit'"),
        ({"limit": "ten"}, "'limit'"),
        ({"since": "yesterday"}, "'since'"),
        ({"until": "2026-11-23T05:00:00"}, "'until'"),
        ({"order": "up"}, "'order'"),
        ({"drop": "table"}, "unknown audit query parameter 'drop'"),
    ],
)
def test_when_http_params_are_invalid_then_invalid_query_error_names_them(
    params: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidQueryError, match=message):
        AuditQuery.from_params(params)


def test_when_loading_signer_then_pem_beats_file_beats_dev_key(tmp_path: Path) -> None:
    a = CheckpointSigner.generate_dev_key(tmp_path / "a.pem")
    b = CheckpointSigner.generate_dev_key(tmp_path / "b.pem")
    pem_a = (tmp_path / "a.pem").read_text()

    from_pem = load_signer(pem=pem_a, path=tmp_path / "b.pem")
    from_file = load_signer(path=tmp_path / "b.pem", dev_path=tmp_path / "c.pem")
    from_dev = load_signer(dev_path=tmp_path / "c.pem")

    assert from_pem is not None and from_pem.key_id == a.key_id
    assert from_file is not None and from_file.key_id == b.key_id
    assert from_dev is not None and (tmp_path / "c.pem").exists()
    assert load_signer() is None
