"""Issue 19 (4): within one request, a value found anywhere is redacted wherever it recurs."""

from __future__ import annotations

import re

import pytest

from pii.code_names import participant_name_parts
from pii.conversation import Conversation, code_name_words
from pii.engine import PresidioRedactor
from tests.unit.pii.conftest import redact_all


def test_when_full_name_seen_then_surname_and_first_name_alone_are_redacted_everywhere(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor,
        [
            "kowalczyk hat angerufen, sagt JANA.",  # before the full name, other case
            "Mein Name ist Jana Kowalczyk.",
            "Bitte schreiben Sie an kowalczyk direkt.",
        ],
    )
    assert all("owalczyk" not in text.lower() and "jana" not in text.lower() for text in out)
    assert re.fullmatch(r"Mein Name ist <PERSON_\d+>\.", out[1])


def test_when_value_is_split_over_two_messages_then_both_parts_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Meine IBAN ist DE89 3704 0044", "0532 0130 00, danke"])
    assert "3704" not in out[0] and "0532" not in out[1]
    assert out[1].endswith(", danke")


def test_when_a_national_insurance_number_is_split_then_both_parts_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["My NI number is PR 61 47", "03 C, thanks"])
    assert "61 47" not in out[0] and "03" not in out[1]
    assert out[1].endswith(", thanks")


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (["call me on (628) 904-", "3310 after six"], ("904", "3310")),
        (["Rückruf unter 0171 48-", "39201 bitte"], ("0171", "39201")),
    ],
)
def test_when_number_is_split_after_a_separator_then_both_parts_are_redacted(
    redactor: PresidioRedactor, texts: list[str], hidden: tuple[str, str]
) -> None:
    out = redact_all(redactor, texts)
    assert hidden[0] not in out[0] and hidden[1] not in out[1]
    assert out[1].endswith(texts[1].split(maxsplit=1)[1])


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (["Ich heiße Declan", "Fairbanks, bitte notieren"], "Fairbanks"),
        (["My name is Priya", "Raman, from Leeds"], "Raman"),
        (["Mein Name ist Jana", "Kowalczyk und ich wohne in Bonn"], "Kowalczyk"),
    ],
)
def test_when_name_is_split_over_two_messages_then_the_second_part_is_redacted(
    redactor: PresidioRedactor, texts: list[str], hidden: str
) -> None:
    out = redact_all(redactor, texts)
    assert hidden not in out[1] and out[1].startswith("<PERSON_")


@pytest.mark.parametrize(
    "texts",
    [
        ["Grüße an Anna", "Termin ist am Montag"],
        ["Bitte antworten", "Heute noch"],
        ["Thanks to Maria", "Tomorrow works"],
    ],
)
def test_when_next_message_starts_with_an_ordinary_word_then_it_stays(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    assert redact_all(redactor, texts)[1] == texts[1]


def test_when_name_follows_an_ordinary_word_in_the_next_text_then_the_word_stays(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Classify", "Hannah Whitfield"])
    assert out[0] == "Classify" and "Whitfield" not in out[1]


def test_when_answer_to_a_name_question_is_one_word_then_it_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Wie lautet Ihr Nachname?", "kowalczyk", "Danke!"])
    assert out[1].startswith("<PERSON_")
    assert out[2] == "Danke!"


@pytest.mark.parametrize(
    ("question", "lead", "surname"),
    [
        ("Thanks. And his surname?", "same as mine, ", "owusu-ansah"),
        ("And her surname?", "it's ", "Nwachukwu"),
        ("Wie lautet Ihr Nachname?", "wie meiner: ", "brzęczek-wolf"),
        ("Und sein Nachname?", "es ist ", "Kaczmarczyk"),
    ],
)
def test_when_answer_to_a_name_question_has_a_lead_in_then_only_the_name_is_redacted(
    redactor: PresidioRedactor, question: str, lead: str, surname: str
) -> None:
    out = redact_all(redactor, [question, lead + surname])
    assert out[0] == question
    assert out[1].startswith(lead + "<PERSON_") and surname not in out[1]


def test_when_a_first_name_recurs_in_lower_case_after_a_surname_reply_then_it_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    texts = [
        "I want to enrol my son, his name is Kwabena",
        "Lovely. And his surname?",
        "same as mine, Osei-Mensah",
        "kwabena starts reception in September",
    ]
    out = redact_all(redactor, texts)
    assert out[1] == texts[1]
    assert out[2].startswith("same as mine, <PERSON_")
    assert "Osei" not in out[2] and "Mensah" not in out[2]
    assert "kwabena" not in out[3] and out[3].endswith(" starts reception in September")


@pytest.mark.parametrize(
    "question", ["And your first name, please?", "Your surname, please?", "Ihr Vorname, bitte?"]
)
def test_when_question_for_a_name_has_punctuation_then_the_answer_is_redacted(
    redactor: PresidioRedactor, question: str
) -> None:
    out = redact_all(redactor, [question, "ngo"])
    assert out == [question, "<PERSON_1>"]


@pytest.mark.parametrize(
    "question",
    ["Family name of the first applicant?", "Vorname des Kindes?", "Forename of the tenant?"],
)
def test_when_question_opens_with_a_name_key_then_the_answer_is_redacted(
    redactor: PresidioRedactor, question: str
) -> None:
    out = redact_all(redactor, [question, "okonkwo"])
    assert out == [question, "<PERSON_1>"]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Is the tenant registered?", "yes since May"),
        ("Name of the file?", "report final"),
        ("Gibt es eine Frage zum Vornamen?", "nein danke"),
    ],
)
def test_when_question_only_mentions_a_key_then_the_answer_stays(
    redactor: PresidioRedactor, question: str, answer: str
) -> None:
    assert redact_all(redactor, [question, answer]) == [question, answer]


def test_when_email_is_split_before_its_at_then_both_halves_are_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Meine E-Mail: liesel.oberhuber", "@posteo.de, danke"])
    assert "oberhuber" not in out[0] and "posteo" not in out[1]
    assert out[0].startswith("Meine E-Mail: <EMAIL_ADDRESS_") and out[1].endswith(", danke")


def test_when_double_barrelled_surname_seen_then_each_part_alone_is_redacted(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor,
        [
            "Ich bin Hedwig von Stralenheim-Wolkersdorf.",
            "Schreiben Sie an Wolkersdorf, nicht an mich.",
        ],
    )
    assert "Wolkersdorf" not in out[1] and "Stralenheim" not in out[0]
    assert out[1].startswith("Schreiben Sie an <PERSON_")


def test_when_question_asks_for_nobody_then_the_answer_stays(redactor: PresidioRedactor) -> None:
    out = redact_all(redactor, ["Gibt es eine Frage zur Adresse?", "nein, alles klar"])
    assert out[1] == "nein, alles klar"


def test_when_keyed_value_collected_then_it_is_redacted_in_free_text(
    redactor: PresidioRedactor,
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_keyed("nachname", "Kowalczyk")
    conversation.collect("Frau kowalczyk ruft zurück")
    assert conversation.redact_keyed("nachname", "Kowalczyk") == "<PERSON_1>"
    assert conversation.redact("Frau kowalczyk ruft zurück") == "Frau <PERSON_2> ruft zurück"


def test_when_code_name_holds_a_person_then_it_is_personal(redactor: PresidioRedactor) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect("Ich bin Ola Nowak.")
    assert code_name_words("janaKowalczyk_x") == "jana Kowalczyk x"
    assert conversation.contains_personal_data("Jana_Kowalczyk")
    assert conversation.contains_personal_data("notify_nowak")  # known from the request
    assert not conversation.contains_personal_data("get_weather")
    assert not conversation.contains_personal_data("lookupCaseStatus")


@pytest.mark.parametrize(
    "texts",
    [
        ["Wie ist Ihre Rückrufnummer?", "0176 41", "385290, ab 14 Uhr"],
        ["0151 27", "480619 bitte abends"],
    ],
)
def test_when_phone_start_is_a_number_elsewhere_then_the_rest_is_redacted_too(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    out = redact_all(redactor, texts)
    first, second = texts[-2], texts[-1]
    rest = second.split(maxsplit=1)[1]
    assert first.split()[-1] not in out[-2]
    assert second.split()[0].rstrip(",") not in out[-1] and out[-1].endswith(rest)


def test_when_phone_is_complete_then_a_number_in_the_next_message_stays(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["Tel. 0171 2345678", "3 Kinder habe ich"])
    assert out[1] == "3 Kinder habe ich"


@pytest.mark.parametrize(
    "texts",
    [
        ["Meine Handynummer ist 07621 940", "318 – sorry, zu früh abgeschickt"],
        ["my cell is 04321 556", "203, sent too soon"],
    ],
)
def test_when_a_cued_phone_ends_in_the_next_text_then_its_last_group_is_redacted(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    # The first part is a valid number alone; the cue and the grouping carry it on.
    out = redact_all(redactor, texts)
    first, second = texts
    rest = second.split(maxsplit=1)[1]
    assert first.split()[-1] not in out[0]
    assert out[1].endswith(rest) and not out[1].startswith(second.split()[0])


@pytest.mark.parametrize(
    "texts",
    [
        ["Zimmer 07621 940", "318 Gäste kommen"],  # no phone cue
        ["Meine Handynummer ist 07621 940", "3187 Gäste kommen"],  # not its grouping
    ],
)
def test_when_a_number_follows_a_number_without_cue_or_grouping_then_it_stays(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    assert redact_all(redactor, texts)[1] == texts[1]


@pytest.mark.parametrize(
    ("texts", "parts"),
    [
        # The first piece is a country code: no number alone, not even a parsable one.
        (["Rückruf bitte unter +43", "662", "8044610 danke"], ("+43", "662", "8044610")),
        (["Bitte ruf 0041", "44", "6681800 an"], ("0041", "44", "6681800")),
    ],
)
def test_when_phone_opens_with_a_country_code_piece_then_every_piece_is_redacted(
    redactor: PresidioRedactor, texts: list[str], parts: tuple[str, ...]
) -> None:
    out = redact_all(redactor, texts)
    assert all(part not in text for part, text in zip(parts, out, strict=True))
    assert out[-1].endswith(texts[-1].split(maxsplit=1)[1])


@pytest.mark.parametrize(
    ("texts", "parts"),
    [
        # The national number after a country code sent alone is valid alone.
        (["Tel. 0043", "0662 804461"], ("0043", "0662 804461")),
        (["Fax +41", "044 668 18 00"], ("+41", "044 668 18 00")),
    ],
)
def test_when_phone_rest_is_valid_alone_after_a_country_code_then_both_are_redacted(
    redactor: PresidioRedactor, texts: list[str], parts: tuple[str, ...]
) -> None:
    out = redact_all(redactor, texts)
    assert all(part not in text for part, text in zip(parts, out, strict=True))


@pytest.mark.parametrize(
    "texts",
    [
        ["Tel. 0711", "2345678", "und 2 Kinder"],  # complete after its second piece
        ["Festnetz 0221", "4567890", "3 mal klingeln"],
    ],
)
def test_when_phone_is_complete_before_the_last_piece_then_that_piece_stays(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    assert redact_all(redactor, texts)[-1] == texts[-1]


def test_when_a_number_precedes_a_complete_phone_then_it_stays(
    redactor: PresidioRedactor,
) -> None:
    assert redact_all(redactor, ["Ich habe 2", "0711 2345678"])[0] == "Ich habe 2"


@pytest.mark.parametrize(
    ("texts", "parts"),
    [
        (["meine Steuer-ID lautet 86 095", "742", "719, danke"], ("095", "742", "719")),
        (["IBAN: DE89 3704", "0044", "0532 0130", "00 das wars"], ("3704", "0044", "0130", "00")),
        (["Rückruf an 0157", "83", "219406 nachmittags"], ("0157", "83", "219406")),
    ],
)
def test_when_identifier_is_sent_in_more_than_two_messages_then_every_piece_is_redacted(
    redactor: PresidioRedactor, texts: list[str], parts: tuple[str, ...]
) -> None:
    out = redact_all(redactor, texts)
    assert all(part not in text for part, text in zip(parts, out, strict=True))
    assert out[-1].endswith(texts[-1].split(maxsplit=1)[1])


@pytest.mark.parametrize(
    "texts",
    [
        ["Wir haben 3", "2", "1 Zimmer Wohnung"],
        ["Wir sind 3 Kinder", "2", "4 Zimmer"],
        ["Tel 0171 2345678", "3", "4 Kinder"],
        ["Kundennummer 12 345", "678", "901 bitte"],
    ],
)
def test_when_numbers_in_adjacent_messages_form_no_identifier_then_they_stay(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    out = redact_all(redactor, texts)
    assert out[1:] == texts[1:]
    assert out[0].startswith(texts[0].split()[0])


# -- issue 19, round 10 seen: names behind a title, in a name field, inside a keyed value --


@pytest.mark.parametrize(
    ("said", "later", "hidden"),
    [
        ("I have Mr LaToya Banks at 12 Oak Road, is that right?", "yes, latoya here", "latoya"),
        ("I have Ms McKenna Doyle on file, correct?", "mckenna speaking", "mckenna"),
        ("Ich habe Frau DeLuca notiert, stimmt das?", "ja, deluca, genau", "deluca"),
        ("Is that Mrs LeBlanc-Okoro on the lease?", "yes, leblanc-okoro", "leblanc"),
        ("Ms JaVonda Pruitt, is that you?", "yes that's me, javonda. thanks", "javonda"),
    ],
)
def test_when_a_camel_case_name_follows_a_title_then_it_is_remembered_in_any_case(
    redactor: PresidioRedactor, said: str, later: str, hidden: str
) -> None:
    out = redact_all(redactor, [said, later])
    assert not any(hidden in text.lower() for text in out)
    assert out[1].startswith(later.split(hidden)[0])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I have Ms DaNeisha Wilkes at the front desk", "DaNeisha Wilkes"),
        ("Termin mit Herrn DiMarco am Montag", "DiMarco"),
        ("Dear Mr VanBuskirk,", "VanBuskirk"),
    ],
)
def test_when_a_name_has_a_capital_after_its_prefix_then_the_whole_word_is_the_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    found = [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"]
    assert name in found


@pytest.mark.parametrize(
    "text",
    [
        "Watch the YouTube video on PowerPoint and JavaScript basics.",
        "Pay with PayPal or upload it to GitHub, then open LinkedIn.",
        "Die Datei liegt im DevOps-Ordner; das Team prüft sie mit LaTeX.",
    ],
)
def test_when_a_brand_has_capitals_inside_then_no_part_of_it_is_a_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redact_all(redactor, [text]) == [text]


@pytest.mark.parametrize(
    ("name", "texts", "hidden"),
    [
        (
            "Eamon_Fitzgerald",
            ["Sure, Eamon. Anything else?", "the flat is in my name, Fitzgerald"],
            ("Eamon", "Fitzgerald"),
        ),
        ("siobhan.mulcahy", ["Thanks Siobhan, noted."], ("Siobhan",)),
        ("DeShawna-Prewitt", ["ok deshawna, one moment"], ("deshawna",)),
        ("annaKowalczyk", ["Danke, Frau Kowalczyk."], ("Kowalczyk",)),
    ],
)
def test_when_a_name_field_holds_a_person_then_each_part_is_redacted_where_it_recurs(
    redactor: PresidioRedactor, name: str, texts: list[str], hidden: tuple[str, ...]
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_whole("PERSON", name)
    for text in texts:
        conversation.collect(text)
    out = [conversation.redact(text) for text in texts]
    assert not any(part.lower() in text.lower() for part in hidden for text in out)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("support_bot", "The support team will reply; the bot logs it."),
        ("Llama_Guard", "is the guard rail on? the llama model is slow."),
        ("gpt_router", "Restart the router, then ask GPT again."),
        ("Help_Desk", "Leave it on my desk, thanks for the help."),
        ("Kanzlei_Schmidt", "Die Kanzlei hat geschlossen."),
        ("Frontdesk_Berlin", "Das Büro in Berlin hat geschlossen."),
    ],
)
def test_when_a_name_field_is_a_role_then_its_words_stay_in_the_messages(
    redactor: PresidioRedactor, name: str, text: str
) -> None:
    conversation = Conversation(redactor.new_session())
    conversation.collect_whole("PERSON", name)
    conversation.collect(text)
    assert conversation.redact(text) == text


@pytest.mark.parametrize(
    ("texts", "hidden"),
    [
        (
            [
                "Anschrift: Lindenweg 4, 31134 Hildesheim. Ich heiße Gerlinde Wachtendorf.",
                "Danke.",
                "Bitte korrigieren, Wachtendorf mit dt.",
            ],
            ("Wachtendorf", "Gerlinde"),
        ),
        (
            [
                "Address: 22 Elm Row, Leith. My name is Fenella Strachan-Kerr.",
                "Thanks.",
                "Please note: Strachan-Kerr, hyphenated. And fenella is fine.",
            ],
            ("Strachan", "Kerr", "fenella"),
        ),
    ],
)
def test_when_a_keyed_value_runs_over_a_name_then_the_name_is_remembered(
    redactor: PresidioRedactor, texts: list[str], hidden: tuple[str, ...]
) -> None:
    out = redact_all(redactor, texts)
    assert not any(part.lower() in text.lower() for part in hidden for text in out)
    assert out[1] == texts[1]


def test_when_a_keyed_address_names_a_town_then_the_town_stays_elsewhere(
    redactor: PresidioRedactor,
) -> None:
    texts = ["Anschrift: Lindenweg 4, 31134 Hildesheim", "Das Bürgeramt Hildesheim hat zu."]
    out = redact_all(redactor, texts)
    assert "Lindenweg" not in out[0]
    assert "Hildesheim hat zu." in out[1]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Eamon_Fitzgerald", ["Eamon", "Fitzgerald"]),
        ("DeShawna.Prewitt", ["DeShawna", "Prewitt"]),
        ("annaSchmidt", ["anna", "Schmidt"]),
        ("support_bot", []),
        ("Kiosk_Bot", []),
        ("Sachbearbeiter_Meyer", []),
        ("assistant", []),
    ],
)
def test_participant_name_parts_are_a_persons_only(name: str, parts: list[str]) -> None:
    assert participant_name_parts(name) == parts


@pytest.mark.parametrize(
    ("texts", "rest"),
    [
        (["What is your full name?", "Lương Thị", "Mỹ Duyên – sorry, hit enter"], "Mỹ Duyên"),
        (["Ihr vollständiger Name?", "Đỗ Thị", "Thúy Hằng – oops"], "Thúy Hằng"),
    ],
)
def test_name_answer_sent_on_in_the_next_text_is_redacted_whole(
    redactor: PresidioRedactor, texts: list[str], rest: str
) -> None:
    out = redact_all(redactor, texts)

    assert rest not in out[2], out


@pytest.mark.parametrize(
    "texts",
    [
        ["Ihr vollständiger Name?", "Phạm Thị", "Danke, das war's"],
        ["Ihr vollständiger Name?", "Phạm Thị", "Wann kommt der Bescheid?"],
        ["Wie lautet das Aktenzeichen?", "AZ 4411", "Bích Hường – sorry"],
    ],
)
def test_text_after_a_name_answer_keeps_its_ordinary_words(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    out = redact_all(redactor, texts)

    # Nothing beyond the text's own findings ("Hường" is a known name; "Bích" continues no
    # name answer).
    assert out[2] == redact_all(redactor, texts[2:])[0]


@pytest.mark.parametrize(
    ("texts", "kept"),
    [
        (
            ["Ask the planning office about the permit", "cc: planning.enquiries@borough.example"],
            "planning",
        ),
        (
            ["Bitte die Wohngeld Stelle fragen", "an: wohngeld.beratung@stadt-beispiel.de"],
            "Wohngeld",
        ),
        (["Write to support about the login", "to: support.team@portal.example"], "support"),
    ],
)
def test_when_a_role_address_is_seen_then_its_words_stay_ordinary_words(
    redactor: PresidioRedactor, texts: list[str], kept: str
) -> None:
    out = redact_all(redactor, texts)

    assert kept in out[0]


def test_when_a_first_last_address_is_seen_then_its_name_parts_are_remembered(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(redactor, ["reply to nomvula.dlamini@gmail.com", "please tell dlamini"])

    assert "dlamini" not in out[1]


def test_when_an_address_has_a_plus_tag_then_the_tag_is_no_name_part(
    redactor: PresidioRedactor,
) -> None:
    out = redact_all(
        redactor, ["Write to ngozi.eze+housing@gmail.com", "Is the housing office open?"]
    )

    assert "housing office" in out[1]


# -- issue 19, round 12 seen: a number's parts with words, marks or a reply between --------


@pytest.mark.parametrize(
    ("texts", "parts"),
    [
        # words after the first part
        (["Versichertennummer K1035 – Moment, ich hole die Karte", "58733"], ("1035", "58733")),
        (["my card is 4532 0151, hang on, the rest in a sec", "1283 0366"], ("0151", "0366")),
        # continuation marks on both sides
        (["Steuer-ID: 308 669 ...", "... 631 47 steht auf dem Brief"], ("669", "631 47")),
        (["Steuer-ID: 244 843 …", "… 371 55"], ("843", "371 55")),
        # the assistant's reply between, a few words before the last part
        (
            [
                "IBAN for the refund: DE44 5001",
                "Is that the whole IBAN?",
                "sorry, it goes on 0517 5407 3249 31",
            ],
            ("5001", "3249"),
        ),
        (
            [
                "Kann ich mit Karte zahlen? 5200 8282",
                "Ja, schicken Sie bitte den Rest.",
                "8282 8210, gültig bis 04/28",
            ],
            ("8282", "8210"),
        ),
        # the last part opens with the letter of an SV number
        (
            ["Die SV-Nummer beginnt mit 65 170839 und dann", "Ja?", "K 004 laut Karte"],
            ("170839", "K 004"),
        ),
    ],
)
def test_when_a_checked_number_is_split_with_words_between_then_every_part_is_redacted(
    redactor: PresidioRedactor, texts: list[str], parts: tuple[str, str]
) -> None:
    out = redact_all(redactor, texts)
    assert parts[0] not in out[0] and parts[1] not in out[-1]
    assert out[0].split()[0] == texts[0].split()[0]
    assert out[1:-1] == texts[1:-1]


@pytest.mark.parametrize(
    "texts",
    [
        ["Steuer-ID: 308 669 ...", "... 631 48 steht auf dem Brief"],  # check digit wrong
        ["Wir haben 2 Kinder – bitte um Rückruf", "12345 ist meine Kundennummer"],
        ["Rechnung 4711, Rest folgt", "Ok, danke.", "noch 0815 bitte prüfen"],
        ["Karte 4532 0151 1283 0366, danke", "Welche Filiale?", "Filiale 12"],
    ],
)
def test_when_split_numbers_join_to_no_checked_identifier_then_the_later_part_stays(
    redactor: PresidioRedactor, texts: list[str]
) -> None:
    out = redact_all(redactor, texts)
    assert out[1:] == texts[1:]


@pytest.mark.parametrize(
    ("said", "later", "hidden"),
    [
        (
            "Hier spricht Maarten van den Broek wegen der Rechnung",
            "Das Konto läuft auf vandenbroek",
            "vandenbroek",
        ),
        ("This is Pieter van Leeuwen, tenant of flat 3", "my login is vanleeuwen", "leeuwen"),
        ("Mein Name ist Katrin von Ahlefeldt", "Kennung: vonahlefeldt, bitte prüfen", "ahlefeldt"),
        ("My name is Ana de la Fuente, I rent flat 4", "the booking is under delafuente", "fuente"),
    ],
)
def test_when_a_surname_with_particles_recurs_run_together_then_it_is_redacted(
    redactor: PresidioRedactor, said: str, later: str, hidden: str
) -> None:
    out = redact_all(redactor, [said, later])
    assert not any(hidden in text.lower() for text in out)
    assert out[1].startswith(later.split()[0])


@pytest.mark.parametrize(
    ("texts", "again"),
    [
        (["I live at 7 Harcourt Avenue, Leeds.", "Is 7 harcourt ave in the zone?"], "harcourt"),
        (["Send it to 31 Maple St, Bristol.", "Was it 31 maple street or not?"], "maple"),
        (["Meine Adresse ist Birkenstraße 22.", "Ja, birkenstr. 22 stimmt"], "birken"),
    ],
)
def test_when_an_address_recurs_abbreviated_then_it_is_redacted(
    redactor: PresidioRedactor, texts: list[str], again: str
) -> None:
    out = redact_all(redactor, texts)

    assert again not in out[1].lower()


def test_when_a_street_word_recurs_without_the_address_then_it_stays(
    redactor: PresidioRedactor,
) -> None:
    texts = ["I live at 7 Harcourt Avenue, Leeds.", "Which avenue has the bus stop?"]

    assert redact_all(redactor, texts)[1] == texts[1]


@pytest.mark.parametrize(
    ("texts", "variant"),
    [
        # German and Polish transliterations of a name remembered in Cyrillic or English
        (["Ich heiße Тарас Мельничук.", "Auf der alten Karte aber Melnitschuk."], "Melnitschuk"),
        (["Ich heiße Юлія Кравчук.", "Auf der alten Karte aber Krawtschuk."], "Krawtschuk"),
        (["My name is Yulia Kravchuk.", "Na wizie: Krawczuk, czy to problem?"], "Krawczuk"),
    ],
)
def test_when_a_remembered_slavic_name_recurs_in_another_transliteration_then_it_is_redacted(
    redactor: PresidioRedactor, texts: list[str], variant: str
) -> None:
    assert variant not in redact_all(redactor, texts)[1]


@pytest.mark.parametrize(
    ("question", "answer", "date"),
    [
        ("And when was he born?", "on the 17th of October, in Bristol", "17th of October"),
        ("What is her date of birth?", "March 8th I think", "March 8th"),
        ("Wann ist Ihr Sohn geboren?", "am 5. Juni in Kassel", "5. Juni"),
        ("When was she born?", "the fourth of July, at home", "fourth of July"),
        ("Und das Geburtsdatum?", "am zwölften Mai", "zwölften Mai"),
    ],
)
def test_when_a_birth_question_is_answered_without_a_year_then_day_and_month_are_redacted(
    redactor: PresidioRedactor, question: str, answer: str, date: str
) -> None:
    out = redact_all(redactor, [question, answer])
    assert date not in out[1] and "<DATE_OF_BIRTH_" in out[1]


def test_when_no_birth_was_asked_then_a_day_and_month_stay(redactor: PresidioRedactor) -> None:
    out = redact_all(redactor, ["When is the hall free?", "on the 17th of October"])
    assert out[1] == "on the 17th of October"


@pytest.mark.parametrize(
    ("question", "answer", "street"),
    [
        (
            "Can I take your name and address?",
            "Priya Nair, 12 Willow Bank, thanks",
            "12 Willow Bank",
        ),
        ("And your address, please?", "it's 7 Foxglove Rise.", "7 Foxglove Rise"),
        ("Wie lautet Ihre Anschrift?", "Hauptmann, 3 Kleine Aue, in Gotha", "3 Kleine Aue"),
    ],
)
def test_when_an_address_question_is_answered_then_the_house_number_and_street_are_redacted(
    redactor: PresidioRedactor, question: str, answer: str, street: str
) -> None:
    out = redact_all(redactor, [question, answer])
    assert street not in out[1] and "<ADDRESS_" in out[1]


def test_when_no_address_was_asked_then_a_number_and_words_stay(redactor: PresidioRedactor) -> None:
    out = redact_all(redactor, ["How many rooms are free?", "about 4 Single Rooms, I think"])
    assert out[1] == "about 4 Single Rooms, I think"
