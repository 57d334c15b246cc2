"""What every anchorer shares: the stored anchor row and the small protocols."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from audit_log.errors import AuditError
from audit_log.types import Checkpoint, ConsistencyProof

AnchorKind = Literal["rfc3161", "cosignature", "publication"]
ANCHOR_KINDS: tuple[AnchorKind, ...] = get_args(AnchorKind)


class AnchorError(AuditError):
    """An anchor could not be obtained (network, refusal) or does not verify."""


@dataclass(frozen=True, kw_only=True)
class CheckpointAnchor:
    """Evidence for one checkpoint from one source.

    Attributes:
        tree_size: The checkpoint it anchors.
        kind: ``rfc3161`` (``data`` = base64 DER TimeStampResp over the checkpoint note),
            ``cosignature`` (``data`` = the witness's note signature line) or ``publication``
            (``data`` = the file name it was written to).
        source: TSA URL, witness key name or publication directory.
        anchored_at: When the log stored it (RFC 3339; the trusted time is inside ``data``).
    """

    tree_size: int
    kind: AnchorKind
    source: str
    data: str
    anchored_at: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (export)."""
        return {
            "tree_size": self.tree_size,
            "kind": self.kind,
            "source": self.source,
            "data": self.data,
            "anchored_at": self.anchored_at,
        }


class AnchorLog(Protocol):
    """What an anchorer may ask of the log (a witness needs consistency proofs)."""

    async def consistency_proof(self, first_size: int, second_size: int) -> ConsistencyProof:
        """RFC 6962 consistency proof between two sizes."""
        ...

    async def anchors(self) -> tuple[CheckpointAnchor, ...]:
        """Every stored anchor."""
        ...


class Anchorer(Protocol):
    """Obtains one kind of anchor from one source."""

    @property
    def kind(self) -> AnchorKind:
        """Which kind of anchor it produces."""
        ...

    @property
    def source(self) -> str:
        """The TSA URL, witness name or directory."""
        ...

    async def anchor(self, checkpoint: Checkpoint, log: AnchorLog) -> CheckpointAnchor:
        """Anchor ``checkpoint``.

        Raises:
            AnchorError: the source refused, answered garbage or was unreachable.
        """
        ...
