"""Client side of C2SP ``tlog-witness``: send a checkpoint with a consistency proof, keep the
cosignature.

``POST <url>/add-checkpoint`` with ``old <size>``, the proof hashes (base64, one a line), a
blank line and the signed checkpoint note. 200 carries the witness's cosignature lines; 409
(``text/x.tlog.size``) tells the size the witness already holds, and the client retries once
from there; 422 means the proof did not verify (a fork); 403/404 an unknown key or origin.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import httpx

from audit_log.anchors.model import AnchorError, AnchorKind, AnchorLog, CheckpointAnchor
from audit_log.errors import AuditError
from audit_log.note import NoteVerifier, cosignature_time, split_note
from audit_log.types import Checkpoint

SIZE_MEDIA_TYPE = "text/x.tlog.size"
MAX_BODY = 64 * 1024


def add_checkpoint_body(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    """The request body of ``add-checkpoint``."""
    lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode()


class WitnessConflict(AnchorError):
    """The witness holds another size (409) than the client assumed."""

    def __init__(self, size: int) -> None:
        super().__init__(f"witness already holds a checkpoint of size {size}")
        self.size = size


class WitnessRefused(AnchorError):
    """The witness refused the checkpoint (fork, bad proof, unknown log); ``status`` is HTTP."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


class WitnessClient:
    """Talks ``tlog-witness`` to one witness whose cosignature key is known."""

    def __init__(self, *, url: str, witness: NoteVerifier, timeout_s: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.witness = witness
        self._timeout_s = timeout_s

    async def submit(
        self, checkpoint: Checkpoint, old_size: int, proof: Sequence[bytes]
    ) -> tuple[str, int]:
        """One ``add-checkpoint`` call; returns the verified cosignature line and its time.

        Raises:
            WitnessConflict: 409, with the witness's size.
            WitnessRefused: any other refusal, or a cosignature that does not verify.
            AnchorError: the witness was unreachable.
        """
        body = add_checkpoint_body(old_size, proof, checkpoint.note)
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s) as client:
                response = await client.post(f"{self.url}/add-checkpoint", content=body)
        except httpx.HTTPError as exc:
            raise AnchorError(f"witness unreachable ({type(exc).__name__})") from None
        if response.status_code == 409:
            text = response.text.strip()
            if response.headers.get("content-type", "").startswith(SIZE_MEDIA_TYPE) and (
                text.isdigit()
            ):
                raise WitnessConflict(int(text))
            raise WitnessRefused(409, "witness: conflicting checkpoint of the same size (fork)")
        if response.status_code != 200:
            raise WitnessRefused(
                response.status_code,
                {
                    422: "witness: consistency proof does not verify (fork or rewritten log)",
                    403: "witness does not trust the log's key",
                    404: "witness does not know the log's origin",
                }.get(response.status_code, f"witness answered HTTP {response.status_code}"),
            )
        for line in response.text.splitlines():
            try:
                _, (signature,) = split_note("x\n\n" + line + "\n")
            except (ValueError, AuditError):
                continue
            timestamp = cosignature_time(checkpoint.statement, signature, self.witness)
            if timestamp is not None:
                return line, timestamp
        raise WitnessRefused(200, "witness answered without a valid cosignature")


async def witness_proof(log: AnchorLog, old_size: int, new_size: int) -> list[bytes]:
    """The consistency proof the witness needs (none from an empty tree or the same size)."""
    if old_size == 0 or old_size == new_size:
        return []
    proof = await log.consistency_proof(old_size, new_size)
    return [bytes.fromhex(h) for h in proof.path]


async def cosign(
    client: WitnessClient, checkpoint: Checkpoint, log: AnchorLog, old_size: int
) -> tuple[str, int]:
    """Submit from ``old_size``; after a 409 retry once from the witness's size."""
    for _ in range(2):
        if old_size > checkpoint.tree_size:
            raise WitnessRefused(
                409,
                f"witness has seen {old_size} records, the checkpoint covers only "
                f"{checkpoint.tree_size} (log truncated or rolled back)",
            )
        try:
            proof = await witness_proof(log, old_size, checkpoint.tree_size)
            return await client.submit(checkpoint, old_size, proof)
        except WitnessConflict as conflict:
            old_size = conflict.size
    raise AnchorError("witness kept answering 409")


class WitnessAnchorer:
    """Has every checkpoint cosigned by one witness."""

    def __init__(self, *, url: str, witness: NoteVerifier, timeout_s: float = 10.0) -> None:
        self._client = WitnessClient(url=url, witness=witness, timeout_s=timeout_s)

    @property
    def kind(self) -> AnchorKind:
        """``cosignature``."""
        return "cosignature"

    @property
    def source(self) -> str:
        """The witness's key name."""
        return self._client.witness.name

    async def anchor(self, checkpoint: Checkpoint, log: AnchorLog) -> CheckpointAnchor:
        """Cosign, starting from the newest size this witness cosigned before."""
        known = [
            a.tree_size
            for a in await log.anchors()
            if a.kind == "cosignature"
            and a.source == self.source
            and a.tree_size <= checkpoint.tree_size
        ]
        line, _ = await cosign(self._client, checkpoint, log, max(known, default=0))
        return CheckpointAnchor(
            tree_size=checkpoint.tree_size, kind="cosignature", source=self.source, data=line
        )
