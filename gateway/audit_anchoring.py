"""Anchoring and anchored verification as configured (``[audit]``), for the CLI and the API.

One place turns settings and per-call options (``--trusted-checkpoint``, ``--witness``,
``--tsa-cert``; the same query parameters of ``GET /v1/audit/verify``) into the anchorers the
store runs and the ``TrustAnchors`` the verifier checks against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audit_log.anchored import Cadence, TrustAnchors, verify_anchored
from audit_log.anchors.model import Anchorer, AnchorError
from audit_log.anchors.publish import DirectoryPublisher
from audit_log.anchors.tsa import TsaAnchorer, load_certificates
from audit_log.anchors.witness import WitnessAnchorer, WitnessClient
from audit_log.errors import CheckpointError
from audit_log.note import NoteVerifier
from audit_log.stores.base import AuditStore
from audit_log.types import VerifyReport
from gateway.settings import AuditSettings, Settings

UNKNOWN_WITNESS = "witness {url} is not configured in audit.witnesses: pass 'URL VKEY'"


class TrustOptionError(ValueError):
    """A verify option (file, URL, key) is unusable; ``option`` names it."""

    def __init__(self, message: str, *, option: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, kw_only=True)
class WitnessConfig:
    """A witness: its ``tlog-witness`` URL and cosignature key."""

    url: str
    key: NoteVerifier


def parse_witness(entry: str, known: Sequence[WitnessConfig] = ()) -> WitnessConfig:
    """``"URL VKEY"``, or a bare URL of a configured witness.

    Raises:
        TrustOptionError: malformed, or a bare URL nobody configured.
    """
    url, _, vkey = entry.strip().partition(" ")
    if not url.startswith(("http://", "https://")):
        raise TrustOptionError("witness must start with http:// or https://", option="witness")
    if not vkey:
        for witness in known:
            if witness.url.rstrip("/") == url.rstrip("/"):
                return witness
        raise TrustOptionError(UNKNOWN_WITNESS.format(url=url), option="witness")
    try:
        key = NoteVerifier.from_vkey(vkey.strip())
    except CheckpointError as exc:
        raise TrustOptionError(str(exc), option="witness") from None
    if key.algorithm != 0x04:
        raise TrustOptionError("witness key must be a cosignature/v1 key", option="witness")
    return WitnessConfig(url=url, key=key)


def configured_witnesses(audit: AuditSettings) -> list[WitnessConfig]:
    """The witnesses of ``audit.witnesses``."""
    return [parse_witness(entry) for entry in audit.witnesses]


def log_keys(audit: AuditSettings, own: NoteVerifier | None) -> tuple[NoteVerifier, ...]:
    """The log's own key and the rotated-out keys of ``audit.verifier_keys``."""
    rotated = tuple(NoteVerifier.from_vkey(v) for v in audit.verifier_keys)
    return (own, *rotated) if own else rotated


def anchorers(audit: AuditSettings) -> tuple[Anchorer, ...]:
    """TSA, witnesses and publication directory as configured (empty: none)."""
    found: list[Anchorer] = []
    if audit.tsa_url:
        found.append(TsaAnchorer(url=audit.tsa_url))
    for witness in configured_witnesses(audit):
        found.append(WitnessAnchorer(url=witness.url, witness=witness.key))
    if audit.publish_dir:
        found.append(DirectoryPublisher(directory=audit.publish_dir))
    return tuple(found)


def _read(path: str, option: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TrustOptionError(f"{path}: {type(exc).__name__}", option=option) from None


def trust_anchors(
    audit: AuditSettings,
    keys: tuple[NoteVerifier, ...],
    *,
    checkpoint_files: Sequence[str] = (),
    witnesses: Sequence[str] = (),
    tsa_cert_files: Sequence[str] = (),
    checkpoint_notes: Sequence[str] = (),
    tsa_cert_pems: Sequence[bytes] = (),
    configured_witnesses_only: bool = False,
) -> TrustAnchors:
    """Configured trust material plus what this call adds.

    Args:
        audit: ``[audit]`` settings (configured trusted checkpoints, TSA certs, witnesses).
        keys: The log's note keys.
        checkpoint_files: Saved checkpoint notes (CLI ``--trusted-checkpoint``).
        witnesses: Witnesses to ask now: a configured URL or ``"URL VKEY"``.
        tsa_cert_files: PEM files trusted for RFC 3161 tokens.
        checkpoint_notes: Note texts (HTTP ``trusted_checkpoint``).
        tsa_cert_pems: PEM texts (HTTP ``tsa_cert``).
        configured_witnesses_only: Refuse witnesses that are not configured (HTTP: the
            server must not be made to call arbitrary URLs).

    Raises:
        TrustOptionError: a file cannot be read or a witness is malformed or not allowed.
    """
    notes = [
        _read(p, "trusted_checkpoint").decode("utf-8", "replace")
        for p in [*audit.trusted_checkpoint_files, *checkpoint_files]
    ]
    notes += list(checkpoint_notes)
    if audit.publish_dir and Path(audit.publish_dir).is_dir():
        notes += [p.read_text("utf-8") for p in sorted(Path(audit.publish_dir).glob("*.note"))]
    roots = []
    pems = [(p, _read(p, "tsa_cert")) for p in [*audit.tsa_cert_files, *tsa_cert_files]]
    pems += [(f"tsa_cert #{i + 1}", pem) for i, pem in enumerate(tsa_cert_pems)]
    for where, pem in pems:
        try:
            roots += load_certificates(pem)
        except AnchorError as exc:
            raise TrustOptionError(f"{where}: {exc}", option="tsa_cert") from None
    known = configured_witnesses(audit)
    if configured_witnesses_only and any(" " in w.strip() for w in witnesses):
        raise TrustOptionError("only configured witnesses can be asked", option="witness")
    asked = [parse_witness(w, known) for w in witnesses]
    return TrustAnchors(
        log_keys=keys,
        checkpoint_notes=tuple(notes),
        tsa_roots=tuple(roots),
        witness_keys=tuple(w.key for w in known + asked),
        witnesses=tuple(WitnessClient(url=w.url, witness=w.key) for w in asked),
    )


async def verify_with_trust(
    store: AuditStore, audit: AuditSettings, trust: TrustAnchors
) -> VerifyReport:
    """Anchored verification with the configured cadence."""
    cadence = Cadence(records=audit.checkpoint_every, interval_s=audit.checkpoint_interval_s)
    return await verify_anchored(store, trust, cadence=cadence)


async def verify_request(
    store: AuditStore,
    settings: Settings,
    *,
    checkpoint_notes: Sequence[str],
    witnesses: Sequence[str],
    tsa_cert_pems: Sequence[str],
) -> VerifyReport:
    """``GET /v1/audit/verify``: configured trust plus the request's options.

    Raises:
        TrustOptionError: an option is malformed (400 naming it).
        AuditError: the store or the signing key is unusable.
    """
    from gateway.audit_store import checkpoint_signer  # audit_store builds anchorers from here

    trust = trust_anchors(
        settings.audit,
        log_keys(settings.audit, checkpoint_signer(settings).verifier),
        checkpoint_notes=checkpoint_notes,
        witnesses=witnesses,
        tsa_cert_pems=[p.encode() for p in tsa_cert_pems],
        configured_witnesses_only=True,
    )
    return await verify_with_trust(store, settings.audit, trust)


def report_lines(report: VerifyReport) -> list[str]:
    """The human-readable verify result (CLI)."""
    status = "OK" if report.ok else "FAILED"
    lines = [
        f"audit log {status}: {report.records_checked} records, "
        f"{report.checkpoints_checked} checkpoints checked, {report.anchors_checked} anchors"
    ]
    if report.anchored_by:
        lines.append(f"anchored by: {', '.join(report.anchored_by)}")
    if report.last_anchored_size is not None:
        lines.append(
            f"last anchored checkpoint: tree size {report.last_anchored_size}; "
            f"{report.unanchored_records} records after it are not anchored yet "
            f"({report.tail_bound})"
        )
    elif report.records_checked:
        lines.append(
            f"not anchored outside the database: {report.unanchored_records} records, and "
            f"{report.checkpoints_checked} stored checkpoints prove only that the rows match "
            "them (give --trusted-checkpoint, --tsa-cert or --witness, or configure them)"
        )
    if not report.ok:
        lines.append(f"first bad record: seq {report.first_bad_seq}: {report.problem}")
    return lines
