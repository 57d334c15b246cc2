"""Names of hold-out round 19's shapes (second part), on other values: payers and payees in
a statement written in capitals (pii/recognizers/capitals_payees.py), names in Greek,
Cyrillic and Arabic letters (pii/recognizers/other_script_names.py), nicknames
(pii/recognizers/nicknames.py), a relative after "your"/"their" (pii/recognizers/person.py)
and a rare given name with a double-barrelled surname (pii/recognizers/double_barrelled.py)."""

from __future__ import annotations

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon
from pii.recognizers.capitals_payees import capitals_payees
from pii.recognizers.double_barrelled import double_barrelled_names
from pii.recognizers.name_detector_guard import vetoed
from pii.recognizers.nicknames import called_names, lower_case_signers, quoted_nickname_names
from pii.recognizers.other_script_names import (
    cued_names,
    is_other_script_greeting,
    signed_names,
)
from tests.unit.pii.conftest import redact_all
from tests.unit.pii.conftest import rule_names as names

LEXICON = load_lexicon()


def _found(hits: object, text: str) -> list[str]:
    return [text[start:end] for _, start, end, _ in hits]  # type: ignore[attr-defined]


STATEMENT = (
    "11 Feb   FASTER PAYMENT FROM CHIAMAKA OBIORAH   REF GAS SPLIT      +£60.00\n"
    "12 Feb   CARD PAYMENT TO TESCO STORES                   -£12.10\n"
    "13 Feb   TFR TO SAVINGS ACCOUNT                          -£100.00\n"
    "14 Feb   SO TO MRS K MCALLISTER-DUNN   20-11-05   REF RENT   -£700.00\n"
)


def test_payers_and_payees_in_a_statement_in_capitals() -> None:
    found = _found(capitals_payees(STATEMENT, LEXICON), STATEMENT)
    assert found == ["CHIAMAKA OBIORAH", "MCALLISTER-DUNN"]


def test_payee_in_a_line_in_ordinary_case_is_left_to_the_other_rules() -> None:
    text = "I paid it to Savings Account Plus from Tesco Stores"
    assert _found(capitals_payees(text, LEXICON), text) == []


def test_lower_case_repeat_of_a_payer_is_hidden(redactor: PresidioRedactor) -> None:
    text = STATEMENT + "\ncan you check this? chiamaka says she paid twice"
    [out] = redact_all(redactor, [text])
    assert "CHIAMAKA" not in out and "chiamaka" not in out and "OBIORAH" not in out
    assert "TESCO STORES" in out and "SAVINGS ACCOUNT" in out


def test_other_script_name_after_a_cue() -> None:
    text = "Guten Tag, اسمي خالد الزعبي. ich brauche einen Termin"
    assert _found(cued_names(text), text) == ["خالد الزعبي"]
    text = "and my name in Russian: Светлана Орлова"
    assert _found(cued_names(text), text) == ["Светлана Орлова"]


def test_other_script_sign_off_closing_a_latin_message() -> None:
    text = "could you send the form again, the first one never came. Θεοδώρα"
    assert _found(signed_names(text), text) == ["Θεοδώρα"]
    thanks = "could you send the form again, the first one never came. Спасибо"
    assert _found(signed_names(thanks), thanks) == []
    greek_only = "Καλημέρα σας, θα ήθελα ένα ραντεβού. Θεοδώρα"
    assert _found(signed_names(greek_only), greek_only) == []


def test_other_script_names_redacted(redactor: PresidioRedactor) -> None:
    [out] = redact_all(redactor, ["please send it by post, the app never works. Θεοδώρα"])
    assert "Θεοδώρα" not in out
    [out] = redact_all(redactor, ["السلام عليكم، اسمي خالد الزعبي. ich brauche termin"])
    assert "السلام عليكم" in out and "خالد" not in out


def test_other_script_greeting_is_vetoed_for_the_name_detector() -> None:
    assert is_other_script_greeting("السلام") and is_other_script_greeting("Спасибо")
    assert not is_other_script_greeting("خالد")
    text = "السلام عليكم، ich brauche hilfe"
    assert vetoed(text, 0, 6, LEXICON, None)  # type: ignore[arg-type]


def test_quoted_nickname_between_given_name_and_surname() -> None:
    text = "Viele Grüße\nKatharina „Kati“ Brennecke\nTel. 0151"
    assert _found(quoted_nickname_names(text, LEXICON), text) == ["Katharina „Kati“ Brennecke"]
    text = 'the film "Rocky" Balboa'  # no given name before the quotes
    assert _found(quoted_nickname_names(text, LEXICON), text) == []


def test_name_someone_is_called() -> None:
    text = "my great-aunt Dorota, everyone calls her Dodzia, turns 90"
    assert _found(called_names(text, LEXICON), text) == ["Dodzia"]
    text = "alle nennen ihn Bodzi, er ist mein Nachbar"
    assert _found(called_names(text, LEXICON), text) == ["Bodzi"]
    text = "we call it Monday"
    assert _found(called_names(text, LEXICON), text) == []


def test_lower_case_nickname_signing_off() -> None:
    text = "warum fehlt die zweite zahlung? gruß kalle"
    assert _found(lower_case_signers(text, LEXICON), text) == ["kalle"]
    for closing in ("danke. grüße zurück", "bis morgen. lg mama", "gruß an alle"):
        assert _found(lower_case_signers(closing, LEXICON), closing) == []


def test_relative_after_your_or_their() -> None:
    assert names("he says your son Tyrese's bike scratched his car", "en") == ["Tyrese"]
    assert names("their daughter Maisie-Rae starts school", "en") == ["Maisie-Rae"]
    assert names("deine Tochter Lotte hat angerufen") == ["Lotte"]


def test_rare_given_name_with_double_barrelled_surname() -> None:
    text = "Peregrine Hollingworth-Mensah btw, about the parking permit"
    assert _found(double_barrelled_names(text, LEXICON), text) == ["Peregrine Hollingworth-Mensah"]
    for firm in (
        "fahre einen Mercedes-Benz",
        "Drucker von Hewlett-Packard",
        "in Baden-Württemberg",
    ):
        assert _found(double_barrelled_names(firm, LEXICON), firm) == []
