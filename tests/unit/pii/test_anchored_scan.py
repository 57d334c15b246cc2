"""pii.anchored_scan: a scan tried only at its literal beginnings finds what finditer finds."""

from __future__ import annotations

import re
import sys

import pytest
import regex

from pii import anchored_scan, normalize
from pii.anchored_scan import (
    ANCHOR_ALPHABET,
    CASE_SPECIAL,
    AnchoredScan,
    alternatives,
    literal_prefixes,
    lowered,
    may_begin_with,
)
from pii.recognizers import (
    address_en,
    case_numbers,
    location,
    nicknames,
    person,
    record_numbers,
    spelled_name,
)
from tests.unit.pii.corpus import corpus_texts

SCANS = {
    "person._ROLE_NAME": person._ROLE_NAME_SCAN,
    "person._LISTED_RELATIVES": person._LISTED_RELATIVES_SCAN,
    "person.EXAMPLE_MARKER": person._EXAMPLE_MARKER_SCAN,
    "person.NAME_IS": person._NAME_IS_SCAN,
    "case_numbers._CUE": case_numbers._CUE_SCAN,
    "record_numbers._CUE": record_numbers._CUE_SCAN,
    "nicknames.CALLED": nicknames._CALLED_SCAN,
    "normalize.SPOKEN_RUN": normalize._SPOKEN_RUN_SCAN,
    "spelled_name.SPELLED_NAME": spelled_name._SPELLED_NAME_SCAN,
    "location.CUE": location._CUE_SCAN,
    "location.FROM_PLACE": location._FROM_PLACE_SCAN,
    "address_en.HOME_STREET": address_en._HOME_STREET_SCAN,
}
EDGE_CASES = [
    "Agent Hope took the call. officer Kowalczyk, DC Zervas und DI Moss; xAgent Bob",
    "Sachbearbeiterin Yilmaz hat, Kollegin Ana Ruiz, PCSO Dinh, Mx. Dinh, Cllr. Okafor",
    "die Kinder Emir und Defne, our kids Hunter, Skye and Rowan; dwoje dzieci, Oliwia i Tymon",
    "Söhne Jan, Ole und Tim; grandchildren Ava and Leo; Enkelkinder Ida und Paul, nieces Zoe & Amy",
    "copiii Ana și Dan, twins Castor and Pollux, Geschwister: Lina, Emil und Mats; córki Ola i Ewa",
    "ÇOCUKLARIM Ayşe ve Can, çocuklarım Ayşe ve Can, Töchter Mia (6) und Lea (3)",
    "z. B. Jolanta Wierzbicka, e.g. Chidinma Okoro-Eze, for example Ann, Beispiel: Kai",
    "Surname is Okafor, Vorname ist Brandt, name on card MR K D OKAFOR, NAME ON THE CARD Li",
    "Aktenzeichen WG-2024-12345, Az. 12 O 123/20, our ref K1673320 (ref H1735508) UAN 1-2-3",
    "Patienten-ID: 2290413, MRN 44 1203, UPN A120456789012, Schülernummer 55102938",
    "we call him Bo, known as Didi, genannt Ede, Spitzname ist Fips, (nennen ihn Ole) Sommer",
    "They call her Mimi; goes by Sasha, nicknamed Pip, nickname is Dodo, ruft mich Kalle.",
    "nennt uns Jojo, calling me Zed, go by „Lulu“, Mia (we call her Mimi) Sommer, GENANNT Udo",
    "null eins sieben eins, zwo drei vier fünf sechs; Oh seven seven hundred double nine",
    "NULL-EINS-SIEBEN vier-vier x-eins eins zwei drei vier fünf sechs sieben acht neun o o",
    "dreiundzwanzig vierzig neunzehn, sechsundachtzig zwölf elf; zero one two three four five",
    "that's O-T-U-A, spelled K. O. W. A. L., buchstabiert: M-E-I-E-R, das heißt B E R G",
    "it is spelled as N-G-U-Y-E-N, Geschrieben wie S.C.H.U.L.Z., SPELT Q U I N N",
    "Wohnhaft in Köln, LEBE IN Bonn, geboren am 3. Mai 1990 in Ulm, Ich bin aus Kiel, from Leeds",
    "wir sind am 3.4. von Graz, ziehe nächstes Jahr nach Linz, place of birth: Cork, lives in Ayr",
    "we moved to 12 Oak Road last year; I live at 4 Mill Lane, new address is 9 High St.",
    "relocated in to 3 Elm Avenue, Staying at 17 Quarry Lane, based at 2 The Green Rd",
    # Characters that match a cue letter in any case but lower-case otherwise: scanned whole.
    "ſachbearbeiter Yilmaz, Kİnder Emir und Defne, AKTENZEİCHEN 1234-5, offıcer Ray",
    "Agent Agent Agent Hope, AgentAgent Bob, -Agent Bob, Agent\tBob Smith, Agent",
    "",
]


def _texts() -> list[str]:
    texts = [*EDGE_CASES, *corpus_texts(normalized=True)]
    return [*texts, *(t.lower() for t in texts), *(t.upper() for t in texts)]


def _spans(matches: object) -> list[tuple[int, int, tuple[object, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(SCANS))
def test_anchored_scan_finds_what_finditer_finds(name: str) -> None:
    scan = SCANS[name]
    found = 0
    for text in _texts():
        expected = _spans(scan.pattern.finditer(text))
        assert _spans(scan.finditer(text)) == expected, text
        found += len(expected)
    assert found > 10, "nothing to find: the check is vacuous"


@pytest.mark.parametrize("name", sorted(SCANS))
def test_each_anchor_at_text_edges_and_in_words(name: str) -> None:
    scan = SCANS[name]
    anchors = [*scan.lower, *scan.as_written]
    for anchor in anchors:
        for form in {anchor, anchor.upper(), anchor.title()}:
            for text in (
                form,
                f"{form} Anna Berg und Tom",
                f"x{form} Anna",
                f"Anna {form}{form} Berg, {form}: Anna Berg, {form}\n",
                f"({form}\tAnna) {form} - Mia",
            ):
                assert _spans(scan.finditer(text)) == _spans(scan.pattern.finditer(text)), text


def test_every_character_matched_in_any_case_lowers_to_its_letter_or_is_special() -> None:
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    special = set()
    for letter in ANCHOR_ALPHABET:
        for engine in (re, regex):
            for match in engine.compile(f"(?i:{re.escape(letter)})").finditer(every):
                if match.group().lower() != letter:
                    special.add(match.group())
    assert special == set(CASE_SPECIAL)
    # Lower-casing keeps the length of every character but one of them.
    assert [c for c in every if len(c.lower()) != 1] == ["İ"]


def test_a_text_with_a_special_character_is_scanned_whole() -> None:
    assert lowered("Sachbearbeiter Yilmaz") == "sachbearbeiter yilmaz"
    for special in CASE_SPECIAL:
        assert lowered(f"Sachbearbeiter Yilmaz {special}") is None
    text = "ſachbearbeiter Yilmaz"  # (?i) reads the long s as "s"
    assert _spans(person._ROLE_NAME_SCAN.finditer(text)) == [(0, 21, ("Yilmaz", None))]


def test_literal_prefixes() -> None:
    assert literal_prefixes(r"(?<![\w-])(?i:agent|officer)[ \t]+\w+") == (
        frozenset({"agent", "offic"}),
        frozenset(),
    )
    # Case-sensitive parts are looked for as written; shorter prefixes make longer ones moot.
    assert literal_prefixes(r"(?:DC|DCI|(?i:mr)\.?)\s") == (frozenset({"mr"}), frozenset({"DC"}))
    assert literal_prefixes(r"(?i)\bSchüler(?:in)?") == (frozenset({"schül"}), frozenset())
    # regex-module classes end a prefix.
    assert literal_prefixes(r"Mc\p{Lu}\p{Ll}+") == (frozenset(), frozenset({"Mc"}))


@pytest.mark.parametrize(
    "source",
    [r"\w+", r"(?i:agent|\d+)", r"(?:a)?\d", r"[ab]c", r"(?i)ſ", r"x*\d", "µm"],
)
def test_a_pattern_without_a_literal_beginning_for_every_match_is_refused(source: str) -> None:
    with pytest.raises(ValueError, match="no literal beginning"):
        literal_prefixes(source)


def test_an_optional_part_adds_the_prefixes_of_what_follows() -> None:
    assert literal_prefixes(r"(?i)(?:new[ \t]+)?address") == (
        frozenset({"new", "addre"}),
        frozenset(),
    )
    assert literal_prefixes(r"(?:ein|zwei)?zig") == (frozenset(), frozenset({"ein", "zwei", "zig"}))
    with pytest.raises(ValueError, match="no literal beginning"):
        literal_prefixes(r"(?:ab)?\d")


def test_anchors_are_cut_short() -> None:
    lower, _ = literal_prefixes("(?i)sachbearbeiterin")
    assert lower == frozenset({"sachbearbeiterin"[: anchored_scan.ANCHOR_CHARS]})


def test_no_candidate_no_match() -> None:
    scan = AnchoredScan(re.compile(r"(?<!\w)(?i:agent)\s+\w+"))
    assert list(scan.finditer("nothing here")) == []
    assert _spans(scan.finditer("an AGENT Bob and agent Ann")) == [(3, 12, ()), (17, 26, ())]


def test_alternatives_split_at_the_top_level_only() -> None:
    assert alternatives(r"a|(b|c)|[|]|\||[]|]x|[^]|]|[\]|]|(?:x|y)z|") == [
        "a", "(b|c)", "[|]", r"\|", "[]|]x", "[^]|]", r"[\]|]", "(?:x|y)z", "",
    ]  # fmt: skip
    assert "|".join(alternatives(person._FAMILY_CUES)) == person._FAMILY_CUES


def test_may_begin_with() -> None:
    assert may_begin_with(r"mein\s+name", "mein")
    assert may_begin_with(r"hr\.", "hr")
    assert may_begin_with(r"(?:vor|nach)?name", "vorname")
    assert may_begin_with(r"(?-i:Dr|Prof)", "dr")
    assert may_begin_with(r"(?-i:Dr|Prof)", "drei")  # prefixes only: kept
    assert not may_begin_with(r"(?-i:Dr|Prof)", "ms")
    assert not may_begin_with(r"mein\s+name", "herr")
    assert may_begin_with(r"\w+", "any")  # no literal beginning: kept


CUE_TEXTS = [
    "Mein Name ist Erika, meine Tochter Lea, MEIN VORNAME IST Kai, mein Sohn Tim, Herrn Dr. Ilić",
    "Hr. Yusuf Kaplan, Fr. Li, i. A. Meyer, I. A. Meyer, gez. Brandt, c/o Tom Berg, z. Hd. Ana",
    "my nain (gran) Gwenllian, Dear Ann, Son Segun visits, Dr Who, dr. Ho, DR Li, Prof. Ng",
    "Mit freundlichen Grüßen, Anna; LG Tom; viele Grüße Jo; mevrouw Aylin Doğan; dhr. J. Bakker",
    "Numele meu este Ion, mă numesc Ana, nazywam się Ola, benim adım Can, ma na imię Ewa",
    "an Herrn Berg, bei Frau Ute Kern, mit Jonas, für Lina, von Kai, to Tom, with Mia, by Ola",
]


def test_cue_narrowed_to_its_first_word_matches_as_cue() -> None:
    tried = found = 0
    for text in [*CUE_TEXTS, *corpus_texts(normalized=True)]:
        for variant in (text, text.lower(), text.upper()):
            for word in person._WORD.finditer(variant):
                lowered_word = word.group().lower()
                if lowered_word not in person.CUE_STARTS:
                    continue
                expected = person.CUE.match(variant, word.start())
                got = person.cue_starting_with(lowered_word).match(variant, word.start())
                assert (got and (got.span(), got.groupdict())) == (
                    expected and (expected.span(), expected.groupdict())
                ), (variant, word.start())
                tried += 1
                found += expected is not None
    assert tried > 1000 and found > 500
