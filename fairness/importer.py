"""Import of past decisions made elsewhere (CSV or JSON Lines), validated row by row.

Columns / keys (header names are case-sensitive):

=================  =========================================================================
``decided_at``     required, ISO 8601 with a timezone offset (``2025-03-01T10:00:00+01:00``)
``prediction``     required, ``0``/``1`` (JSON also ``true``/``false``)
``outcome``        optional, ``0``/``1`` or empty/null while the ground truth is unknown
``score``          optional number
``decision_id``    optional; derived from the file's content hash and line number if absent,
                   so importing the same file twice imports nothing the second time
``model_version``  optional; defaults to the ``model_version`` argument
``model_id``       optional; if present it must equal the ``model_id`` argument
``attributes``     JSONL only: an object of protected attributes
anything else      a protected attribute (e.g. ``sex``, ``age_band``), or only the columns
                   named in ``attributes=`` when that argument is given
=================  =========================================================================

Without ``partial=True`` a single bad row means nothing is imported (``committed=False``); the
file is still read to the end so that every bad row is reported.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from fairness.errors import ImportFileError, InvalidDecisionError
from fairness.store import FairnessStore
from fairness.types import DecisionRecord, ImportResult, ProgressCallback, RejectedRow

FileFormat = Literal["csv", "jsonl"]
KNOWN_FIELDS = frozenset(
    {"decided_at", "prediction", "outcome", "score", "decision_id", "model_version", "model_id"}
)
MAX_REJECTED_LISTED = 10_000
PROGRESS_EVERY = 10_000
_SUFFIXES: dict[str, FileFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    record: DecisionRecord | None
    reason: str | None


class _RowError(ValueError):
    pass


class _NothingToCommit(Exception):
    """Raised by the record stream to roll the store's transaction back."""


def detect_format(path: Path) -> FileFormat:
    """``csv`` or ``jsonl`` from the file suffix.

    Raises:
        ImportFileError: any other suffix.
    """
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ImportFileError(f"unsupported import file type {suffix!r} (use .csv or .jsonl)")
    return _SUFFIXES[suffix]


def _flag(value: Any, name: str, *, optional: bool) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        raise _RowError(f"{name} is missing")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return int(value.strip())
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return 1 if value.strip().lower() == "true" else 0
    raise _RowError(f"{name} must be 0 or 1, got {str(value)[:40]!r}")


def _timestamp(value: Any) -> datetime:
    if value is None or value == "":
        raise _RowError("decided_at is missing")
    if not isinstance(value, str):
        raise _RowError("decided_at must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _RowError(f"decided_at is not an ISO 8601 timestamp: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        raise _RowError("decided_at has no timezone offset")
    return parsed


def _score(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _RowError("score must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _RowError(f"score is not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise _RowError("score must be finite")
    return number


def _parse(
    fields: Mapping[str, Any],
    *,
    line: int,
    model_id: str,
    model_version: str,
    attribute_names: Sequence[str] | None,
    id_prefix: str,
) -> DecisionRecord:
    if "model_id" in fields and fields["model_id"] not in (None, "", model_id):
        raise _RowError(f"model_id {str(fields['model_id'])[:40]!r} differs from {model_id!r}")
    attributes: dict[str, str] = {}
    nested = fields.get("attributes")
    if nested is not None:
        if not isinstance(nested, Mapping):
            raise _RowError("attributes must be an object")
        attributes.update(nested)
    names = (
        attribute_names
        if attribute_names is not None
        else [k for k in fields if k not in KNOWN_FIELDS and k != "attributes"]
    )
    for name in names:
        if name in fields and name != "attributes":
            attributes[name] = fields[name]
    for name, value in list(attributes.items()):
        if value is None or value == "":
            raise _RowError(f"protected attribute {name!r} is empty")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _RowError(f"protected attribute {name!r} must be a string")
        attributes[name] = str(value).strip()
    if attribute_names is not None:
        missing = [n for n in attribute_names if n not in attributes]
        if missing:
            raise _RowError(f"protected attribute(s) missing: {', '.join(missing)}")
    decision_id = fields.get("decision_id") or f"{id_prefix}-{line}"
    version = fields.get("model_version") or model_version
    prediction = _flag(fields.get("prediction"), "prediction", optional=False)
    try:
        return DecisionRecord(
            model_id=model_id,
            model_version=str(version),
            decision_id=str(decision_id),
            decided_at=_timestamp(fields.get("decided_at")),
            prediction=prediction if prediction is not None else -1,
            score=_score(fields.get("score")),
            outcome=_flag(fields.get("outcome"), "outcome", optional=True),
            attributes=attributes,
        )
    except InvalidDecisionError as exc:
        raise _RowError(str(exc)) from None


def _raw_rows(path: Path, file_format: FileFormat) -> Iterator[tuple[int, Mapping[str, Any] | str]]:
    """Yields (line number, fields) or (line number, error text)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path.name}: {exc.strerror}") from exc
    with handle:
        try:
            if file_format == "csv":
                reader = csv.DictReader(handle)
                if not reader.fieldnames:
                    raise ImportFileError(f"{path.name} has no header row")
                header = list(reader.fieldnames)
                if len(set(header)) != len(header):
                    raise ImportFileError(f"{path.name} has duplicate column names")
                for required in ("decided_at", "prediction"):
                    if required not in header:
                        raise ImportFileError(f"{path.name} lacks the column {required!r}")
                start = reader.line_num + 1
                for row in reader:
                    line, start = start, reader.line_num + 1
                    if None in row:
                        yield line, "more fields than header columns"
                    elif any(v is None for v in row.values()):
                        yield line, "fewer fields than header columns"
                    elif all(v == "" for v in row.values()):
                        continue
                    else:
                        yield line, row
            else:
                for line, text in enumerate(handle, start=1):
                    if not text.strip():
                        continue
                    try:
                        value = json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield line, f"invalid JSON: {exc.msg}"
                        continue
                    if not isinstance(value, dict):
                        yield line, "a line must hold one JSON object"
                    else:
                        yield line, value
        except UnicodeDecodeError:
            raise ImportFileError(f"{path.name} is not UTF-8 text") from None
        except csv.Error as exc:
            raise ImportFileError(f"{path.name} is not valid CSV: {exc}") from None


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path.name}: {exc.strerror}") from exc
    return digest.hexdigest()


def _iter_rows(
    path: Path,
    model_id: str,
    *,
    file_format: FileFormat,
    id_prefix: str,
    model_version: str,
    attributes: Sequence[str] | None,
) -> Iterator[_Row]:
    """Parses and validates every row; yields one result per data row."""
    first_line: dict[str, int] = {}
    for line, fields in _raw_rows(path, file_format):
        if isinstance(fields, str):
            yield _Row(line, None, fields)
            continue
        try:
            record = _parse(
                fields,
                line=line,
                model_id=model_id,
                model_version=model_version,
                attribute_names=attributes,
                id_prefix=id_prefix,
            )
        except _RowError as exc:
            yield _Row(line, None, str(exc))
            continue
        seen = first_line.setdefault(record.decision_id, line)
        if seen != line:
            yield _Row(line, None, f"duplicate decision_id (first on line {seen})")
            continue
        yield _Row(line, record, None)


async def import_decisions(
    store: FairnessStore,
    path: str | Path,
    model_id: str,
    *,
    partial: bool = False,
    model_version: str = "imported",
    attributes: Sequence[str] | None = None,
    file_format: FileFormat | None = None,
    progress: ProgressCallback | None = None,
    progress_every: int = PROGRESS_EVERY,
) -> ImportResult:
    """Validates every row of a CSV/JSONL file and imports the decisions in one transaction.

    The file is read once, streaming into the store's transaction; if a row is rejected and
    ``partial`` is False, the transaction is rolled back after the whole file was checked, so
    every rejected row is reported and nothing is imported.

    Args:
        store: target fairness store.
        path: ``.csv`` or ``.jsonl`` file (or set ``file_format``).
        model_id: the model the decisions belong to.
        partial: import the valid rows even if some rows are rejected.
        model_version: version for rows without a ``model_version`` column.
        attributes: protected attribute columns (None = every column not otherwise known).
        file_format: overrides detection from the suffix.
        progress: ``progress("import", rows_read, total)``; ``total`` is None until the end.
        progress_every: rows between two progress calls.

    Raises:
        ImportFileError: the file cannot be read at all.
        FairnessStoreError: the database failed (nothing is imported).
    """
    if not model_id or len(model_id) > 200:
        raise ImportFileError("model_id must be a non-empty string of <= 200 characters")
    source = Path(path)
    notify = progress or (lambda stage, done, total: None)
    # Unusable files fail here, before a transaction is opened.
    file_format = file_format or detect_format(source)
    digest = hashlib.sha256(f"{model_id}\0{_file_digest(source)}".encode()).hexdigest()
    rows = _iter_rows(
        source,
        model_id,
        file_format=file_format,
        id_prefix=f"imp-{digest[:20]}",
        model_version=model_version,
        attributes=attributes,
    )
    rejected: list[RejectedRow] = []
    counts = {"total": 0, "valid": 0, "rejected": 0}

    def records() -> Iterator[DecisionRecord]:
        # One pass inside the store's transaction; rows are never all held in memory.
        for row in rows:
            counts["total"] += 1
            if row.record is None:
                counts["rejected"] += 1
                if len(rejected) < MAX_REJECTED_LISTED:
                    rejected.append(RejectedRow(line=row.line, reason=row.reason or "invalid"))
            else:
                counts["valid"] += 1
                if partial or not counts["rejected"]:
                    yield row.record
            if counts["total"] % progress_every == 0:
                notify("import", counts["total"], None)
        notify("import", counts["total"], counts["total"])
        if (counts["rejected"] and not partial) or not counts["valid"]:
            raise _NothingToCommit

    try:
        imported = await store.record_decisions(records())
        committed = True
    except _NothingToCommit:
        imported, committed = 0, False
    return ImportResult(
        path=str(source),
        model_id=model_id,
        total_rows=counts["total"],
        imported=imported,
        duplicates=counts["valid"] - imported if committed else 0,
        rejected=tuple(rejected),
        rejected_count=counts["rejected"],
        committed=committed,
    )
