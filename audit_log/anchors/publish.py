"""Publication: every checkpoint note written once to an append-only directory.

Point the directory at storage the gateway may create files in but never change or delete
(a WORM mount, an S3 bucket with object lock through a file gateway, another authority's
share). Its files are trusted checkpoints for ``leitplanke audit verify``.
"""

from __future__ import annotations

import os
from pathlib import Path

from audit_log.anchors.model import AnchorError, AnchorKind, AnchorLog, CheckpointAnchor
from audit_log.types import Checkpoint


def note_file_name(tree_size: int) -> str:
    """Zero-padded so that name order is size order."""
    return f"checkpoint-{tree_size:012d}.note"


class DirectoryPublisher:
    """Writes each checkpoint note as a new file; never overwrites one."""

    def __init__(self, *, directory: str | os.PathLike[str]) -> None:
        self._dir = Path(directory)

    @property
    def kind(self) -> AnchorKind:
        """``publication``."""
        return "publication"

    @property
    def source(self) -> str:
        """The directory."""
        return str(self._dir)

    async def anchor(self, checkpoint: Checkpoint, log: AnchorLog) -> CheckpointAnchor:
        """Create the file (exclusive); an existing equal file counts as published."""
        name = note_file_name(checkpoint.tree_size)
        target = self._dir / name
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
        except FileExistsError:
            if target.read_text(encoding="utf-8") != checkpoint.note:
                raise AnchorError(f"{name} already published with other content") from None
        except OSError as exc:
            raise AnchorError(f"cannot publish ({type(exc).__name__})") from None
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(checkpoint.note)
                fh.flush()
                os.fsync(fh.fileno())
        return CheckpointAnchor(
            tree_size=checkpoint.tree_size, kind="publication", source=self.source, data=name
        )
