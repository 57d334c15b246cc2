"""The review pages of the dashboard: queue, case, take, four-eyes decision, scopes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from gateway.errors import BadRequestError
from gateway.ui.reviews import due_before_in_berlin
from tests.unit.gateway.ui.conftest import Dashboard


def _login(ui: Dashboard, role: str) -> str:
    response = ui.login_with_key(role)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _ids(ui: Dashboard) -> list[str]:
    return list(ui.data.decision_codes)


def _post(ui: Dashboard, decision_id: str, **form: str) -> object:
    page = ui.client.get(f"/ui/reviews/{decision_id}")
    return ui.client.post(
        f"/ui/reviews/{decision_id}",
        data={"_csrf": ui.csrf(page.text), **form},
        follow_redirects=False,
    )


def test_when_caseworker_logs_in_then_lands_on_german_queue_and_other_pages_closed(
    ui: Dashboard,
) -> None:
    assert _login(ui, "caseworker") == "/ui/reviews"
    page = ui.client.get("/ui/reviews")
    assert page.status_code == 200
    assert "<h1>Prüfungen</h1>" in page.text and 'lang="de"' in page.text
    assert "WG-2026-0001" in page.text and "WG-2026-0003" in page.text
    assert "WG-2026-0002" not in page.text  # automated_final: not in the queue
    assert page.text.index("WG-2026-0001") < page.text.index("WG-2026-0003")  # due first
    assert "in Prüfung" in page.text and "vorläufig" in page.text
    assert 'href="/ui/audit"' not in page.text
    assert ui.client.get("/ui/audit").status_code == 403
    automated = ui.client.get("/ui/reviews", params={"state": "automated_final"})
    assert "WG-2026-0002" in automated.text and "WG-2026-0001" not in automated.text
    assert ui.client.get("/ui/reviews", params={"state": "nonsense"}).status_code == 400
    past = ui.client.get("/ui/reviews", params={"due_before": "2020-01-01"})
    assert "Keine Prüfungen gefunden." in past.text


def test_when_officer_opens_case_then_read_only_with_citizen_request(ui: Dashboard) -> None:
    _login(ui, "compliance-officer")
    first = _ids(ui)[0]
    page = ui.client.get(f"/ui/reviews/{first}")
    assert page.status_code == 200
    assert "Bitte prüfen Sie meine Miete." in page.text
    assert "Nur Sachbearbeiterinnen und Sachbearbeiter" in page.text
    assert 'name="reason"' not in page.text
    form = {"_csrf": ui.csrf(page.text), "action": "take"}
    assert ui.client.post(f"/ui/reviews/{first}", data=form).status_code == 403


def test_when_two_caseworkers_review_then_four_eyes_makes_it_final(ui: Dashboard) -> None:
    case = _ids(ui)[2]  # WG-2026-0003, demo-service (four-eyes), provisional
    _login(ui, "caseworker")
    taken = _post(ui, case, action="take")
    assert taken.status_code == 303 and taken.headers["location"].endswith("?done=taken")
    page = ui.client.get(taken.headers["location"])
    assert "Sie haben den Fall übernommen." in page.text and "caseworker-1" in page.text
    missing = _post(ui, case, action="decide", outcome="denied", reason="  ")
    assert missing.status_code == 422 and "Begründung" in missing.text
    proposed = _post(
        ui, case, action="decide", outcome="denied", reason="<b>Miete</b> über Höchstbetrag"
    )
    assert proposed.headers["location"].endswith("?done=proposed")
    page = ui.client.get(f"/ui/reviews/{case}")
    assert 'id="own-proposal"' in page.text and 'name="reason"' not in page.text
    assert "&lt;b&gt;Miete&lt;/b&gt;" in page.text and "<b>Miete</b>" not in page.text
    again = ui.client.post(
        f"/ui/reviews/{case}",
        data={"_csrf": ui.csrf(page.text), "action": "decide", "outcome": "denied", "reason": "x"},
    )
    assert again.status_code == 409 and "andere Person" in again.text
    ui.logout()
    _login(ui, "caseworker-2")
    page = ui.client.get(f"/ui/reviews/{case}")
    assert 'id="confirm-hint"' in page.text and "caseworker-1" in page.text
    final = _post(ui, case, action="decide", outcome="denied", reason="Bestätigt.")
    assert final.headers["location"].endswith("?done=decided")
    page = ui.client.get(final.headers["location"])
    assert "Die Entscheidung ist endgültig." in page.text
    assert "endgültig (geprüft)" in page.text
    queue = ui.client.get("/ui/reviews")
    assert "WG-2026-0003" not in queue.text


def test_when_post_without_csrf_then_403(ui: Dashboard) -> None:
    _login(ui, "caseworker")
    response = ui.client.post(f"/ui/reviews/{_ids(ui)[0]}", data={"action": "take"})
    assert response.status_code == 403


@pytest.mark.parametrize(("scope", "visible"), [("other-service", False), ("demo-service", True)])
def test_when_oidc_caseworker_scoped_then_sees_only_their_services(
    ui: Dashboard, scope: str, visible: bool
) -> None:
    response = ui.login_with_oidc(roles=["caseworker"], services=[scope], subject="cw-oidc")
    assert response.status_code == 303
    first = _ids(ui)[0]  # demo-service
    assert ("WG-2026-0001" in ui.client.get("/ui/reviews").text) is visible
    assert ui.client.get(f"/ui/reviews/{first}").status_code == (200 if visible else 404)


def test_when_caseworker_logs_out_then_session_ends(ui: Dashboard) -> None:
    _login(ui, "caseworker")
    page = ui.client.get("/ui/reviews")
    out = ui.client.post("/ui/logout", data={"_csrf": ui.csrf(page.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/ui/login?error=logout"
    assert ui.client.get("/ui/reviews", follow_redirects=False).status_code == 303  # to login


def test_when_caseworker_opens_an_officer_page_then_403_names_the_role(ui: Dashboard) -> None:
    _login(ui, "caseworker")
    refused = ui.client.get("/ui/audit")
    assert refused.status_code == 403
    assert "role &#39;caseworker&#39; may not use the dashboard" in refused.text


def test_when_caseworker_switches_to_english_then_queue_and_case_are_english(
    ui: Dashboard,
) -> None:
    _login(ui, "caseworker")
    german = ui.client.get("/ui/reviews").text
    assert re.search(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} ME(S)?Z", german)  # received, Berlin
    queue = ui.client.get("/ui/reviews", params={"lang": "en"}).text
    assert '<html lang="en">' in queue and "<h1>Reviews</h1>" in queue
    assert "under review" in queue and "provisional" in queue
    assert "Prüfung" not in queue and "vorläufig" not in queue
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T", queue)
    case = _ids(ui)[0]  # WG-2026-0001, under review (the citizen asked), four-eyes
    page = ui.client.get(f"/ui/reviews/{case}").text  # the cookie keeps English
    assert "<title>Review WG-2026-0001 · Leitplanke</title>" in page
    assert "Record the outcome of the review" in page and "Four-eyes principle" in page
    assert "The program&#39;s main reasons" in page and "speaks for approval" in page
    assert "Begründung" not in page and "bewilligt" not in page
    missing = _post(ui, case, action="decide", outcome="approved", reason=" ")
    assert missing.status_code == 422  # type: ignore[attr-defined]
    assert "That did not work: Please give a reason" in missing.text  # type: ignore[attr-defined]
    ui.client.get("/ui/reviews", params={"lang": "de"})


def test_when_a_review_is_overdue_then_it_leads_the_queue_marked_and_can_be_filtered(
    ui: Dashboard,
) -> None:
    _login(ui, "caseworker")
    queue = ui.client.get("/ui/reviews").text
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<td><a [^>]*>(WG-2026-\d{4})</a>", queue)
    assert rows[0] == (' class="overdue"', "WG-2026-0005")  # due first: the overdue one
    assert all(not marked for marked, _ in rows[1:])
    assert queue.count('<strong class="badge denied">überfällig</strong>') == 1
    only = ui.client.get("/ui/reviews", params={"overdue": "true"}).text
    assert "WG-2026-0005" in only and "WG-2026-0001" not in only
    assert 'name="overdue" type="checkbox" value="true" checked' in only
    assert "overdue" in ui.client.get("/ui/reviews", params={"lang": "en"}).text
    ui.client.get("/ui/reviews", params={"lang": "de"})
    closed = ui.client.get("/ui/reviews", params={"overdue": "true", "state": "final"}).text
    assert "Keine Prüfungen gefunden." in closed  # a final decision is never overdue
    assert ui.client.get("/ui/reviews", params={"overdue": "maybe"}).status_code == 400


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("2026-12-06", datetime(2026, 12, 6, 22, 59, 59, 999999, tzinfo=UTC)),  # MEZ
        ("2026-07-01", datetime(2026, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)),  # MESZ
        ("2026-07-01T10:00:00Z", datetime(2026, 7, 1, 10, 0, tzinfo=UTC)),
        (None, None),
    ],
)
def test_when_queue_form_gives_a_due_date_then_it_ends_in_berlin(
    raw: str | None, utc: datetime | None
) -> None:
    assert due_before_in_berlin(raw) == utc


@pytest.mark.parametrize("raw", ["2026-13-01", "tomorrow", "2026-12-01T10:00:00"])
def test_when_queue_form_due_date_is_wrong_then_400_names_it(raw: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        due_before_in_berlin(raw)
    assert caught.value.field == "due_before"
