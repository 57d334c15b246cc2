"""Real anchoring services on loopback for the tests: an RFC 3161 TSA (``openssl ts -reply``
behind a small HTTP server, with a CA generated here) and the project's own witness served
by uvicorn. Nothing here is a fake: the TSA is OpenSSL's, the witness is ``leitplanke
witness serve``'s app.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from audit_log.note import ALG_COSIGNATURE_V1, NoteSigner, NoteVerifier
from audit_log.witness import Witness
from gateway.witness_app import create_witness_app

_TSA_CONF = """
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn: str = "Leitplanke Test CA") -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


@dataclass(frozen=True)
class Tsa:
    """A running TSA: its URL and the CA certificate a verifier trusts."""

    url: str
    ca_pem: bytes
    directory: Path


def _tsa_files(directory: Path, *, expired: bool) -> bytes:
    ca_key, ca = make_ca()
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    start, end = (
        (now - dt.timedelta(days=10), now - dt.timedelta(days=1))
        if expired
        else (now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Leitplanke Test TSA"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (directory / "tsa.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (directory / "tsa.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "serial").write_text("01\n")
    (directory / "tsa.cnf").write_text(_TSA_CONF.format(dir=directory))
    return ca.public_bytes(serialization.Encoding.PEM)


def _handler(directory: Path) -> type[BaseHTTPRequestHandler]:
    class TsaHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            query = self.rfile.read(length)
            with tempfile.TemporaryDirectory(dir=directory) as work:
                query_file, reply_file = Path(work) / "q.tsq", Path(work) / "r.tsr"
                query_file.write_bytes(query)
                result = subprocess.run(
                    [
                        "openssl",
                        "ts",
                        "-reply",
                        "-config",
                        str(directory / "tsa.cnf"),
                        "-queryfile",
                        str(query_file),
                        "-out",
                        str(reply_file),
                    ],
                    capture_output=True,
                    check=False,
                )
                if result.returncode != 0:
                    self.send_response(500)
                    self.end_headers()
                    return
                reply = reply_file.read_bytes()
            self.send_response(200)
            self.send_header("content-type", "application/timestamp-reply")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            return

    return TsaHandler


@contextmanager
def running_tsa(directory: Path, *, expired: bool = False) -> Iterator[Tsa]:
    """``openssl ts`` as a TSA on 127.0.0.1 (ephemeral port)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_pem = _tsa_files(directory, expired=expired)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Tsa(
            url=f"http://127.0.0.1:{server.server_address[1]}/tsa",
            ca_pem=ca_pem,
            directory=directory,
        )
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class RunningWitness:
    """A witness served over HTTP: URL, cosignature key, the ``Witness`` itself."""

    url: str
    key: NoteVerifier
    witness: Witness


@contextmanager
def running_witness(
    state_file: Path, logs: list[NoteVerifier], name: str = "witness.test/w1"
) -> Iterator[RunningWitness]:
    """The project's witness app under uvicorn on 127.0.0.1 (ephemeral port)."""
    private = Ed25519PrivateKey.generate()
    witness = Witness(
        signer=NoteSigner(name=name, private_key=private), logs=logs, state_file=state_file
    )
    config = uvicorn.Config(
        create_witness_app(witness), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("witness did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    key = NoteVerifier(name=name, public_key=private.public_key(), algorithm=ALG_COSIGNATURE_V1)
    try:
        yield RunningWitness(url=f"http://127.0.0.1:{port}", key=key, witness=witness)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
