"""Ed25519-signed checkpoints over the Merkle root, as C2SP tlog checkpoints in signed notes.

A checkpoint is the note (``audit_log.note``)::

    <origin>
    <tree size>
    <base64 RFC 6962 root hash>

    — <origin> <base64(key hash || Ed25519 signature)>

The note key's name is the log's origin (as in every transparency-dev log), ``key_id`` is the
4-byte key hash in hex. Rotation: sign with the new key and keep the old verifier key in the
trusted set, so checkpoints signed before stay verifiable. ``head_hash`` (chain hash of record
``n``) and ``created_at`` are stored beside the note but not signed: the root covers every
leaf, and trusted time comes from RFC 3161 tokens and witness cosignatures.

Checkpoints written before version 0.4 signed RFC 8785 JSON (``{"v": 1, "log":
"leitplanke-audit", ...}``); ``checkpoint_problem`` still checks those with the public key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit_log import errors
from audit_log.canonical import canonical
from audit_log.note import CheckpointBody, NoteSigner, NoteVerifier, split_note, verified_signers
from audit_log.types import Checkpoint

LOG_NAME = "leitplanke-audit"
STATEMENT_VERSION = 1
NOT_ED25519 = "checkpoint key is not an Ed25519 key"
# Set ``audit.origin`` to a name unique to the deployment (e.g. "bescheid.example.de/audit"):
# it names the log to witnesses and in every checkpoint.
DEFAULT_ORIGIN = "leitplanke.local/audit"


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
    """Signs checkpoints as C2SP signed notes with an Ed25519 key named by the log's origin."""

    def __init__(self, private_key: Ed25519PrivateKey, *, origin: str = DEFAULT_ORIGIN) -> None:
        self._key = private_key
        self.origin = origin
        self.public_key = private_key.public_key()
        self.note_signer = NoteSigner(name=origin, private_key=private_key)
        self.verifier = self.note_signer.verifier
        self.key_id = self.verifier.key_hash.hex()

    @classmethod
    def from_pem(cls, pem: str | bytes, *, origin: str = DEFAULT_ORIGIN) -> CheckpointSigner:
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
        return cls(key, origin=origin)

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], *, origin: str = DEFAULT_ORIGIN
    ) -> CheckpointSigner:
        """Load the private key from a PEM file."""
        return cls.from_pem(Path(path).read_bytes(), origin=origin)

    @classmethod
    def generate_dev_key(
        cls, path: str | os.PathLike[str], *, origin: str = DEFAULT_ORIGIN
    ) -> CheckpointSigner:
        """Load ``path``, creating a fresh key there (mode 0600) if it does not exist.

        For development only; production keys come from a secret store.
        """
        target = Path(path)
        if target.exists():
            return cls.from_file(target, origin=origin)
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
        return cls(key, origin=origin)

    def public_key_pem(self) -> str:
        """PEM of the public key."""
        return public_key_pem(self.public_key)

    def sign(
        self, *, tree_size: int, root_hash: str, head_hash: str, created_at: str
    ) -> Checkpoint:
        """Sign a C2SP checkpoint note over ``tree_size`` and ``root_hash`` (hex)."""
        text = CheckpointBody(
            origin=self.origin, size=tree_size, root_hash=bytes.fromhex(root_hash)
        ).text()
        return Checkpoint(
            tree_size=tree_size,
            root_hash=root_hash,
            head_hash=head_hash,
            created_at=created_at,
            key_id=self.key_id,
            statement=text,
            signature=self.note_signer.sign(text).line(),
        )

    def sign_legacy(
        self, *, tree_size: int, root_hash: str, head_hash: str, created_at: str
    ) -> Checkpoint:
        """The pre-0.4 JSON statement (kept so tests can build old stores)."""
        legacy_id = key_id(self.public_key)
        body = {
            "v": STATEMENT_VERSION,
            "log": LOG_NAME,
            "tree_size": tree_size,
            "root_hash": root_hash,
            "head_hash": head_hash,
            "created_at": created_at,
            "key_id": legacy_id,
        }
        statement = canonical(body)
        signature = base64.b64encode(self._key.sign(statement)).decode()
        return Checkpoint(
            tree_size=tree_size,
            root_hash=root_hash,
            head_hash=head_hash,
            created_at=created_at,
            key_id=legacy_id,
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


def checkpoint_from_note(note: str, verifiers: Sequence[NoteVerifier]) -> Checkpoint:
    """A checkpoint from a saved note, accepted only if a trusted log key signed it.

    Raises:
        CheckpointError: not a checkpoint note, or no trusted signature.
    """
    text, signatures = split_note(note)
    body = CheckpointBody.parse(text)
    signed_by = verified_signers(text, signatures, verifiers)
    if body.origin not in signed_by:
        raise errors.CheckpointError(
            f"checkpoint note for {body.origin!r} has no valid signature by a trusted log key"
        )
    own = next(s for s in signatures if s.name == body.origin)
    return Checkpoint(
        tree_size=body.size,
        root_hash=body.root_hash.hex(),
        head_hash="",
        created_at="",
        key_id=own.key_hash.hex(),
        statement=text,
        signature="".join(s.line() for s in signatures),
    )


def checkpoint_problem(
    checkpoint: Checkpoint, keys: Ed25519PublicKey | Sequence[NoteVerifier]
) -> str:
    """Empty string when the checkpoint is authentic and self-consistent, else the problem.

    Args:
        checkpoint: A stored or trusted checkpoint (note, or a pre-0.4 JSON statement).
        keys: The trusted log keys (all of them, so rotated-out keys still verify), or one
            public key (then the checkpoint's own origin is accepted as the key name).
    """
    where = f"checkpoint at tree size {checkpoint.tree_size}"
    verifiers: Sequence[NoteVerifier]
    if isinstance(keys, Ed25519PublicKey):
        public_keys = [keys]
        origin = checkpoint.statement.split("\n", 1)[0]
        verifiers = [NoteVerifier(name=origin, public_key=keys)] if origin else []
    else:
        public_keys = [v.public_key for v in keys]
        verifiers = keys
    if checkpoint.statement.startswith("{"):
        return _legacy_problem(checkpoint, public_keys)
    try:
        body = CheckpointBody.parse(checkpoint.statement)
        _, signatures = split_note(checkpoint.note)
    except errors.CheckpointError as exc:
        return f"{where}: {exc}"
    try:
        signed_by = verified_signers(checkpoint.statement, signatures, verifiers)
    except errors.CheckpointError as exc:
        return f"{where}: {exc}"
    if body.origin not in signed_by:
        return f"{where}: signature does not verify with a trusted key for {body.origin!r}"
    if body.size != checkpoint.tree_size or body.root_hash.hex() != checkpoint.root_hash:
        return f"{where}: fields differ from the signed note"
    return ""


def _legacy_problem(checkpoint: Checkpoint, public_keys: Sequence[Ed25519PublicKey]) -> str:
    try:
        signature = base64.b64decode(checkpoint.signature)
    except ValueError:
        signature = b""
    for public_key in public_keys:
        try:
            public_key.verify(signature, checkpoint.statement.encode())
            break
        except (InvalidSignature, ValueError):
            continue
    else:
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
