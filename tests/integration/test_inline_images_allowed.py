"""``[pii] inline_images = true``: a deployment that accepts unscreened pixels forwards
``data:image/`` URLs as they are; any other ``data:`` URL is still refused (decision 0020)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.integration.test_refusals_audited import IMAGE, image_message, post


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {"pii": {"inline_images": True}}


def test_when_inline_images_are_allowed_then_image_data_is_forwarded(gateway: Gateway) -> None:
    response = post(gateway, image_message(IMAGE))

    assert response.status_code == 200, response.text
    assert IMAGE in gateway.upstream.received[-1]["raw"]


def test_when_inline_images_are_allowed_then_other_data_urls_are_still_refused(
    gateway: Gateway,
) -> None:
    response = post(gateway, image_message("data:text/plain,Jana Kowalczyk"))

    assert response.status_code == 400
    assert response.json()["reason"] == "inline_image"
