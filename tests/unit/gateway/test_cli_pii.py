"""`leitplanke pii evaluate`: the real redactor over a labelled corpus, figures printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.cli import EXIT_OK, EXIT_USAGE, main

CORPUS = "Gestern O\nsagte O\nAngela B-PER\nMerkel I-PER\nin O\nBerlin B-LOC\nnichts O\n. O\n\n"


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LEITPLANKE_CONFIG", raising=False)
    monkeypatch.setenv("LEITPLANKE_PII__NLP_CACHE_DIR", str(tmp_path / "spacy"))


@pytest.mark.usefixtures("settings_env")
def test_when_corpus_evaluated_then_recall_precision_and_over_redaction_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.conll"
    corpus.write_text(CORPUS, encoding="utf-8")
    figures = tmp_path / "figures.json"

    code = main(
        [
            "pii",
            "evaluate",
            "--corpus",
            str(corpus),
            "--format",
            "conll",
            "--lang",
            "de",
            "--json",
            str(figures),
        ]
    )

    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "PER" in out and "over-redaction" in out
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert report["recall"]["PER"] == {"gold": 1, "caught": 1, "recall": 1.0}
    assert report["precision"]["PERSON"]["precision"] == 1.0
    assert report["over_redaction"]["redacted"] == 0


@pytest.mark.usefixtures("settings_env")
def test_when_corpus_missing_then_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["pii", "evaluate", "--corpus", str(tmp_path / "none"), "--format", "conll"])

    assert code == EXIT_USAGE
    assert "corpus not found" in capsys.readouterr().err


@pytest.mark.usefixtures("settings_env")
def test_when_corpus_malformed_then_usage_error_names_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "bad.tsv"
    corpus.write_text("1\tAngela\n", encoding="utf-8")

    code = main(["pii", "evaluate", "--corpus", str(corpus), "--format", "germeval"])

    assert code == EXIT_USAGE
    assert "bad.tsv:1" in capsys.readouterr().err


@pytest.mark.usefixtures("settings_env")
def test_when_torch_missing_then_train_says_how_to_install_it_and_trains_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pii.ner import training

    monkeypatch.setattr(training, "torch_missing", lambda: True)
    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("trained without torch"))

    code = main(
        ["pii", "train", "--corpora", str(tmp_path), "--lang", "de", "--out", str(tmp_path / "out")]
    )

    assert code == EXIT_USAGE
    assert "pip install torch==2.13.0" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
