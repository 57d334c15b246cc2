"""RFC 3161 anchors against a real TSA (``openssl ts -reply`` on loopback, CA made here)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from rfc3161_client import decode_timestamp_response

from audit_log import AuditStore, CheckpointSigner, open_audit_store
from audit_log.anchors.model import AnchorError
from audit_log.anchors.tsa import TsaAnchorer, load_certificates, token_time
from audit_log.types import Checkpoint
from tests.unit.audit_log.anchoring_servers import Tsa, make_ca, running_tsa
from tests.unit.audit_log.conftest import make_event


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tsa]:
    with running_tsa(tmp_path_factory.mktemp("tsa")) as running:
        yield running


@pytest.fixture
async def store(tmp_path: Path, signer: CheckpointSigner) -> AsyncIterator[AuditStore]:
    opened = open_audit_store(f"sqlite:///{tmp_path}/a.db", signer=signer)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.aclose()


async def _checkpoint(store: AuditStore, n: int = 3) -> Checkpoint:
    await asyncio.gather(*(store.append(make_event(i)) for i in range(n)))
    cp = await store.checkpoint()
    assert cp is not None
    return cp


async def test_when_tsa_stamps_a_checkpoint_then_token_verifies_with_its_ca(
    tsa: Tsa, store: AuditStore
) -> None:
    cp = await _checkpoint(store)

    anchor = await TsaAnchorer(url=tsa.url).anchor(cp, store)
    at = token_time(anchor.data, cp.note, load_certificates(tsa.ca_pem))

    assert anchor.kind == "rfc3161" and anchor.tree_size == cp.tree_size
    reply = decode_timestamp_response(base64.b64decode(anchor.data))
    assert reply.tst_info.gen_time == at


async def test_when_token_is_for_another_note_then_it_does_not_verify(
    tsa: Tsa, store: AuditStore
) -> None:
    first = await _checkpoint(store)
    anchor = await TsaAnchorer(url=tsa.url).anchor(first, store)
    second = await _checkpoint(store)

    with pytest.raises(AnchorError, match="Mismatch between messages"):
        token_time(anchor.data, second.note, load_certificates(tsa.ca_pem))


async def test_when_verifier_trusts_another_ca_then_token_is_refused(
    tsa: Tsa, store: AuditStore
) -> None:
    cp = await _checkpoint(store)
    anchor = await TsaAnchorer(url=tsa.url).anchor(cp, store)
    _, other_ca = make_ca("Some Other CA")

    # The reason, not just any failure: the chain does not lead to the trusted certificate.
    with pytest.raises(AnchorError, match=r"does not verify: .*unable to get local issuer"):
        token_time(anchor.data, cp.note, [other_ca])


async def test_when_tsa_certificate_is_expired_then_token_is_refused(
    tmp_path: Path, store: AuditStore
) -> None:
    cp = await _checkpoint(store)
    with running_tsa(tmp_path / "expired", expired=True) as expired:
        anchor = await TsaAnchorer(url=expired.url).anchor(cp, store)

        # Refused for the expiry itself (the CA is the right one, the note the stamped one).
        with pytest.raises(AnchorError, match=r"does not verify: .*certificate has expired"):
            token_time(anchor.data, cp.note, load_certificates(expired.ca_pem))


@pytest.mark.parametrize("token", ["", "bm90IGEgdG9rZW4=", "%%%"])
def test_when_token_is_garbage_then_it_is_refused(tsa: Tsa, token: str) -> None:
    with pytest.raises(AnchorError, match="not a TimeStampResp"):
        token_time(token, "x\n", load_certificates(tsa.ca_pem))


async def test_when_tsa_is_unreachable_then_anchor_error_and_store_keeps_working(
    store: AuditStore,
) -> None:
    cp = await _checkpoint(store)

    with pytest.raises(AnchorError, match="unreachable"):
        await TsaAnchorer(url="http://127.0.0.1:9/tsa", timeout_s=2).anchor(cp, store)
