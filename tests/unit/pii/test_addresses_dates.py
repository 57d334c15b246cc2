"""Addresses as one entity, dates only when personal (issue 20 item 5).

The quality floors run over tests/pii/addresses/holdout_b.jsonl, a generated hold-out the
recognizers were not tuned on (bench/bench_addresses_dates.py prints the full tables).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pii.engine import PresidioRedactor
from pii.evaluation import Span, evaluate, load_corpus

HOLDOUT = Path(__file__).parents[2] / "pii" / "addresses" / "holdout_b.jsonl"

WHOLE_ADDRESSES = [
    # (text, the address that must be one ADDRESS finding)
    ("I live at 221B Baker Street.", "221B Baker Street"),
    ("Send it to 1600 Pennsylvania Ave NW, Washington, DC 20500 please.",
     "1600 Pennsylvania Ave NW, Washington, DC 20500"),
    ("Address: Apt 4, 12 Oak Road, Leeds LS6 2AB", "Apt 4, 12 Oak Road, Leeds LS6 2AB"),
    ("Write to P.O. Box 1234, Springfield, IL 62704.", "P.O. Box 1234, Springfield, IL 62704"),
    ("My office: 350 5th Avenue, Suite 300, New York, NY 10118",
     "350 5th Avenue, Suite 300, New York, NY 10118"),
    ("Kind regards,\nJane\n42 Elm Dr\nApt 3\nSpringfield, IL 62704",
     "42 Elm Dr\nApt 3\nSpringfield, IL 62704"),
    ("1600 PENNSYLVANIA AVE NW, WASHINGTON, DC 20500",
     "1600 PENNSYLVANIA AVE NW, WASHINGTON, DC 20500"),
    ("Ich wohne in der Musterstraße 12a, 10115 Berlin.", "Musterstraße 12a, 10115 Berlin"),
    ("Bitte an Am Markt 3 schicken.", "Am Markt 3"),
    ("Neue Anschrift: Hauptstr. 5, 3. OG, 04109 Leipzig", "Hauptstr. 5, 3. OG, 04109 Leipzig"),
    ("Der Bundestag sitzt am Platz der Republik 1, 11011 Berlin.",
     "Platz der Republik 1, 11011 Berlin"),
    ("Straße des 17. Juni 135, 10623 Berlin", "Straße des 17. Juni 135, 10623 Berlin"),
    ("Zustellung an In der Aue 7", "In der Aue 7"),
    ("Rechnungsadresse Neue Straße 12 bitte ändern", "Neue Straße 12"),
    ("Absender:\nPostfach 12 34 56\n10117 Berlin", "Postfach 12 34 56\n10117 Berlin"),
    ("Ich wohne in der Hauptstraße 5, Leipzig.", "Hauptstraße 5, Leipzig"),
    ("I live at 742 Evergreen Terrace, Springfield.", "742 Evergreen Terrace, Springfield"),
    ("Post to Flat 35, Pearson Road, Lewisbury, PA0B 7EA please",
     "Flat 35, Pearson Road, Lewisbury, PA0B 7EA"),
    ("From:\nAnn\nStudio 7\nMcDonald Plains\nNew George\nTR33 3ZF",
     "Studio 7\nMcDonald Plains\nNew George\nTR33 3ZF"),
    ("Mail: PSC 1241, Box 5868\nAPO AP 25384", "PSC 1241, Box 5868\nAPO AP 25384"),
    ("Send it to 4521 Johnson Station Apt. 123, Cookfort, MH 13616.",
     "4521 Johnson Station Apt. 123, Cookfort, MH 13616"),
    ("Meine Anschrift: Fritz-Dörr-Weg 60, 37586 Bad Mergentheim.",
     "Fritz-Dörr-Weg 60, 37586 Bad Mergentheim"),
]

PERSONAL_DATES = [
    ("geboren am 14.02.1987 in Köln", "DATE_OF_BIRTH", "14.02.1987"),
    ("Leon wurde am 10. April 2026 geboren.", "DATE_OF_BIRTH", "10. April 2026"),
    ("Karl Meier (* 12. März 1950 in Köln) war Lehrer.", "DATE_OF_BIRTH", "12. März 1950"),
    ("My son was born in May 2019.", "DATE_OF_BIRTH", "May 2019"),
    ("Jahrgang 1987, ledig.", "DATE_OF_BIRTH", "1987"),
    ("Mein Vater ist am 3. Mai 2010 verstorben.", "DATE_TIME", "3. Mai 2010"),
    ("He died on 31 January 2010 in Baltimore.", "DATE_TIME", "31 January 2010"),
    ("Ich habe am 14. Februar 2024 Wohngeld beantragt.", "DATE_TIME", "14. Februar 2024"),
    ("Herr Klein war am 12. Oktober 2024 sehr unfreundlich.", "DATE_TIME", "12. Oktober 2024"),
    ("The car belongs to me. It was towed on April 14, 2026.", "DATE_TIME", "April 14, 2026"),
    ("Anna Müller kam am 3. Mai 2024 ins Amt.", "DATE_TIME", "3. Mai 2024"),
]

NOT_PERSONAL = [
    "Im Jahr 1536 wurde die Stadt erobert.",
    "Im Jahre 1960 und im Sommer 1996 wuchs die Stadt.",
    "In der Saison 1953/54 stieg der Verein auf.",
    "In den Olympischen Spielen 2004 gewann das Team.",
    "Im Mai beginnt die Saison, im Juni endet sie.",
    "Am 3. Oktober 1990 trat die DDR bei.",
    "Der Vertrag wurde am 14. Februar 1990 unterzeichnet.",
    "Bitte reichen Sie die Unterlagen bis zum 31. März 2027 ein.",
    "Ich sende Ihnen die Unterlagen bis zum 17. November 2026.",
    "Die Frist endet am 31. März 2027.",
    "Ab 1. Juli 2025 gilt der neue Regelsatz.",
    "Kinder, die nach dem 31. Dezember 2019 geboren sind, erhalten den Zuschlag.",
    "Laut Gesetz vom 14. Juli 2021 ist das Amt zuständig, schreiben Sie mir.",
    "The application must be submitted by March 31, 2027.",
    "In 1990 Central Park was busy.",
    "Der Kurator 159 und der Landminemonitor 2007 im Handy-Markt 07.",
    "Brasilien belegte Platz 1, Deutschland Platz 3.",
    "Die Importe aus Japan stiegen.",
    "Magnus I. der Gute vertrieb im Jahr 1035 seinen Halbbruder aus Norwegen.",
    "Termin bei 2 Kollegen Dr. Meier",
    "Ich habe noch 150 Euro Rest.",
    "The 5 Great Lakes and 12 Cue The Lonely Island.",
    "*29 / 03 / 86 The Shop Assistants",
]


@pytest.mark.parametrize(("text", "address"), WHOLE_ADDRESSES)
def test_when_address_in_text_then_one_finding_covers_it(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    # A key like "Anschrift:" or "Mail:" makes the structured-data recognizer (issue 19) take
    # the whole value; what counts is that one finding covers the whole address.
    found = [text[f.start : f.end] for f in redactor.analyze(text)]

    assert any(address in span for span in found), found


@pytest.mark.parametrize(("text", "entity", "value"), PERSONAL_DATES)
def test_when_date_is_personal_then_redacted(
    redactor: PresidioRedactor, text: str, entity: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert (entity, value) in found


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_when_date_or_number_is_nobodys_then_nothing_besides_names_found(
    redactor: PresidioRedactor, text: str
) -> None:
    found = [
        (f.entity_type, text[f.start : f.end])
        for f in redactor.analyze(text)
        if f.entity_type != "PERSON"
    ]

    assert found == []


@pytest.fixture(scope="module")
def holdout_findings(redactor: PresidioRedactor) -> dict[str, list[Span]]:
    return {
        sample.id: [
            Span(f.start, f.end, f.entity_type)
            for f in redactor.analyze(sample.text, language=sample.lang)
        ]
        for sample in load_corpus([HOLDOUT])
    }


@pytest.mark.parametrize("lang", ["de", "en"])
def test_when_holdout_scored_then_addresses_found_whole(
    holdout_findings: dict[str, list[Span]], lang: str
) -> None:
    samples = [
        s for s in load_corpus([HOLDOUT]) if s.lang == lang and s.source.startswith("address-")
    ]
    whole = 0
    for sample in samples:
        gold = next(span for span in sample.spans if span.label == "ADDRESS")
        whole += any(
            p.label == "ADDRESS" and p.start <= gold.start and p.end >= gold.end
            for p in holdout_findings[sample.id]
        )

    assert len(samples) >= 250
    assert whole / len(samples) >= 0.85


def test_when_holdout_scored_then_ordinary_dates_kept_and_precision_holds(
    holdout_findings: dict[str, list[Span]],
) -> None:
    samples = load_corpus([HOLDOUT])
    ordinary = [s for s in samples if s.source == "date-ordinary"]
    report = evaluate(samples, lambda sample: holdout_findings[sample.id])

    assert ordinary and all(holdout_findings[s.id] == [] for s in ordinary)
    assert report.precision >= 0.99
