"""``leitplanke decisions unlock``: the console reset of a locked citizen access code."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from explain import generate_access_code, open_decision_store, validate_features
from explain.records import new_decision_record
from explain.registry import default_registry
from gateway.cli import main
from gateway.settings import DEV_ACCESS_CODE_SECRET
from tests.unit.explain.conftest import case


def test_when_decision_unlocked_on_the_console_then_failures_are_forgotten_and_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/db.sqlite"
    monkeypatch.setenv("LEITPLANKE_DATABASE__URL", url)
    monkeypatch.setenv("LEITPLANKE_AUDIT__SIGNING_KEY_FILE", str(tmp_path / "k" / "key.pem"))
    secret = DEV_ACCESS_CODE_SECRET.encode()
    model = default_registry().get("wohngeld-demo", None)

    async def seed() -> str:
        store = await open_decision_store(url, access_code_secret=secret)
        record = new_decision_record(
            assessment=model.assess(validate_features(model.spec, case())),
            service="svc",
            case_reference="AZ-1",
            subject_pseudonym="psn_1",
            purpose="demo",
            protected_attributes={},
            obligations=(),
        )
        await store.save(record, access_code=generate_access_code())
        for _ in range(4):
            await store.add_code_failure(record.id)
        await store.aclose()
        return record.id

    decision_id = asyncio.run(seed())
    assert main(["decisions", "unlock", "--id", decision_id]) == 0
    assert "4 wrong tries forgotten" in capsys.readouterr().out
    assert main(["decisions", "unlock", "--id", "missing"]) == 1

    async def failures() -> int:
        store = await open_decision_store(url, access_code_secret=secret)
        try:
            return await store.code_failures(decision_id)
        finally:
            await store.aclose()

    assert asyncio.run(failures()) == 0
    assert main(["audit", "export", "--event-type", "decision.code_unlocked"]) == 0
    assert decision_id in capsys.readouterr().out
