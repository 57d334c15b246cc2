"""``leitplanke audit checkpoint|verify|anchors`` with anchors, and ``leitplanke witness key``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit_log.note import ALG_COSIGNATURE_V1, NoteVerifier, split_note
from gateway.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from tests.unit.audit_log.anchoring_servers import Tsa, running_tsa


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tsa]:
    with running_tsa(tmp_path_factory.mktemp("tsa")) as running:
        yield running


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tsa: Tsa) -> Path:
    (tmp_path / "tsa-ca.pem").write_bytes(tsa.ca_pem)
    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", f"sqlite:///{tmp_path}/db/a.db")
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "keys/signing.pem"))
    monkeypatch.setenv("LEITPLANKE_AUDIT__ORIGIN", "bescheid.example.de/audit")
    monkeypatch.setenv("LEITPLANKE_AUDIT__TSA_URL", tsa.url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__PUBLISH_DIR", str(tmp_path / "published"))
    return tmp_path


def _checkpoint(capsys: pytest.CaptureFixture[str], name: str = "bot") -> str:
    assert main(["keys", "create", "--name", name, "--role", "ai-service"]) == EXIT_OK
    capsys.readouterr()
    assert main(["audit", "checkpoint"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_when_checkpoint_is_made_then_a_c2sp_note_is_printed_anchored_and_published(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = _checkpoint(capsys)
    text, (signature,) = split_note(note)

    assert text.split("\n")[:2] == ["bescheid.example.de/audit", "1"]
    assert signature.name == "bescheid.example.de/audit"
    published = sorted((configured / "published").glob("*.note"))
    assert [p.read_text() for p in published] == [note]
    assert main(["audit", "anchors"]) == EXIT_OK
    (line,) = capsys.readouterr().out.splitlines()
    exported = json.loads(line)
    assert exported["note"] == note
    assert {a["kind"] for a in exported["anchors"]} == {"rfc3161", "publication"}


def test_when_verified_with_trusted_checkpoint_and_tsa_cert_then_ok_and_tail_stated(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (configured / "saved.note").write_text(_checkpoint(capsys))
    assert main(["keys", "create", "--name", "later", "--role", "ai-service"]) == EXIT_OK
    capsys.readouterr()

    code = main(
        [
            "audit",
            "verify",
            "--trusted-checkpoint",
            str(configured / "saved.note"),
            "--tsa-cert",
            str(configured / "tsa-ca.pem"),
        ]
    )
    out = capsys.readouterr().out

    assert code == EXIT_OK, out
    assert "audit log OK: 2 records" in out
    # Closing the CLI's store checkpoints and anchors what it wrote: no unanchored tail.
    assert "last anchored checkpoint: tree size 2; 0 records after it" in out
    assert "rfc3161 " in out


def test_when_trusted_checkpoint_is_from_another_log_then_verify_fails(
    configured: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    note = _checkpoint(capsys)
    (configured / "forged.note").write_text(note.replace("\n1\n", "\n7\n", 1))

    code = main(["audit", "verify", "--trusted-checkpoint", str(configured / "forged.note")])

    assert code == EXIT_FAILURE
    assert "trusted checkpoint #1 does not verify" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--trusted-checkpoint", "/nonexistent.note"], "--trusted-checkpoint"),
        (["--tsa-cert", "/nonexistent.pem"], "--tsa-cert"),
        (["--witness", "http://127.0.0.1:1"], "--witness"),
        (["--witness", "ftp://x"], "--witness"),
    ],
)
def test_when_verify_option_is_unusable_then_exit_2_naming_it(
    configured: Path, capsys: pytest.CaptureFixture[str], args: list[str], option: str
) -> None:
    assert main(["audit", "verify", *args]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith(option)


def test_when_witness_key_is_created_then_a_cosignature_vkey_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["witness", "key", "--name", "dsb.example.de/w", "--output", str(tmp_path / "w.pem")])
        == EXIT_OK
    )
    vkey = NoteVerifier.from_vkey(capsys.readouterr().out.strip())

    assert (vkey.name, vkey.algorithm) == ("dsb.example.de/w", ALG_COSIGNATURE_V1)
    assert (tmp_path / "w.pem").stat().st_mode & 0o077 == 0


def test_when_production_key_lies_beside_the_sqlite_database_then_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gateway.audit_store import KEY_BESIDE_DATABASE

    monkeypatch.setenv("LEITPLANKE_DATABASE_URL", f"sqlite:///{tmp_path}/a.db")
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    monkeypatch.setenv("LEITPLANKE_AUDIT__GENERATE_DEV_KEY", "false")

    assert main(["audit", "verify"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "lies in the SQLite database's directory" in err
    assert KEY_BESIDE_DATABASE.split("{")[0] in err


def test_when_asked_for_the_vkey_then_it_verifies_the_logs_checkpoints(
    configured: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = _checkpoint(capsys)
    assert main(["audit", "vkey"]) == EXIT_OK
    verifier = NoteVerifier.from_vkey(capsys.readouterr().out.strip())
    assert verifier.name == "bescheid.example.de/audit"
    text, (signature,) = split_note(note)
    assert signature.key_hash == verifier.key_hash
    assert verifier.verify(text.encode(), signature.signature)
