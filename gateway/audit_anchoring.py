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
from gateway.settings import AuditSettings

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
) -> TrustAnchors:
    """Configured trust material plus what this call adds.

    Raises:
        TrustOptionError: a file cannot be read or a witness is malformed.
    """
    notes = [
        _read(p, "trusted_checkpoint").decode("utf-8", "replace")
        for p in [*audit.trusted_checkpoint_files, *checkpoint_files]
    ]
    if audit.publish_dir and Path(audit.publish_dir).is_dir():
        notes += [p.read_text("utf-8") for p in sorted(Path(audit.publish_dir).glob("*.note"))]
    roots = []
    for path in [*audit.tsa_cert_files, *tsa_cert_files]:
        try:
            roots += load_certificates(_read(path, "tsa_cert"))
        except AnchorError as exc:
            raise TrustOptionError(f"{path}: {exc}", option="tsa_cert") from None
    known = configured_witnesses(audit)
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
    if not report.ok:
        lines.append(f"first bad record: seq {report.first_bad_seq}: {report.problem}")
    return lines
