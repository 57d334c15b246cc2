"""Ed25519-signed checkpoints over the Merkle root.

The signed statement is the RFC 8785 canonical JSON of::

    {"v": 1, "log": "leitplanke-audit", "tree_size": n, "root_hash": hex,
     "head_hash": hex, "created_at": rfc3339, "key_id": hex}

``head_hash`` is the chain hash of record ``n``; ``key_id`` is the first 16 hex digits of
SHA-256 over the raw 32-byte public key. Anyone with the public key can check a checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit_log import errors
from audit_log.canonical import canonical
from audit_log.types import Checkpoint

LOG_NAME = "leitplanke-audit"
STATEMENT_VERSION = 1
NOT_ED25519 = "checkpoint key is not an Ed25519 key"


def key_id(public_key: Ed25519PublicKey) -> str:
    """Short, stable identifier of a public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    """SubjectPublicKeyInfo PEM, what third parties receive."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """Parse a PEM public key.

    Raises:
        CheckpointError: not an Ed25519 public key.
    """
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise errors.CheckpointError(NOT_ED25519) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise errors.CheckpointError(NOT_ED25519)
    return key


class CheckpointSigner:
    """Signs checkpoint statements with an Ed25519 private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    @classmethod
    def from_pem(cls, pem: str | bytes) -> CheckpointSigner:
        """Build from an unencrypted PKCS#8 PEM private key.

        Raises:
            CheckpointError: not an Ed25519 private key.
        """
        data = pem.encode() if isinstance(pem, str) else pem
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise errors.CheckpointError(NOT_ED25519) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise errors.CheckpointError(NOT_ED25519)
        return cls(key)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> CheckpointSigner:
        """Load the private key from a PEM file."""
        return cls.from_pem(Path(path).read_bytes())

    @classmethod
    def generate_dev_key(cls, path: str | os.PathLike[str]) -> CheckpointSigner:
        """Load ``path``, creating a fresh key there (mode 0600) if it does not exist.

        For development only; production keys come from a secret store.
        """
        target = Path(path)
        if target.exists():
            return cls.from_file(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return cls(key)

    def public_key_pem(self) -> str:
        """PEM of the public key."""
        return public_key_pem(self.public_key)

    def sign(
        self, *, tree_size: int, root_hash: str, head_hash: str, created_at: str
    ) -> Checkpoint:
        """Sign a checkpoint statement."""
        body = {
            "v": STATEMENT_VERSION,
            "log": LOG_NAME,
            "tree_size": tree_size,
            "root_hash": root_hash,
            "head_hash": head_hash,
            "created_at": created_at,
            "key_id": self.key_id,
        }
        statement = canonical(body)
        signature = base64.b64encode(self._key.sign(statement)).decode()
        return Checkpoint(
            tree_size=tree_size,
            root_hash=root_hash,
            head_hash=head_hash,
            created_at=created_at,
            key_id=self.key_id,
            statement=statement.decode(),
            signature=signature,
        )


def load_signer(
    *,
    pem: str | None = None,
    path: str | os.PathLike[str] | None = None,
    dev_path: str | os.PathLike[str] | None = None,
) -> CheckpointSigner | None:
    """Pick the checkpoint key from configuration: PEM text, else a file, else a dev key.

    Args:
        pem: PEM text, e.g. from ``LEITPLANKE_AUDIT__SIGNING_KEY_PEM``.
        path: File holding the PEM.
        dev_path: Where to create (or reuse) a development key when neither is given.

    Returns:
        The signer, or None when nothing is configured (the store then writes no checkpoints).
    """
    if pem:
        return CheckpointSigner.from_pem(pem)
    if path:
        return CheckpointSigner.from_file(path)
    if dev_path:
        return CheckpointSigner.generate_dev_key(dev_path)
    return None


def checkpoint_problem(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> str:
    """Empty string when the checkpoint is authentic and self-consistent, else the problem."""
    try:
        public_key.verify(base64.b64decode(checkpoint.signature), checkpoint.statement.encode())
    except (InvalidSignature, ValueError):
        return f"checkpoint at tree size {checkpoint.tree_size}: signature does not verify"
    body = json.loads(checkpoint.statement)
    expected = {
        "v": STATEMENT_VERSION,
        "log": LOG_NAME,
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "head_hash": checkpoint.head_hash,
        "created_at": checkpoint.created_at,
        "key_id": checkpoint.key_id,
    }
    if body != expected:
        return f"checkpoint at tree size {checkpoint.tree_size}: fields differ from the statement"
    return ""
