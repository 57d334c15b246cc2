"""A small C2SP ``tlog-witness``: cosigns a log's checkpoint only if it extends the last one.

State is one JSON file (the latest checkpoint per origin), replaced atomically; a witness
never moves backwards (rollback) and never accepts a second root for a size it holds or a
checkpoint its consistency proof cannot tie to the held one (fork). ``gateway.witness_app``
serves it over HTTP; ``leitplanke witness serve`` starts it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from audit_log import merkle
from audit_log.errors import AuditError
from audit_log.note import CheckpointBody, NoteSigner, NoteVerifier, split_note, verified_signers

MAX_PROOF_LINES = 63


@dataclass(frozen=True, kw_only=True)
class WitnessAnswer:
    """HTTP status, media type and body of an ``add-checkpoint`` answer."""

    status: int
    body: str
    media_type: str = "text/plain; charset=utf-8"


def _decimal(text: str) -> bool:
    """ASCII decimal without leading zeros (``0`` itself allowed), as tlog-witness sizes are."""
    return text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0"))


def _bad(why: str) -> WitnessAnswer:
    return WitnessAnswer(status=400, body=why + "\n")


class Witness:
    """Checks and cosigns checkpoints of the logs whose keys it was given."""

    def __init__(
        self,
        *,
        signer: NoteSigner,
        logs: Sequence[NoteVerifier],
        state_file: str | os.PathLike[str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._signer = signer
        self._logs = {v.name: v for v in logs}
        self._keys = list(logs)
        self._path = Path(state_file)
        self._clock = clock
        self._lock = asyncio.Lock()

    def _state(self) -> dict[str, dict[str, object]]:
        if not self._path.exists():
            return {}
        data: dict[str, dict[str, object]] = json.loads(self._path.read_text())
        return data

    def _save(self, state: dict[str, dict[str, object]]) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(state, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)

    def latest(self, origin: str) -> tuple[int, str | None]:
        """Size and note of the newest checkpoint held for ``origin`` (0, None if none)."""
        entry = self._state().get(origin)
        if entry is None:
            return 0, None
        return int(str(entry["size"])), str(entry["note"])

    async def add_checkpoint(self, body: bytes) -> WitnessAnswer:
        """Handle one ``add-checkpoint`` request body."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _bad("body is not UTF-8")
        head, sep, note = text.partition("\n\n")
        if not sep:
            return _bad("missing blank line before the checkpoint")
        lines = head.split("\n")
        if not _decimal(lines[0].removeprefix("old ")) or not lines[0].startswith("old "):
            return _bad("first line must be 'old <size>' (ASCII decimal, no leading zeros)")
        if len(lines) - 1 > MAX_PROOF_LINES:
            return _bad("consistency proof too long")
        old = int(lines[0][4:])
        try:
            proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
            checkpoint_text, signatures = split_note(note)
            cp = CheckpointBody.parse(checkpoint_text)
        except (binascii.Error, AuditError) as exc:
            return _bad(str(exc))
        if cp.origin not in self._logs:
            return WitnessAnswer(status=404, body="unknown log origin\n")
        try:
            signed_by = verified_signers(checkpoint_text, signatures, self._keys)
        except AuditError:  # a signature by a known key that fails: the note is malformed
            signed_by = []
        if cp.origin not in signed_by:
            return WitnessAnswer(status=403, body="no valid signature by the log's key\n")
        if old > cp.size:
            return _bad("old size is larger than the checkpoint")
        async with self._lock:
            state = self._state()
            held = state.get(cp.origin)
            held_size = int(str(held["size"])) if held else 0
            if old != held_size:
                return WitnessAnswer(
                    status=409, body=f"{held_size}\n", media_type="text/x.tlog.size"
                )
            if held is not None:
                held_root = bytes.fromhex(str(held["root"]))
                if old == cp.size:
                    if proof or held_root != cp.root_hash:
                        return WitnessAnswer(status=409, body="conflicting checkpoint\n")
                elif not merkle.verify_consistency(old, cp.size, held_root, cp.root_hash, proof):
                    return WitnessAnswer(status=422, body="consistency proof does not verify\n")
            elif proof:
                return _bad("no proof expected from size 0")
            state[cp.origin] = {"size": cp.size, "root": cp.root_hash.hex(), "note": note}
            self._save(state)
        cosignature = self._signer.cosign(checkpoint_text, int(self._clock()))
        return WitnessAnswer(status=200, body=cosignature.line())
