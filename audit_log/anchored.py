"""Verification against state kept outside the database (issue 22).

``AuditStore.verify`` proves the stored records match the stored checkpoints; someone who can
write the database can delete both, or re-sign with a key that lies beside it. This module
adds what the verifier holds itself: saved checkpoint notes (``--trusted-checkpoint``), TSA
certificates for the stored RFC 3161 tokens (``--tsa-cert``), witness keys for stored
cosignatures, and live witnesses asked now (``--witness``). It fails when

* records exist but no checkpoint does (checkpoints deleted, or never signed: the gateway
  signs one right after its first commit, the CLI when it closes),
* a trusted checkpoint is not a prefix of the stored log (truncation, rewritten or renumbered
  rows, another deployment's database, a fork) or is missing from the database,
* an anchor does not verify, or trust material was given but nothing is anchored by it,
* a witness holds a larger or inconsistent tree,
* a record after the last anchored checkpoint is dated before that anchor, or is older than
  the checkpoint cadence allows (the unanchored tail must stay within the bound).

Records after the last anchored checkpoint are reported; losing them (a crash, or an attacker
deleting only them) is the one thing this cannot detect: see docs/audit-anchoring.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509

from audit_log import errors
from audit_log.anchors.model import AnchorError, CheckpointAnchor
from audit_log.anchors.tsa import token_time
from audit_log.anchors.witness import WitnessClient, WitnessConflict, WitnessRefused
from audit_log.checkpoints import checkpoint_from_note
from audit_log.note import NoteVerifier, cosignature_time, split_note
from audit_log.stores.base import AuditReader
from audit_log.stores.reader import encode_cursor
from audit_log.types import AuditQuery, Checkpoint, VerifyReport


@dataclass(frozen=True, kw_only=True)
class Cadence:
    """How often the log checkpoints and anchors, and the slack allowed on top.

    Attributes:
        records: A checkpoint at least every this many records (per writing process).
        interval_s: ...and at least this often while records arrive.
        grace_s: Slack for batching, a slow TSA or witness, and clock skew.
    """

    records: int = 1000
    interval_s: float = 60.0
    grace_s: float = 30.0

    def describe(self) -> str:
        """The bound on the unanchored tail, in words."""
        return (
            f"a checkpoint is anchored every {self.records} records or {self.interval_s:g} s; "
            f"records older than {self.interval_s + self.grace_s:g} s must be anchored"
        )


@dataclass(frozen=True, kw_only=True)
class TrustAnchors:
    """What the verifier trusts, none of it read from the database.

    Attributes:
        log_keys: The log's note keys (current and rotated-out).
        checkpoint_notes: Saved checkpoint notes (files, a publication directory).
        tsa_roots: Certificates that may issue the stored RFC 3161 tokens.
        witness_keys: Cosignature keys (algorithm 0x04) for stored cosignatures.
        witnesses: Witnesses to ask now, over ``tlog-witness``.
    """

    log_keys: tuple[NoteVerifier, ...]
    checkpoint_notes: tuple[str, ...] = ()
    tsa_roots: tuple[x509.Certificate, ...] = ()
    witness_keys: tuple[NoteVerifier, ...] = ()
    witnesses: tuple[WitnessClient, ...] = ()

    @property
    def given(self) -> bool:
        """True when anything beyond the log's own keys is trusted."""
        return bool(self.checkpoint_notes or self.tsa_roots or self.witness_keys or self.witnesses)


@dataclass
class _Anchored:
    size: int
    label: str
    at: datetime | None


class _Failure(Exception):
    def __init__(self, problem: str, bad_seq: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.bad_seq = bad_seq


async def verify_anchored(
    store: AuditReader,
    trust: TrustAnchors,
    *,
    cadence: Cadence = Cadence(),
    now: datetime | None = None,
) -> VerifyReport:
    """Verify the store, then prove it against the trusted outside state.

    Args:
        store: An opened store.
        trust: Trust material from outside the database.
        cadence: The configured checkpoint cadence (bounds the unanchored tail).
        now: The current time (tests pass one).
    """
    moment = now or datetime.now(UTC)
    anchored: list[_Anchored] = []
    checked = 0
    base = VerifyReport(ok=False, records_checked=0, first_bad_seq=None, problem="")
    try:
        trusted = [
            _trusted(note, trust.log_keys, i) for i, note in enumerate(trust.checkpoint_notes)
        ]
        anchored += [_Anchored(cp.tree_size, "trusted checkpoint", None) for cp in trusted]
        base = await store.verify(trusted_checkpoints=trusted)
        if not base.ok:
            raise _Failure(base.problem, base.first_bad_seq)
        stored = {cp.tree_size: cp for cp in await store.checkpoints()}
        records = base.records_checked
        if records and not stored:
            raise _Failure(
                f"{records} records but no checkpoint: nothing proves the log "
                "(checkpoints deleted, no signing key, or none signed yet: "
                "`leitplanke audit checkpoint` signs one)",
                1,
            )
        for cp in trusted:
            if cp.tree_size not in stored:
                raise _Failure(
                    f"the trusted checkpoint at tree size {cp.tree_size} is missing from the "
                    "database (checkpoints deleted)"
                )
        for anchor in await store.anchors():
            found = _check_anchor(anchor, stored, trust)
            if found is not None:
                anchored.append(found)
                checked += 1
        latest = stored[max(stored)] if stored else None
        for client in trust.witnesses:
            if latest is None:
                break
            anchored.append(await _ask_witness(client, latest, stored))
            checked += 1
        if trust.given and records and not anchored:
            raise _Failure(
                "no checkpoint is anchored by the trust material given "
                "(anchors deleted, re-signed checkpoints, or anchoring never configured)",
                1,
            )
        last = max((a.size for a in anchored), default=None) if trust.given else None
        if trust.given:
            await _check_tail(store, anchored, last or 0, cadence, moment)
    except _Failure as failure:
        return dataclasses.replace(
            base,
            ok=False,
            problem=failure.problem,
            first_bad_seq=failure.bad_seq,
            anchors_checked=checked,
            anchored_by=tuple(sorted({a.label for a in anchored})),
        )
    # Without outside state nothing is anchored as far as this check knows: every record
    # counts as unanchored (the stored checkpoints only prove the rows match them).
    unanchored = base.records_checked - (last or 0)
    return dataclasses.replace(
        base,
        last_anchored_size=last,
        unanchored_records=unanchored,
        anchors_checked=checked,
        anchored_by=tuple(sorted({a.label for a in anchored})),
        tail_bound=cadence.describe() if trust.given else "",
    )


def _trusted(note: str, keys: Sequence[NoteVerifier], index: int) -> Checkpoint:
    try:
        return checkpoint_from_note(note, keys)
    except errors.CheckpointError as exc:
        raise _Failure(f"trusted checkpoint #{index + 1} does not verify: {exc}") from None


def _check_anchor(
    anchor: CheckpointAnchor, stored: dict[int, Checkpoint], trust: TrustAnchors
) -> _Anchored | None:
    cp = stored.get(anchor.tree_size)
    if cp is None:
        raise _Failure(
            f"a {anchor.kind} anchor exists for tree size {anchor.tree_size} but its "
            "checkpoint is missing (checkpoints deleted)"
        )
    if anchor.kind == "rfc3161" and trust.tsa_roots:
        try:
            at = token_time(anchor.data, cp.note, trust.tsa_roots)
        except AnchorError as exc:
            raise _Failure(f"checkpoint at tree size {cp.tree_size}: {exc}") from None
        return _Anchored(cp.tree_size, f"rfc3161 {anchor.source}", at)
    if anchor.kind == "cosignature":
        key = next((k for k in trust.witness_keys if k.name == anchor.source), None)
        if key is None:
            return None
        try:
            _, (signature,) = split_note("x\n\n" + anchor.data.rstrip("\n") + "\n")
        except (ValueError, errors.CheckpointError):
            signature = None
        timestamp = cosignature_time(cp.statement, signature, key) if signature else None
        if timestamp is None:
            raise _Failure(
                f"checkpoint at tree size {cp.tree_size}: cosignature of witness "
                f"{anchor.source} does not verify"
            )
        return _Anchored(
            cp.tree_size, f"witness {anchor.source}", datetime.fromtimestamp(timestamp, UTC)
        )
    return None


async def _ask_witness(
    client: WitnessClient, latest: Checkpoint, stored: dict[int, Checkpoint]
) -> _Anchored:
    """Ask which size the witness holds and whether the stored checkpoint of that size is it.

    Never advances the witness: the probe uses ``old 0`` (answered 409 with the held size)
    and the check re-submits the stored checkpoint of exactly that size without a proof,
    which a witness cosigns only if it holds the same root.
    """
    name = client.witness.name
    try:
        try:
            await client.submit(latest, 0, [])
        except WitnessConflict as conflict:
            held = conflict.size
        else:
            raise _Failure(f"witness {name} held no checkpoint of this log (never anchored)")
        if held > latest.tree_size:
            raise _Failure(
                f"witness {name} holds a checkpoint of {held} records, the database only "
                f"{latest.tree_size} (log truncated or rolled back)",
                latest.tree_size + 1,
            )
        cp = stored.get(held)
        if cp is None:
            raise _Failure(
                f"witness {name} holds tree size {held}, whose checkpoint is missing from the "
                "database (checkpoints deleted or history rewritten)"
            )
        await client.submit(cp, held, [])
    except WitnessRefused as exc:
        raise _Failure(f"witness {name}: {exc} (at the size it holds)") from None
    except AnchorError as exc:
        raise _Failure(f"witness {name} could not be asked: {exc}") from None
    # The live answer proves the root, not when it was first seen: no time.
    return _Anchored(held, f"witness {name}", None)


async def _check_tail(
    store: AuditReader,
    anchored: Sequence[_Anchored],
    last: int,
    cadence: Cadence,
    now: datetime,
) -> None:
    grace = timedelta(seconds=cadence.grace_s)
    times = [a.at for a in anchored if a.at is not None and a.size == last]
    anchor_time = max(times, default=None)
    oldest_allowed = now - timedelta(seconds=cadence.interval_s) - grace
    cursor = encode_cursor(last, False) if last else None
    async for record in store.iter_records(AuditQuery(cursor=cursor, limit=500)):
        occurred = datetime.fromisoformat(record.occurred_at.replace("Z", "+00:00"))
        if anchor_time is not None and occurred < anchor_time - grace:
            raise _Failure(
                f"record seq {record.seq} is dated {record.occurred_at}, before the checkpoint "
                f"at tree size {last} was anchored, but that checkpoint does not cover it "
                "(appended later: forged or backdated)",
                record.seq,
            )
        if occurred < oldest_allowed:
            raise _Failure(
                f"record seq {record.seq} ({record.occurred_at}) is not anchored although "
                f"{cadence.describe()} (anchoring stopped, or the record was added behind the "
                "gateway's back); run `leitplanke audit checkpoint` to anchor it",
                record.seq,
            )
