"""RFC 3161 time-stamps on checkpoint notes, requested over HTTP and checked with rfc3161-client.

The time-stamped message is the whole signed checkpoint note (UTF-8), hashed with SHA-256.
A token proves the note existed at ``genTime`` according to the TSA; with a qualified trust
service (eIDAS Art. 41) that carries the legal presumption of date and integrity.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from datetime import datetime

import httpx
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from audit_log.anchors.model import AnchorError, AnchorKind, AnchorLog, CheckpointAnchor
from audit_log.types import Checkpoint

QUERY_MEDIA_TYPE = "application/timestamp-query"
REPLY_MEDIA_TYPE = "application/timestamp-reply"
TOKEN_INVALID = "time-stamp token does not verify: {why}"  # noqa: S105 - a message


class TsaAnchorer:
    """Asks one time-stamping authority for a token on every checkpoint."""

    def __init__(self, *, url: str, timeout_s: float = 10.0) -> None:
        self._url = url
        self._timeout_s = timeout_s

    @property
    def kind(self) -> AnchorKind:
        """``rfc3161``."""
        return "rfc3161"

    @property
    def source(self) -> str:
        """The TSA URL."""
        return self._url

    async def anchor(self, checkpoint: Checkpoint, log: AnchorLog) -> CheckpointAnchor:
        """POST a time-stamp query for the checkpoint note; checks the reply matches it."""
        message = checkpoint.note.encode()
        request = (
            TimestampRequestBuilder()
            .data(message)
            .hash_algorithm(HashAlgorithm.SHA256)
            .nonce(nonce=True)
            .cert_request(cert_request=True)
            .build()
        )
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s) as client:
                response = await client.post(
                    self._url,
                    content=request.as_bytes(),
                    headers={"content-type": QUERY_MEDIA_TYPE},
                )
        except httpx.HTTPError as exc:
            raise AnchorError(f"TSA unreachable ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise AnchorError(f"TSA answered HTTP {response.status_code}")
        try:
            reply = decode_timestamp_response(response.content)
        except ValueError:
            raise AnchorError("TSA reply is not a TimeStampResp") from None
        if PKIStatus(reply.status) not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
            raise AnchorError(f"TSA refused the request (status {reply.status})")
        imprint = reply.tst_info.message_imprint.message
        if imprint != hashlib.sha256(message).digest() or reply.tst_info.nonce != request.nonce:
            raise AnchorError("TSA reply is for another request")
        return CheckpointAnchor(
            tree_size=checkpoint.tree_size,
            kind="rfc3161",
            source=self._url,
            data=base64.b64encode(reply.as_bytes()).decode(),
        )


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle.

    Raises:
        AnchorError: no certificate in it.
    """
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise AnchorError("no PEM certificate found") from None
    return certs


def token_time(token_b64: str, checkpoint_note: str, roots: Sequence[x509.Certificate]) -> datetime:
    """The time a valid token vouches for the note.

    Args:
        token_b64: The stored anchor data (base64 DER TimeStampResp).
        checkpoint_note: The signed note that was time-stamped.
        roots: Trusted TSA certificates (root CA, or the TSA certificate itself).

    Raises:
        AnchorError: malformed, not granted, signed by an untrusted or expired certificate,
            or made for another message.
    """
    try:
        reply = decode_timestamp_response(base64.b64decode(token_b64, validate=True))
    except (ValueError, binascii.Error):
        raise AnchorError(TOKEN_INVALID.format(why="not a TimeStampResp")) from None
    errors: list[str] = []
    for root in roots:
        verifier = VerifierBuilder(roots=[root]).build()
        try:
            verifier.verify_message(reply, checkpoint_note.encode())
        except VerificationError as exc:
            errors.append(str(exc))
            continue
        return reply.tst_info.gen_time
    raise AnchorError(TOKEN_INVALID.format(why="; ".join(errors) or "no trusted TSA certificate"))
