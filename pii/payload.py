"""Redaction of every text an OpenAI-style chat payload carries.

Message ``content`` (string or a list of ``{"type": "text", "text": ...}`` parts) of every
role including ``tool``, the ``name`` field, and the JSON ``arguments`` of ``tool_calls`` and
the legacy ``function_call``: string leaves of the JSON are redacted one by one so the
arguments stay valid JSON; arguments that are not JSON are redacted as plain text.
"""

from __future__ import annotations

import json
from typing import Any

from pii.engine import RedactionSession

JsonValue = Any
PARTICIPANT_ROLES = frozenset({"user", "assistant", "system", "developer"})


def redact_json_strings(
    session: RedactionSession, value: JsonValue, language: str | None
) -> JsonValue:
    """Returns ``value`` with every string leaf (and object key) redacted."""
    if isinstance(value, str):
        return session.redact(value, language=language)
    if isinstance(value, list):
        return [redact_json_strings(session, item, language) for item in value]
    if isinstance(value, dict):
        return {
            session.redact(key, language=language) if isinstance(key, str) else key:
            redact_json_strings(session, item, language)
            for key, item in value.items()
        }
    return value


def redact_arguments(session: RedactionSession, arguments: str, language: str | None) -> str:
    """Redacts a tool-call ``arguments`` string, keeping it valid JSON when it was."""
    try:
        parsed = json.loads(arguments)
    except ValueError:
        return session.redact(arguments, language=language)
    return json.dumps(redact_json_strings(session, parsed, language), ensure_ascii=False)


def _redact_content(
    session: RedactionSession, content: JsonValue, language: str | None
) -> JsonValue:
    if isinstance(content, str):
        return session.redact(content, language=language)
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                part = {**part, "text": session.redact(part["text"], language=language)}
            parts.append(part)
        return parts
    return content


def _redact_call(session: RedactionSession, call: JsonValue, language: str | None) -> JsonValue:
    if not isinstance(call, dict):
        return call
    call = dict(call)
    if isinstance(call.get("arguments"), str):
        call["arguments"] = redact_arguments(session, call["arguments"], language)
    if isinstance(call.get("function"), dict):
        call["function"] = _redact_call(session, call["function"], language)
    return call


def redact_message(
    session: RedactionSession, message: dict[str, JsonValue], *, language: str | None = None
) -> dict[str, JsonValue]:
    """Returns a copy of one chat message with all of its texts redacted."""
    out = dict(message)
    if "content" in out:
        out["content"] = _redact_content(session, out["content"], language)
    name = out.get("name")
    if isinstance(name, str) and name:
        if out.get("role") in PARTICIPANT_ROLES:
            # A participant's name is personal by definition, whatever it looks like; OpenAI
            # allows only [A-Za-z0-9_-] there, so the placeholder loses its brackets.
            out["name"] = session.pseudonymize("PERSON", name).strip("<>")
        else:
            out["name"] = session.redact(name, language=language)
    if isinstance(out.get("tool_calls"), list):
        out["tool_calls"] = [_redact_call(session, c, language) for c in out["tool_calls"]]
    if isinstance(out.get("function_call"), dict):
        out["function_call"] = _redact_call(session, out["function_call"], language)
    return out


def redact_messages(
    session: RedactionSession, messages: list[dict[str, JsonValue]], *, language: str | None = None
) -> list[dict[str, JsonValue]]:
    """Redacts every message of a chat request (all roles), sharing the session's placeholders.

    Raises:
        TextTooLargeError: one text exceeds the configured limit.
        PiiEngineError: detection failed; nothing may be forwarded.
    """
    return [redact_message(session, message, language=language) for message in messages]
