"""Gateway errors and their one translation into RFC 9457 problem+json.

Hierarchy:
    GatewayError                 base; carries HTTP status, a stable ``code`` and the field at fault
    ├── BadRequestError          400 malformed JSON or schema (``field`` names the culprit)
    ├── AuthenticationError      401 missing or unknown credentials
    ├── ForbiddenError           403 authenticated, but this role may not do this
    ├── PolicyDeniedError        403 the policy said no (carries the policy's reasons)
    ├── NotFoundError            404
    ├── PayloadTooLargeError     413
    ├── UnprocessableError       422 well-formed but semantically invalid (lists every field)
    ├── RateLimitedError         429 too many requests (Retry-After says when to come back)
    ├── ServiceUnavailableError  503 a control (PII, policy, audit) failed: fail closed
    │   └── AuditUnavailableError  503 the audit record could not be committed
    ├── BadGatewayError          502 the upstream model failed
    └── UpstreamTimeoutError     504 the upstream model did not answer in time

Errors from the domain packages are mapped to these once, in ``gateway.error_map``.
Every response body is problem+json; no stack trace ever leaves the process.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://leitplanke.dev/problems/"

log = structlog.get_logger("leitplanke.errors")


class GatewayError(Exception):
    """Base of errors that become a problem+json response."""

    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra or {}
        self.headers = headers or {}


class BadRequestError(GatewayError):
    status, code, title = 400, "bad_request", "Bad request"


class AuthenticationError(GatewayError):
    status, code, title = 401, "unauthenticated", "Authentication required"

    def __init__(self, detail: str = "missing or invalid credentials") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="leitplanke"'})


class ForbiddenError(GatewayError):
    status, code, title = 403, "forbidden", "Forbidden"


class PolicyDeniedError(GatewayError):
    status, code, title = 403, "policy_denied", "Denied by policy"


class NotFoundError(GatewayError):
    status, code, title = 404, "not_found", "Not found"


class ConflictError(GatewayError):
    status, code, title = 409, "conflict", "Conflict"


class PayloadTooLargeError(GatewayError):
    status, code, title = 413, "payload_too_large", "Payload too large"


class UnprocessableError(GatewayError):
    status, code, title = 422, "unprocessable", "Unprocessable content"


class RateLimitedError(GatewayError):
    status, code, title = 429, "rate_limited", "Too many requests"


class ServiceUnavailableError(GatewayError):
    status, code, title = 503, "service_unavailable", "Service unavailable"


class AuditUnavailableError(ServiceUnavailableError):
    code = "audit_unavailable"


class BadGatewayError(GatewayError):
    status, code, title = 502, "upstream_error", "Upstream model failed"


class UpstreamTimeoutError(GatewayError):
    status, code, title = 504, "upstream_timeout", "Upstream model timed out"


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    field: str | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """Build one RFC 9457 problem document."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if field is not None:
        body["field"] = field
    body.update(extra or {})
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def gateway_error_handler(request: Request[Any, Any, Any], exc: GatewayError) -> Response[Any]:
    return problem_response(
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        instance=request.url.path,
        field=exc.field,
        extra=exc.extra,
        headers=exc.headers,
    )


def validation_error_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Any]:
    """Litestar's request-body validation -> 400 naming every field at fault."""
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            errors.append({"field": _field_from_key(item), "message": str(item.get("message"))})
    if not errors:
        errors.append({"field": "body", "message": "request body is not valid JSON"})
    first = errors[0]
    return problem_response(
        status=400,
        code="bad_request",
        title="Bad request",
        detail=f"{first['field']}: {first['message']}",
        instance=request.url.path,
        field=first["field"],
        extra={"errors": errors},
    )


def _field_from_key(item: dict[str, Any]) -> str:
    key = str(item.get("key") or "")
    message = str(item.get("message") or "")
    # "Object contains unknown field `x`" (Litestar moves "- at `$.messages[0]`" to key).
    if message.startswith("Object contains unknown field `"):
        unknown = message.split("`")[1]
        parent = (
            message.rsplit(" - at `$", 1)[1].rstrip("`").lstrip(".")
            if " - at `$" in message
            else key
        )
        return f"{parent}.{unknown}" if parent and parent not in ("data", unknown) else unknown
    # msgspec reports the location in the message: "Expected `str`, got `int` - at `$.model`".
    if " - at `$" in message:
        path = message.rsplit(" - at `$", 1)[1].rstrip("`").lstrip(".")
        return path or "body"
    if message.startswith("Object missing required field"):
        return message.split("`")[1]
    return key or "body"


#: Litestar's message when the ASGI server reports ``http.disconnect`` during the body.
CLIENT_DISCONNECTED = "client disconnected prematurely"


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Litestar's own HTTP errors (unknown route, wrong method, too large...) as problems."""
    status = exc.status_code
    code = {
        404: "not_found",
        405: "method_not_allowed",
        413: "payload_too_large",
        429: "rate_limited",
    }.get(status, "http_error")
    if isinstance(exc, NotFoundException):
        detail = "no such resource"
    elif isinstance(exc, MethodNotAllowedException):
        detail = "method not allowed for this resource"
    else:
        detail = exc.detail
    if status >= 500 and exc.detail == CLIENT_DISCONNECTED:
        # The caller went away while its body was being read: nothing failed here and no
        # answer can be delivered. Not an error in the log; 400 in the metrics.
        log.info("client_disconnected")
        return problem_response(
            status=400,
            code="client_disconnected",
            title="Client disconnected",
            detail="the client closed the connection before the request body was complete",
            instance=request.url.path,
            field="body",
        )
    if status >= 500:
        return internal_error_handler(request, exc)
    return problem_response(
        status=status,
        code=code,
        title=detail,
        detail=detail,
        instance=request.url.path,
        headers=dict(exc.headers or {}),
    )


def undecodable_body_handler(
    request: Request[Any, Any, Any], exc: UnicodeDecodeError
) -> Response[Any]:
    """msgspec raises UnicodeDecodeError (not a validation error) for non-UTF-8 bodies."""
    return problem_response(
        status=400,
        code="bad_request",
        title="Bad request",
        detail="request body is not valid UTF-8",
        instance=request.url.path,
        field="body",
    )


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Last resort: log the exception class (never its message: it may hold data), answer 500."""
    log.error("unhandled_exception", error_type=type(exc).__name__)
    return problem_response(
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal_error",
        title="Internal error",
        detail="the gateway failed to handle this request; it has been logged",
        instance=request.url.path,
    )


#: Handlers for the gateway's own errors and litestar's; ``gateway.error_map.EXCEPTION_HANDLERS``
#: adds the domain errors and is what the app registers.
BASE_EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    GatewayError: gateway_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_exception_handler,
    UnicodeDecodeError: undecodable_body_handler,
    Exception: internal_error_handler,
}
