"""Reading and compiling the Rego bundle.

A bundle is a directory of Rego v1 files (``*.rego``; ``*_test.rego`` hold unit tests)
and ``data.json`` files. A ``data.json`` in a sub-directory is placed at that path in
the data document, as in OPA bundles. The revision is a SHA-256 over all bundle files
in sorted order (path and content), so any change to a policy, test or data file
changes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policies.errors import PolicyCompileError

#: The bundle shipped with Leitplanke.
DEFAULT_BUNDLE_DIR = Path(__file__).parent / "bundle"

#: Documents the gateway queries; a bundle must define both.
ACCESS_PATH = "leitplanke/access/decision"
AUTOMATED_DECISION_PATH = "leitplanke/automated_decision/decision"
ENTRYPOINTS = (ACCESS_PATH, AUTOMATED_DECISION_PATH)

MESSAGE_NO_REGO = "the bundle contains no .rego files"
MESSAGE_NOT_A_DIRECTORY = "bundle directory does not exist"
MESSAGE_DATA_NOT_OBJECT = "data.json must contain a JSON object"
MESSAGE_ENTRYPOINT_UNDEFINED = "entry point data.{path} is not defined by the bundle"

# "access.rego:12: rego_parse_error: unexpected } token" (OPA's error text)
_LOCATION = re.compile(r"(?P<file>[^\s:][^:\n]*\.rego):(?P<line>\d+):\s*(?P<message>[^\n]*)")
_ERROR_COUNT = re.compile(r"(?P<count>\d+) errors? occurred")


@dataclass(frozen=True, slots=True, kw_only=True)
class RegoModule:
    """One Rego file of a bundle, named by its bundle-relative POSIX path."""

    path: str
    source: str

    @property
    def is_test(self) -> bool:
        """True for ``*_test.rego`` files (unit tests, not loaded for decisions)."""
        return self.path.endswith("_test.rego")


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundle:
    """A loaded (not yet compiled) policy bundle."""

    root: Path
    modules: tuple[RegoModule, ...]
    data: Mapping[str, Any]
    revision: str

    @property
    def policy_modules(self) -> tuple[RegoModule, ...]:
        """The modules that make decisions (tests excluded)."""
        return tuple(m for m in self.modules if not m.is_test)


def resolve_bundle_dir(bundle_dir: str | Path) -> Path:
    """Returns the configured bundle directory, or the shipped one when empty."""
    return Path(bundle_dir) if str(bundle_dir) else DEFAULT_BUNDLE_DIR


def load_bundle(bundle_dir: str | Path = "") -> Bundle:
    """Reads a bundle directory and computes its revision.

    Args:
        bundle_dir: directory of the bundle; empty for the shipped bundle.

    Returns:
        The bundle with its modules in sorted path order.

    Raises:
        PolicyCompileError: the directory is missing, has no Rego file, or a data file
            is not a JSON object.
    """
    root = resolve_bundle_dir(bundle_dir)
    if not root.is_dir():
        raise PolicyCompileError(str(root), 0, MESSAGE_NOT_A_DIRECTORY)
    files = sorted(
        (p for p in root.rglob("*") if p.is_file() and _is_bundle_file(p)),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    digest = hashlib.sha256()
    modules: list[RegoModule] = []
    data: dict[str, Any] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        digest.update(rel.encode() + b"\0" + str(len(raw)).encode() + b"\0" + raw)
        if path.suffix == ".rego":
            modules.append(RegoModule(path=rel, source=_decode(rel, raw)))
        else:
            _merge_data(data, rel, _parse_data(rel, raw))
    if not modules:
        raise PolicyCompileError(str(root), 0, MESSAGE_NO_REGO)
    return Bundle(
        root=root, modules=tuple(modules), data=data, revision=f"sha256:{digest.hexdigest()}"
    )


def compile_error_from_message(text: str) -> PolicyCompileError:
    """Turns an OPA error text into a PolicyCompileError with file and line.

    OPA reports ``N errors occurred: file:line: code: message``; the first error is
    kept and the count of the others is appended.
    """
    match = _LOCATION.search(text)
    if match is None:
        return PolicyCompileError("", 0, text.strip())
    message = match.group("message").strip()
    count = _ERROR_COUNT.search(text)
    if count is not None and int(count.group("count")) > 1:
        others = int(count.group("count")) - 1
        message = f"{message} (and {others} more error{'s' if others > 1 else ''})"
    return PolicyCompileError(match.group("file"), int(match.group("line")), message)


def _is_bundle_file(path: Path) -> bool:
    return path.suffix == ".rego" or path.name == "data.json"


def _decode(rel: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyCompileError(rel, 0, f"not valid UTF-8: {exc.reason}") from None


def _parse_data(rel: str, raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(_decode(rel, raw))
    except json.JSONDecodeError as exc:
        raise PolicyCompileError(rel, exc.lineno, exc.msg) from None
    if not isinstance(value, dict):
        raise PolicyCompileError(rel, 1, MESSAGE_DATA_NOT_OBJECT)
    return value


def _merge_data(data: dict[str, Any], rel: str, value: dict[str, Any]) -> None:
    target = data
    for part in rel.split("/")[:-1]:
        node = target.setdefault(part, {})
        if not isinstance(node, dict):
            raise PolicyCompileError(rel, 1, f"data path conflict at {part!r}")
        target = node
    for key, item in value.items():
        if key in target:
            raise PolicyCompileError(rel, 1, f"data path conflict at {key!r}")
        target[key] = item
