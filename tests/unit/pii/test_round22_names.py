"""Names of hold-out round 22's shapes (migration, asylum, registration, legal aid), on
other values: a name after a lineage cue ("s/o", "d/o", "w/o"), a chain of rare words after
a role noun of migration papers or a label's colon (pii/recognizers/person.py), and a
remembered name in another Latin transliteration, compared by its consonants
(pii/conversation.py, ``loose_latin_key``)."""

from __future__ import annotations

from pii.conversation import loose_latin_key
from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import redact_all
from tests.unit.pii.conftest import rule_names as names


def test_name_after_a_lineage_cue() -> None:
    assert "Gul Badshah" in names("Appellant: Wahidullah s/o Gul Badshah  Pashto", "en")
    assert "ZARMINA BIBI" in names("AFFIDAVIT OF NOORIA d/o ZARMINA BIBI\n", "en")
    # an ordinary word after the cue is none
    assert names("the s/o Report was filed", "en") == []


def test_rare_word_chain_after_a_migration_role_noun() -> None:
    assert names("reunion: sponsor Tesfalem Woldegiorgis Kidane, two kids", "en") == [
        "Tesfalem Woldegiorgis Kidane"
    ]
    assert names("and husband Yemane Ghebrehiwet Tsegai lives in Asmara", "en") == [
        "Yemane Ghebrehiwet Tsegai"
    ]


def test_short_words_run_together_after_a_migration_role_noun() -> None:
    # "Badshah", "Sardar" read as two English words elsewhere
    assert names("Witnesses: Sardar Badshah, none else", "en") == ["Sardar Badshah"]
    assert names("Witnesses: Local Council, none else", "en") == []


def test_rare_pair_after_a_label_closing_its_clause() -> None:
    assert names("Anwesend im Termin: Senait Ghebremedhin. Danach", "de") == ["Senait Ghebremedhin"]
    assert names("seen today: Chinaza Onwuachi, Ghanaian", "en") == ["Chinaza Onwuachi"]
    # a pair running on into the clause is no label's value
    assert names("seen today: Chinaza Onwuachi tells", "en") == []


def test_loose_latin_key() -> None:
    assert loose_latin_key("Shammaseh") == loose_latin_key("Chammasse") == "sms"
    assert loose_latin_key("Šuḥayb") == loose_latin_key("Schuhaib")
    assert loose_latin_key("Haftom") == loose_latin_key("Haftum")


def test_remembered_name_in_another_latin_transliteration(redactor: PresidioRedactor) -> None:
    texts = [
        "Familienname: Shammaseh (auch: Chammase)",
        "Die Behörde schreibt Schammase, das Standesamt Šammāsa.",
    ]
    redacted = redact_all(redactor, texts)
    for variant in ("Chammase", "Schammase", "Šammāsa"):
        assert variant not in " ".join(redacted)
    english = ["full name: Senait Gebremeskel", "the letter says Gebremeskil"]
    assert "Gebremeskil" not in redact_all(redactor, english)[1]
