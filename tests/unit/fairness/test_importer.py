"""Import of past decisions from CSV and JSON Lines."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from fairness import FairnessStore, ImportFileError, import_decisions

from .data import T0

HEADER = "decision_id,decided_at,prediction,outcome,score,sex,age_band\n"
GOOD_ROWS = [
    "a1,2025-03-01T10:00:00+01:00,1,1,0.9,f,30-44",
    "a2,2025-03-01T11:00:00Z,0,,0.2,m,18-29",
    "a3,2025-03-02T09:30:00+00:00,1,0,,d,65+",
]
UNTIL = T0 + timedelta(days=365)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_when_csv_is_valid_then_every_row_is_imported(
    store: FairnessStore, tmp_path: Path
) -> None:
    path = _write(tmp_path, "history.csv", HEADER + "\n".join(GOOD_ROWS) + "\n")

    result = await import_decisions(store, path, "wohngeld")

    assert (result.imported, result.duplicates, result.rejected, result.committed) == (
        3,
        0,
        (),
        True,
    )
    table = await store.confusion_counts("wohngeld", since=None, until=UNTIL)
    assert sorted((dict(c.attributes)["sex"], c.prediction, c.outcome) for c in table.cells) == [
        ("d", 1, 0),
        ("f", 1, 1),
        ("m", 0, None),
    ]


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("b1,2025-03-01T10:00:00+01:00,yes,1,0.5,f,30-44", "prediction must be 0 or 1, got 'yes'"),
        ("b1,2025-03-01T10:00:00,1,1,0.5,f,30-44", "decided_at has no timezone offset"),
        ("b1,yesterday,1,1,0.5,f,30-44", "decided_at is not an ISO 8601 timestamp: 'yesterday'"),
        ("b1,,1,1,0.5,f,30-44", "decided_at is missing"),
        ("b1,2025-03-01T10:00:00Z,1,2,0.5,f,30-44", "outcome must be 0 or 1, got '2'"),
        ("b1,2025-03-01T10:00:00Z,1,1,high,f,30-44", "score is not a number: 'high'"),
        ("b1,2025-03-01T10:00:00Z,1,1,0.5,,30-44", "protected attribute 'sex' is empty"),
        ("b1,2025-03-01T10:00:00Z,1,1,0.5,f", "fewer fields than header columns"),
        ("b1,2025-03-01T10:00:00Z,1,1,0.5,f,30-44,x", "more fields than header columns"),
        ("a1,2025-03-01T10:00:00Z,1,1,0.5,f,30-44", "duplicate decision_id (first on line 2)"),
    ],
)
async def test_when_a_row_is_bad_then_it_is_reported_with_line_and_nothing_imported(
    sqlite_store: FairnessStore, tmp_path: Path, bad_row: str, reason: str
) -> None:
    path = _write(tmp_path, "h.csv", HEADER + "\n".join([*GOOD_ROWS[:2], bad_row, GOOD_ROWS[2]]))

    result = await import_decisions(sqlite_store, path, "wohngeld")

    assert [(r.line, r.reason) for r in result.rejected] == [(4, reason)]
    assert (result.imported, result.committed, result.rejected_count) == (0, False, 1)
    assert not await sqlite_store.has_model("wohngeld")


async def test_when_partial_then_good_rows_are_kept_and_bad_rows_listed(
    store: FairnessStore, tmp_path: Path
) -> None:
    rows = [GOOD_ROWS[0], "x,2025-13-01T00:00:00Z,1,,,f,18-29", GOOD_ROWS[1], "y,,1,,,m,18-29"]
    path = _write(tmp_path, "h.csv", HEADER + "\n".join(rows) + "\n")

    result = await import_decisions(store, path, "wohngeld", partial=True)

    assert result.committed is True
    assert result.imported == 2
    assert [r.line for r in result.rejected] == [3, 5]
    table = await store.confusion_counts("wohngeld", since=None, until=UNTIL)
    assert table.total == 2


async def test_when_jsonl_with_nested_attributes_then_imported_and_reimport_is_idempotent(
    store: FairnessStore, tmp_path: Path
) -> None:
    lines = [
        {"decided_at": "2025-01-05T08:00:00+01:00", "prediction": True, "outcome": None,
         "attributes": {"sex": "f", "nationality_group": "eu"}},
        {"decided_at": "2025-01-05T09:00:00+01:00", "prediction": 0, "outcome": 1,
         "sex": "m", "nationality_group": "de", "model_version": "2.0"},
    ]  # fmt: skip
    text = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    path = _write(tmp_path, "h.jsonl", text)

    first = await import_decisions(store, path, "kita")
    again = await import_decisions(store, path, "kita")

    assert (first.imported, first.duplicates) == (2, 0)
    assert (again.imported, again.duplicates, again.committed) == (0, 2, True)
    table = await store.confusion_counts("kita", since=None, until=UNTIL, model_version="2.0")
    assert [(dict(c.attributes), c.prediction, c.outcome) for c in table.cells] == [
        ({"nationality_group": "de", "sex": "m"}, 0, 1)
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2]", "a line must hold one JSON object"),
        ('{"decided_at": "2025-01-05T08:00:00Z", "prediction": 1, "model_id": "other"}',
         "model_id 'other' differs from 'kita'"),
        ('{"decided_at": "2025-01-05T08:00:00Z", "prediction": 1, "attributes": [1]}',
         "attributes must be an object"),
        ('{"decided_at": "2025-01-05T08:00:00Z", "prediction": 1, "sex": {"a": 1}}',
         "protected attribute 'sex' must be a string"),
        ('{"decided_at": 20250105, "prediction": 1}', "decided_at must be an ISO 8601 string"),
    ],
)  # fmt: skip
async def test_when_jsonl_line_is_bad_then_reason_given(
    sqlite_store: FairnessStore, tmp_path: Path, line: str, reason: str
) -> None:
    good = '{"decided_at": "2025-01-05T08:00:00Z", "prediction": 1, "sex": "f"}'
    path = _write(tmp_path, "h.jsonl", f"{good}\n{line}\n")

    result = await import_decisions(sqlite_store, path, "kita", partial=True)

    assert [(r.line, r.reason) for r in result.rejected] == [(2, reason)]
    assert result.imported == 1


async def test_when_attribute_columns_named_then_other_columns_are_not_stored(
    sqlite_store: FairnessStore, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "h.csv",
        "decided_at,prediction,sex,case_worker\n2025-03-01T10:00:00Z,1,f,Frau Schmidt\n",
    )

    result = await import_decisions(sqlite_store, path, "wohngeld", attributes=["sex"])

    assert result.imported == 1
    table = await sqlite_store.confusion_counts("wohngeld", since=None, until=UNTIL)
    assert table.cells[0].attributes == (("sex", "f"),)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("h.xlsx", "x", "unsupported import file type '.xlsx'"),
        ("h.csv", "", "has no header row"),
        ("h.csv", "decided_at,sex\n2025-01-01T00:00:00Z,f\n", "lacks the column 'prediction'"),
        ("h.csv", "a,a,decided_at,prediction\n", "duplicate column names"),
    ],
)
async def test_when_file_unusable_then_import_file_error(
    sqlite_store: FairnessStore, tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(ImportFileError, match=message):
        await import_decisions(sqlite_store, _write(tmp_path, name, text), "wohngeld")


async def test_when_file_missing_then_import_file_error(
    sqlite_store: FairnessStore, tmp_path: Path
) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        await import_decisions(sqlite_store, tmp_path / "absent.csv", "wohngeld")


async def test_when_import_is_long_then_progress_is_reported(
    store: FairnessStore, tmp_path: Path
) -> None:
    rows = [f"{i},2025-03-01T10:00:00Z,{i % 2},,,{'fm'[i % 2]}" for i in range(2_500)]
    path = _write(tmp_path, "big.csv", "decision_id,decided_at,prediction,outcome,score,sex\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows))
    calls: list[tuple[str, int, int | None]] = []

    result = await import_decisions(
        store,
        path,
        "wohngeld",
        progress=lambda s, d, t: calls.append((s, d, t)),
        progress_every=1_000,
    )

    assert result.imported == 2_500
    assert calls == [("import", 1_000, None), ("import", 2_000, None), ("import", 2_500, 2_500)]
