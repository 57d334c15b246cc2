"""Issue 19: a request refused for what it holds is audited, never with the personal value.

A tool/function name holding a person's name and an inline image (``data:`` URL, whose
pixels no text filter can screen; ``[pii] inline_images`` is off by default) are refused
with 400 naming the field; the audit log gets a ``proxy.call.refused`` record whose outcome
names the reason, and nothing reaches the upstream.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.integration.test_chat_proxy import audit_records

IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"


def post(gateway: Gateway, messages: list[dict[str, Any]], **body: Any) -> Any:
    return gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": messages, **body},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )


def image_message(url: str) -> list[dict[str, Any]]:
    parts = [
        {"type": "text", "text": "Was steht da?"},
        {"type": "image_url", "image_url": {"url": url}},
    ]
    return [{"role": "user", "content": parts}]


def file_message(file: dict[str, str]) -> list[dict[str, Any]]:
    parts = [{"type": "text", "text": "Was steht da?"}, {"type": "file", "file": file}]
    return [{"role": "user", "content": parts}]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        (
            {
                "messages": [{"role": "user", "content": "Status?"}],
                "tools": [{"type": "function", "function": {"name": "Jana_Kowalczyk"}}],
            },
            "tools[0].function.name",
            "personal_code_name",
        ),
        (
            {"messages": image_message(IMAGE)},
            "messages[0].content[1].image_url.url",
            "inline_image",
        ),
        (
            {"messages": image_message("data:text/plain,Jana Kowalczyk")},
            "messages[0].content[1].image_url.url",
            "inline_image",
        ),
        (
            {"messages": file_message({"file_data": "data:application/pdf;base64,JVBERi0x"})},
            "messages[0].content[1].file.file_data",
            "inline_image",
        ),
        (
            {"messages": file_message({"file_id": "file-Jana_Kowalczyk"})},
            "messages[0].content[1].file.file_id",
            "personal_code_name",
        ),
    ],
    ids=["code_name", "inline_image", "inline_text", "inline_file", "personal_file_id"],
)
def test_when_request_is_refused_for_its_content_then_400_and_audited_without_value(
    gateway: Gateway, body: dict[str, Any], field: str, reason: str
) -> None:
    before = len(gateway.upstream.received)
    response = post(gateway, **body)

    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["field"] == field and problem["reason"] == reason
    assert "Kowalczyk" not in response.text
    assert len(gateway.upstream.received) == before
    records = audit_records(gateway, request_id=response.headers["x-request-id"])
    assert [(r["event"]["event_type"], r["event"]["outcome"]) for r in records] == [
        ("proxy.call.refused", reason)
    ]
    assert "Kowalczyk" not in str(records) and "iVBOR" not in str(records)


def test_when_image_is_a_web_url_then_it_is_redacted_and_forwarded(gateway: Gateway) -> None:
    response = post(gateway, image_message("https://img.example.org/a.png?mail=jana@web.de"))

    assert response.status_code == 200, response.text
    assert "jana@web.de" not in gateway.upstream.received[-1]["raw"]


def test_when_a_file_is_referenced_by_id_then_it_is_forwarded_and_its_name_redacted(
    gateway: Gateway,
) -> None:
    file = {"filename": "Kuendigung Jana Kowalczyk.pdf", "file_id": "file-6F2ksmvXxt4VdoqmHRw6kL"}
    response = post(gateway, file_message(file))

    assert response.status_code == 200, response.text
    sent = gateway.upstream.received[-1]["body"]["messages"][0]["content"][1]["file"]
    assert sent["file_id"] == file["file_id"]
    assert "Kowalczyk" not in sent["filename"]
