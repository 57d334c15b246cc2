"""Eligibility decisions end to end through create_app(): score, SHAP, policy, citizen access."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.unit.explain.conftest import case

CASE: dict[str, Any] = case()  # the demo model's standard case
PROTECTED = {"gender": "female", "age_group": "30-49", "nationality": "eu"}


def decide(
    gw: Gateway,
    *,
    features: dict[str, Any] | None = None,
    purpose: str = "demo",
    model_id: str = "wohngeld-demo",
    **extra: Any,
) -> Any:
    body = {
        "model_id": model_id,
        "case_reference": "WG-2026-0001",
        "subject": "sp1_0123456789abcdef0123456789abcdef",
        "features": CASE if features is None else features,
        "protected_attributes": PROTECTED,
        **extra,
    }
    return gw.client.post("/v1/decisions", json=body, headers=gw.headers(**{"X-Purpose": purpose}))


@pytest.fixture(scope="module")
def decision(gateway: Gateway) -> dict[str, Any]:
    response = decide(gateway)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_when_decision_made_then_explanation_is_additive_and_obligations_present(
    decision: dict[str, Any],
) -> None:
    explanation = decision["explanation"]
    total = explanation["base_value"] + sum(explanation["contributions"].values())
    assert abs(total - explanation["raw_output"]) < 1e-6
    assert "explain" in decision["obligations"]
    assert decision["outcome"] in ("approved", "denied", "grey_zone")
    assert 0.0 <= decision["score"] <= 1.0
    assert len(decision["top_factors"]) == 3
    assert decision["citizen_access"]["access_code"]


def test_when_decision_read_back_then_no_protected_attributes_or_code(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    for role in ("ai-service", "compliance-officer"):
        response = gateway.client.get(
            f"/v1/decisions/{decision['id']}", headers=gateway.headers(role)
        )
        assert response.status_code == 200
        text = response.text
        assert "female" not in text and "nationality" not in text
        assert decision["citizen_access"]["access_code"] not in text
        assert (
            response.json()["explanation"]["contributions"]
            == decision["explanation"]["contributions"]
        )


def test_when_other_service_reads_decision_then_same_404_as_missing(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    other = gateway.client.get(
        f"/v1/decisions/{decision['id']}", headers=gateway.headers("unknown-service")
    )
    missing = gateway.client.get(
        "/v1/decisions/does-not-exist", headers=gateway.headers("unknown-service")
    )
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]


@pytest.mark.parametrize(
    ("features", "fields"),
    [
        ({k: v for k, v in CASE.items() if k != "children"}, {"children"}),
        ({**CASE, "shoe_size": 42}, {"shoe_size"}),
        ({**CASE, "household_size": "two", "rent_level": "XI"}, {"household_size", "rent_level"}),
        ({**CASE, "monthly_net_income": -5.0}, {"monthly_net_income"}),
    ],
)
def test_when_features_invalid_then_422_names_each_field_and_nothing_stored(
    gateway: Gateway, features: dict[str, Any], fields: set[str]
) -> None:
    response = decide(gateway, features=features)
    assert response.status_code == 422, response.text
    named = {e["field"] for e in response.json()["errors"]}
    assert fields <= {f.split(".")[-1] for f in named}


def _decision_records(gw: Gateway) -> int:
    response = gw.client.get(
        "/v1/audit/events",
        params={"event_type": "decision.made", "limit": 1000},
        headers=gw.headers("compliance-officer"),
    )
    assert response.status_code == 200, response.text
    return len(response.json()["records"])


@pytest.mark.parametrize(
    ("subject", "named"),
    [
        ("Erika Mustermann", ""),  # not pseudonym-shaped: a space
        ("erika.mustermann@example.de", ""),
        ("", ""),
        ("x" * 129, ""),
        ("DE89370400440532013000", "IBAN_CODE"),  # pseudonym-shaped, but an IBAN
        ("86095742719", "DE_TAX_ID"),
        ("Erika_Mustermann", "PERSON"),
    ],
)
def test_when_subject_is_not_a_pseudonym_then_422_without_the_value_and_nothing_decided(
    gateway: Gateway, subject: str, named: str
) -> None:
    before = _decision_records(gateway)
    response = decide(gateway, subject=subject)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["field"] == "subject"
    assert named in problem["detail"]
    if subject:
        assert subject not in response.text  # the value is never echoed
    assert _decision_records(gateway) == before


@pytest.mark.parametrize("subject", ["case:2024:000123", "WG-2026-17.citizen_42"])
def test_when_subject_is_another_pseudonym_shape_then_decided(
    gateway: Gateway, subject: str
) -> None:
    response = decide(gateway, subject=subject)
    assert response.status_code == 201, response.text


def test_when_model_unknown_then_404(gateway: Gateway) -> None:
    response = decide(gateway, model_id="kindergeld-x")
    assert response.status_code == 404
    assert response.json()["field"] == "model_id"


def test_when_purpose_not_allowed_then_403_and_audited(gateway: Gateway) -> None:
    response = decide(gateway, purpose="werbung")
    assert response.status_code == 403
    records = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": response.headers["x-request-id"]},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert [r["event"]["event_type"] for r in records] == ["decision.denied"]


def test_when_citizen_uses_code_then_plain_german_explanation(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    code = decision["citizen_access"]["access_code"]
    response = gateway.client.get(
        f"/v1/citizen/decisions/{decision['id']}/explanation", headers={"X-Access-Code": code}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "de"
    assert body["factors"] and body["review_text"]
    assert "female" not in response.text
    english = gateway.client.get(
        f"/v1/citizen/decisions/{decision['id']}/explanation",
        params={"lang": "en"},
        headers={"X-Access-Code": code},
    )
    assert english.json()["lang"] == "en"


@pytest.mark.parametrize("code", ["", "AAAAA-AAAAA-AAAAA-AAAAA", "wrong"])
def test_when_code_wrong_then_same_404_as_unknown_id(
    gateway: Gateway, decision: dict[str, Any], code: str
) -> None:
    wrong = gateway.client.get(
        f"/v1/citizen/decisions/{decision['id']}/explanation", headers={"X-Access-Code": code}
    )
    unknown = gateway.client.get(
        "/v1/citizen/decisions/00000000-0000-0000-0000-000000000000/explanation",
        headers={"X-Access-Code": code},
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_when_citizen_requests_review_then_it_is_recorded_and_visible(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    code = decision["citizen_access"]["access_code"]
    response = gateway.client.post(
        f"/v1/citizen/decisions/{decision['id']}/review-request",
        json={"message": "Bitte prüfen Sie meine Mietkosten erneut."},
        headers={"X-Access-Code": code},
    )
    assert response.status_code == 201, response.text
    stored = gateway.client.get(
        f"/v1/decisions/{decision['id']}", headers=gateway.headers("compliance-officer")
    ).json()
    assert stored["review_requests"] >= 1
    events = gateway.client.get(
        "/v1/audit/events",
        params={"event_type": "review.requested"},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert events and "Mietkosten" not in str(events)


def test_when_citizen_page_used_without_javascript_then_form_flow_works(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    page = gateway.client.get(f"/erklaerung/{decision['id']}")
    assert page.status_code == 200 and "<form" in page.text
    assert "<script" not in page.text
    code = decision["citizen_access"]["access_code"]
    shown = gateway.client.post(
        f"/erklaerung/{decision['id']}", data={"access_code": code, "lang": "de"}
    )
    assert shown.status_code == 200, shown.text
    assert "<svg" in shown.text and 'lang="de"' in shown.text
    bad = gateway.client.post(f"/erklaerung/{decision['id']}", data={"access_code": "nope"})
    assert bad.status_code == 404
    review = gateway.client.post(
        f"/erklaerung/{decision['id']}/pruefung",
        data={"access_code": code, "message": "Bitte prüfen"},
    )
    assert review.status_code == 200
    assert 'role="status"' in review.text


def test_when_outcome_recorded_then_decision_shows_final_outcome(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    response = gateway.client.post(
        f"/v1/decisions/{decision['id']}/outcome",
        json={"outcome": "approved", "source": "human_review"},
        headers=gateway.headers(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["final_outcome"]["outcome"] == "approved"
    bad = gateway.client.post(
        f"/v1/decisions/{decision['id']}/outcome",
        json={"outcome": "maybe", "source": "human_review"},
        headers=gateway.headers(),
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "outcome"


def test_when_guessing_codes_then_existing_and_missing_ids_take_the_same_time(
    gateway: Gateway, decision: dict[str, Any]
) -> None:
    import statistics
    import time

    def median_ms(decision_id: str) -> float:
        samples = []
        for _ in range(9):
            started = time.perf_counter()
            response = gateway.client.get(
                f"/v1/citizen/decisions/{decision_id}/explanation",
                headers={"X-Access-Code": "BBBBB-BBBBB-BBBBB-BBBBB"},
            )
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 404
        return statistics.median(samples)

    existing = median_ms(decision["id"])
    missing = median_ms("11111111-1111-1111-1111-111111111111")
    assert existing >= 50 and missing >= 50  # the response-time floor holds for both
    assert abs(existing - missing) < 25
