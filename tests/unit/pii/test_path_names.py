"""Issue 19 (hold-out 7): names written as code in URL paths and file names."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Bild: https://files.example.net/antraege/2025/ngozi-adeyemi/kontoauszug-mai.png",
            ["ngozi", "adeyemi"],
        ),
        ("Anhang: lease_renewal_chukwuemeka_okonkwo.pdf", ["chukwuemeka", "okonkwo"]),
        ("siehe bescheid-wohngeld-dervla-kinsella.docx", ["dervla", "kinsella"]),
    ],
)
def test_when_a_name_is_written_as_code_in_a_path_or_file_name_then_it_is_hidden(
    redactor: PresidioRedactor, text: str, names: list[str]
) -> None:
    redacted = redactor.new_session().redact(text)

    assert all(name not in redacted for name in names), redacted


@pytest.mark.parametrize(
    "text",
    [
        "GET https://api.example.com/api/v2/users/profile-picture.png",
        "https://www.example.org/downloads/annual-report-2025.pdf",
        "https://github.com/kubernetes/kubectl/blob/main/README.md",
        "Datei: wohngeld_antrag_formular_2025.pdf",
        "https://docs.example.com/guides/kubectl-reference/",
    ],
)
def test_when_a_path_holds_ordinary_words_or_one_rare_word_then_it_stays(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redactor.new_session().redact(text) == text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("GET /kunden/ewa.nowakowska/rechnungen", ["ewa", "nowakowska"]),
        ("siehe /akten/szymanski_ewa/bescheid.pdf", ["szymanski", "ewa"]),
        ("curl -X DELETE /api/nutzer/tomasz-wisniewski/konto", ["tomasz", "wisniewski"]),
        ("Log: ls /home/grazyna.wozniak/", ["grazyna", "wozniak"]),
    ],
)
def test_when_a_name_is_a_segment_of_a_path_without_scheme_then_it_is_hidden(
    redactor: PresidioRedactor, text: str, names: list[str]
) -> None:
    redacted = redactor.new_session().redact(text)

    assert all(name not in redacted for name in names), redacted


@pytest.mark.parametrize(
    "text",
    [
        "GET /api/v2/users/profile-picture",
        "Antrag und/oder Bescheid, Tempo 50 km/h",
        "cat /etc/nginx/sites-enabled/default",
        "im Haushaltsjahr 2024/25 geändert",
    ],
)
def test_when_a_path_without_scheme_holds_ordinary_words_then_it_stays(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redactor.new_session().redact(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("POST /tickets/tomasz HTTP/2", "HTTP/2"),
        ("GET /patients/grazyna HTTP/1.0 returned 404", "HTTP/1.0 returned 404"),
    ],
)
def test_when_a_name_ends_a_request_path_then_only_the_name_is_hidden(
    redactor: PresidioRedactor, text: str, kept: str
) -> None:
    redacted = redactor.new_session().redact(text)

    assert kept in redacted and text.split()[1].split("/")[-1] not in redacted, redacted
