"""Bad input the stores and parsers must never see: answered 400 before any handler runs.

* JSON bodies nested deeper than ``MAX_JSON_DEPTH`` (Python's recursive code paths raise
  ``RecursionError`` around a thousand levels);
* a NUL or other C0 control character in the path, or in the query string apart from tab
  and line breaks (PostgreSQL text cannot hold NUL; ids and filters never need them);
* a NUL escaped inside a JSON body (``\\u0000``): it would fail in PostgreSQL or travel to
  the upstream model and the logs.

Runs as the app's ``before_request`` hook: after the route's guards (an unauthenticated
caller cannot make the gateway read a body) and before the body is decoded.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any
from urllib.parse import unquote_to_bytes

from litestar import Request

from gateway.errors import BadRequestError

MAX_JSON_DEPTH = 64
ERR_TOO_DEEP = f"JSON is nested deeper than {MAX_JSON_DEPTH} levels"
ERR_CONTROL_PATH = "the path contains control characters"
ERR_CONTROL_QUERY = "a query parameter contains control characters"
ERR_NUL_BODY = "the body contains a NUL character"

# A JSON string literal (escapes included), unrolled so that long strings stay linear.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Query values may span lines (a signed checkpoint note for /v1/audit/verify); other
# control characters, NUL above all, are never needed.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUL_ESCAPE = re.compile(rb"\\u0000")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def json_depth(raw: bytes) -> int:
    """Deepest nesting of arrays and objects in ``raw`` (brackets in strings do not count)."""
    skeleton = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    if not skeleton:
        return 0
    return max(accumulate(1 if b in b"[{" else -1 for b in skeleton))


def _query_has_control(query_string: bytes) -> bool:
    return bool(_CONTROL_BYTES.search(unquote_to_bytes(query_string.replace(b"+", b" "))))


async def reject_bad_input(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook: 400 for the inputs listed in the module docstring."""
    if _CONTROL.search(request.scope["path"]):
        raise BadRequestError(ERR_CONTROL_PATH, field="path")
    if _query_has_control(request.scope.get("query_string", b"")):
        raise BadRequestError(ERR_CONTROL_QUERY, field="query")
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.headers.get("content-type", "").startswith(_FORMS):
        return  # forms are parsed flat; their values are checked by the handlers
    body = await request.body()  # cached: the handler's decoding reads the same bytes
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadRequestError(ERR_TOO_DEEP, field="body")
    if b"\x00" in body or _NUL_ESCAPE.search(body):
        raise BadRequestError(ERR_NUL_BODY, field="body")
