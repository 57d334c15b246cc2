"""C2SP signed notes (``c2sp.org/signed-note``) and tlog checkpoints (``c2sp.org/tlog-checkpoint``).

A note is UTF-8 text ending in a newline, a blank line, then one signature line per signer::

    <text>\\n
    \\n
    — <key name> <base64(4-byte key hash || signature)>\\n

Ed25519 note keys hash as ``SHA-256(name || 0x0A || 0x01 || public key)[:4]``; a verifier key
is written ``<name>+<hash hex>+<base64(0x01 || public key)>`` (a "vkey"). Witness
cosignatures (``c2sp.org/tlog-cosignature``, algorithm 0x04) sign
``cosignature/v1\\ntime <unix seconds>\\n<checkpoint body>`` and carry the 8-byte big-endian
time before the signature. Pure functions and small value classes, like ``merkle``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit_log import errors

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "— "  # EM DASH, SPACE
COSIGNATURE_HEADER = "cosignature/v1\ntime {time}\n"
MAX_SIGNATURES = 100

BAD_NOTE = "not a signed note: {why}"
BAD_VKEY = "not a verifier key (name+hash+base64 key): {why}"
BAD_CHECKPOINT = "not a tlog checkpoint: {why}"
BAD_SIGNATURE = "signed note has a signature by the known key {name!r} that does not verify"


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _valid_name(name: str) -> bool:
    return bool(name) and not any(c.isspace() or c == "+" for c in name)


def key_hash(name: str, algorithm: int, public_key: Ed25519PublicKey) -> bytes:
    """4-byte key hash: ``SHA-256(name || 0x0A || algorithm || key)[:4]``."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([algorithm]) + _raw(public_key)).digest()[
        :4
    ]


@dataclass(frozen=True, kw_only=True)
class NoteVerifier:
    """A public note key: name, algorithm (0x01 note, 0x04 cosignature) and Ed25519 key."""

    name: str
    public_key: Ed25519PublicKey
    algorithm: int = ALG_ED25519

    @property
    def key_hash(self) -> bytes:
        """The 4-byte key hash that names this key in signature lines."""
        return key_hash(self.name, self.algorithm, self.public_key)

    @property
    def vkey(self) -> str:
        """``name+hash+base64(alg || key)``, the form operators publish."""
        blob = base64.b64encode(bytes([self.algorithm]) + _raw(self.public_key)).decode()
        return f"{self.name}+{self.key_hash.hex()}+{blob}"

    @classmethod
    def from_vkey(cls, vkey: str) -> NoteVerifier:
        """Parse a vkey string.

        Raises:
            CheckpointError: malformed, unknown algorithm, or the hash does not match.
        """
        parts = vkey.strip().split("+", 2)  # base64 may contain "+"
        if len(parts) != 3 or not _valid_name(parts[0]):
            raise errors.CheckpointError(BAD_VKEY.format(why="three '+'-separated parts"))
        name, hash_hex, blob = parts
        try:
            raw = base64.b64decode(blob, validate=True)
            expected = bytes.fromhex(hash_hex)
        except (binascii.Error, ValueError):
            raise errors.CheckpointError(BAD_VKEY.format(why="hash or key encoding")) from None
        if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
            raise errors.CheckpointError(BAD_VKEY.format(why="not an Ed25519 key"))
        verifier = cls(
            name=name, public_key=Ed25519PublicKey.from_public_bytes(raw[1:]), algorithm=raw[0]
        )
        if verifier.key_hash != expected:
            raise errors.CheckpointError(BAD_VKEY.format(why="key hash does not match"))
        return verifier

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` (without key hash) signs ``message``."""
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class NoteSignature:
    """One parsed signature line."""

    name: str
    key_hash: bytes
    signature: bytes

    def line(self) -> str:
        """The signature line, with its newline."""
        blob = base64.b64encode(self.key_hash + self.signature).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {blob}\n"


class NoteSigner:
    """An Ed25519 note key (algorithm 0x01) with its name."""

    def __init__(self, *, name: str, private_key: Ed25519PrivateKey) -> None:
        if not _valid_name(name):
            raise errors.CheckpointError(BAD_VKEY.format(why="key name has spaces or '+'"))
        self.name = name
        self._key = private_key
        self.verifier = NoteVerifier(name=name, public_key=private_key.public_key())

    def sign(self, text: str) -> NoteSignature:
        """Signature over the note text."""
        return NoteSignature(self.name, self.verifier.key_hash, self._key.sign(text.encode()))

    def cosign(self, checkpoint_body: str, timestamp: int) -> NoteSignature:
        """A ``cosignature/v1`` over a checkpoint body at ``timestamp`` (Unix seconds)."""
        verifier = NoteVerifier(
            name=self.name, public_key=self.verifier.public_key, algorithm=ALG_COSIGNATURE_V1
        )
        message = COSIGNATURE_HEADER.format(time=timestamp) + checkpoint_body
        signature = struct.pack(">Q", timestamp) + self._key.sign(message.encode())
        return NoteSignature(self.name, verifier.key_hash, signature)


def sign_note(text: str, signers: Iterable[NoteSigner]) -> str:
    """The signed note: text, blank line, one line per signer."""
    if not text.endswith("\n"):
        raise errors.CheckpointError(BAD_NOTE.format(why="text must end with a newline"))
    return text + "\n" + "".join(s.sign(text).line() for s in signers)


def split_note(note: str) -> tuple[str, list[NoteSignature]]:
    """Text and signature lines of a note, without checking any signature.

    Raises:
        CheckpointError: not in signed-note form.
    """
    if any(c < " " and c != "\n" for c in note):
        raise errors.CheckpointError(BAD_NOTE.format(why="control character"))
    text, sep, block = note.rpartition("\n\n")
    if not sep or not block.endswith("\n"):
        raise errors.CheckpointError(BAD_NOTE.format(why="no signature block"))
    text += "\n"
    signatures: list[NoteSignature] = []
    for line in block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise errors.CheckpointError(BAD_NOTE.format(why="malformed signature line"))
        name, _, blob = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except binascii.Error:
            raise errors.CheckpointError(BAD_NOTE.format(why="signature is not base64")) from None
        if not _valid_name(name) or len(raw) < 5:
            raise errors.CheckpointError(BAD_NOTE.format(why="malformed signature line"))
        signatures.append(NoteSignature(name, raw[:4], raw[4:]))
    if not signatures or len(signatures) > MAX_SIGNATURES:
        raise errors.CheckpointError(BAD_NOTE.format(why="no or too many signatures"))
    return text, signatures


def verified_signers(
    text: str, signatures: Sequence[NoteSignature], verifiers: Iterable[NoteVerifier]
) -> list[str]:
    """Names of the known note keys (algorithm 0x01) whose signature over ``text`` holds.

    Signatures by unknown keys are ignored. As in ``golang.org/x/mod/sumdb/note`` (and
    ``c2sp.org/signed-note``: clients SHOULD reject the whole note), a signature line whose
    name and key hash match a known key but which does not verify makes the note invalid.

    Raises:
        CheckpointError: a known key's signature does not verify.
    """
    known = {(v.name, v.key_hash): v for v in verifiers if v.algorithm == ALG_ED25519}
    names = []
    for sig in signatures:
        verifier = known.get((sig.name, sig.key_hash))
        if verifier is None:
            continue
        if not verifier.verify(text.encode(), sig.signature):
            raise errors.CheckpointError(BAD_SIGNATURE.format(name=sig.name))
        names.append(sig.name)
    return names


def cosignature_time(
    checkpoint_body: str, signature: NoteSignature, witness: NoteVerifier
) -> int | None:
    """The time a witness cosigned ``checkpoint_body``, or None when the cosignature fails."""
    if (
        witness.algorithm != ALG_COSIGNATURE_V1
        or (signature.name, signature.key_hash) != (witness.name, witness.key_hash)
        or len(signature.signature) != 8 + 64
    ):
        return None
    (timestamp,) = struct.unpack(">Q", signature.signature[:8])
    message = COSIGNATURE_HEADER.format(time=timestamp) + checkpoint_body
    return timestamp if witness.verify(message.encode(), signature.signature[8:]) else None


@dataclass(frozen=True, kw_only=True)
class CheckpointBody:
    """The signed text of a tlog checkpoint: origin, size, root hash, extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        """The checkpoint text (what is signed), ending in a newline."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def parse(cls, text: str) -> CheckpointBody:
        """Parse checkpoint text.

        Raises:
            CheckpointError: missing lines, a non-decimal size or a root that is not 32 bytes.
        """
        if not text.endswith("\n"):
            raise errors.CheckpointError(BAD_CHECKPOINT.format(why="no final newline"))
        lines = text[:-1].split("\n")
        if len(lines) < 3 or not lines[0]:
            raise errors.CheckpointError(BAD_CHECKPOINT.format(why="fewer than three lines"))
        origin, size, root = lines[:3]
        if not size.isascii() or not size.isdigit() or (size != "0" and size.startswith("0")):
            raise errors.CheckpointError(BAD_CHECKPOINT.format(why="size is not decimal"))
        try:
            root_hash = base64.b64decode(root, validate=True)
        except binascii.Error:
            raise errors.CheckpointError(BAD_CHECKPOINT.format(why="root is not base64")) from None
        if len(root_hash) != 32 or any(not line for line in lines[3:]):
            raise errors.CheckpointError(BAD_CHECKPOINT.format(why="bad root or empty line"))
        return cls(origin=origin, size=int(size), root_hash=root_hash, extensions=tuple(lines[3:]))
