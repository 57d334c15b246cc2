# ruff: noqa: E501  (case tables read best on one line each)
"""Builds the labelled cases of issue 19 (deterministic; re-run to rebuild cases.jsonl).

Usage:
    .venv/bin/python tests/pii/issue19/build.py

One case per line: {"id", "category", "lang", "split", "body", "secrets", "keep"}.
``body`` is a chat-completions request body (or ``{"input": [...]}`` for embeddings);
``secrets`` are substrings of the body that must not reach the upstream in any spelling
(separators and case ignored); ``keep`` are substrings that must reach it unchanged
(over-redaction). Categories: ``request`` (fields outside message text), ``formats``,
``structured``, ``conversation``. ``split``: ``tune`` cases were used while building the
detection; ``holdout`` cases were written afterwards (round 1: evaluated, then the general
causes of its leaks were fixed, so it is no longer a clean hold-out); ``holdout2`` cases
were written after those fixes and evaluated once, nothing tuned on them; ``holdout3``
cases were written after the fixes of round 2 (committed before their first run), evaluated
once, nothing tuned on them; ``holdout4`` cases were written after the fix of round 3's last
leak and committed before their first run; ``holdout5`` cases were written after the fixes
of round 4's leaks and committed before their first run; ``holdout6`` cases were written after round 5's first
run and committed before their first run; ``holdout7`` cases were written after round 6's
fixes and committed before their first run; ``holdout8`` cases were written after round 7's
fixes and committed before their first run; ``holdout9`` cases were written after round 8's
fixes and committed before their first run; ``holdout10`` cases were written after round 9's
fixes and committed before their first run; ``holdout11`` cases were written after round 10's
fixes and committed before their first run (their writer never ran the redaction on them);
``holdout12`` cases were written after round 11's fixes and committed before their first run
(their writer never ran the redaction on them); ``holdout13`` cases were written after round
12's fixes and committed before their first run (their writer never ran the redaction on
them); ``holdout14`` cases were written after round 13's fixes and committed before their
first run (their writer never ran the redaction on them); ``holdout15`` cases were written
after round 14's fixes and committed before their first run (their writer never ran the
redaction on them); ``holdout16`` cases were written after round 15's fixes and committed
before their first run (their writer never ran the redaction on them). A case may carry the model's ``answer`` (``{"content": ...}`` or
``{"arguments": ...}``, category ``stream``) whose secrets must not reach the caller. Identifiers carry valid check digits
(computed with the corpus generator; Swiss AHV numbers with ahv() here, the other countries'
identifiers of round 11 with the generators beside round11_values(), those of round 12 beside
round12_values()); every name is invented.
"""

from __future__ import annotations

import base64
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "corpus"))
from generate import document_number, iban, kvnr, sv_number, tax_id  # noqa: E402

SEED = 20261206


def luhn(prefix: str, length: int, rng: random.Random) -> str:
    digits = [int(c) for c in prefix] + [rng.randint(0, 9) for _ in range(length - len(prefix) - 1)]
    for check in range(10):
        total = 0
        for i, value in enumerate(reversed([*digits, check])):
            total += (value * 2 - 9 if value > 4 else value * 2) if i % 2 == 1 else value
        if total % 10 == 0:
            return "".join(map(str, [*digits, check]))
    raise AssertionError


def groups(value: str, sizes: list[int], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(value[pos : pos + size])
        pos += size
    if pos < len(value):
        out.append(value[pos:])
    return sep.join(out)


def values(rng: random.Random) -> dict[str, str]:
    t, s, i = tax_id(rng), sv_number(rng), iban(rng)
    return {
        "tax3332": groups(t, [3, 3, 3, 2]),
        "taxdots": groups(t, [2, 3, 3, 3], "."),
        "taxdash": groups(t, [3, 3, 3, 2], "-"),
        "sv": groups(s, [2, 6, 1, 2, 1]),
        "ibanirr": groups(i, [4, 8]),
        "iban3": groups(i, [4, 3, 3, 3, 3, 3, 3]),
        "iban": i,
        "iban_a": groups(i, [4, 4, 4]).rsplit(" ", 1)[0],
        "iban_b": i[12:],
        "visa19": groups(luhn("4", 19, rng), [4, 4, 4, 4]),
        "maestro12": groups(luhn("6759", 12, rng), [4, 4]),
        "mc2": groups(luhn("2221", 16, rng), [4, 4, 4]),
        "jcb": groups(luhn("3530", 16, rng), [4, 4, 4]),
    }


def split_values(names: dict[str, str]) -> dict[str, str]:
    """Values derived from others (no draw from the generator: earlier cases keep theirs)."""
    return {"mc2_a": names["mc2"][:9], "mc2_b": names["mc2"][10:]}


def round4_values(names: dict[str, str]) -> dict[str, str]:
    """Round 4's extra notations: derived from the case's values, new numbers from a
    generator seeded by the case's IBAN (the shared generator is not drawn from, so the cases
    of earlier rounds keep their values)."""
    own = random.Random(names["iban"])
    tax = names["tax3332"].replace(" ", "")
    sv = names["sv"].replace(" ", "")
    visa16 = luhn("4", 16, own)
    return {
        "tax": tax,
        "tax_a": names["tax3332"][:7],
        "tax_b": names["tax3332"][8:],
        "svplain": sv,
        "svalt": groups(sv, [2, 6, 1, 3]),
        "ibandash": groups(names["iban"], [4, 4, 4, 4, 4], "-"),
        "ibanlower": names["iban"].lower(),
        "visa16dash": groups(visa16, [4, 4, 4], "-"),
        "amex": groups(luhn("37", 15, own), [4, 6]),
        "mc2dash": names["mc2"].replace(" ", "-"),
        "visa19_a": names["visa19"][:9],
        "visa19_b": names["visa19"][10:],
    }


def round5_values(names: dict[str, str]) -> dict[str, str]:
    """Round 5's values and notations, drawn from a generator seeded by the case's IBAN and
    the round (the shared generator is not drawn from, so earlier cases keep their values)."""
    own = random.Random("round5:" + names["iban"])
    tax, sv, account = tax_id(own), sv_number(own), iban(own)
    visa = luhn("4", 16, own)
    spaced_tax, spaced_account = groups(tax, [2, 3, 3, 3]), groups(account, [4, 4, 4, 4, 4])
    return {
        "t5dots": groups(tax, [3, 3, 3, 2], "."),
        "t5sp": spaced_tax,
        "t5_a": spaced_tax[:6],
        "t5_b": spaced_tax[7:],
        "s5sp": groups(sv, [2, 6, 1, 2, 1]),
        "s5mid": groups(sv, [2, 6, 4]),
        "i5": account,
        "i5irr": groups(account, [4, 4, 4, 4, 6]),
        "i5pairs": groups(account, [2, 2, 4, 4, 4, 4]),
        "i5_a": spaced_account[:14],
        "i5_b": spaced_account[15:],
        "at5": groups(iban(own, "AT"), [4, 4, 4, 4]),
        "it5": groups(iban(own, "IT"), [4, 4, 4, 4, 4, 4]),
        "mc5": groups(luhn("5" + str(own.randint(1, 5)), 16, own), [4, 4, 4]),
        "amex5": groups(luhn("34", 15, own), [4, 6], "-"),
        "diners": groups(luhn("36", 14, own), [4, 6]),
        "jcb5": luhn("3566", 16, own),
        "maestro19": groups(luhn("6763", 19, own), [4, 4, 4, 4]),
        "discover": groups(luhn("6011", 16, own), [4, 4, 4]),
        "mc2r5": groups(luhn("2300", 16, own), [4, 4, 4], "-"),
        "visa5_a": groups(visa, [4, 4, 4, 4])[:9],
        "visa5_b": groups(visa, [4, 4, 4, 4])[10:],
    }


def round6_values(names: dict[str, str]) -> dict[str, str]:
    """Round 6's values and notations, drawn from a generator seeded by the case's IBAN and
    the round (the shared generator is not drawn from, so earlier cases keep their values)."""
    own = random.Random("round6:" + names["iban"])
    tax, sv, account = tax_id(own), sv_number(own), iban(own)
    visa = groups(luhn("4", 16, own), [4, 4, 4, 4])
    spaced_tax, spaced_account = groups(tax, [2, 3, 3, 3]), groups(account, [4, 4, 4, 4, 4])
    return {
        "t6plain": tax,
        "t6q": groups(tax, [4, 4, 3]),
        "t6dash": groups(tax, [2, 3, 3, 3], "-"),
        "t6_a": spaced_tax[:6],
        "t6_b": spaced_tax[7:],
        "s6d": groups(sv, [2, 2, 2, 2, 1, 3]),
        "s6dash": groups(sv, [2, 6, 1, 3], "-"),
        "de6irr": groups(account, [6, 6, 6, 4]),
        "i6_a": spaced_account[:9],
        "i6_b": spaced_account[10:],
        "fr6": groups(iban(own, "FR"), [4, 4, 4, 4, 4, 4]),
        "nl6": groups(iban(own, "NL"), [4, 4]),
        "es6": groups(iban(own, "ES"), [4, 4, 4, 2]),
        "be6": groups(iban(own, "BE").lower(), [4, 4, 4]),
        "amex6": groups(luhn("37", 15, own), [4, 6]),
        "diners6": groups(luhn("305", 14, own), [4, 6]),
        "maestro6": groups(luhn("5018", 18, own), [4, 4, 4, 4]),
        "jcb6": groups(luhn("3528", 16, own), [4, 4, 4], "-"),
        "visa6dots": visa.replace(" ", "."),
        "visa6_a": visa[:9],
        "visa6_b": visa[10:],
    }


def round7_values(names: dict[str, str]) -> dict[str, str]:
    """Round 7's values and notations (no-break spaces copied from PDFs, a line break inside
    an IBAN, lower-case letters in RV numbers, plain card numbers), drawn from a generator
    seeded by the case's IBAN and the round (the shared generator is not drawn from, so
    earlier cases keep their values)."""
    own = random.Random("round7:" + names["iban"])
    tax, tax2, sv, account = tax_id(own), tax_id(own), sv_number(own), iban(own)
    spaced_account = groups(account, [4, 4, 4, 4, 4])
    spaced_tax = groups(tax2, [3, 3, 3, 2])
    lower_sv = sv[:8] + sv[8].lower() + sv[9:]
    mc = groups(luhn("5" + str(own.randint(1, 5)), 16, own), [4, 4, 4], "-")
    return {
        "t7nb": groups(tax, [2, 3, 3, 3], "\u00a0"),
        "t7b": groups(tax2, [3, 4, 4]),
        "t7_a": spaced_tax[:7],
        "t7_b": spaced_tax[8:],
        "s7plain": sv,
        "s7sp": groups(sv, [2, 6, 1, 2, 1]),
        "s7low": lower_sv,
        "s7dash": groups(sv, [2, 6, 1, 2, 1], "-"),
        "s7splow": groups(lower_sv, [2, 6, 1, 2, 1]),
        "i7std": spaced_account,
        "i7nb": spaced_account.replace(" ", "\u00a0"),
        "i7cc": account[:2] + " " + groups(account[2:], [2, 4, 4, 4, 4]),
        "i7break": spaced_account[:14] + "\n" + spaced_account[15:],
        "i7_a": spaced_account[:12],
        "i7_b": spaced_account[12:],
        "lu7": groups(iban(own, "LU"), [4, 4, 4, 4]),
        "at7dash": groups(iban(own, "AT").lower(), [4, 4, 4, 4], "-"),
        "visa19dash": groups(luhn("4", 19, own), [4, 4, 4, 4], "-"),
        "maestro12plain": luhn("6762", 12, own),
        "mc2plain": luhn("2456", 16, own),
        "jcb7dots": groups(luhn("3589", 16, own), [4, 4, 4], "."),
        "amex7plain": luhn("34", 15, own),
        "mc7_a": mc[:9],
        "mc7_b": mc[10:],
    }


def round8_values(names: dict[str, str]) -> dict[str, str]:
    """Round 8's values and notations (tax IDs typed digit by digit from form boxes or with no
    separator after a colon, RV numbers with dots, lower-case IBANs, health insurance numbers,
    values split across messages at a group boundary), drawn from a generator seeded by the
    case's IBAN and the round (the shared generator is not drawn from, so earlier cases keep
    their values)."""
    own = random.Random("round8:" + names["iban"])
    tax, tax2, sv, account = tax_id(own), tax_id(own), sv_number(own), iban(own)
    spaced_account = groups(account, [4, 4, 4, 4, 4])
    insurance = kvnr(own)
    mc_plain = luhn("55", 16, own)
    return {
        "t8each": " ".join(tax),
        "t8std": groups(tax, [2, 3, 3, 3]),
        "t8plain": tax2,
        "t8_a": tax2[:5],
        "t8_b": tax2[5:],
        "s8plain": sv,
        "s8sp": groups(sv, [2, 6, 1, 3]),
        "s8dots": groups(sv, [2, 6, 1, 3], "."),
        "s8_a": sv[:8],
        "s8_b": sv[8:],
        "i8": account,
        "i8std": spaced_account,
        "i8low": account.lower(),
        "i8_a": spaced_account[:19],
        "i8_b": spaced_account[20:],
        "es8": groups(iban(own, "ES"), [4, 4, 4, 4, 4], "-"),
        "fr8": iban(own, "FR"),
        "kv8": insurance,
        "kv8low": insurance[0].lower() + insurance[1:],
        "v8": groups(luhn("4", 16, own), [4, 4, 4]),
        "v8plain": luhn("4", 16, own),
        "disc8": groups(luhn("6011", 16, own), [4, 4, 4], "-"),
        "amex8": groups(luhn("37", 15, own), [4, 6]),
        "mc8_a": mc_plain[:8],
        "mc8_b": mc_plain[8:],
    }


def iban_with_bank(rng: random.Random, country: str, banks: list[str]) -> str:
    """An IBAN whose BBAN starts with a bank code in letters (GB, IE), valid ISO 13616 check."""
    bban = rng.choice(banks) + "".join(str(rng.randint(0, 9)) for _ in range(14))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def round9_values(names: dict[str, str]) -> dict[str, str]:
    """Round 9's values and notations (narrow no-break spaces from word processors, RV numbers
    with the birth date run together, British and Irish IBANs, Dutch IBANs in lower case, an
    IBAN split inside a group, a tax ID split over three messages, 2-series Mastercards with
    no-break spaces), drawn from a generator seeded by the case's IBAN and the round (the
    shared generator is not drawn from, so earlier cases keep their values)."""
    own = random.Random("round9:" + names["iban"])
    tax, tax2, sv, account = tax_id(own), tax_id(own), sv_number(own), iban(own)
    spaced_account = groups(account, [4, 4, 4, 4, 4])
    spaced_tax = groups(tax2, [2, 3, 3, 3])
    return {
        "t9nnb": groups(tax, [2, 3, 3, 3], "\u202f"),
        "t9b": spaced_tax,
        "t9_a": spaced_tax[:6],
        "t9_b": spaced_tax[7:10],
        "t9_c": spaced_tax[11:],
        "s9nb": groups(sv, [2, 6, 1, 2, 1], "\u00a0"),
        "s9low": groups(sv[:8] + sv[8].lower() + sv[9:], [8, 1, 3]),
        "s9sp": groups(sv, [2, 6, 1, 3]),
        "i9": account,
        "i9std": spaced_account,
        "i9_a": spaced_account[:7],
        "i9_b": spaced_account[7:],
        "gb9": groups(iban_with_bank(own, "GB", ["NWBK", "BARC", "LOYD", "MIDL"]), [4, 4, 4, 4, 4]),
        "ie9": iban_with_bank(own, "IE", ["AIBK", "BOFI"]),
        "nl9low": groups(iban(own, "NL").lower(), [4, 4, 4, 4]),
        "visa19plain": luhn("4", 19, own),
        "maestro9": groups(luhn("6759", 12, own), [4, 4]),
        "mc9nb": groups(luhn("2297", 16, own), [4, 4, 4], "\u00a0"),
        "mc9": groups(luhn("2511", 16, own), [4, 4, 4]),
        "jcb9": groups(luhn("3537", 16, own), [4, 4, 4]),
    }


def ahv(rng: random.Random) -> str:
    """A Swiss AHV number (756, nine digits, EAN-13 check digit) in the usual dotted form."""
    digits = "756" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits))
    number = digits + str((10 - total % 10) % 10)
    return f"{number[:3]}.{number[3:7]}.{number[7:11]}.{number[11:]}"


def round10_values(names: dict[str, str]) -> dict[str, str]:
    """Round 10's values and notations (a tax ID and an IBAN broken over a line, RV numbers
    with hyphens, health insurance numbers in groups of three, Austrian, Italian, Luxembourg
    and Belgian IBANs, 19-digit Visa with dots, Amex 34 with hyphens, 2-series Mastercard
    with dots, plain JCB and Maestro, Swiss AHV numbers), drawn from a generator seeded by the
    case's IBAN and the round (the shared generator is not drawn from, so earlier cases keep
    their values)."""
    own = random.Random("round10:" + names["iban"])
    tax, tax2, tax3, tax4 = tax_id(own), tax_id(own), tax_id(own), tax_id(own)
    sv, account = sv_number(own), iban(own)
    insurance = kvnr(own)
    spaced_account = groups(account, [4, 4, 4, 4, 4])
    spaced_tax2 = groups(tax2, [2, 3, 3, 3])
    jcb = luhn("3569", 16, own)
    return {
        "t10std": groups(tax, [2, 3, 3, 3]),
        "t10plain": tax,
        "t10nl": spaced_tax2[:6] + "\n" + spaced_tax2[7:],
        "t10b": tax3,
        "t10c": groups(tax4, [3, 3, 3, 2]),
        "s10dash": groups(sv, [2, 6, 1, 3], "-"),
        "kv10": insurance,
        "kv10grp": insurance[0] + " " + groups(insurance[1:], [3, 3, 3]),
        "i10": account,
        "i10std": spaced_account,
        "i10nl": spaced_account[:14] + "\n" + spaced_account[15:],
        "i10b": groups(iban(own), [4, 4, 4, 4, 4]),
        "at10": groups(iban(own, "AT"), [4, 4, 4, 4]),
        "it10": groups(iban(own, "IT"), [4, 4, 4, 4, 4, 4]),
        "lu10": groups(iban(own, "LU"), [4, 4, 4, 4]),
        "be10": groups(iban(own, "BE"), [4, 4, 4]),
        "v10dots19": groups(luhn("4", 19, own), [4, 4, 4, 4], "."),
        "amex10dash": groups(luhn("34", 15, own), [4, 6], "-"),
        "mc10dots": groups(luhn("2720", 16, own), [4, 4, 4], "."),
        "jcb10plain": jcb,
        "jcb10_a": jcb[:8],
        "jcb10_b": jcb[8:],
        "maestro10plain": luhn("5020", 12, own),
        "ahv10": ahv(own),
        "ahv10b": ahv(own),
    }


def iban_digits(rng: random.Random, country: str, length: int) -> str:
    """An IBAN whose BBAN is ``length`` digits (PL, PT, CZ, ...), valid ISO 13616 check."""
    bban = "".join(str(rng.randint(0, 9)) for _ in range(length))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def bsn(rng: random.Random) -> str:
    """A Dutch BSN: nine digits passing the 11-test (weights 9..2, last digit -1)."""
    while True:
        digits = [rng.randint(1, 6)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, [*digits, check]))


def belgian_national_number(rng: random.Random) -> str:
    """A Belgian Rijksregisternummer (born in the 1900s) as YY.MM.DD-SSS.CC, mod-97 check."""
    born = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    serial = f"{rng.randint(1, 997):03d}"
    check = 97 - int(born + serial) % 97
    return f"{born[:2]}.{born[2:4]}.{born[4:]}-{serial}.{check:02d}"


def austrian_sv_number(rng: random.Random) -> str:
    """An Austrian Sozialversicherungsnummer: serial, check digit (weights 3 7 9 5 8 4 2 1 6), DDMMYY."""
    while True:
        serial = f"{rng.randint(100, 999)}"
        born = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(40, 99):02d}"
        digits = [int(c) for c in serial + born]
        check = sum(d * w for d, w in zip(digits, [3, 7, 9, 5, 8, 4, 2, 1, 6], strict=True)) % 11
        if check < 10:
            return f"{serial}{check} {born}"


def pesel(rng: random.Random) -> str:
    """A Polish PESEL (born in the 1900s): YYMMDD, four serial digits, weighted check digit."""
    digits = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    digits += "".join(str(rng.randint(0, 9)) for _ in range(4))
    total = sum(int(c) * w for c, w in zip(digits, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], strict=True))
    return digits + str((10 - total % 10) % 10)


def french_nir(rng: random.Random, sex: str) -> str:
    """A French NIR (numéro de sécurité sociale) in its printed groups, mod-97 key."""
    body = sex + f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}"
    body += f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


# The values of the characters in odd positions (digits, then A-Z), from the decree of 1976.
_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", map(int, "1 0 5 7 9 13 15 17 19 21 1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23".split()), strict=True))


def codice_fiscale(stem: str) -> str:
    """An Italian codice fiscale: the 15-character stem and its check letter."""
    total = 0
    for i, c in enumerate(stem):
        total += _CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
    return stem + chr(65 + total % 26)


def spanish_dni(rng: random.Random, nie_prefix: str = "") -> str:
    """A Spanish DNI (8 digits and letter) or, with X/Y/Z, an NIE (7 digits): mod-23 letter."""
    digits = "".join(str(rng.randint(0, 9)) for _ in range(7 if nie_prefix else 8))
    number = int(str("XYZ".index(nie_prefix)) + digits) if nie_prefix else int(digits)
    return nie_prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def nhs_number(rng: random.Random) -> str:
    """A UK NHS number in 3-3-4 groups (weights 10..2, mod-11 check, never 10)."""
    while True:
        digits = [rng.randint(4, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check != 10:
            number = "".join(map(str, digits)) + str(check % 11)
            return f"{number[:3]} {number[3:6]} {number[6:]}"


def ppsn(rng: random.Random, second: str = "") -> str:
    """An Irish PPS number: seven digits and a mod-23 check letter (a second letter counts x9)."""
    digits = [rng.randint(0, 9) for _ in range(7)]
    total = sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    total += (ord(second) - 64) * 9 if second else 0
    return "".join(map(str, digits)) + "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] + second


def finnish_hetu(rng: random.Random) -> str:
    """A Finnish henkilötunnus (born in the 1900s): DDMMYY-NNNC, mod-31 check character."""
    born = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}"
    serial = f"{rng.randint(2, 899):03d}"
    return f"{born}-{serial}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(born + serial) % 31]


def czech_birth_number(rng: random.Random, female: bool) -> str:
    """A Czech rodné číslo (born after 1954): YYMMDD/SSSC, the ten digits divisible by 11."""
    while True:
        month = rng.randint(1, 12) + (50 if female else 0)
        head = f"{rng.randint(55, 99):02d}{month:02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        check = -int(head) * 10 % 11
        if check < 10:
            return f"{head[:6]}/{head[6:]}{check}"


def us_ssn(rng: random.Random) -> str:
    """A US Social Security number in the issued ranges (no 000, 666 or 9xx area)."""
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def us_itin(rng: random.Random) -> str:
    """A US ITIN: 9XX, a middle group in the ITIN ranges, four digits."""
    middle = rng.choice([*range(70, 89), 90, 91, 92, *range(94, 100)])
    return f"9{rng.randint(0, 99):02d}-{middle}-{rng.randint(1, 9999):04d}"


def swedish_personnummer(rng: random.Random) -> str:
    """A Swedish personnummer YYYYMMDD-NNNC (Luhn over the last ten digits)."""
    born = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    number = luhn(born + f"{rng.randint(0, 999):03d}", 10, rng)
    return f"19{number[:6]}-{number[6:]}"


def portuguese_nif(rng: random.Random) -> str:
    """A Portuguese NIF of a person: 1 or 2, seven digits, mod-11 check digit."""
    digits = [rng.randint(1, 2)] + [rng.randint(0, 9) for _ in range(7)]
    rest = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    return "".join(map(str, digits)) + str(0 if rest < 2 else 11 - rest)


def uk_nino(rng: random.Random) -> str:
    """A UK National Insurance number: two allowed prefix letters, six digits, A-D."""
    while True:
        prefix = rng.choice("ABCEGHJKLMNPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            return prefix + "".join(str(rng.randint(0, 9)) for _ in range(6)) + rng.choice("ABCD")


def round11_values(names: dict[str, str]) -> dict[str, str]:
    """Round 11's values and notations (identifiers of other countries with their checks:
    Dutch BSN, Belgian national number, Austrian SV number, Polish PESEL, French NIR, Italian
    codice fiscale, Spanish DNI/NIE, UK NHS number and NINO without spaces, Irish PPSN,
    Finnish HETU, Czech birth number, US SSN/ITIN, Swedish personnummer, Portuguese NIF;
    German ID-card and passport numbers; tax IDs typed into boxes with bars; PL, PT and CZ
    IBANs; UnionPay and 13-digit Visa), drawn from a generator seeded by the case's IBAN
    and the round (the shared generator is not drawn from, so earlier cases keep their
    values)."""
    own = random.Random("round11:" + names["iban"])
    tax, tax2 = tax_id(own), tax_id(own)
    pl, pt, cz = iban_digits(own, "PL", 24), iban_digits(own, "PT", 21), iban_digits(own, "CZ", 20)
    dni, dutch = spanish_dni(own), bsn(own)
    return {
        "t11box": "|" + "|".join(tax) + "|",
        "t11std": groups(tax2, [2, 3, 3, 3]),
        "t11plain": tax2,
        "idcard11": document_number(own, "L"),
        "pass11": document_number(own, "C"),
        "bsn11": f"{dutch[:4]}.{dutch[4:6]}.{dutch[6:]}",
        "bsn11plain": bsn(own),
        "bnn11": belgian_national_number(own),
        "bnn11b": belgian_national_number(own),
        "atsv11": austrian_sv_number(own),
        "pesel11": pesel(own),
        "nir11": french_nir(own, "2"),
        "cf11": codice_fiscale("FRRBDT91C67A944"),  # Benedetta Ferraro, f, 27.03.1991, Bologna
        "dni11": dni,
        "dni11dash": dni[:8] + "-" + dni[8],
        "nie11": spanish_dni(own, "Y"),
        "nhs11": nhs_number(own),
        "nhs11b": nhs_number(own).replace(" ", ""),
        "nino11": uk_nino(own),
        "ppsn11": ppsn(own, "A"),
        "ppsn11b": ppsn(own),
        "hetu11": finnish_hetu(own),
        "rc11": czech_birth_number(own, True),
        "ssn11": us_ssn(own),
        "ssn11b": us_ssn(own),
        "itin11": us_itin(own),
        "pnr11": swedish_personnummer(own),
        "nif11": portuguese_nif(own),
        "pl11": groups(pl, [2, 2, 4, 4, 4, 4, 4, 4]),
        "pt11": groups(pt, [4, 4, 4, 4, 4, 4]),
        "cz11": groups(cz, [4, 4, 4, 4, 4, 4]),
        "i11": groups(iban(own), [4, 4, 4, 4, 4]),
        "unionpay11": groups(luhn("6212", 19, own), [4, 4, 4, 4]),
        "visa13": luhn("4", 13, own),
    }


def tc_kimlik(rng: random.Random) -> str:
    """A Turkish T.C. Kimlik No: eleven digits, the tenth and eleventh check digits."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    tenth = ((sum(digits[0:9:2]) * 7) - sum(digits[1:8:2])) % 10
    eleventh = (sum(digits) + tenth) % 10
    return "".join(map(str, [*digits, tenth, eleventh]))


def ukrainian_rnokpp(rng: random.Random) -> str:
    """A Ukrainian RNOKPP (taxpayer number of a person): days since 31.12.1899, serial, check."""
    digits = [int(c) for c in f"{rng.randint(25000, 38000)}{rng.randint(0, 9999):04d}"]
    weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, [*digits, check]))


def mrz_check(field: str) -> str:
    """The ICAO 9303 check digit (weights 7 3 1; letters A=10, filler < = 0)."""
    total = 0
    for i, c in enumerate(field):
        value = int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def german_id_card_mrz(number: str, born: str, expires: str, name: str) -> str:
    """The three machine-readable lines (TD1) on the back of a German ID card."""
    line1 = f"IDD<<{number}{mrz_check(number)}" + "<" * 15
    head = f"{born}{mrz_check(born)}<{expires}{mrz_check(expires)}D<<" + "<" * 11
    composite = mrz_check(line1[5:30] + head[0:7] + head[8:15] + head[18:29])
    return "\n".join([line1, head + composite, name.ljust(30, "<")])


def round12_values(names: dict[str, str]) -> dict[str, str]:
    """Round 12's values and notations (a tax ID as an EU TIN with the country prefix, a
    health insurance number with a space after the letter and split over two messages,
    lower-case spaced IBANs, lower-case ID-card numbers, the MRZ of an ID card, Turkish
    T.C. Kimlik and Ukrainian RNOKPP numbers, UK NI numbers in groups), drawn from a
    generator seeded by the case's IBAN and the round (the shared generator is not drawn
    from, so earlier cases keep their values)."""
    own = random.Random("round12:" + names["iban"])
    tax, tax2, tax3 = tax_id(own), tax_id(own), tax_id(own)
    sv, sv2 = sv_number(own), sv_number(own)
    account, account2, account3 = iban(own), iban(own), iban(own)
    insurance = kvnr(own)
    split_tax = groups(tax3, [3, 3, 3, 2])
    split_account = groups(account3, [4, 4, 4, 4, 4])
    visa = groups(luhn("4", 16, own), [4, 4, 4, 4])
    card_number = document_number(own)
    born = f"{own.randint(60, 99):02d}{own.randint(1, 12):02d}{own.randint(1, 28):02d}"
    nino, nino2 = uk_nino(own), uk_nino(own)
    return {
        "t12std": groups(tax, [2, 3, 3, 3]),
        "t12plain": tax,
        "t12de": "DE" + tax2,
        "t12_a": split_tax[:7],
        "t12_b": split_tax[8:],
        "s12std": groups(sv, [2, 6, 1, 3]),
        "s12full": groups(sv2, [2, 6, 1, 2, 1]),
        "kv12": insurance,
        "kv12sp": insurance[0] + " " + insurance[1:],
        "kv12_a": insurance[:5],
        "kv12_b": insurance[5:],
        "i12std": groups(account, [4, 4, 4, 4, 4]),
        "i12plain": account,
        "i12low": groups(account.lower(), [4, 4, 4, 4, 4]),
        "i12b": groups(account2, [4, 4, 4, 4, 4]),
        "i12_a": split_account[:9],
        "i12_b": split_account[10:],
        "at12": groups(iban(own, "AT"), [4, 4, 4, 4]),
        "v12": groups(luhn("4", 16, own), [4, 4, 4]),
        "v12_a": visa[:9],
        "v12_b": visa[10:],
        "mc12dash": groups(luhn("51", 16, own), [4, 4, 4], "-"),
        "amex12": groups(luhn("37", 15, own), [4, 6]),
        "id12low": document_number(own).lower(),
        "pass12": document_number(own, "C"),
        "mrz12": german_id_card_mrz(card_number, born, "340415", "KARABULUT<<SEVIM<NUR"),
        "mrzdoc12": card_number,
        "mrzborn12": born,
        "tck12": tc_kimlik(own),
        "rnokpp12": ukrainian_rnokpp(own),
        "nino12": groups(nino, [2, 2, 2, 2, 1]),
        "nino12low": groups(nino2.lower(), [2, 2, 2, 2, 1]),
    }


def round13_values(names: dict[str, str]) -> dict[str, str]:
    """Round 13's values and notations (tax IDs with en dashes, thin spaces or slashes and
    split over three messages, RV numbers with slashes or a lower-case letter, health
    insurance numbers with hyphens, IBANs with thin spaces, dots or a mixed-case country
    code, ID-card numbers in two groups, Visa with thin spaces, Discover with dots, NHS
    numbers with hyphens, a Dutch BSN plain and dotted), drawn from a generator seeded by
    the case's IBAN and the round (the shared generator is not drawn from, so earlier cases
    keep their values)."""
    own = random.Random("round13:" + names["iban"])
    taxes = [tax_id(own) for _ in range(7)]
    svs = [sv_number(own) for _ in range(4)]
    insurances = [kvnr(own) for _ in range(3)]
    accounts = [iban(own) for _ in range(6)]
    split_sv = groups(svs[3], [2, 6, 1, 3])
    mc = groups(luhn("53", 16, own), [4, 4, 4])
    dutch = bsn(own)
    return {
        "t13dash": groups(taxes[0], [2, 3, 3, 3], "\u2013"),
        "t13thin": groups(taxes[1], [3, 3, 3, 2], "\u2009"),
        "t13slash": groups(taxes[2], [2, 3, 3, 3], "/"),
        "t13plain": taxes[3],
        "t13_a": taxes[4][:4],
        "t13_b": taxes[4][4:8],
        "t13_c": taxes[4][8:],
        "t13std": groups(taxes[5], [2, 3, 3, 3]),
        "t13b": groups(taxes[6], [3, 3, 3, 2]),
        "s13slash": groups(svs[0], [2, 6, 1, 3], "/"),
        "s13low": groups(svs[1][:8] + svs[1][8].lower() + svs[1][9:], [2, 6, 1, 3]),
        "s13plain": svs[2],
        "s13_a": split_sv[:9],
        "s13_b": split_sv[10:],
        "kv13dash": groups(insurances[0], [4, 3, 3], "-"),
        "kv13": insurances[1],
        "kv13b": insurances[2],
        "i13thin": groups(accounts[0], [4, 4, 4, 4, 4], "\u2009"),
        "i13dots": groups(accounts[1], [4, 4, 4, 4, 4], "."),
        "i13mixed": groups("De" + accounts[2][2:], [4, 4, 4, 4, 4]),
        "i13std": groups(accounts[3], [4, 4, 4, 4, 4]),
        "i13low": accounts[3].lower(),
        "i13plain": accounts[4],
        "i13b": groups(accounts[5], [4, 4, 4, 4, 4]),
        "id13": groups(document_number(own), [4, 5]),
        "id13b": document_number(own),
        "pass13": document_number(own, "C"),
        "pass13low": document_number(own, "C").lower(),
        "v13thin": groups(luhn("4", 16, own), [4, 4, 4], "\u2009"),
        "v13": groups(luhn("4", 16, own), [4, 4, 4]),
        "disc13dots": groups(luhn("6011", 16, own), [4, 4, 4], "."),
        "mc13plain": luhn("5" + str(own.randint(1, 5)), 16, own),
        "mc13_a": mc[:12],
        "mc13_b": mc[12:],
        "nhs13dash": nhs_number(own).replace(" ", "-"),
        "nhs13": nhs_number(own),
        "ppsn13": ppsn(own),
        "ssn13": us_ssn(own),
        "nino13": uk_nino(own),
        "bsn13": dutch,
        "bsn13dots": f"{dutch[:4]}.{dutch[4:6]}.{dutch[6:]}",
    }


def round14_values(names: dict[str, str]) -> dict[str, str]:
    """Round 14's values in the notations people type in ordinary traffic (tax IDs spaced,
    plain and split over two messages, RV numbers spaced and plain, health insurance numbers
    with a space after the letter or in lower case, IBANs spaced, plain, lower case and split,
    lower-case ID-card numbers, Visa and Mastercard in groups, a UK NI and NHS number), drawn
    from a generator seeded by the case's IBAN and the round (the shared generator is not
    drawn from, so earlier cases keep their values)."""
    own = random.Random("round14:" + names["iban"])
    taxes = [tax_id(own) for _ in range(5)]
    svs = [sv_number(own) for _ in range(3)]
    insurances = [kvnr(own) for _ in range(3)]
    accounts = [iban(own) for _ in range(6)]
    split_tax = groups(taxes[3], [2, 3, 3, 3])
    split_account = groups(accounts[3], [4, 4, 4, 4, 4])
    return {
        "t14std": groups(taxes[0], [2, 3, 3, 3]),
        "t14b": groups(taxes[1], [3, 3, 3, 2]),
        "t14plain": taxes[2],
        "t14_a": split_tax[:6],
        "t14_b": split_tax[7:],
        "t14c": groups(taxes[4], [2, 3, 3, 3]),
        "s14std": groups(svs[0], [2, 6, 1, 3]),
        "s14plain": svs[1],
        "s14c": groups(svs[2], [2, 6, 1, 3]),
        "kv14": insurances[0],
        "kv14sp": insurances[1][0] + " " + insurances[1][1:],
        "kv14c": insurances[2],
        "kv14clow": insurances[2].lower(),
        "i14std": groups(accounts[0], [4, 4, 4, 4, 4]),
        "i14plain": accounts[1],
        "i14low": groups(accounts[2].lower(), [4, 4, 4, 4, 4]),
        "i14_a": split_account[:14],
        "i14_b": split_account[15:],
        "i14b": groups(accounts[4], [4, 4, 4, 4, 4]),
        "i14c": groups(accounts[5], [4, 4, 4, 4, 4]),
        "id14": document_number(own),
        "id14low": document_number(own).lower(),
        "pass14": document_number(own, "C"),
        "v14": groups(luhn("4", 16, own), [4, 4, 4]),
        "v14b": groups(luhn("4", 16, own), [4, 4, 4]),
        "mc14": groups(luhn("52", 16, own), [4, 4, 4]),
        "nino14": groups(uk_nino(own), [2, 2, 2, 2, 1]),
        "nhs14": nhs_number(own),
    }


def round15_values(names: dict[str, str]) -> dict[str, str]:
    """Round 15's values in the notations of back-office traffic (tax IDs spaced, with the
    odd spacing of OCR and split over two messages, RV numbers spaced and plain, health
    insurance numbers plain and in lower case, IBANs spaced, plain and broken over a line
    as copied from a PDF, GB IBANs plain in lower case and spaced, IE IBANs, ID-card and
    passport numbers, Visa and Mastercard in groups, UK NI numbers in groups, plain, lower
    case, letter-spaced by OCR and split over two messages, NHS and Irish PPS numbers),
    drawn from a generator seeded by the case's IBAN and the round (the shared generator
    is not drawn from, so earlier cases keep their values)."""
    own = random.Random("round15:" + names["iban"])
    taxes = [tax_id(own) for _ in range(4)]
    svs = [sv_number(own) for _ in range(2)]
    insurances = [kvnr(own) for _ in range(2)]
    accounts = [iban(own) for _ in range(3)]
    ninos = [uk_nino(own) for _ in range(5)]
    split_tax = groups(taxes[3], [3, 3, 3, 2])
    wrapped = groups(accounts[2], [4, 4, 4, 4, 4])
    split_nino = groups(ninos[4], [2, 2, 2, 2, 1])
    return {
        "t15std": groups(taxes[0], [2, 3, 3, 3]),
        "t15plain": taxes[1],
        "t15ocr": groups(taxes[2], [2, 6, 1, 2]),
        "t15_a": split_tax[:7],
        "t15_b": split_tax[8:],
        "s15std": groups(svs[0], [2, 6, 1, 3]),
        "s15plain": svs[1],
        "kv15": insurances[0],
        "kv15low": insurances[1].lower(),
        "i15std": groups(accounts[0], [4, 4, 4, 4, 4]),
        "i15plain": accounts[1],
        "i15wrap": wrapped[:14] + "\n" + wrapped[15:],
        "gb15": groups(
            iban_with_bank(own, "GB", ["NWBK", "BARC", "LOYD", "HBUK"]), [4, 4, 4, 4, 4]
        ),
        "gb15low": iban_with_bank(own, "GB", ["MIDL", "NAIA", "RBOS"]).lower(),
        "ie15": groups(iban_with_bank(own, "IE", ["AIBK", "BOFI"]), [4, 4, 4, 4, 4]),
        "id15": document_number(own),
        "pass15": document_number(own, "C"),
        "v15": groups(luhn("4", 16, own), [4, 4, 4]),
        "mc15": groups(luhn("55", 16, own), [4, 4, 4]),
        "nino15": groups(ninos[0], [2, 2, 2, 2, 1]),
        "nino15plain": ninos[1],
        "nino15low": groups(ninos[2].lower(), [2, 2, 2, 2, 1]),
        "nino15ocr": " ".join(ninos[3]),
        "nino15_a": split_nino[:5],
        "nino15_b": split_nino[6:],
        "nhs15": nhs_number(own),
        "ppsn15": ppsn(own),
    }


# Digits as a speech-to-text engine writes them out, and the German spelling alphabet.
_DE_DIGITS = "null eins zwo drei vier fünf sechs sieben acht neun".split()
_EN_DIGITS = "oh one two three four five six seven eight nine".split()
_DE_SPELLING = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "Anton Berta Cäsar Dora Emil Friedrich Gustav Heinrich Ida Julius Kaufmann Ludwig Martha Nordpol Otto Paula Quelle Richard Samuel Theodor Ulrich Viktor Wilhelm Xanthippe Ypsilon Zacharias".split(), strict=True))


def spoken(digits: str, words: list[str]) -> str:
    """Digits read out one by one, as a transcript writes them."""
    return " ".join(words[int(c)] for c in digits)


def round16_values(names: dict[str, str]) -> dict[str, str]:
    """Round 16's values in the notations of voice and front-end traffic (tax IDs spaced,
    plain, read out digit by digit in words and in digits, RV numbers spaced and read out in
    words, health insurance numbers plain and with the letter in the German spelling
    alphabet, IBANs spaced, plain, in the irregular groups of a transcript and split over
    two messages, GB, Polish, Ukrainian and Turkish IBANs, PESEL, T.C. Kimlik and RNOKPP
    numbers, a Visa read out digit by digit, a Mastercard in groups, UK NI numbers spaced,
    plain and read out, NHS numbers plain and read out), drawn from a generator seeded by
    the case's IBAN and the round (the shared generator is not drawn from, so earlier
    cases keep their values)."""
    own = random.Random("round16:" + names["iban"])
    taxes = [tax_id(own) for _ in range(4)]
    svs = [sv_number(own) for _ in range(2)]
    insurances = [kvnr(own) for _ in range(2)]
    accounts = [iban(own) for _ in range(4)]
    ninos = [uk_nino(own) for _ in range(3)]
    nhs = nhs_number(own)
    split_account = groups(accounts[3], [4, 4, 4, 4, 4])
    voice_sv, voice_kv = svs[1], insurances[1]
    return {
        "t16std": groups(taxes[0], [2, 3, 3, 3]),
        "t16plain": taxes[1],
        "t16words": spoken(taxes[2], _DE_DIGITS),
        "t16each": " ".join(taxes[3]),
        "s16std": groups(svs[0], [2, 6, 1, 3]),
        "s16voice": f"{spoken(voice_sv[:8], _DE_DIGITS)} {voice_sv[8]} {spoken(voice_sv[9:], _DE_DIGITS)}",
        "kv16": insurances[0],
        "kv16alpha": f"{voice_kv[0]} wie {_DE_SPELLING[voice_kv[0]]}, " + " ".join(voice_kv[1:]),
        "i16std": groups(accounts[0], [4, 4, 4, 4, 4]),
        "i16plain": accounts[1],
        "i16stt": groups(accounts[2], [2, 2, 3, 3, 2, 4, 2, 4]),
        "i16_a": split_account[:14],
        "i16_b": split_account[15:],
        "gb16": groups(iban_with_bank(own, "GB", ["NWBK", "BARC", "LOYD", "HBUK"]), [4, 4, 4, 4, 4]),
        "pl16": groups(iban_digits(own, "PL", 24), [4, 4, 4, 4, 4, 4, 4]),
        "ua16": groups(iban_digits(own, "UA", 25), [4, 4, 4, 4, 4, 4, 4]),
        "tr16": groups(iban_digits(own, "TR", 22), [4, 4, 4, 4, 4, 4]),
        "pesel16": pesel(own),
        "tck16": tc_kimlik(own),
        "rnokpp16": ukrainian_rnokpp(own),
        "v16each": " ".join(luhn("4", 16, own)),
        "mc16": groups(luhn("51", 16, own), [4, 4, 4]),
        "nino16": groups(ninos[0], [2, 2, 2, 2, 1]),
        "nino16plain": ninos[1],
        "nino16voice": f"{ninos[2][0]} {ninos[2][1]} {spoken(ninos[2][2:8], _EN_DIGITS)} {ninos[2][8]}",
        "nhs16": nhs,
        "nhs16voice": ", ".join(spoken(group, _EN_DIGITS) for group in nhs.split()),
    }


def jwt_segment(claims: dict[str, str]) -> str:
    """The base64url payload segment of a JSON Web Token holding ``claims`` (no padding)."""
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()


def user(*texts: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": t} for t in texts]}


def turns(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"messages": [{"role": role, "content": text} for role, text in pairs]}


def tool_call(name: str, arguments: dict[str, Any], question: str = "Bitte erledigen") -> dict[str, Any]:
    return {
        "messages": [
            {"role": "user", "content": question},
            {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "ok"},
        ]
    }


def tool_schema(description: str, prop: str, prop_schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "messages": [{"role": "user", "content": "Status?"}],
        "tools": [{"type": "function", "function": {"name": "lookup_case", "description": description, "parameters": {"type": "object", "properties": {prop: prop_schema}}}}],
    }


# (id, category, lang, split, body, secrets, keep); "{name}" fields are filled from values().
CASES: list[tuple[str, str, str, str, dict[str, Any], list[str], list[str]]] = [
    # ------------------------------------------------------------------ request fields
    ("req-01", "request", "de", "tune", tool_schema("Sucht Fälle von Jana Kowalczyk", "nachname", {"type": "string", "default": "Kowalczyk", "enum": ["Kowalczyk", "Nowak"]}), ["Jana", "Kowalczyk", "Nowak"], ["lookup_case", "Sucht Fälle von"]),
    ("req-02", "request", "en", "tune", {**user("Summarise"), "stop": ["Regards, Jana Kowalczyk"], "response_format": {"type": "json_schema", "json_schema": {"name": "summary", "description": "for jana.kowalczyk@web.de", "schema": {"type": "object", "properties": {"to": {"type": "string", "examples": ["jana.kowalczyk@web.de"]}}}}}}, ["Kowalczyk", "jana.kowalczyk@web.de"], ["summary", "Summarise"]),
    ("req-03", "request", "de", "tune", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Bild prüfen"}, {"type": "image_url", "image_url": {"url": "https://cdn.example.org/scan.png?owner=jana.kowalczyk%40web.de&iban={iban}"}}]}]}, ["jana.kowalczyk", "{iban}"], ["Bild prüfen", "cdn.example.org"]),
    ("req-04", "request", "de", "tune", tool_call("notify_citizen", {"empfaenger": "Jana Kowalczyk", "kanal": "post"}), ["Jana", "Kowalczyk"], ["notify_citizen", "post"]),
    ("req-05", "request", "en", "tune", {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "tool_calls": [{"id": "call_jana.kowalczyk@web.de", "type": "function", "function": {"name": "get_status", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_jana.kowalczyk@web.de", "content": "done"}]}, ["jana.kowalczyk"], ["get_status", "done"]),
    ("req-06", "request", "de", "tune", {"input": ["Antrag von Jana Kowalczyk, IBAN {iban}"], "user": "jana.kowalczyk@web.de"}, ["Kowalczyk", "{iban}", "jana.kowalczyk"], ["Antrag von"]),
    ("req-07", "request", "de", "holdout", tool_schema("Liefert den Bescheid", "antragsteller", {"type": "object", "description": "z. B. Lukas Brandstätter, geb. 03.04.1981", "properties": {"email": {"type": "string", "default": "l.brandstaetter@posteo.de"}}}), ["Brandstätter", "l.brandstaetter@posteo.de", "03.04.1981"], ["Liefert den Bescheid"]),
    ("req-08", "request", "en", "holdout", {**user("Draft a reply"), "tool_choice": {"type": "function", "function": {"name": "send_mail"}}, "tools": [{"type": "function", "function": {"name": "send_mail", "description": "Send mail; default recipient Priya Raman <priya.raman@example.co.uk>", "parameters": {"type": "object", "properties": {"to": {"type": "string", "enum": ["priya.raman@example.co.uk", "team@example.org"]}}}}}]}, ["Raman", "priya.raman@example.co.uk"], ["send_mail", "Draft a reply", "team@example.org"]),
    ("req-09", "request", "de", "holdout", {**user("Zusammenfassen"), "stop": ["Mit freundlichen Grüßen\nHeike Vogelsang-Brück"]}, ["Vogelsang-Brück"], ["Zusammenfassen"]),
    ("req-10", "request", "de", "holdout", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Siehe Anhang"}, {"type": "image_url", "image_url": {"url": "https://files.example.org/u/bernd.kaltenbach@t-online.de/ausweis.jpg?tel=+4915112345678"}}]}]}, ["bernd.kaltenbach", "15112345678"], ["Siehe Anhang"]),
    ("req-11", "request", "en", "holdout", tool_call("update_record", {"customer": {"first_name": "amara", "last_name": "okafor", "phone": "+44 7911 123456"}}, "Update please"), ["amara", "okafor", "7911 123456"], ["update_record", "Update please"]),
    ("req-12", "request", "de", "holdout", {"input": ["Frau Okonkwo-Lindner bittet um Rückruf", "Steuer-ID {tax3332}"]}, ["Okonkwo", "{tax3332}"], ["bittet um Rückruf"]),
    # ------------------------------------------------------------------ formats
    ("fmt-01", "formats", "de", "tune", user("Meine Steuer-ID lautet {tax3332}."), ["{tax3332}"], ["Meine Steuer-ID lautet"]),
    ("fmt-02", "formats", "de", "tune", user("IdNr {taxdots} laut letztem Bescheid"), ["{taxdots}"], ["laut letztem Bescheid"]),
    ("fmt-03", "formats", "de", "tune", user("Rentenversicherungsnummer: {sv}"), ["{sv}"], []),
    ("fmt-04", "formats", "de", "tune", user("Bitte auf {ibanirr} überweisen."), ["{ibanirr}"], ["überweisen"]),
    ("fmt-05", "formats", "en", "tune", user("My Visa is {visa19}, expiry 09/29."), ["{visa19}"], ["expiry 09/29"]),
    ("fmt-06", "formats", "de", "tune", user("Maestro-Karte {maestro12}"), ["{maestro12}"], []),
    ("fmt-07", "formats", "de", "tune", user("schreib mir an jana @ web . de"), ["jana @ web . de"], ["schreib mir an"]),
    ("fmt-08", "formats", "de", "tune", user("Mail: jana&#64;web.de"), ["jana&#64;web.de"], []),
    ("fmt-09", "formats", "en", "tune", user("Call me on +1 202 555 0143 tomorrow"), ["202 555 0143"], ["tomorrow"]),
    ("fmt-10", "formats", "en", "holdout", user("Mastercard {mc2} please charge it"), ["{mc2}"], ["please charge it"]),
    ("fmt-11", "formats", "en", "holdout", user("JCB card {jcb}"), ["{jcb}"], []),
    ("fmt-12", "formats", "de", "holdout", user("Steuer-Identifikationsnummer {taxdash}, Finanzamt Köln-Süd"), ["{taxdash}"], ["Finanzamt"]),
    ("fmt-13", "formats", "de", "holdout", user("Konto {iban3} (Sparkasse)"), ["{iban3}"], ["Sparkasse"]),
    ("fmt-14", "formats", "de", "holdout", user("SV-Nr. {sv} liegt bei"), ["{sv}"], ["liegt bei"]),
    ("fmt-15", "formats", "de", "holdout", user("Kontakt: m.oezdemir&commat;gmx&period;de"), ["m.oezdemir&commat;gmx"], []),
    ("fmt-16", "formats", "en", "holdout", user("email: tom.hargreaves @ outlook . com"), ["tom.hargreaves @ outlook"], []),
    ("fmt-17", "formats", "en", "holdout", user("Our London office: 0044 20 7946 0958"), ["20 7946 0958"], ["London office"]),
    ("fmt-18", "formats", "de", "holdout", user("Handy aus der Schweiz: +41 79 123 45 67"), ["79 123 45 67"], []),
    # ------------------------------------------------------------------ structured data
    ("str-01", "structured", "de", "tune", user('{"nachname": "Kowalczyk", "status": "offen"}'), ["Kowalczyk"], ["status", "offen"]),
    ("str-02", "structured", "de", "tune", user("name;email\nOla Nowak;ola@nowak.pl\nkowalczyk;jk@web.de"), ["Nowak", "kowalczyk", "ola@nowak.pl", "jk@web.de"], []),
    ("str-03", "structured", "de", "tune", user("Kundin: jana kowalczyk\nAnliegen: Wohngeld"), ["jana", "kowalczyk"], ["Anliegen: Wohngeld"]),
    ("str-04", "structured", "en", "tune", user("first_name,last_name,dob\nmia,hughes,2001-05-17\nleo,patel,1999-11-02"), ["mia", "hughes", "patel", "2001-05-17", "1999-11-02"], []),
    ("str-05", "structured", "de", "tune", tool_call("create_case", {"vorname": "jana", "nachname": "kowalczyk", "geburtsdatum": "1.2.1990"}), ["jana", "kowalczyk", "1.2.1990"], ["create_case"]),
    ("str-06", "structured", "de", "holdout", user("Antragsteller: Ömer Yıldırım\nBetreff: Kindergeld"), ["Ömer", "Yıldırım"], ["Betreff: Kindergeld"]),
    ("str-07", "structured", "en", "holdout", user("| Name | Phone |\n|---|---|\n| sam oduya | 0151 23456789 |\n| li wei | 0176 98765432 |"), ["oduya", "li wei", "23456789", "98765432"], []),
    ("str-08", "structured", "de", "holdout", user("Vorname\tNachname\tAnschrift\nfrieda\tbaumgart\tAm Anger 3, 04109 Leipzig\nkarl\tweiß\tHauptstr. 1, 99084 Erfurt"), ["frieda", "baumgart", "Am Anger 3", "karl", "weiß", "Hauptstr. 1"], []),
    ("str-09", "structured", "en", "holdout", user("{'customer_name': 'noah bennett', 'email': 'nbennett@mail.com', 'plan': 'basic'}"), ["noah", "bennett", "nbennett@mail.com"], ["plan", "basic"]),
    ("str-10", "structured", "de", "holdout", tool_call("save_contact", {"kontakt": {"telefon": "030 1234567", "adresse": {"strasse": "Lindenweg 5", "plz": "10115"}}}), ["030 1234567", "Lindenweg 5"], ["save_contact"]),
    ("str-11", "structured", "de", "holdout", user("Geburtsdatum: 7.3.85, Name: petra lang"), ["7.3.85", "petra lang"], []),
    # ------------------------------------------------------------------ conversation
    ("con-01", "conversation", "de", "tune", turns(("user", "Ich bin Jana Kowalczyk."), ("assistant", "Danke."), ("user", "Bitte an kowalczyk schicken, nicht an JANA.")), ["Jana", "Kowalczyk"], ["Bitte an", "schicken"]),
    ("con-02", "conversation", "de", "tune", turns(("assistant", "Wie heißen Sie?"), ("user", "kowalczyk")), ["kowalczyk"], ["Wie heißen Sie?"]),
    ("con-03", "conversation", "de", "tune", user("Meine IBAN ist {iban_a}", "{iban_b}, danke"), ["{iban_a}", "{iban_b}"], ["danke"]),
    ("con-04", "conversation", "en", "tune", turns(("user", "This is Jana Kowalczyk speaking"), ("assistant", "How can I help?"), ("user", "Please tell kowalczyk's landlord")), ["Jana", "Kowalczyk"], ["landlord"]),
    ("con-05", "conversation", "de", "holdout", turns(("user", "Mein Name ist Friedrich Obermaier-Stahl."), ("assistant", "Guten Tag."), ("user", "Herr obermaier-stahl wohnt jetzt woanders.")), ["Friedrich", "Obermaier"], ["wohnt jetzt woanders"]),
    ("con-06", "conversation", "en", "holdout", turns(("assistant", "What is your name?"), ("user", "ingrid solberg"), ("assistant", "Thanks")), ["ingrid", "solberg"], ["What is your name?", "Thanks"]),
    ("con-07", "conversation", "de", "holdout", turns(("assistant", "Wie lautet Ihre E-Mail-Adresse?"), ("user", "gerd punkt haas bei gmx")), ["gerd punkt haas"], []),
    ("con-08", "conversation", "de", "holdout", user("Steuer-ID: {tax3332}", "Und nochmal ohne Leerzeichen: bitte prüfen"), ["{tax3332}"], ["bitte prüfen"]),
    ("con-09", "conversation", "de", "holdout", {"messages": [{"role": "user", "content": "Ich heiße Marta Wiśniewska."}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "find_person", "arguments": json.dumps({"query": "wisniewska marta"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Treffer: Marta Wiśniewska, Akte 17"}]}, ["Marta", "Wiśniewska", "wisniewska"], ["find_person", "Akte 17"]),
    ("con-10", "conversation", "de", "holdout", user("Telefon: 0171 23", "45 678"), ["0171 23", "45 678"], []),
    # ------------------------------------------------------------------ hold-out round 2
    # Written after the fixes of round 1; evaluated once, nothing tuned on them.
    ("req-13", "request", "de", "holdout2", tool_schema("Bescheide für Herrn Dietmar Kowalewski abrufen", "aktenzeichen", {"type": "string", "examples": ["WG-2024-118"], "description": "nicht die Steuer-ID {taxdots}"}), ["Kowalewski", "{taxdots}"], ["WG-2024-118", "lookup_case"]),
    ("req-14", "request", "en", "holdout2", {**user("Classify"), "response_format": {"type": "json_schema", "json_schema": {"name": "ticket", "schema": {"type": "object", "properties": {"reporter": {"type": "string", "const": "Hannah Whitfield"}, "channel": {"type": "string", "enum": ["phone", "email"]}}}}}}, ["Whitfield"], ["ticket", "Classify", "phone"]),
    ("req-15", "request", "de", "holdout2", {"messages": [{"role": "user", "content": "Bitte anrufen"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_7", "type": "function", "function": {"name": "dial", "arguments": json.dumps({"nummer": "0176 55443322", "notiz": "Frau Schimanski zurückrufen"})}}]}, {"role": "tool", "tool_call_id": "call_7", "content": "besetzt"}]}, ["55443322", "Schimanski"], ["dial", "besetzt"]),
    ("req-16", "request", "en", "holdout2", {"input": "Complaint from Declan O'Rourke, card {visa19}"}, ["O'Rourke", "{visa19}"], ["Complaint from"]),
    ("fmt-19", "formats", "de", "holdout2", user("Die Steuer-ID meiner Tochter: {taxdash}"), ["{taxdash}"], ["meiner Tochter"]),
    ("fmt-20", "formats", "de", "holdout2", user("Ihre RV-Nr. ist {sv}, bitte angeben"), ["{sv}"], ["bitte angeben"]),
    ("fmt-21", "formats", "de", "holdout2", user("Überweisung an {iban3} erfolgt"), ["{iban3}"], ["erfolgt"]),
    ("fmt-22", "formats", "en", "holdout2", user("Maestro {maestro12} was declined"), ["{maestro12}"], ["was declined"]),
    ("fmt-23", "formats", "de", "holdout2", user("mail an k.lindqvist &#64; posteo.de"), ["k.lindqvist"], []),
    ("fmt-24", "formats", "en", "holdout2", user("reach me: +33 6 12 34 56 78"), ["12 34 56 78"], ["reach me"]),
    ("str-12", "structured", "de", "holdout2", user("Familienname,Vorname,Geburtsort\nhuber,anna,Passau\nmeier,josef,Landshut"), ["huber", "anna", "meier", "josef"], []),
    ("str-13", "structured", "en", "holdout2", user('[{"full_name": "grace o\'neill", "ticket": 5}, {"full_name": "tariq aziz", "ticket": 6}]'), ["grace", "neill", "tariq", "aziz"], ["ticket"]),
    ("str-14", "structured", "de", "holdout2", user("Ansprechpartnerin: frau dr. lena vogt\nAbteilung: Wohngeld"), ["lena vogt"], ["Abteilung: Wohngeld"]),
    ("str-15", "structured", "de", "holdout2", tool_call("register", {"person": {"vorname": "ilse", "nachname": "brandt"}, "email": "ilse.brandt@web.de"}), ["ilse", "brandt"], ["register"]),
    ("con-11", "conversation", "de", "holdout2", turns(("user", "Hier schreibt Konstantin Leibold."), ("assistant", "Wie kann ich helfen?"), ("user", "Mein Bruder heißt auch LEIBOLD, ist das ein Problem?")), ["Konstantin", "Leibold"], ["Mein Bruder"]),
    ("con-12", "conversation", "en", "holdout2", turns(("assistant", "Could you tell me your surname?"), ("user", "fairbanks")), ["fairbanks"], ["Could you tell me"]),
    ("con-13", "conversation", "de", "holdout2", user("Meine Handynummer: 0152", "34 56 78 90"), ["0152", "34 56 78 90"], []),
    ("con-14", "conversation", "de", "holdout2", turns(("user", "Antrag für Zoë Brünnhilde Castellanos"), ("user", "castellanos hat die Unterlagen geschickt")), ["Castellanos", "Brünnhilde"], ["hat die Unterlagen geschickt"]),
    # ------------------------------------------------------------------ hold-out round 3
    # Written after the fixes of round 2 and committed before their first run; evaluated
    # once, nothing tuned on them.
    ("r3-req-01", "request", "de", "holdout3", tool_schema("Akten von Herrn Bartholomäus Wendling-Ochs abrufen", "geburtsname", {"type": "string", "default": "Ochs"}), ["Wendling", "Bartholomäus", "Ochs"], ["abrufen", "lookup_case"]),
    ("r3-req-02", "request", "en", "holdout3", {"input": ["Refund for Siobhan McCarthy-Doyle", "account IBAN {iban}"]}, ["McCarthy", "Doyle", "{iban}"], ["Refund for"]),
    ("r3-req-03", "request", "en", "holdout3", {**user("Write the summary"), "stop": ["Best, Oluwaseun Adeyemi"]}, ["Adeyemi", "Oluwaseun"], ["Write the summary"]),
    ("r3-req-04", "request", "de", "holdout3", tool_call("send_letter", {"empfänger": {"name": "Dr. Ruth Feigenbaum", "telefon": "+49 30 9876543"}}), ["Feigenbaum", "9876543"], ["send_letter"]),
    ("r3-req-05", "request", "en", "holdout3", {**user("Extract the caller"), "response_format": {"type": "json_schema", "json_schema": {"name": "caller", "description": "e.g. Mateo Fernández (mateo.fernandez@proton.me)", "schema": {"type": "object"}}}}, ["Fernández", "mateo.fernandez@proton.me"], ["Extract the caller"]),
    ("r3-req-06", "request", "de", "holdout3", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Rechnung von Frau Yasemin Aydoğan prüfen"}, {"type": "image_url", "image_url": {"url": "https://docs.example.org/r.pdf?kunde=aydogan&kto={iban}"}}]}]}, ["Aydoğan", "aydogan", "{iban}"], ["docs.example.org", "prüfen"]),
    ("r3-fmt-01", "formats", "de", "holdout3", user("Die IBAN lautet {iban3} – bitte bis Freitag"), ["{iban3}"], ["bitte bis Freitag"]),
    ("r3-fmt-02", "formats", "en", "holdout3", user("Card number {visa19} exp 11/27"), ["{visa19}"], ["exp 11/27"]),
    ("r3-fmt-03", "formats", "de", "holdout3", user("Steuerliche IdNr.: {taxdots}"), ["{taxdots}"], []),
    ("r3-fmt-04", "formats", "en", "holdout3", user("ping me at d.okoye (at) gmail (dot) com"), ["d.okoye"], ["ping me at"]),
    ("r3-fmt-05", "formats", "de", "holdout3", user("Festnetz 089 / 123 456 78, mobil 0160-98765432"), ["123 456 78", "98765432"], ["Festnetz"]),
    ("r3-str-01", "structured", "de", "holdout3", user("Name,Ort,Telefon\nGünther Rieß,Fulda,0661 123456\nLuisa Brandl,Kassel,0561 654321"), ["Rieß", "Günther", "Brandl", "Luisa", "0661 123456", "0561 654321"], []),
    ("r3-str-02", "structured", "en", "holdout3", user("customer:\n  name: rhiannon pryce\n  email: r.pryce@btinternet.com\n  plan: premium"), ["rhiannon", "pryce", "r.pryce@btinternet.com"], ["plan: premium"]),
    ("r3-str-03", "structured", "de", "holdout3", tool_call("save_case", {"antragsteller": "kemal öztürk", "aktenzeichen": "WG-2025-0042"}), ["kemal", "öztürk"], ["WG-2025-0042", "save_case"]),
    ("r3-str-04", "structured", "en", "holdout3", user("| Patient | DOB |\n|---|---|\n| Niamh O'Brien | 1988-03-14 |"), ["O'Brien", "Niamh", "1988-03-14"], []),
    ("r3-str-05", "structured", "de", "holdout3", user('{"kontoinhaber": "Familie Wagenknecht", "iban": "{iban}"}'), ["Wagenknecht", "{iban}"], []),
    ("r3-con-01", "conversation", "de", "holdout3", turns(("user", "Ich bin Theresa Kühnlein."), ("assistant", "Danke, Frau Kühnlein."), ("user", "kühnlein mit ü bitte")), ["Theresa", "Kühnlein"], ["mit ü bitte"]),
    ("r3-con-02", "conversation", "en", "holdout3", turns(("assistant", "What's your full name?"), ("user", "eamon d'arcy")), ["eamon", "d'arcy"], ["What's your full name?"]),
    ("r3-con-03", "conversation", "de", "holdout3", user("Meine Kartennummer ist {mc2_a}", "{mc2_b}, gültig bis 08/28"), ["{mc2_a}", "{mc2_b}"], ["gültig bis 08/28"]),
    ("r3-con-04", "conversation", "en", "holdout3", user("Hi, this is Gwendolyn", "Harrow-Price, calling about my claim"), ["Gwendolyn", "Harrow-Price"], ["calling about my claim"]),
    ("r3-stm-01", "stream", "de", "holdout3", {**user("Fasse zusammen"), "answer": {"content": "Zusammenfassung: Herr Ansgar Pfefferle (Tel. 0711 2345678) beantragt Wohngeld."}}, ["Pfefferle", "2345678"], ["beantragt Wohngeld"]),
    ("r3-stm-02", "stream", "en", "holdout3", {**user("Who should we call?"), "answer": {"arguments": json.dumps({"recipient": "Cormac O'Donnell", "note": "call back"})}}, ["O'Donnell", "Cormac"], ["call back"]),
    ("r3-stm-03", "stream", "de", "holdout3", {**user("Antwort entwerfen"), "answer": {"content": "Sehr geehrte Frau Liebermann-Sauer, " + "vielen Dank für Ihre Nachricht zum Antrag auf Wohngeld. " * 8 + "Die Erstattung geht auf Ihre IBAN {iban}. Mit freundlichen Grüßen"}}, ["Liebermann", "{iban}"], ["Mit freundlichen Grüßen"]),
    ("r3-stm-04", "stream", "en", "holdout3", {**user("Create the customer"), "answer": {"arguments": json.dumps({"customer": {"first_name": "imogen", "last_name": "thackeray"}, "email": "imogen.t@icloud.com"})}}, ["imogen", "thackeray", "imogen.t@icloud.com"], []),
    # ------------------------------------------------------------------ hold-out round 4
    # Written after the fix of round 3's last leak (self-introductions) and committed before
    # their first run; new names (Turkish, Arabic, Slavic, Vietnamese, von/van/de) and values.
    ("r4-req-01", "request", "de", "holdout4", tool_schema("Bescheide von Frau Elif Karakaya-Demir abrufen", "steuer_id", {"type": "string", "examples": ["{taxdots}"]}), ["Elif", "Karakaya", "Demir", "{taxdots}"], ["lookup_case", "abrufen"]),
    ("r4-req-02", "request", "en", "holdout4", {**user("Draft the letter"), "stop": ["Yours sincerely, Nguyen Thi Huong"]}, ["Nguyen", "Huong"], ["Draft the letter"]),
    ("r4-req-03", "request", "de", "holdout4", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Dokument prüfen"}, {"type": "image_url", "image_url": {"url": "https://portal.example.net/upload?name=Wojciech%20Zieli%C5%84ski&steuerid={tax}"}}]}]}, ["Wojciech", "{tax}"], ["Dokument prüfen"]),
    ("r4-req-04", "request", "en", "holdout4", tool_call("book_appointment", {"patient": "Karim El-Amin", "phone": "+44 7700 900461"}, "Book it for Monday"), ["Karim", "El-Amin", "7700 900461"], ["book_appointment", "Book it for Monday"]),
    ("r4-req-05", "request", "de", "holdout4", {**user("Extrahiere den Absender"), "response_format": {"type": "json_schema", "json_schema": {"name": "absender", "description": "Beispiel: Dragana Petrović, dragana.petrovic@gmx.at", "schema": {"type": "object"}}}}, ["Petrović", "dragana.petrovic@gmx.at"], ["Extrahiere den Absender"]),
    ("r4-req-06", "request", "en", "holdout4", {"input": ["Tenant: Mustafa Al-Hashimi, card {jcb}"], "user": "m.alhashimi@proton.me"}, ["Al-Hashimi", "{jcb}", "m.alhashimi"], []),
    ("r4-req-07", "request", "de", "holdout4", {"messages": [{"role": "user", "name": "Emre_Yilmaz", "content": "Hallo zusammen"}]}, ["Yilmaz", "Emre"], ["Hallo zusammen"]),
    ("r4-req-08", "request", "en", "holdout4", {**user("Who is on call?"), "tools": [{"type": "function", "function": {"name": "assign_ticket", "description": "Assign the ticket", "parameters": {"type": "object", "properties": {"assignee": {"type": "string", "enum": ["Anh Pham", "Dmitri Volkov"]}}}}}]}, ["Pham", "Dmitri", "Volkov"], ["assign_ticket", "Assign the ticket"]),
    ("r4-req-09", "request", "de", "holdout4", {**user("Schick die Mail"), "tools": [{"type": "function", "function": {"name": "mail_an_hatice_arslan", "parameters": {"type": "object", "properties": {}}}}], "tool_choice": {"type": "function", "function": {"name": "mail_an_hatice_arslan"}}}, ["hatice", "arslan"], []),
    ("r4-req-10", "request", "en", "holdout4", {**user("Summarise the contract"), "response_format": {"type": "json_schema", "json_schema": {"name": "contract", "schema": {"type": "object", "properties": {"signatory": {"type": "string", "default": "Pieter van den Broek"}}}}}}, ["Pieter", "Broek"], ["Summarise the contract"]),
    ("r4-req-11", "request", "de", "holdout4", {**user("Fasse den Brief zusammen"), "stop": ["Gruß, Ayşe"]}, ["Ayşe"], ["Fasse den Brief zusammen"]),
    ("r4-req-12", "request", "de", "holdout4", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Antrag von Herrn Friedrich von Falkenhausen"}, {"type": "text", "text": "IBAN {iban}"}]}]}, ["Friedrich", "Falkenhausen", "{iban}"], ["Antrag von Herrn"]),
    ("r4-fmt-01", "formats", "de", "holdout4", user("Steuer-ID {tax} (ohne Leerzeichen)"), ["{tax}"], ["ohne Leerzeichen"]),
    ("r4-fmt-02", "formats", "de", "holdout4", user("Identifikationsnummer: {taxdash}"), ["{taxdash}"], []),
    ("r4-fmt-03", "formats", "de", "holdout4", user("RV-Nummer {svplain} bitte eintragen"), ["{svplain}"], ["bitte eintragen"]),
    ("r4-fmt-04", "formats", "de", "holdout4", user("Sozialversicherungsnummer: {svalt}"), ["{svalt}"], []),
    ("r4-fmt-05", "formats", "de", "holdout4", user("IBAN: {ibandash}"), ["{ibandash}"], []),
    ("r4-fmt-06", "formats", "de", "holdout4", user("überweis mal auf iban {ibanlower} thx"), ["{ibanlower}"], ["thx"]),
    ("r4-fmt-07", "formats", "en", "holdout4", user("My Visa is {visa16dash}, CVC on the back"), ["{visa16dash}"], ["CVC on the back"]),
    ("r4-fmt-08", "formats", "en", "holdout4", user("Amex {amex} was charged twice"), ["{amex}"], ["was charged twice"]),
    ("r4-fmt-09", "formats", "en", "holdout4", user("call +1 (415) 555-0132 after 5pm"), ["555-0132"], ["after 5pm"]),
    ("r4-fmt-10", "formats", "en", "holdout4", user("my office line is +44 (0)20 7946 0321"), ["7946 0321"], ["my office line is"]),
    ("r4-fmt-11", "formats", "de", "holdout4", user("kontakt: yusuf.celik [at] web [dot] de"), ["yusuf.celik"], []),
    ("r4-fmt-12", "formats", "en", "holdout4", user("mail: linh.vo&#x40;outlook.com"), ["linh.vo"], []),
    ("r4-fmt-13", "formats", "de", "holdout4", user("Girocard/Maestro {maestro12} gesperrt?"), ["{maestro12}"], ["gesperrt?"]),
    ("r4-fmt-14", "formats", "de", "holdout4", user("Handy in Graz: +43 664 123 45 67"), ["664 123 45 67"], []),
    ("r4-fmt-15", "formats", "en", "holdout4", user("Mastercard {mc2dash} expires 03/30"), ["{mc2dash}"], ["expires 03/30"]),
    ("r4-str-01", "structured", "de", "holdout4", user('{"vorname": "Mehmet", "nachname": "Doğan", "plz": "44137"}'), ["Mehmet", "Doğan"], ["vorname"]),
    ("r4-str-02", "structured", "en", "holdout4", user('{"applicant": {"surname": "Haddad", "given_names": "Rania Samir", "dob": "1979-12-03"}}'), ["Haddad", "Rania", "Samir", "1979-12-03"], []),
    ("r4-str-03", "structured", "de", "holdout4", user("Nachname;Vorname;IBAN\nNguyễn;Thanh Tâm;{iban}\nKovačević;Jelena;DE02 1203 0000 0000 2020 51"), ["Nguyễn", "Thanh Tâm", "Kovačević", "Jelena", "{iban}", "DE02 1203 0000 0000 2020 51"], []),
    ("r4-str-04", "structured", "en", "holdout4", user("email\tfull name\tphone\nahmed.saleh@example.com\tAhmed Saleh\t+44 7700 900123"), ["ahmed.saleh@example.com", "Saleh", "7700 900123"], []),
    ("r4-str-05", "structured", "de", "holdout4", user("Mieterin: Svetlana Morozova\nWohnung: 3. OG links\nKaution: 1.200 €"), ["Svetlana", "Morozova"], ["Wohnung: 3. OG links", "Kaution: 1.200 €"]),
    ("r4-str-06", "structured", "en", "holdout4", user("Beneficiary: tran minh duc\nAmount: 250 EUR"), ["tran minh duc"], ["Amount: 250 EUR"]),
    ("r4-str-07", "structured", "de", "holdout4", user("| Name | Geburtsdatum |\n|---|---|\n| Aleksandra Wójcik | 12.09.1990 |\n| Yusuf Aksoy | 01.01.1975 |"), ["Aleksandra", "Wójcik", "12.09.1990", "Aksoy", "01.01.1975"], []),
    ("r4-str-08", "structured", "de", "holdout4", tool_call("kunde_anlegen", {"familienname": "van der Linde", "vorname": "Maarten", "telefon": "0221 4567890"}), ["Linde", "Maarten", "4567890"], ["kunde_anlegen"]),
    ("r4-str-09", "structured", "en", "holdout4", user("contact:\n  first_name: Oksana\n  last_name: Hrytsenko\n  plan: family"), ["Oksana", "Hrytsenko"], ["plan: family"]),
    ("r4-str-10", "structured", "de", "holdout4", user('[{"name": "Bùi Thị Mai"}, {"name": "Hasan Öztürkoğlu"}]'), ["Bùi", "Thị Mai", "Hasan", "Öztürkoğlu"], []),
    ("r4-str-11", "structured", "en", "holdout4", user('name,iban\n"de Vries, Anouk",{iban}'), ["Vries", "Anouk", "{iban}"], []),
    ("r4-str-12", "structured", "de", "holdout4", user("Geburtsdatum: 4. März 1968\nAnschrift: Kastanienallee 12, 10435 Berlin\nAnliegen: Umzug"), ["4. März 1968", "Kastanienallee 12"], ["Anliegen: Umzug"]),
    ("r4-str-13", "structured", "en", "holdout4", user('{"e_mail": "quang.le@fpt.vn", "ticket": "T-4411"}'), ["quang.le@fpt.vn"], ["T-4411"]),
    ("r4-con-01", "conversation", "de", "holdout4", turns(("user", "Guten Tag, ich bin Zeynep Kaya."), ("assistant", "Guten Tag, Frau Kaya."), ("user", "Meine Tochter heißt auch KAYA, wohnt aber woanders.")), ["Zeynep", "Kaya"], ["wohnt aber woanders"]),
    ("r4-con-02", "conversation", "en", "holdout4", turns(("user", "My name is Omar Farouk Haddad"), ("assistant", "Thanks"), ("user", "haddad is spelled with two d's")), ["Omar", "Farouk", "Haddad"], ["is spelled with two"]),
    ("r4-con-03", "conversation", "de", "holdout4", user("Überweisen Sie bitte auf {iban_a}", "{iban_b}. Danke!"), ["{iban_a}", "{iban_b}"], ["Danke!"]),
    ("r4-con-04", "conversation", "de", "holdout4", user("Steuer-ID: {tax_a}", "{tax_b}"), ["{tax_a}", "{tax_b}"], []),
    ("r4-con-05", "conversation", "en", "holdout4", user("Call me on +44 7700", "900777 please"), ["7700", "900777"], ["please"]),
    ("r4-con-06", "conversation", "de", "holdout4", turns(("assistant", "Wie ist Ihr Nachname?"), ("user", "Nowicki-Bauer")), ["Nowicki"], ["Wie ist Ihr Nachname?"]),
    ("r4-con-07", "conversation", "en", "holdout4", turns(("assistant", "And your first name, please?"), ("user", "thuy")), ["thuy"], ["And your first name, please?"]),
    ("r4-con-08", "conversation", "de", "holdout4", user("Hallo, hier ist", "Dragomir Stanković, ich rufe wegen der Kaution an"), ["Dragomir", "Stanković"], ["ich rufe wegen der Kaution an"]),
    ("r4-con-09", "conversation", "en", "holdout4", user("Hi, I'm Yasmin", "Abdelrahman, the tenant from flat 4"), ["Yasmin", "Abdelrahman"], ["the tenant from flat 4"]),
    ("r4-con-10", "conversation", "de", "holdout4", {"messages": [{"role": "user", "content": "Ich heiße Bảo Trần."}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "find_person", "arguments": json.dumps({"q": "tran"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "1 Treffer: Trần Bảo, Akte 88"}]}, ["Trần", "Bảo", "tran"], ["find_person", "Akte 88"]),
    ("r4-con-11", "conversation", "en", "holdout4", turns(("system", "The caller is Ingrid van Houten."), ("user", "Has VAN HOUTEN paid?")), ["Ingrid", "Houten"], ["paid?"]),
    ("r4-con-12", "conversation", "de", "holdout4", turns(("user", "Mein Name ist Ljubomir Petkov."), ("assistant", "Danke."), ("user", "Ljubomir reicht.")), ["Ljubomir", "Petkov"], ["reicht"]),
    ("r4-con-13", "conversation", "de", "holdout4", user("Meine Mail ist samira.benali@", "posteo.de, bitte nur dahin"), ["samira.benali"], ["bitte nur dahin"]),
    ("r4-con-14", "conversation", "en", "holdout4", user("Regards,", "Nadia Boukhari"), ["Nadia", "Boukhari"], []),
    ("r4-con-15", "conversation", "de", "holdout4", user("Kreditkarte {visa19_a}", "{visa19_b}"), ["{visa19_a}", "{visa19_b}"], []),
    ("r4-stm-01", "stream", "de", "holdout4", {**user("Fasse zusammen"), "answer": {"content": "Frau Gülşen Yavuz (Tel. 0201 7654321) hat den Antrag gestellt."}}, ["Gülşen", "Yavuz", "7654321"], ["hat den Antrag gestellt."]),
    ("r4-stm-02", "stream", "en", "holdout4", {**user("Prepare the transfer"), "answer": {"arguments": json.dumps({"to": "Vũ Quốc Anh", "iban": "{iban}"}, ensure_ascii=False)}}, ["Quốc", "{iban}"], []),
    ("r4-stm-03", "stream", "de", "holdout4", {**user("Mahnung anlegen"), "answer": {"arguments": json.dumps({"empfaenger": {"vorname": "Bogdan", "nachname": "Lewandowski"}, "betreff": "Mahnung"})}}, ["Bogdan", "Lewandowski"], ["Mahnung"]),
    ("r4-stm-04", "stream", "en", "holdout4", {**user("Write the reply"), "answer": {"content": "Dear Mr Rahimi, " + "thank you for your message about the late delivery of your order. " * 8 + "Your card {mc2} has been refunded. Kind regards"}}, ["Rahimi", "{mc2}"], ["Kind regards"]),
    ("r4-stm-05", "stream", "de", "holdout4", {**user("Antwort schreiben"), "answer": {"content": "Die Steuer-ID von Herrn Arjen de Groot ist {taxdots}."}}, ["Arjen", "Groot", "{taxdots}"], []),
    ("r4-stm-06", "stream", "en", "holdout4", {**user("Save the contact"), "answer": {"arguments": json.dumps({"email": "hoa.nguyen@gmail.com", "note": "call after 6"})}}, ["hoa.nguyen@gmail.com"], ["call after 6"]),
    ("r4-stm-07", "stream", "de", "holdout4", {**user("Was ist passiert?"), "answer": {"content": "Ich habe Layla Mansour unter +49 176 22334455 erreicht."}}, ["Layla", "Mansour", "22334455"], ["erreicht"]),
    ("r4-stm-08", "stream", "en", "holdout4", {**user("Who pays the rent?"), "answer": {"content": "The tenant, Aleksei Smirnov, pays to {ibanirr}."}}, ["Aleksei", "Smirnov", "{ibanirr}"], []),
    # ------------------------------------------------------------------ hold-out round 5
    # Written after the fixes of round 4 (commit 11ae7e5) and committed before their first
    # run; never evaluated while writing. New names (German, Turkish, Arabic, Polish, Czech,
    # Vietnamese, Greek, Italian, Nigerian, von/van/de, hyphenated) and new values.
    ("r5-req-01", "request", "de", "holdout5", tool_schema("Wohngeldakte von Frau Büşra Kocabıyık abrufen", "rv_nummer", {"type": "string", "examples": ["{s5sp}"]}), ["Büşra", "Kocabıyık", "{s5sp}"], ["lookup_case", "Wohngeldakte von Frau"]),
    ("r5-req-02", "request", "en", "holdout5", {**user("Log the call"), "metadata": {"caller": "Chukwuemeka Nwosu", "channel": "phone"}}, ["Chukwuemeka", "Nwosu"], ["Log the call"]),
    ("r5-req-03", "request", "de", "holdout5", {**user("Kita-Platz vormerken"), "functions": [{"name": "kita_vormerkung", "description": "Vormerkung für das Kind Mila Szczepańska, Mutter Agnieszka Szczepańska", "parameters": {"type": "object", "properties": {}}}]}, ["Szczepańska", "Agnieszka"], ["kita_vormerkung", "Kita-Platz vormerken"]),
    ("r5-req-04", "request", "en", "holdout5", {"messages": [{"role": "user", "content": "Is the tenant registered?"}, {"role": "assistant", "content": None, "function_call": {"name": "lookup_tenant", "arguments": json.dumps({"tenant": "Dimitrios Papadopoulos", "phone": "+30 694 512 3378"})}}, {"role": "function", "name": "lookup_tenant", "content": "registered since 2019"}]}, ["Dimitrios", "Papadopoulos", "694 512 3378"], ["lookup_tenant", "Is the tenant registered?"]),
    ("r5-req-05", "request", "de", "holdout5", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Scan aus dem Bürgerbüro prüfen"}, {"type": "image_url", "image_url": {"url": "https://scan.example.net/doc.pdf?antragsteller=Serkan%20Ertu%C4%9Frul&iban={i5}", "detail": "high"}}]}]}, ["Serkan", "Ertu%C4%9Frul", "{i5}"], ["Scan aus dem Bürgerbüro prüfen"]),
    ("r5-req-06", "request", "en", "holdout5", {"input": ["Appeal by Bronwyn Llewellyn against the council tax decision", "Contact: +44 161 496 0734"], "user": "bronwyn.llewellyn"}, ["Bronwyn", "Llewellyn", "161 496 0734"], ["against the council tax decision"]),
    ("r5-req-07", "request", "de", "holdout5", {**user("Bescheid zusammenfassen"), "stop": ["Mit freundlichen Grüßen, Przemysław Grzybowski", "Az. WG-2026-0815"]}, ["Przemysław", "Grzybowski"], ["Bescheid zusammenfassen", "WG-2026-0815"]),
    ("r5-req-08", "request", "en", "holdout5", {"messages": [{"role": "user", "content": "Check the appointment"}, {"role": "assistant", "tool_calls": [{"id": "call_eleni_konstantinidou_1", "type": "function", "function": {"name": "get_appointment", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_eleni_konstantinidou_1", "content": "Tuesday 10:30"}]}, ["eleni", "konstantinidou"], ["get_appointment", "Check the appointment"]),
    ("r5-req-09", "request", "de", "holdout5", {**user("Leistung bestimmen"), "response_format": {"type": "json_schema", "json_schema": {"name": "leistung", "schema": {"type": "object", "properties": {"antragstellerin": {"type": "string", "const": "Giuseppina Esposito"}, "leistung": {"type": "string", "enum": ["Wohngeld", "Kinderzuschlag"]}}}}}}, ["Giuseppina", "Esposito"], ["Leistung bestimmen", "Kinderzuschlag"]),
    ("r5-req-10", "request", "en", "holdout5", {"messages": [{"role": "user", "name": "Adaeze_Nwankwo", "content": "I need help with the childcare voucher"}]}, ["Adaeze", "Nwankwo"], ["I need help with the childcare voucher"]),
    ("r5-req-11", "request", "de", "holdout5", {**user("Erstattung vorbereiten"), "tools": [{"type": "function", "function": {"name": "erstattung_anlegen", "description": "Erstattung an das Jobcenter", "parameters": {"type": "object", "properties": {"konten": {"type": "array", "items": {"type": "object", "properties": {"iban": {"type": "string", "default": "{at5}"}, "inhaber": {"type": "string", "description": "Kontoinhaber, z. B. Kateřina Dvořáková"}}}}}}}}]}, ["{at5}", "Kateřina", "Dvořáková"], ["erstattung_anlegen", "Erstattung an das Jobcenter"]),
    ("r5-req-12", "request", "en", "holdout5", {"messages": [{"role": "user", "content": "Send me the file"}, {"role": "assistant", "content": None, "refusal": "I cannot share the file of Stavros Athanasiadis with you."}, {"role": "user", "content": "Why not?"}]}, ["Stavros", "Athanasiadis"], ["Send me the file", "Why not?"]),
    ("r5-req-13", "request", "de", "holdout5", {**user("Brief versenden"), "tools": [{"type": "function", "function": {"name": "brief_an_eichelkraut", "parameters": {"type": "object", "properties": {}}}}]}, ["eichelkraut"], ["Brief versenden"]),
    ("r5-fmt-01", "formats", "de", "holdout5", user("Steuer-ID: {t5dots}, bitte für den Wohngeldantrag übernehmen"), ["{t5dots}"], ["bitte für den Wohngeldantrag übernehmen"]),
    ("r5-fmt-02", "formats", "de", "holdout5", user("meine steuerliche Identifikationsnummer ist {t5sp} (steht auf dem Lohnsteuerbescheid)"), ["{t5sp}"], ["steht auf dem Lohnsteuerbescheid"]),
    ("r5-fmt-03", "formats", "de", "holdout5", user("RV-Nr {s5sp} – Nachweis fürs Jobcenter"), ["{s5sp}"], ["Nachweis fürs Jobcenter"]),
    ("r5-fmt-04", "formats", "de", "holdout5", user("Versicherungsnummer {s5mid} steht auf dem Sozialversicherungsausweis"), ["{s5mid}"], ["steht auf dem Sozialversicherungsausweis"]),
    ("r5-fmt-05", "formats", "de", "holdout5", user("Bitte das Wohngeld auf {i5irr} überweisen, nicht mehr aufs alte Konto"), ["{i5irr}"], ["nicht mehr aufs alte Konto"]),
    ("r5-fmt-06", "formats", "de", "holdout5", user("IBAN {i5pairs} (Volksbank)"), ["{i5pairs}"], ["Volksbank"]),
    ("r5-fmt-07", "formats", "de", "holdout5", user("Kontoverbindung in Österreich: {at5}"), ["{at5}"], ["Kontoverbindung in Österreich"]),
    ("r5-fmt-08", "formats", "en", "holdout5", user("Card {mc5} was charged for the parking permit"), ["{mc5}"], ["was charged for the parking permit"]),
    ("r5-fmt-09", "formats", "en", "holdout5", user("Amex {amex5}, please refund the fee"), ["{amex5}"], ["please refund the fee"]),
    ("r5-fmt-10", "formats", "en", "holdout5", user("Diners Club {diners} - expiry 04/31"), ["{diners}"], ["expiry 04/31"]),
    ("r5-fmt-11", "formats", "de", "holdout5", user("JCB-Karte {jcb5} ist hinterlegt"), ["{jcb5}"], ["ist hinterlegt"]),
    ("r5-fmt-12", "formats", "de", "holdout5", user("Maestro {maestro19} abgelehnt – was nun?"), ["{maestro19}"], ["was nun?"]),
    ("r5-fmt-13", "formats", "en", "holdout5", user("Discover {discover} for the library fine"), ["{discover}"], ["for the library fine"]),
    ("r5-fmt-14", "formats", "de", "holdout5", user("Mastercard {mc2r5} für die Gebühr der Meldebescheinigung"), ["{mc2r5}"], ["Gebühr der Meldebescheinigung"]),
    ("r5-fmt-15", "formats", "de", "holdout5", user("schreiben Sie mir: t.yazicioglu (ät) gmx (punkt) net"), ["t.yazicioglu"], ["schreiben Sie mir"]),
    ("r5-fmt-16", "formats", "en", "holdout5", user("my email is obiageli.eze at yahoo dot co dot uk"), ["obiageli.eze"], ["my email is"]),
    ("r5-fmt-17", "formats", "de", "holdout5", user("Mail an k.prochazka＠seznam.cz bitte"), ["k.prochazka"], []),
    ("r5-fmt-18", "formats", "en", "holdout5", user("Ring me on +1 646 378 2291 or +44 113 496 0456"), ["646 378 2291", "113 496 0456"], ["Ring me on"]),
    ("r5-fmt-19", "formats", "de", "holdout5", user("Rückruf bitte unter (030) 4 56 78 91 oder 0049 1520 3456789"), ["4 56 78 91", "1520 3456789"], ["Rückruf bitte unter"]),
    ("r5-fmt-20", "formats", "de", "holdout5", user("Handy: +90 532 417 83 29 (Türkei)"), ["532 417 83 29"], ["Türkei"]),
    ("r5-str-01", "structured", "de", "holdout5", user('{"familienname": "Ohlendorf", "vornamen": "Eckhard Wilhelm", "aktenzeichen": "BB-2026-3317"}'), ["Ohlendorf", "Eckhard", "Wilhelm"], ["BB-2026-3317"]),
    ("r5-str-02", "structured", "en", "holdout5", user("surname,forename,email\nAdebayo,Funmilayo,f.adebayo@outlook.com\nOgunleye,Babajide,bj.ogunleye@gmail.com"), ["Adebayo", "Funmilayo", "f.adebayo@outlook.com", "Ogunleye", "Babajide", "bj.ogunleye@gmail.com"], ["surname,forename,email"]),
    ("r5-str-03", "structured", "de", "holdout5", user("Name\tGeburtsdatum\tEinrichtung\nLương Gia Khang\t14.02.2021\tKita Regenbogen\nHồ Bích Ngân\t30.11.2020\tKita Regenbogen"), ["Lương", "Gia Khang", "14.02.2021", "Hồ Bích Ngân", "30.11.2020"], ["Kita Regenbogen"]),
    ("r5-str-04", "structured", "de", "holdout5", user("Antragstellerin: Edeltraud Harmsen\nLeistung: Wohngeld\nZuständig: Bürgerbüro Nord"), ["Edeltraud", "Harmsen"], ["Leistung: Wohngeld", "Bürgerbüro Nord"]),
    ("r5-str-05", "structured", "en", "holdout5", user("guardian:\n  full_name: Jasper van Aalst\n  mobile: +31 6 48273915\n  relation: father"), ["Jasper", "Aalst", "6 48273915"], ["relation: father"]),
    ("r5-str-06", "structured", "de", "holdout5", tool_call("meldung_anlegen", {"person": {"name": "Roswitha von der Heydt", "geburtsort": "Bremen"}, "zuzug": {"strasse": "Holunderstieg 14", "plz": "28359"}}, "Anmeldung eintragen"), ["Roswitha", "Heydt", "Holunderstieg 14"], ["meldung_anlegen", "Anmeldung eintragen"]),
    ("r5-str-07", "structured", "en", "holdout5", user("| Claimant | IBAN |\n|---|---|\n| Chiara De Santis | {it5} |\n| Lorenzo Bianchi-Ferraro | {i5} |"), ["Chiara", "Santis", "{it5}", "Lorenzo", "Bianchi", "Ferraro", "{i5}"], []),
    ("r5-str-08", "structured", "de", "holdout5", user("name: akbulut, cemile\ntelefon: 0231 5873046\nanliegen: kita-gutschein"), ["akbulut", "cemile", "5873046"], ["anliegen: kita-gutschein"]),
    ("r5-str-09", "structured", "en", "holdout5", user('{"household": [{"given_name": "Yousef", "family_name": "Darwish"}, {"given_name": "Reem", "family_name": "Darwish"}], "benefit": "housing"}'), ["Yousef", "Darwish", "Reem"], ["housing"]),
    ("r5-str-10", "structured", "de", "holdout5", user('Nachname;Vorname;Geburtsdatum\n"Hořejší";"Zdeněk";03.07.1962\n"Vondráčková";"Tereza";21.09.1994'), ["Hořejší", "Zdeněk", "03.07.1962", "Vondráčková", "Tereza", "21.09.1994"], []),
    ("r5-str-11", "structured", "en", "holdout5", user("Applicant: Callum Fitzpatrick\nDate of birth: 9 August 1987\nReason: school transfer"), ["Callum", "Fitzpatrick", "9 August 1987"], ["Reason: school transfer"]),
    ("r5-str-12", "structured", "de", "holdout5", user('{"kind": {"vorname": "Emilia", "nachname": "Grabowska"}, "betreuungszeit": "35 Stunden"}'), ["Emilia", "Grabowska"], ["35 Stunden"]),
    ("r5-str-13", "structured", "en", "holdout5", user("name\temail\tphone\nđỗ hữu khoa\tkhoa.do@vnn.vn\t+84 903 218 457"), ["đỗ hữu khoa", "khoa.do@vnn.vn", "903 218 457"], []),
    ("r5-str-14", "structured", "de", "holdout5", user("Vermieter: Gottfried Zirngibl\nMiete: 640 € warm\nTelefon: 0871 963852"), ["Gottfried", "Zirngibl", "963852"], ["Miete: 640 € warm"]),
    ("r5-con-01", "conversation", "de", "holdout5", turns(("user", "Guten Tag, mein Name ist Serpil Karadağ."), ("assistant", "Guten Tag, wie kann ich helfen?"), ("user", "Es geht um den Kita-Platz. Karadağ mit ğ, bitte.")), ["Serpil", "Karadağ"], ["Es geht um den Kita-Platz."]),
    ("r5-con-02", "conversation", "en", "holdout5", turns(("user", "I'm Olumide Bankole-Harris, I applied for housing benefit"), ("assistant", "Thank you."), ("user", "bankole-harris is the surname on the lease")), ["Olumide", "Bankole"], ["is the surname on the lease"]),
    ("r5-con-03", "conversation", "de", "holdout5", turns(("system", "Anrufer: Marek Wróblewski, Kunde des Jobcenters"), ("user", "Im System steht er als wroblewski. Hat er den Termin bestätigt?")), ["Marek", "Wróblewski", "wroblewski"], ["Hat er den Termin bestätigt?"]),
    ("r5-con-04", "conversation", "de", "holdout5", turns(("user", "Hallo, hier ist Wendelin Stubenrauch wegen der Meldebescheinigung."), ("assistant", "Hallo, wie kann ich helfen?"), ("user", "Wendelin reicht, wir kennen uns ja.")), ["Wendelin", "Stubenrauch"], ["wegen der Meldebescheinigung", "wir kennen uns ja"]),
    ("r5-con-05", "conversation", "de", "holdout5", user("Neue Bankverbindung: {i5_a}", "{i5_b} – ab März bitte"), ["{i5_a}", "{i5_b}"], ["ab März bitte"]),
    ("r5-con-06", "conversation", "de", "holdout5", user("Steuer-ID {t5_a}", "{t5_b}, ist das richtig so?"), ["{t5_a}", "{t5_b}"], ["ist das richtig so?"]),
    ("r5-con-07", "conversation", "en", "holdout5", user("card number {visa5_a}", "{visa5_b} exp 12/29"), ["{visa5_a}", "{visa5_b}"], ["exp 12/29"]),
    ("r5-con-08", "conversation", "en", "holdout5", user("you can reach me at +1 646", "555 0199 after 6pm"), ["646", "555 0199"], ["after 6pm"]),
    ("r5-con-09", "conversation", "de", "holdout5", turns(("assistant", "Wie heißt Ihr Kind mit Vornamen?"), ("user", "Ilayda")), ["Ilayda"], ["Wie heißt Ihr Kind mit Vornamen?"]),
    ("r5-con-10", "conversation", "en", "holdout5", turns(("assistant", "Surname of the second parent?"), ("user", "Nwachukwu")), ["Nwachukwu"], ["Surname of the second parent?"]),
    ("r5-con-11", "conversation", "de", "holdout5", user("Meine E-Mail: ewa.szymanska", "@onet.pl, danke"), ["ewa.szymanska"], []),
    ("r5-con-12", "conversation", "en", "holdout5", {"messages": [{"role": "user", "content": "My name is Lâm Ngọc Hân, I need the childcare form."}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "find_resident", "arguments": json.dumps({"q": "lam ngoc han"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "1 match: LÂM Ngọc Hân, file 31"}]}, ["Lâm", "Ngọc Hân", "lam ngoc han"], ["find_resident", "file 31"]),
    ("r5-con-13", "conversation", "de", "holdout5", turns(("user", "Sehr geehrte Damen und Herren,\nich bitte um einen Termin zur Ummeldung.\nMit freundlichen Grüßen\nStanisław Kubiak"), ("assistant", "Sehr geehrter Herr Kubiak, gern."), ("user", "Nein, KUBIAK senior ist mein Vater, ich bin sein Sohn.")), ["Stanisław", "Kubiak"], ["ist mein Vater", "Termin zur Ummeldung"]),
    ("r5-con-14", "conversation", "en", "holdout5", turns(("user", "This is Ottilie von Bülow-Tannenberg about the residence registration"), ("assistant", "Hello!"), ("user", "The letter should go to von Bülow, not Tannenberg.")), ["Ottilie", "Bülow", "Tannenberg"], ["about the residence registration"]),
    ("r5-con-15", "conversation", "de", "holdout5", user("Meine Nummer ist 0157", "83 42 61 90, ab 17 Uhr"), ["0157", "83 42 61 90"], ["ab 17 Uhr"]),
    ("r5-con-16", "conversation", "en", "holdout5", user("Hello, my name is", "Babatunde Olawale-Cole. I'm calling about my council tax"), ["Babatunde", "Olawale"], ["I'm calling about my council tax"]),
    ("r5-con-17", "conversation", "de", "holdout5", {"messages": [{"role": "user", "content": "Termin im Bürgerbüro buchen"}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "termin_buchen", "arguments": json.dumps({"name": "Georgios Theodorakis", "anliegen": "Reisepass"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Termin frei am Donnerstag"}, {"role": "user", "content": "Theodorakis kann erst nächste Woche."}]}, ["Georgios", "Theodorakis"], ["kann erst nächste Woche", "termin_buchen"]),
    ("r5-stm-01", "stream", "de", "holdout5", {**user("Fasse zusammen"), "answer": {"content": "Frau Hülya Bektaş (Tel. 0231 4455667) hat den Kita-Gutschein beantragt."}}, ["Hülya", "Bektaş", "4455667"], ["hat den Kita-Gutschein beantragt."]),
    ("r5-stm-02", "stream", "en", "holdout5", {**user("Create the application"), "answer": {"arguments": json.dumps({"applicant": {"first_name": "Ifeoma", "last_name": "Chukwu"}, "benefit": "housing"})}}, ["Ifeoma", "Chukwu"], ["housing"]),
    ("r5-stm-03", "stream", "de", "holdout5", {**user("Überweisung vorbereiten"), "answer": {"arguments": json.dumps({"empfaenger": "Jadwiga Pawlak", "iban": "{i5irr}", "verwendungszweck": "Wohngeld März"}, ensure_ascii=False)}}, ["Jadwiga", "Pawlak", "{i5irr}"], ["Wohngeld März"]),
    ("r5-stm-04", "stream", "en", "holdout5", {**user("Write the reply"), "answer": {"content": "Dear Mr Eleftheriou, " + "thank you for your letter about the renewal of your residence permit. " * 8 + "The fee was charged to card {amex5}. Kind regards"}}, ["Eleftheriou", "{amex5}"], ["The fee was charged to card"]),
    ("r5-stm-05", "stream", "de", "holdout5", {**user("Antwort schreiben"), "answer": {"content": "Die Steuer-ID von Frau Margarethe de la Motte lautet {t5dots}."}}, ["Margarethe", "Motte", "{t5dots}"], ["Die Steuer-ID von Frau"]),
    ("r5-stm-06", "stream", "en", "holdout5", {**user("Save the contact"), "answer": {"arguments": json.dumps({"email": "d.whitaker@gmail.com", "phone": "+1 212 555 0147", "note": "prefers text"})}}, ["d.whitaker@gmail.com", "555 0147"], ["prefers text"]),
    ("r5-stm-07", "stream", "de", "holdout5", {**user("Was ist passiert?"), "answer": {"content": "Ich habe Herrn Tomasz Jabłoński unter +48 601 782 345 erreicht, er kommt morgen ins Bürgerbüro."}}, ["Tomasz", "Jabłoński", "601 782 345"], ["er kommt morgen ins Bürgerbüro."]),
    ("r5-stm-08", "stream", "en", "holdout5", {**user("Fill in the pension form"), "answer": {"arguments": json.dumps({"employee": {"name": "Andreas Kyriakou", "pension_no": "{s5sp}"}, "form": "V0005"})}}, ["Andreas", "Kyriakou", "{s5sp}"], ["V0005"]),
    ("r5-stm-09", "stream", "de", "holdout5", {**user("Notiz für den Rückruf"), "answer": {"content": "Rückruf an Frau Francesca Lombardi-Rinaldi unter +39 347 218 9034 wegen der Anmeldung."}}, ["Francesca", "Lombardi", "347 218 9034"], ["wegen der Anmeldung."]),
    ("r6-req-01", "request", "de", "holdout6", tool_schema("Elterngeldakte von Hańža Šołćic abrufen", "mutter", {"type": "string", "enum": ["Šołćic", "Wjeńkowa"]}), ["Hańža", "Šołćic", "Wjeńkowa"], ["lookup_case", "Elterngeldakte von"]),
    ("r6-req-02", "request", "en", "holdout6", {**user("Fill in the claim"), "response_format": {"type": "json_schema", "json_schema": {"name": "claim", "schema": {"type": "object", "properties": {"claimant": {"type": "string", "description": "housing benefit claimant", "default": "Kwabena Owusu-Ansah"}}}}}}, ["Kwabena", "Owusu"], ["housing benefit claimant", "Fill in the claim"]),
    ("r6-req-03", "request", "de", "holdout6", {**user("Wohngeldbescheid erklären"), "stop": ["Hochachtungsvoll, Jurij Wićaz", "IBAN {nl6}"]}, ["Jurij", "Wićaz", "{nl6}"], ["Wohngeldbescheid erklären"]),
    ("r6-req-04", "request", "en", "holdout6", {"messages": [{"role": "user", "content": "Which band is the flat in?"}, {"role": "assistant", "tool_calls": [{"id": "call_saoirse_odonoghue_7", "type": "function", "function": {"name": "check_council_tax", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_saoirse_odonoghue_7", "content": "Band C"}]}, ["saoirse", "odonoghue"], ["check_council_tax", "Band C"]),
    ("r6-req-05", "request", "de", "holdout6", {**user("Bescheid erstellen"), "tools": [{"type": "function", "function": {"name": "bescheid_an_roodbergen", "parameters": {"type": "object", "properties": {}}}}]}, ["roodbergen"], ["Bescheid erstellen"]),
    ("r6-req-06", "request", "en", "holdout6", {"messages": [{"role": "user", "content": "Read it to me"}, {"role": "assistant", "content": None, "refusal": "I can't read out the number +44 20 7946 0418 of Ruaraidh MacIlleathain."}, {"role": "user", "content": "Fine, thanks"}]}, ["Ruaraidh", "MacIlleathain", "20 7946 0418"], ["Read it to me", "Fine, thanks"]),
    ("r6-req-07", "request", "de", "holdout6", {"input": ["BAföG-Antrag von Yaryna Hnatyshyn, Steuer-ID {t6plain}"], "user": "y.hnatyshyn"}, ["Yaryna", "Hnatyshyn", "{t6plain}", "y.hnatyshyn"], ["BAföG-Antrag von"]),
    ("r6-req-08", "request", "en", "holdout6", {**user("Log the housing benefit call"), "metadata": {"claimant": "Conceição Bettencourt Magalhães", "phone": "+351 912 468 305", "team": "housing"}}, ["Conceição", "Bettencourt", "Magalhães", "912 468 305"], ["Log the housing benefit call"]),
    ("r6-req-09", "request", "de", "holdout6", {**user("Termin vergeben"), "tools": [{"type": "function", "function": {"name": "termin_zuweisen", "description": "Termin in der Ausländerbehörde", "parameters": {"type": "object", "properties": {"person": {"type": "string", "enum": ["Dilovan Zaxoyî", "Rojbîn Amedî"]}}}}}]}, ["Dilovan", "Zaxoyî", "Rojbîn", "Amedî"], ["termin_zuweisen", "Termin in der Ausländerbehörde"]),
    ("r6-req-10", "request", "en", "holdout6", {**user("Draft the reply"), "response_format": {"type": "json_schema", "json_schema": {"name": "reply_letter", "description": "reply to m.farahmandpour@posteo.net", "schema": {"type": "object", "properties": {"addressee": {"type": "string", "examples": ["Golnaz Farahmandpour"]}}}}}}, ["m.farahmandpour@posteo.net", "Golnaz", "Farahmandpour"], ["Draft the reply", "reply_letter"]),
    ("r6-req-11", "request", "de", "holdout6", {**user("Rentenauskunft anfordern"), "tools": [{"type": "function", "function": {"name": "rente_pruefen", "parameters": {"type": "object", "properties": {"versicherter": {"type": "object", "title": "Versicherter Dorin Rădulescu", "properties": {"rv": {"type": "string", "default": "{s6dash}"}}}}}}}]}, ["Dorin", "Rădulescu", "{s6dash}"], ["rente_pruefen", "Rentenauskunft anfordern"]),
    ("r6-req-12", "request", "en", "holdout6", {"input": ["Council tax reduction appeal from Eilidh MacCorquodale"], "user": "eilidh.maccorquodale@btinternet.com"}, ["Eilidh", "MacCorquodale", "eilidh.maccorquodale@btinternet.com"], ["Council tax reduction appeal from"]),
    ("r6-req-13", "request", "de", "holdout6", {"messages": [{"role": "user", "name": "Zhou_Yuxin", "content": "Ich brauche eine Meldebescheinigung"}]}, ["Zhou", "Yuxin"], ["Ich brauche eine Meldebescheinigung"]),
    ("r6-fmt-01", "formats", "de", "holdout6", user("Steuer-IdNr.: {t6plain} – bitte in den Elterngeldantrag eintragen"), ["{t6plain}"], ["bitte in den Elterngeldantrag eintragen"]),
    ("r6-fmt-02", "formats", "de", "holdout6", user("Identifikationsnummer {t6q} laut Lohnsteuerbescheinigung"), ["{t6q}"], ["laut Lohnsteuerbescheinigung"]),
    ("r6-fmt-03", "formats", "de", "holdout6", user("Meine RV-Nummer: {s6d}, Deutsche Rentenversicherung Bund"), ["{s6d}"], ["Deutsche Rentenversicherung Bund"]),
    ("r6-fmt-04", "formats", "en", "holdout6", user("German pension insurance number {s6dash} for the residence permit"), ["{s6dash}"], ["for the residence permit"]),
    ("r6-fmt-05", "formats", "de", "holdout6", user("Neue IBAN: {de6irr} (Sparkasse), bitte das Wohngeld dorthin"), ["{de6irr}"], ["bitte das Wohngeld dorthin"]),
    ("r6-fmt-06", "formats", "en", "holdout6", user("My French account is {fr6}, please use it for the rent deposit"), ["{fr6}"], ["please use it for the rent deposit"]),
    ("r6-fmt-07", "formats", "de", "holdout6", user("Konto bei einer niederländischen Bank: {nl6}"), ["{nl6}"], ["Konto bei einer niederländischen Bank"]),
    ("r6-fmt-08", "formats", "en", "holdout6", user("Spanish IBAN {es6}, the housing benefit should go there"), ["{es6}"], ["the housing benefit should go there"]),
    ("r6-fmt-09", "formats", "de", "holdout6", user("Belgisches Konto {be6} für den Kinderzuschlag"), ["{be6}"], ["für den Kinderzuschlag"]),
    ("r6-fmt-10", "formats", "en", "holdout6", user("Amex {amex6} for the parking permit fee"), ["{amex6}"], ["for the parking permit fee"]),
    ("r6-fmt-11", "formats", "en", "holdout6", user("Diners {diners6}, expiry 11/30"), ["{diners6}"], ["expiry 11/30"]),
    ("r6-fmt-12", "formats", "de", "holdout6", user("Die Maestro-Karte {maestro6} wurde im Bürgeramt abgelehnt"), ["{maestro6}"], ["wurde im Bürgeramt abgelehnt"]),
    ("r6-fmt-13", "formats", "en", "holdout6", user("JCB {jcb6} is on file for the council tax payment"), ["{jcb6}"], ["is on file for the council tax payment"]),
    ("r6-fmt-14", "formats", "de", "holdout6", user("Visa {visa6dots} für die Gebühr des Reisepasses"), ["{visa6dots}"], ["für die Gebühr des Reisepasses"]),
    ("r6-fmt-15", "formats", "de", "holdout6", user("Mail bitte an r punkt dumitrescu bei yahoo punkt ro"), ["dumitrescu"], ["Mail bitte an"]),
    ("r6-fmt-16", "formats", "en", "holdout6", user("email: akua [dot] frimpong [at] proton [dot] me for the housing benefit letters"), ["akua", "frimpong"], ["for the housing benefit letters"]),
    ("r6-fmt-17", "formats", "en", "holdout6", user("Call me on +1 312 555 0186 or +44 20 7946 0577"), ["312 555 0186", "20 7946 0577"], ["Call me on"]),
    ("r6-fmt-18", "formats", "de", "holdout6", user("Erreichbar unter +33 6 71 84 29 53 (Frankreich) oder +48 693 127 548"), ["6 71 84 29 53", "693 127 548"], ["Frankreich"]),
    ("r6-fmt-19", "formats", "de", "holdout6", user("Telefon 0351/8427193 oder mobil 0176-248 193 57"), ["8427193", "248 193 57"], ["oder mobil"]),
    ("r6-fmt-20", "formats", "en", "holdout6", user("WhatsApp +380 67 431 2890 or my Korean number +82 10-4827-3619"), ["67 431 2890", "10-4827-3619"], ["or my Korean number"]),
    ("r6-str-01", "structured", "de", "holdout6", user('{"nachname": "Tkachenko-Hnatiuk", "vorname": "Solomiia", "leistung": "Elterngeld", "kinder": 2}'), ["Tkachenko", "Hnatiuk", "Solomiia"], ["Elterngeld"]),
    ("r6-str-02", "structured", "en", "holdout6", user("first_name,last_name,phone\nEfua,Ofori-Atta,+233 24 581 7730\nYaw,Osei-Bonsu,+233 20 914 6623"), ["Efua", "Ofori", "24 581 7730", "Osei", "Bonsu", "20 914 6623"], ["first_name,last_name,phone"]),
    ("r6-str-03", "structured", "de", "holdout6", user("Vorname\tNachname\tGeburtsdatum\nMinjun\tJeong\t17.05.2019\nHa-eun\tJeong\t02.12.2021"), ["Minjun", "Jeong", "17.05.2019", "Ha-eun", "02.12.2021"], ["Geburtsdatum"]),
    ("r6-str-04", "structured", "en", "holdout6", user("Name: Padraig Ó Murchadha\nAddress: 7 Larkfield Grove\nBenefit: housing benefit\nStatus: pending"), ["Padraig", "Murchadha", "7 Larkfield Grove"], ["Benefit: housing benefit", "Status: pending"]),
    ("r6-str-05", "structured", "de", "holdout6", user("Kontoinhaberin: Ștefania Vasilache\nIBAN: {de6irr}\nVerwendungszweck: Wohngeld April"), ["Ștefania", "Vasilache", "{de6irr}"], ["Verwendungszweck: Wohngeld April"]),
    ("r6-str-06", "structured", "en", "holdout6", user("| Name | Phone |\n|---|---|\n| Qiao Yuhang | +86 138 1024 5678 |\n| Dong Shuyi | +86 139 2047 3816 |"), ["Qiao", "Yuhang", "138 1024 5678", "Dong", "Shuyi", "139 2047 3816"], ["| Name | Phone |"]),
    ("r6-str-07", "structured", "de", "holdout6", user("| Kind | Geburtsdatum | Kita |\n|---|---|---|\n| Tjalling Hoekstra | 05.08.2022 | Kita Sonnenblume |"), ["Tjalling", "Hoekstra", "05.08.2022"], ["Kita Sonnenblume"]),
    ("r6-str-08", "structured", "en", "holdout6", user('{"applicant": {"name": {"given": "Bohdana", "family": "Yatsenko"}, "contact": {"email": "bohdana.yatsenko@ukr.net"}}, "scheme": "council tax support"}'), ["Bohdana", "Yatsenko", "bohdana.yatsenko@ukr.net"], ["council tax support"]),
    ("r6-str-09", "structured", "de", "holdout6", user('Name;Vorname;Telefon\n"ter Huurne";"Gerrit";"0541 9837264"\n"van Dongen";"Marieke";"0541 2749183"'), ["Huurne", "Gerrit", "9837264", "Dongen", "Marieke", "2749183"], ["Name;Vorname;Telefon"]),
    ("r6-str-10", "structured", "en", "holdout6", user("surname\tgiven names\tdate of birth\nAzevedo Nogueira\tLuísa Fernanda\t23/06/1988"), ["Azevedo", "Nogueira", "Luísa", "Fernanda", "23/06/1988"], ["date of birth"]),
    ("r6-str-11", "structured", "de", "holdout6", user('{"eltern": ["Parisa Ghasemzadeh", "Behrouz Ghasemzadeh"], "kind": {"vorname": "Darya", "geburtsdatum": "11.01.2026"}, "bezugsmonate": 12}'), ["Parisa", "Ghasemzadeh", "Behrouz", "Darya", "11.01.2026"], ["bezugsmonate"]),
    ("r6-str-12", "structured", "en", "holdout6", user("SURNAME: ECHEVERRÍA ZUBIZARRETA\nFORENAME: Íñigo\nREFERENCE: HB-77120"), ["ECHEVERRÍA", "ZUBIZARRETA", "Íñigo"], ["REFERENCE: HB-77120"]),
    ("r6-str-13", "structured", "de", "holdout6", tool_call("ummeldung_erfassen", {"person": {"vorname": "Hauke", "nachname": "Nommensen"}, "anschrift": {"strasse": "Deichweg 7", "plz": "25938"}}, "Ummeldung eintragen"), ["Hauke", "Nommensen", "Deichweg 7"], ["ummeldung_erfassen", "Ummeldung eintragen"]),
    ("r6-con-01", "conversation", "de", "holdout6", turns(("user", "Guten Tag, hier ist Měrana Hajnowa wegen des Wohngeldes."), ("assistant", "Guten Tag, wie kann ich helfen?"), ("user", "Hajnowa, wie gesagt. Die Unterlagen liegen im Bürgeramt.")), ["Měrana", "Hajnowa"], ["Die Unterlagen liegen im Bürgeramt."]),
    ("r6-con-02", "conversation", "en", "holdout6", turns(("user", "My name is Fionnuala MacGillivray and I'm applying for council tax reduction."), ("assistant", "Thank you."), ("user", "It's MacGillivray with two Ls.")), ["Fionnuala", "MacGillivray"], ["with two Ls"]),
    ("r6-con-03", "conversation", "de", "holdout6", turns(("user", "Hier spricht Arman Sheikholeslami wegen des Termins im Jobcenter."), ("assistant", "Worum geht es genau?"), ("user", "Arman hat den Termin verpasst, Entschuldigung.")), ["Arman", "Sheikholeslami"], ["hat den Termin verpasst"]),
    ("r6-con-04", "conversation", "en", "holdout6", turns(("system", "Caller: Adwoa Tetteh-Larbi, housing benefit"), ("user", "Adwoa says she sent the form last week.")), ["Adwoa", "Tetteh"], ["says she sent the form last week"]),
    ("r6-con-05", "conversation", "de", "holdout6", user("Wohngeld bitte auf {i6_a}", "{i6_b} überweisen"), ["{i6_a}", "{i6_b}"], ["überweisen"]),
    ("r6-con-06", "conversation", "en", "holdout6", user("The card is {visa6_a}", "{visa6_b}, expiry 08/30"), ["{visa6_a}", "{visa6_b}"], ["expiry 08/30"]),
    ("r6-con-07", "conversation", "de", "holdout6", user("BAföG: meine Steuer-ID beginnt mit {t6_a}", "und endet mit {t6_b}"), ["{t6_a}", "{t6_b}"], ["und endet mit"]),
    ("r6-con-08", "conversation", "en", "holdout6", user("my number is +44 20", "7946 0912, after 5pm"), ["7946 0912"], ["after 5pm"]),
    ("r6-con-09", "conversation", "de", "holdout6", turns(("assistant", "Wie lautet Ihr Familienname?"), ("user", "Barzinji")), ["Barzinji"], ["Wie lautet Ihr Familienname?"]),
    ("r6-con-10", "conversation", "en", "holdout6", turns(("assistant", "And your child's first name?"), ("user", "Seo-yeon")), ["Seo-yeon"], ["And your child's first name?"]),
    ("r6-con-11", "conversation", "de", "holdout6", turns(("assistant", "Unter welcher E-Mail-Adresse erreichen wir Sie?"), ("user", "o.kravets@ukr.net")), ["o.kravets@ukr.net"], ["Unter welcher E-Mail-Adresse erreichen wir Sie?"]),
    ("r6-con-12", "conversation", "en", "holdout6", turns(("assistant", "Please give your full name and date of birth."), ("user", "Baek Ji-woo, 4 March 1990")), ["Baek", "Ji-woo", "4 March 1990"], ["Please give your full name and date of birth."]),
    ("r6-con-13", "conversation", "de", "holdout6", user("Schreiben Sie an ileana.stoicescu", "@gmx.de"), ["ileana.stoicescu"], ["Schreiben Sie an"]),
    ("r6-con-14", "conversation", "en", "holdout6", turns(("user", "Hello, I'm Ouyang Mingzhe, calling about housing benefit."), ("assistant", "Hello Mr Mingzhe, how can I help?"), ("user", "Ouyang is my family name, actually.")), ["Ouyang", "Mingzhe"], ["is my family name, actually."]),
    ("r6-con-15", "conversation", "de", "holdout6", turns(("system", "Vorgang Ausländerbehörde: Antragsteller Kwesi Amoako-Attah, Aufenthaltserlaubnis"), ("user", "War amoako-attah schon da?")), ["Kwesi", "Amoako", "amoako-attah"], ["schon da?"]),
    ("r6-con-16", "conversation", "de", "holdout6", user("Ich heiße Lăcrămioara", "Țurcanu und beantrage Wohngeld"), ["Lăcrămioara", "Țurcanu"], ["und beantrage Wohngeld"]),
    ("r6-stm-01", "stream", "de", "holdout6", {**user("Fasse den Vorgang zusammen"), "answer": {"content": "Frau Anastasiia Prokopenko (Tel. +380 50 318 4426) hat den BAföG-Antrag eingereicht."}}, ["Anastasiia", "Prokopenko", "50 318 4426"], ["hat den BAföG-Antrag eingereicht."]),
    ("r6-stm-02", "stream", "en", "holdout6", {**user("Open the claim"), "answer": {"arguments": json.dumps({"claimant": {"forename": "Kojo", "surname": "Antwi-Boasiako"}, "scheme": "housing benefit"})}}, ["Kojo", "Antwi"], ["housing benefit"]),
    ("r6-stm-03", "stream", "de", "holdout6", {**user("Auszahlung vorbereiten"), "answer": {"arguments": json.dumps({"empfaenger": "Cristóvão Figueiredo", "iban": "{fr6}", "zweck": "Elterngeld Mai"}, ensure_ascii=False)}}, ["Cristóvão", "Figueiredo", "{fr6}"], ["Elterngeld Mai"]),
    ("r6-stm-04", "stream", "en", "holdout6", {**user("Write the letter"), "answer": {"content": "Dear Ms Ní Bhraonáin, " + "thank you for your application for council tax support. " * 8 + "The fee was taken from card {amex6}. Yours sincerely"}}, ["Bhraonáin", "{amex6}"], ["The fee was taken from card"]),
    ("r6-stm-05", "stream", "de", "holdout6", {**user("Antwort formulieren"), "answer": {"content": "Die RV-Nummer von Herrn Wietse van der Meulen lautet {s6d}."}}, ["Wietse", "Meulen", "{s6d}"], ["Die RV-Nummer von Herrn"]),
    ("r6-stm-06", "stream", "en", "holdout6", {**user("Store the contact"), "answer": {"arguments": json.dumps({"email": "h.rostami@outlook.com", "phone": "+1 415 555 0178", "note": "call after lunch"})}}, ["h.rostami@outlook.com", "555 0178"], ["call after lunch"]),
    ("r6-stm-07", "stream", "de", "holdout6", {**user("Was ist der Stand?"), "answer": {"content": "Ich habe Herrn Lucian Ciobotaru unter +40 721 384 569 erreicht, er bringt den Mietvertrag ins Bürgeramt."}}, ["Lucian", "Ciobotaru", "721 384 569"], ["er bringt den Mietvertrag ins Bürgeramt."]),
    ("r6-stm-08", "stream", "en", "holdout6", {**user("Fill in the tenant form"), "answer": {"arguments": json.dumps({"tenant": {"name": "Maite Arrizabalaga Goikoetxea", "tax_id": "{t6dash}"}, "form": "HB-1"})}}, ["Maite", "Arrizabalaga", "Goikoetxea", "{t6dash}"], ["HB-1"]),
    # ------------------------------------------------------------------ hold-out round 7
    # Written after round 6's fixes and committed before their first run; never evaluated
    # while writing. New request fields (oneOf titles, $defs, prediction, file parts, refusal
    # parts, a stop string, non-JSON arguments), new notations (no-break spaces, a line break
    # inside an IBAN, lower-case RV letters, plain card numbers), names of many origins.
    ("r7-req-01", "request", "de", "holdout7", {**user("Wer bearbeitet den Wohngeldantrag?"), "tools": [{"type": "function", "function": {"name": "zustaendigkeit_setzen", "description": "Setzt die zuständige Sachbearbeitung im Wohngeldamt", "parameters": {"type": "object", "properties": {"bearbeitung": {"oneOf": [{"const": "sb-114", "title": "Frau Gerlinde Tschöpe"}, {"const": "sb-207", "title": "Herr Kaan Bozkurt"}]}}}}}]}, ["Gerlinde", "Tschöpe", "Kaan", "Bozkurt"], ["zustaendigkeit_setzen", "Setzt die zuständige Sachbearbeitung im Wohngeldamt"]),
    ("r7-req-02", "request", "en", "holdout7", {**user("Extract the applicant from the scanned form"), "response_format": {"type": "json_schema", "json_schema": {"name": "applicant_record", "strict": True, "schema": {"type": "object", "properties": {"applicant": {"$ref": "#/$defs/person"}}, "$defs": {"person": {"type": "object", "description": "the applicant, e.g. Chidinma Okoro-Eze, born 14/02/1991", "properties": {"full_name": {"type": "string"}}}}}}}}, ["Chidinma", "Okoro", "14/02/1991"], ["Extract the applicant from the scanned form", "applicant_record"]),
    ("r7-req-03", "request", "de", "holdout7", {"messages": [{"role": "user", "content": "Ist die Anmeldung schon durch?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "anmeldung-ozan-kilicaslan-0312", "type": "function", "function": {"name": "anmeldung_status", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "anmeldung-ozan-kilicaslan-0312", "content": "Anmeldung abgeschlossen"}]}, ["ozan", "kilicaslan"], ["anmeldung_status", "Anmeldung abgeschlossen"]),
    ("r7-req-04", "request", "en", "holdout7", {**user("How do I renew my resident parking permit?"), "user": "grainne.mccloskey@eircom.net"}, ["grainne.mccloskey"], ["How do I renew my resident parking permit?"]),
    ("r7-req-05", "request", "de", "holdout7", {"input": ["Widerspruch gegen den Bescheid vom 3. Mai, eingelegt von Wiesława Kaczmarczyk", "Rückfragen bitte an 0341 2298147"]}, ["Wiesława", "Kaczmarczyk", "2298147"], ["Widerspruch gegen den Bescheid"]),
    ("r7-req-06", "request", "en", "holdout7", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Is this payslip enough for the housing benefit claim?"}, {"type": "image_url", "image_url": {"url": "https://uploads.example.com/claims/2026/temitope-balogun/payslip-march.jpg"}}]}]}, ["temitope", "balogun"], ["Is this payslip enough for the housing benefit claim?"]),
    ("r7-req-07", "request", "de", "holdout7", {"messages": [{"role": "user", "name": "mariusz_wojtowicz85", "content": "Wann kann ich meinen Reisepass abholen?"}]}, ["mariusz", "wojtowicz"], ["Wann kann ich meinen Reisepass abholen?"]),
    ("r7-req-08", "request", "en", "holdout7", {**user("Transcribe the voicemail"), "stop": ["\nCaller: Siddharth Venkataraman", "Callback: +44 7911 204387"]}, ["Siddharth", "Venkataraman", "7911 204387"], ["Transcribe the voicemail"]),
    ("r7-req-09", "request", "de", "holdout7", {**user("Bitte den Brief an die Mieterin überarbeiten, Ton etwas freundlicher"), "prediction": {"type": "content", "content": "Sehr geehrte Frau Dobrowolska,\nIhre Kaution wird auf das Konto {i7std} zurücküberwiesen.\nMit freundlichen Grüßen"}}, ["Dobrowolska", "{i7std}"], ["Bitte den Brief an die Mieterin überarbeiten"]),
    ("r7-req-10", "request", "en", "holdout7", {"messages": [{"role": "user", "content": "What's the bank account of the previous tenant?"}, {"role": "assistant", "content": [{"type": "refusal", "refusal": "I can't give out the bank details of Mr Olumuyiwa Fashola-Bello."}]}, {"role": "user", "content": "OK, who else can I ask?"}]}, ["Olumuyiwa", "Fashola"], ["OK, who else can I ask?"]),
    ("r7-req-11", "request", "de", "holdout7", {**user("Kindergeld-Fall anlegen"), "tools": [{"type": "function", "function": {"name": "kindergeld_fall", "description": "Legt einen Kindergeld-Fall an", "parameters": {"type": "object", "properties": {"kinder": {"type": "array", "items": {"type": "object", "properties": {"steuer_id": {"type": "string", "pattern": "^[0-9]{11}$", "examples": ["{t7b}"]}, "name": {"type": "string", "examples": ["Yağmur Ekinci"]}}}}}}}}]}, ["{t7b}", "Yağmur", "Ekinci"], ["kindergeld_fall", "Legt einen Kindergeld-Fall an"]),
    ("r7-req-12", "request", "en", "holdout7", {**user("Summarise the complaint about the missed bin collection"), "metadata": {"case_owner": "kateryna.bondarenko@example-council.gov.uk", "priority": "high"}}, ["kateryna.bondarenko"], ["Summarise the complaint about the missed bin collection"]),
    ("r7-req-13", "request", "de", "holdout7", {"messages": [{"role": "user", "content": "Rückruf notieren"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "notiz_speichern", "arguments": "Rückruf an Frau Łucja Zawadzka, 0171 4839201, wegen Elterngeld"}}]}, {"role": "tool", "tool_call_id": "call_1", "content": "gespeichert"}]}, ["Łucja", "Zawadzka", "4839201"], ["notiz_speichern", "gespeichert"]),
    ("r7-req-14", "request", "en", "holdout7", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Does this tenancy agreement allow subletting?"}, {"type": "file", "file": {"filename": "tenancy_agreement_obiora_nnamdi.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjcK"}}]}]}, ["obiora", "nnamdi"], ["Does this tenancy agreement allow subletting?"]),
    ("r7-req-15", "request", "de", "holdout7", {**user("Antwortschreiben zum Kita-Gutschein entwerfen"), "stop": "Viele Grüße\nDetlef Schwarzkopf-Ilgner"}, ["Detlef", "Schwarzkopf", "Ilgner"], ["Antwortschreiben zum Kita-Gutschein entwerfen"]),
    ("r7-req-16", "request", "en", "holdout7", {"input": "note: called back mrs oyinkansola adebiyi on (312) 555-0164, left voicemail about the rent arrears"}, ["oyinkansola", "adebiyi", "555-0164"], ["left voicemail about the rent arrears"]),
    ("r7-fmt-01", "formats", "de", "holdout7", user("Identifikationsnummer {t7nb} (aus dem PDF der Lohnsteuerbescheinigung kopiert)"), ["{t7nb}"], ["aus dem PDF der Lohnsteuerbescheinigung kopiert"]),
    ("r7-fmt-02", "formats", "de", "holdout7", user("steuer-id von meinem mann: {t7b}, meine schicke ich morgen"), ["{t7b}"], ["meine schicke ich morgen"]),
    ("r7-fmt-03", "formats", "de", "holdout7", user("rv nr {s7low} – brauche ich die für den Rentenantrag?"), ["{s7low}"], ["brauche ich die für den Rentenantrag?"]),
    ("r7-fmt-04", "formats", "de", "holdout7", user("Sozialversicherungs-Nr.: {s7dash} (vom Arbeitgeber)"), ["{s7dash}"], ["vom Arbeitgeber"]),
    ("r7-fmt-05", "formats", "en", "holdout7", user("My German pension number is {s7splow}, I need it for the pension claim"), ["{s7splow}"], ["I need it for the pension claim"]),
    ("r7-fmt-06", "formats", "de", "holdout7", user("Bitte die Erstattung auf mein Konto in Luxemburg: {lu7}"), ["{lu7}"], ["Bitte die Erstattung auf mein Konto in Luxemburg"]),
    ("r7-fmt-07", "formats", "en", "holdout7", user("IBAN {i7nb} – copied from my banking app"), ["{i7nb}"], ["copied from my banking app"]),
    ("r7-fmt-08", "formats", "de", "holdout7", user("Neue Bankverbindung ab Juni:\nIBAN: {i7break}\nBIC: COBADEFFXXX"), ["{i7break}"], ["Neue Bankverbindung ab Juni"]),
    ("r7-fmt-09", "formats", "de", "holdout7", user("Kontonummer für die Rückzahlung: {i7cc}"), ["{i7cc}"], ["Kontonummer für die Rückzahlung"]),
    ("r7-fmt-10", "formats", "en", "holdout7", user("austrian account {at7dash}, please pay the deposit back there"), ["{at7dash}"], ["please pay the deposit back there"]),
    ("r7-fmt-11", "formats", "en", "holdout7", user("Visa {visa19dash} – the 19-digit one from my bank"), ["{visa19dash}"], ["the 19-digit one from my bank"]),
    ("r7-fmt-12", "formats", "en", "holdout7", user("maestro card {maestro12plain}, can I pay the passport fee with it?"), ["{maestro12plain}"], ["can I pay the passport fee with it?"]),
    ("r7-fmt-13", "formats", "de", "holdout7", user("Mastercard-Nummer {mc2plain}, Ablauf 10/29"), ["{mc2plain}"], ["Ablauf 10/29"]),
    ("r7-fmt-14", "formats", "en", "holdout7", user("JCB {jcb7dots} (I typed it with dots, sorry)"), ["{jcb7dots}"], ["I typed it with dots, sorry"]),
    ("r7-fmt-15", "formats", "de", "holdout7", user("Die Gebühr bitte von der Amex {amex7plain} abbuchen"), ["{amex7plain}"], ["Die Gebühr bitte von der"]),
    ("r7-fmt-16", "formats", "en", "holdout7", user("my email is BENEDICT.OKONJO AT GMAIL DOT COM, all caps sorry"), ["BENEDICT.OKONJO"], ["all caps sorry"]),
    ("r7-fmt-17", "formats", "de", "holdout7", user("Bitte antworten Sie an svenja.ruehmkorf(at)web(punkt)de oder an a.nazari&#0064;t-online&#46;de"), ["svenja.ruehmkorf", "a.nazari"], ["Bitte antworten Sie an"]),
    ("r7-fmt-18", "formats", "en", "holdout7", user("Reach me at mailto:chiamaka.obi%40yahoo.com, I check it daily"), ["chiamaka.obi"], ["I check it daily"]),
    ("r7-fmt-19", "formats", "en", "holdout7", user("Call +1.415.555.0190 or my Irish mobile +353 87 316 4429"), ["555.0190", "87 316 4429"], ["or my Irish mobile"]),
    ("r7-fmt-20", "formats", "de", "holdout7", user("Erreichbar unter +49 (0) 89 4123 7788 oder +234 803 615 2290 (Nigeria)"), ["4123 7788", "803 615 2290"], ["Nigeria"]),
    ("r7-str-01", "structured", "de", "holdout7", user('{"vorname": "doğukan", "nachname": "erdem", "geburtsdatum": "1997-08-21", "anliegen": "wohnsitz anmelden"}'), ["doğukan", "erdem", "1997-08-21"], ["wohnsitz anmelden"]),
    ("r7-str-02", "structured", "en", "holdout7", user("full_name,mobile,ward\nfolasade ige,+44 7700 900338,Ward 4\nkehinde ige,+44 7700 900417,Ward 4"), ["folasade", "ige", "7700 900338", "kehinde", "7700 900417"], ["full_name,mobile,ward"]),
    ("r7-str-03", "structured", "de", "holdout7", user("Name\tIBAN\tBetrag\nkrystyna lewicka\t{i7std}\t312,00 €\nhelmut lewicki\t{lu7}\t95,50 €"), ["krystyna", "lewicka", "{i7std}", "helmut", "lewicki", "{lu7}"], ["Name\tIBAN\tBetrag"]),
    ("r7-str-04", "structured", "en", "holdout7", user("name: ciarán ó súilleabháin\nemail: ciaran.osullivan@eircom.net\nissue: bin collection missed twice"), ["ciarán", "súilleabháin", "ciaran.osullivan@eircom.net"], ["issue: bin collection missed twice"]),
    ("r7-str-05", "structured", "de", "holdout7", user("Ehepartnerin: Anthoula Georgiadou\nKinder im Haushalt: 2\nAntrag: Kinderzuschlag"), ["Anthoula", "Georgiadou"], ["Kinder im Haushalt: 2", "Antrag: Kinderzuschlag"]),
    ("r7-str-06", "structured", "en", "holdout7", user('{"household": [{"name": "Hodan Warsame", "relationship": "self", "dob": "1986-11-30"}, {"name": "Abdirahman Warsame", "relationship": "son", "dob": "2015-03-09"}]}'), ["Hodan", "Warsame", "1986-11-30", "Abdirahman", "2015-03-09"], ["relationship"]),
    ("r7-str-07", "structured", "de", "holdout7", user("vorname=Dorota\nnachname=Kaczor\ntelefon=0341/9182736\nanliegen=Ummeldung"), ["Dorota", "Kaczor", "9182736"], ["anliegen=Ummeldung"]),
    ("r7-str-08", "structured", "en", "holdout7", user("| Tenant | Flat | Mobile |\n|---|---|---|\n| Nguyễn Văn Hậu | 2B | +44 7911 385 204 |\n| Ewa Marciniak | 3A | +44 7911 592 816 |"), ["Nguyễn", "Văn Hậu", "7911 385 204", "Ewa", "Marciniak", "7911 592 816"], ["| Tenant | Flat | Mobile |"]),
    ("r7-str-09", "structured", "de", "holdout7", user("Anrede;Titel;Name;E-Mail\nFrau;Dr.;Sophia Papadaki;s.papadaki@uni-leipzig.de\nHerr;;Bernhard Quandtmeyer;b.quandtmeyer@gmx.net"), ["Sophia", "Papadaki", "s.papadaki@uni-leipzig.de", "Bernhard", "Quandtmeyer", "b.quandtmeyer@gmx.net"], ["Anrede;Titel;Name;E-Mail"]),
    ("r7-str-10", "structured", "en", "holdout7", user('{"firstName": "chukwudi", "lastName": "okwuosa", "phoneNumber": "+234 802 417 3390", "scheme": "free school meals"}'), ["chukwudi", "okwuosa", "802 417 3390"], ["free school meals"]),
    ("r7-str-11", "structured", "de", "holdout7", tool_call("anmeldung_erfassen", {"person": {"vorname": "Bjarnat", "nachname": "Krawc", "geburtsdatum": "29.02.1988"}, "anschrift": "Lerchenfeld 22a, 01277 Dresden"}, "Bitte die Anmeldung aus dem Formular übernehmen"), ["Bjarnat", "Krawc", "29.02.1988", "Lerchenfeld 22a"], ["anmeldung_erfassen", "Bitte die Anmeldung aus dem Formular übernehmen"]),
    ("r7-str-12", "structured", "en", "holdout7", {"messages": [{"role": "user", "content": "Who lives in flat 12?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_res", "type": "function", "function": {"name": "lookup_residents", "arguments": json.dumps({"flat": "12"})}}]}, {"role": "tool", "tool_call_id": "call_res", "content": json.dumps({"residents": [{"surname": "heikkinen", "forename": "aino", "moved_in": "2021-04"}]})}]}, ["heikkinen", "aino"], ["lookup_residents", "Who lives in flat 12?"]),
    ("r7-str-13", "structured", "de", "holdout7", user("Name: jadwiga hančik\nStraße: Am Mühlgraben 17\nBetreff: Hundesteuer"), ["jadwiga", "hančik", "Am Mühlgraben 17"], ["Betreff: Hundesteuer"]),
    ("r7-str-14", "structured", "en", "holdout7", user("Next of kin: Maeve Gallagher-Doherty\nEmergency contact phone: +353 86 204 7719\nForm: care home admission"), ["Maeve", "Gallagher", "86 204 7719"], ["Form: care home admission"]),
    ("r7-str-15", "structured", "de", "holdout7", user('{"geburtsname": "Schulte-Bockholt", "familienstand": "verheiratet", "staatsangehoerigkeit": "deutsch"}'), ["Schulte", "Bockholt"], ["familienstand"]),
    ("r7-str-16", "structured", "en", "holdout7", user("email\tpreferred language\nt.adeyinka@hotmail.co.uk\tYoruba\nmarta.guzik@wp.pl\tPolish"), ["t.adeyinka@hotmail.co.uk", "marta.guzik@wp.pl"], ["preferred language"]),
    ("r7-con-01", "conversation", "de", "holdout7", turns(("user", "Guten Tag, mein Name ist Reinhold Baumgärtner, es geht um den Antrag meiner Frau."), ("assistant", "Guten Tag, wie kann ich helfen?"), ("user", "Ist Baumgärtners Antrag auf Pflegegeld schon bearbeitet?")), ["Reinhold", "Baumgärtner"], ["Antrag auf Pflegegeld schon bearbeitet?"]),
    ("r7-con-02", "conversation", "en", "holdout7", {"messages": [{"role": "user", "content": "Who is registered at 14 Elm Court?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "find_resident", "arguments": json.dumps({"address": "14 Elm Court"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Resident: Sorcha Ní Dhomhnaill, since 2022"}, {"role": "user", "content": "Can you email Sorcha the recycling leaflet?"}]}, ["Sorcha", "Dhomhnaill", "14 Elm Court"], ["the recycling leaflet?"]),
    ("r7-con-03", "conversation", "de", "holdout7", turns(("assistant", "Wie lautet Ihr Vorname?"), ("user", "Kübra"), ("assistant", "Und Ihr Nachname?"), ("user", "Şimşek")), ["Kübra", "Şimşek"], ["Und Ihr Nachname?"]),
    ("r7-con-04", "conversation", "en", "holdout7", turns(("user", "My surname is Nwaneri, I'm calling about the school place"), ("assistant", "Could you spell that for me?"), ("user", "N-W-A-N-E-R-I")), ["Nwaneri"], ["I'm calling about the school place", "Could you spell that for me?"]),
    ("r7-con-05", "conversation", "de", "holdout7", user("Bitte auf folgendes Konto: {i7_a}", "{i7_b}"), ["{i7_a}", "{i7_b}"], ["Bitte auf folgendes Konto:"]),
    ("r7-con-06", "conversation", "en", "holdout7", user("you can text me on (415) 555-", "0187 any time"), ["415) 555", "0187"], ["any time"]),
    ("r7-con-07", "conversation", "de", "holdout7", user("Meine Steuer-ID: {t7_a}", "{t7_b} – stimmt die so?"), ["{t7_a}", "{t7_b}"], ["stimmt die so?"]),
    ("r7-con-08", "conversation", "en", "holdout7", user("card {mc7_a}", "{mc7_b}, expires 02/31"), ["{mc7_a}", "{mc7_b}"], ["expires 02/31"]),
    ("r7-con-09", "conversation", "de", "holdout7", turns(("user", "Schicken Sie den Bescheid bitte an h.oezkan@web.de"), ("assistant", "Gern, an h.oezkan@web.de."), ("user", "Ach nein, die ist alt. Neu: hilal.oezkan@posteo.de")), ["h.oezkan", "hilal.oezkan"], ["Ach nein, die ist alt."]),
    ("r7-con-10", "conversation", "en", "holdout7", turns(("system", "Caller: Mrs Eftychia Papageorgiou, council tax"), ("assistant", "Hello Mrs Papageorgiou, how can I help?"), ("user", "PAPAGEORGIOU, E. is on the bill but I moved out in May")), ["Eftychia", "Papageorgiou"], ["is on the bill but I moved out in May"]),
    ("r7-con-11", "conversation", "de", "holdout7", {"messages": [{"role": "user", "content": "Rentenkonto prüfen"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "rentenkonto_abfragen", "arguments": json.dumps({"rv_nummer": "{s7plain}"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Kein Konto gefunden"}, {"role": "user", "content": "Komisch, auf meinem Ausweis steht {s7sp}"}]}, ["{s7plain}", "{s7sp}"], ["rentenkonto_abfragen", "Kein Konto gefunden"]),
    ("r7-con-12", "conversation", "en", "holdout7", turns(("assistant", "What is your date of birth?"), ("user", "12/03/1979")), ["12/03/1979"], ["What is your date of birth?"]),
    ("r7-con-13", "conversation", "de", "holdout7", turns(("assistant", "Wie heißt Ihre Tochter mit Vornamen?"), ("user", "khánh linh")), ["khánh linh"], ["Wie heißt Ihre Tochter mit Vornamen?"]),
    ("r7-con-14", "conversation", "en", "holdout7", turns(("user", "Hi, I'm Kovács Eszter – Hungarian order, Kovács is the family name."), ("assistant", "Thank you, how can I help?"), ("user", "Eszter will bring the documents on Friday.")), ["Kovács", "Eszter"], ["will bring the documents on Friday."]),
    ("r7-con-15", "conversation", "de", "holdout7", turns(("user", "Ich heiße Evangelos Charalampidis und beantrage Elterngeld."), ("assistant", "Danke, Herr Charalampidis."), ("user", "Im Pass steht der Name auf Griechisch: Χαραλαμπίδης.")), ["Evangelos", "Charalampidis", "Χαραλαμπίδης"], ["Im Pass steht der Name auf Griechisch:"]),
    ("r7-con-16", "conversation", "en", "holdout7", turns(("user", "This is Siobhán O'Shaughnessy about the grant for the attic insulation"), ("assistant", "Thanks, Ms O'Shaughnessy."), ("user", "Is it filed under O Shaughnessy or OShaughnessy? The old system drops the apostrophe.")), ["Siobhán", "Shaughnessy"], ["The old system drops the apostrophe."]),
    ("r7-stm-01", "stream", "de", "holdout7", {**user("Fasse die Akte zusammen"), "answer": {"content": "Frau Magdalena Zielonka hat die Steuer-ID {t7nb} angegeben und beantragt Kinderzuschlag."}}, ["Magdalena", "Zielonka", "{t7nb}"], ["und beantragt Kinderzuschlag."]),
    ("r7-stm-02", "stream", "en", "holdout7", {**user("Send the confirmation"), "answer": {"arguments": json.dumps({"recipient": {"email": "tunde.bakare@yahoo.co.uk", "name": "Tunde Bakare"}, "subject": "Missed bin collection"})}}, ["tunde.bakare@yahoo.co.uk", "Tunde", "Bakare"], ["Missed bin collection"]),
    ("r7-stm-03", "stream", "de", "holdout7", {**user("Rückzahlung vorbereiten"), "answer": {"arguments": json.dumps({"empfaenger": "Małgorzata Sikorska-Ebert", "iban": "{lu7}", "zweck": "Kaution Rückzahlung"}, ensure_ascii=False)}}, ["Małgorzata", "Sikorska", "{lu7}"], ["Kaution Rückzahlung"]),
    ("r7-stm-04", "stream", "en", "holdout7", {**user("Write the reply"), "answer": {"content": "Dear Mrs Abubakar, " + "thank you for contacting us about your council tax bill and the single person discount. " * 6 + "If you have questions, call me directly on +1 (646) 555-0148. Best wishes, Dolores Quintanilla"}}, ["Abubakar", "555-0148", "Dolores", "Quintanilla"], ["Best wishes"]),
    ("r7-stm-05", "stream", "de", "holdout7", {**user("Wohngeldantrag anlegen"), "answer": {"arguments": json.dumps({"haushalt": [{"vorname": "Gökhan", "nachname": "Türkmen", "geburtsdatum": "12.06.1983"}, {"vorname": "Elif Naz", "nachname": "Türkmen", "geburtsdatum": "03.10.2017"}], "leistung": "Wohngeld"}, ensure_ascii=False)}}, ["Gökhan", "Türkmen", "12.06.1983", "Elif Naz", "03.10.2017"], ["leistung"]),
    ("r7-stm-06", "stream", "en", "holdout7", {**user("Which pension number do we have?"), "answer": {"content": "The pension insurance number of Mr Tadhg Ó Ceallaigh is {s7splow}; please check it against his payslip."}}, ["Tadhg", "Ceallaigh", "{s7splow}"], ["The pension insurance number of Mr"]),
    ("r7-stm-07", "stream", "de", "holdout7", {**user("Was wurde abgebucht?"), "answer": {"content": "Die Karte {mc2plain} von Herrn Jovan Marković wurde mit 45 € belastet."}}, ["{mc2plain}", "Jovan", "Marković"], ["wurde mit 45 € belastet."]),
    ("r7-stm-08", "stream", "en", "holdout7", {**user("Text the resident"), "answer": {"arguments": json.dumps({"contact": {"full_name": "Ngozi Eberechukwu", "mobile": "+234 809 552 6731"}, "channel": "sms"})}}, ["Ngozi", "Eberechukwu", "809 552 6731"], ["channel"]),
    ("r7-stm-09", "stream", "de", "holdout7", {**user("An wen geht der Bescheid?"), "answer": {"content": "Der Bescheid geht an Herrn Jannis Tsakalidis, Weidenweg 4, 04179 Leipzig. Bitte Frist beachten."}}, ["Jannis", "Tsakalidis", "Weidenweg 4"], ["Bitte Frist beachten."]),
    ("r7-stm-10", "stream", "en", "holdout7", {**user("Register the permit request"), "answer": {"arguments": json.dumps({"full_name": "bilal qureshi", "dob": "1992-07-15", "email": "bilal.q@protonmail.com", "reason": "parking permit renewal"})}}, ["bilal", "qureshi", "1992-07-15", "bilal.q@protonmail.com"], ["parking permit renewal"]),
    # ------------------------------------------------------------------ hold-out round 8
    ("r8-req-01", "request", "de", "holdout8", {**user("Bitte die Erstattung der Schulbuchkosten anweisen"), "tools": [{"type": "function", "function": {"name": "erstattung_anweisen", "description": "Weist eine Erstattung an das Konto der antragstellenden Person an", "parameters": {"type": "object", "properties": {"iban": {"type": "string", "description": "IBAN, z. B. {i8std} (Konto von Frau Vjosa Krasniqi)"}}}}}]}, ["{i8std}", "Vjosa", "Krasniqi"], ["erstattung_anweisen", "Weist eine Erstattung an das Konto der antragstellenden Person an"]),
    ("r8-req-02", "request", "en", "holdout8", {**user("Summarise the housing repair complaint in two sentences"), "metadata": {"resident_email": "kwame.asante-mensah@outlook.com", "ticket": "HR-2291"}}, ["kwame.asante-mensah"], ["Summarise the housing repair complaint in two sentences"]),
    ("r8-req-03", "request", "de", "holdout8", {"input": ["Meldebescheinigung für Zhang Xiaoling, Zwickauer Straße 48, 09112 Chemnitz", "Rückfragen unter 0176 3145 8820"]}, ["Zhang", "Xiaoling", "Zwickauer Straße 48", "3145 8820"], ["Rückfragen unter"]),
    ("r8-req-04", "request", "en", "holdout8", {**user("Pull the contact details out of this letter"), "response_format": {"type": "json_schema", "json_schema": {"name": "contact_details", "schema": {"type": "object", "properties": {"name": {"type": "string", "examples": ["Ama Serwaa Boakye"]}, "phone": {"type": "string", "examples": ["+233 24 417 9023"]}}}}}}, ["Serwaa", "Boakye", "24 417 9023"], ["Pull the contact details out of this letter", "contact_details"]),
    ("r8-req-05", "request", "de", "holdout8", {**user("Bitte den Stand des Wohnberechtigungsscheins zusammenfassen"), "metadata": {"vorgang": "WBS-2026-0415", "antragsteller": "Rrahman Gashi"}}, ["Rrahman", "Gashi"], ["Bitte den Stand des Wohnberechtigungsscheins zusammenfassen"]),
    ("r8-req-06", "request", "en", "holdout8", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Can you read the start date on this tenancy document?"}, {"type": "image_url", "image_url": {"url": "https://forms.example-council.gov.uk/upload?applicant=Tesfaye+Gebremedhin&dob=1988-04-17&page=2"}}]}]}, ["Tesfaye", "Gebremedhin", "1988-04-17"], ["Can you read the start date on this tenancy document?"]),
    ("r8-req-07", "request", "de", "holdout8", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Reicht das Zeugnis für die Anmeldung an der Oberschule?"}, {"type": "file", "file": {"filename": "Zeugnis_Liisa_Mäkelä_Klasse_6b.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQK"}}]}]}, ["Liisa", "Mäkelä"], ["Reicht das Zeugnis für die Anmeldung an der Oberschule?"]),
    ("r8-req-08", "request", "en", "holdout8", {"messages": [{"role": "user", "content": "When is the next bulky waste collection?"}, {"role": "assistant", "name": "caseworker_rhiannon_pryce", "content": "The next collection in your area is on the 14th."}, {"role": "user", "content": "Thanks, and for garden waste?"}]}, ["rhiannon", "pryce"], ["The next collection in your area is on the 14th.", "Thanks, and for garden waste?"]),
    ("r8-req-09", "request", "de", "holdout8", {"input": "Rentenauskunft angefordert für Rojda Aydın, RV-Nr. {s8sp}, Versand per Post"}, ["Rojda", "Aydın", "{s8sp}"], ["Versand per Post"]),
    ("r8-req-10", "request", "en", "holdout8", {**user("Book a callback for tomorrow morning"), "tools": [{"type": "function", "function": {"name": "schedule_callback", "description": "Schedules a callback from the benefits team. Last caller: Priyanka Subramanian, +44 20 7946 0321", "parameters": {"type": "object", "properties": {"slot": {"type": "string"}}}}}]}, ["Priyanka", "Subramanian", "7946 0321"], ["schedule_callback", "Book a callback for tomorrow morning"]),
    ("r8-req-11", "request", "de", "holdout8", {**user("Bitte nur den ersten Absatz ins Tschechische übersetzen"), "stop": ["\n\nAntwort bitte an: jiri.novotny@seznam.cz"]}, ["jiri.novotny"], ["Bitte nur den ersten Absatz ins Tschechische übersetzen"]),
    ("r8-req-12", "request", "en", "holdout8", {"messages": [{"role": "user", "content": "Take the parking permit fee"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_pay", "type": "function", "function": {"name": "take_payment", "arguments": json.dumps({"card_number": "{v8}", "expiry": "08/29", "amount": "35.00"})}}]}, {"role": "tool", "tool_call_id": "call_pay", "content": "payment accepted"}]}, ["{v8}"], ["take_payment", "payment accepted"]),
    ("r8-fmt-01", "formats", "de", "holdout8", user("Steuer-ID (aus den Kästchen abgeschrieben): {t8each}"), ["{t8each}"], ["aus den Kästchen abgeschrieben"]),
    ("r8-fmt-02", "formats", "de", "holdout8", user("Steuer-Identifikationsnummer des Kindes:{t8plain} – reicht das für das Kindergeld?"), ["{t8plain}"], ["reicht das für das Kindergeld?"]),
    ("r8-fmt-03", "formats", "de", "holdout8", user("Meine Rentenversicherungsnummer ist {s8dots}, so steht sie im Brief der DRV"), ["{s8dots}"], ["so steht sie im Brief der DRV"]),
    ("r8-fmt-04", "formats", "en", "holdout8", user("I worked in Germany for three years, my social insurance number there was {s8sp}"), ["{s8sp}"], ["I worked in Germany for three years"]),
    ("r8-fmt-05", "formats", "de", "holdout8", user("bitte das geld auf {i8low} überweisen, danke"), ["{i8low}"], ["überweisen, danke"]),
    ("r8-fmt-06", "formats", "en", "holdout8", user("Please refund the deposit to my French account {fr8}"), ["{fr8}"], ["Please refund the deposit to my French account"]),
    ("r8-fmt-07", "formats", "de", "holdout8", user("Bankverbindung für die Rückzahlung IBAN:{i8} BIC: BYLADEM1001"), ["{i8}"], ["Bankverbindung für die Rückzahlung"]),
    ("r8-fmt-08", "formats", "en", "holdout8", user("My German health insurance number (KVNR) is {kv8}, do I need it for the school health check?"), ["{kv8}"], ["do I need it for the school health check?"]),
    ("r8-fmt-09", "formats", "de", "holdout8", user("versichertennummer {kv8low}, karte ist abgelaufen – was muss ich tun?"), ["{kv8low}"], ["karte ist abgelaufen"]),
    ("r8-fmt-10", "formats", "en", "holdout8", user("Discover card {disc8}, is that accepted for the library fine?"), ["{disc8}"], ["is that accepted for the library fine?"]),
    ("r8-fmt-11", "formats", "de", "holdout8", user("Kreditkarte {v8plain} gültig bis 11/28, bitte die Gebühr für den Anwohnerparkausweis abbuchen"), ["{v8plain}"], ["gültig bis 11/28"]),
    ("r8-fmt-12", "formats", "en", "holdout8", user("Amex {amex8}, the name on the card is the same as on the booking"), ["{amex8}"], ["the name on the card is the same as on the booking"]),
    ("r8-fmt-13", "formats", "de", "holdout8", user("Sie erreichen mich unter 030/45678912 oder mobil +49 (0)176-2233 4455"), ["45678912", "2233 4455"], ["Sie erreichen mich unter"]),
    ("r8-fmt-14", "formats", "en", "holdout8", user("My numbers: India +91 98451 27630, Brazil +55 (11) 97342-1856"), ["98451 27630", "97342-1856"], ["My numbers:"]),
    ("r8-str-01", "structured", "de", "holdout8", user('{"name": "Ardit Berisha", "geburtsdatum": "14.09.2011", "schule": "Gesamtschule Nord", "klasse": "10c", "anliegen": "Schulwechsel"}'), ["Ardit", "Berisha", "14.09.2011"], ["Schulwechsel"]),
    ("r8-str-02", "structured", "en", "holdout8", user("name,phone,email\nKwabena Adjei-Frimpong,+233 20 814 3372,kwabena.adjei@gmail.com\nAbena Agyeman,+233 24 552 0917,abena.agyeman@yahoo.com"), ["Kwabena", "Adjei", "Frimpong", "20 814 3372", "kwabena.adjei@gmail.com", "Abena", "Agyeman", "24 552 0917", "abena.agyeman@yahoo.com"], ["name,phone,email"]),
    ("r8-str-03", "structured", "de", "holdout8", user("Nachname\tVorname\tIBAN\nSchäfer\tJürgen\t{i8std}\nLöwe-Strauß\tGrete\t{es8}"), ["Schäfer", "Jürgen", "{i8std}", "Löwe", "Strauß", "Grete", "{es8}"], ["Nachname\tVorname\tIBAN"]),
    ("r8-str-04", "structured", "en", "holdout8", user("Applicant: Mehari Tesfamariam\nDate of birth: 02/07/1993\nNational Insurance number: JT 48 26 19 B\nBenefit: Universal Credit"), ["Mehari", "Tesfamariam", "02/07/1993", "JT 48 26 19 B"], ["Benefit: Universal Credit"]),
    ("r8-str-05", "structured", "de", "holdout8", user("[antragsteller]\nname = Zdeněk Kratochvíl\ntelefon = 0351 8472915\nanliegen = Schülerbeförderung"), ["Zdeněk", "Kratochvíl", "8472915"], ["anliegen = Schülerbeförderung"]),
    ("r8-str-06", "structured", "en", "holdout8", user('[{"student": "Liang Haoran", "year": 9, "guardian": "Wang Shufen", "guardian_phone": "+44 7700 918 245"}, {"student": "Liang Yuxin", "year": 7, "guardian": "Wang Shufen", "guardian_phone": "+44 7700 918 245"}]'), ["Liang", "Haoran", "Wang", "Shufen", "7700 918 245", "Yuxin"], ["guardian_phone"]),
    ("r8-str-07", "structured", "de", "holdout8", user("| Name | Geburtsdatum | Versichertennummer |\n|---|---|---|\n| Selam Kidane | 23.01.2016 | {kv8} |"), ["Selam", "Kidane", "23.01.2016", "{kv8}"], ["| Name | Geburtsdatum | Versichertennummer |"]),
    ("r8-str-08", "structured", "en", "holdout8", user("resident:\n  name: Aarav Malhotra\n  email: aarav.malhotra@proton.me\n  flat: 7C\nrequest: bulky waste collection"), ["Aarav", "Malhotra", "aarav.malhotra@proton.me"], ["request: bulky waste collection"]),
    ("r8-str-09", "structured", "de", "holdout8", tool_call("rentenauskunft_anfordern", {"versicherte_person": {"name": "Semhar Tekle", "rv_nummer": "{s8plain}"}, "versand": "Post"}, "Bitte die Rentenauskunft anfordern"), ["Semhar", "Tekle", "{s8plain}"], ["rentenauskunft_anfordern", "Bitte die Rentenauskunft anfordern"]),
    ("r8-str-10", "structured", "en", "holdout8", {"messages": [{"role": "user", "content": "Did the swimming course fee go through?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_p", "type": "function", "function": {"name": "find_payment", "arguments": json.dumps({"reference": "SW-5520"})}}]}, {"role": "tool", "tool_call_id": "call_p", "content": json.dumps({"payer": "João Pedro Carvalho Nogueira", "card": "{disc8}", "status": "settled"}, ensure_ascii=False)}]}, ["João Pedro", "Carvalho", "Nogueira", "{disc8}"], ["find_payment", "Did the swimming course fee go through?"]),
    ("r8-str-11", "structured", "de", "holdout8", user("<antrag><person><vorname>Heval</vorname><nachname>Tunç</nachname></person><anschrift>Großbeerenstraße 112, 10963 Berlin</anschrift><leistung>Wohngeld</leistung></antrag>"), ["Heval", "Tunç", "Großbeerenstraße 112"], ["<leistung>Wohngeld</leistung>"]),
    ("r8-str-12", "structured", "en", "holdout8", user('"Surname";"Forename";"Mobile"\n"Virtanen";"Eero";"+358 40 738 2914"\n"da Silva Santos";"Luana";"+55 21 99284-6173"'), ["Virtanen", "Eero", "40 738 2914", "Silva Santos", "Luana", "99284-6173"], ['"Surname";"Forename";"Mobile"']),
    ("r8-con-01", "conversation", "de", "holdout8", turns(("user", "Guten Tag, ich bin Blerina Hoxha-Kastrati und habe einen Termin beim Bürgeramt."), ("assistant", "Guten Tag, worum geht es?"), ("user", "Um die Ummeldung. Unter Hoxha finden Sie vielleicht nichts, früher hieß ich nur Kastrati. Wann ist der Termin?")), ["Blerina", "Hoxha", "Kastrati"], ["Wann ist der Termin?"]),
    ("r8-con-02", "conversation", "en", "holdout8", turns(("assistant", "Which account should the housing benefit be paid into?"), ("user", "{i8_a}"), ("user", "{i8_b} sorry, pressed enter too early")), ["{i8_a}", "{i8_b}"], ["sorry, pressed enter too early"]),
    ("r8-con-03", "conversation", "de", "holdout8", turns(("user", "Meine Steuer-ID fängt mit {t8_a} an"), ("assistant", "Und wie geht sie weiter?"), ("user", "{t8_b}")), ["{t8_a}", "{t8_b}"], ["Und wie geht sie weiter?"]),
    ("r8-con-04", "conversation", "en", "holdout8", turns(("user", "I want to enrol my daughter, her name is Akosua"), ("assistant", "Lovely. And her surname?"), ("user", "same as mine, Agyemang-Boateng"), ("user", "akosua starts reception in September")), ["Akosua", "Agyemang", "Boateng"], ["Lovely. And her surname?"]),
    ("r8-con-05", "conversation", "de", "holdout8", turns(("user", "Bitte schicken Sie die Bestätigung an dilan.yildiz.92@gmx.de"), ("assistant", "Gern, die Bestätigung ist unterwegs."), ("user", "Können Sie nachsehen, ob dilan.yildiz.92 richtig geschrieben war? Ich habe nichts bekommen.")), ["dilan.yildiz"], ["Ich habe nichts bekommen."]),
    ("r8-con-06", "conversation", "en", "holdout8", turns(("user", "My mobile is 07923 418 506 if the repair team needs access"), ("assistant", "Thanks, noted."), ("user", "Actually could you put 07923418506 on the job sheet too")), ["07923 418 506", "07923418506"], ["if the repair team needs access"]),
    ("r8-con-07", "conversation", "de", "holdout8", user("Rentenversicherungsnummer: {s8_a}", "{s8_b} (der Buchstabe gehört dazu)"), ["{s8_a}", "{s8_b}"], ["der Buchstabe gehört dazu"]),
    ("r8-con-08", "conversation", "en", "holdout8", turns(("user", "Can I pay the school trip with my Mastercard? {mc8_a}"), ("user", "{mc8_b}"), ("assistant", "Yes, card payments are accepted.")), ["{mc8_a}", "{mc8_b}"], ["Yes, card payments are accepted."]),
    ("r8-con-09", "conversation", "de", "holdout8", {"messages": [{"role": "user", "content": "Wer ist in der Wohnung 3 links gemeldet?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "melderegister_abfragen", "arguments": json.dumps({"wohnung": "3 links"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Berivan Şahin, Kastanienallee 9, seit 2019"}, {"role": "user", "content": "Ist Frau Şahin dort noch gemeldet oder schon umgezogen?"}]}, ["Berivan", "Şahin", "Kastanienallee 9"], ["melderegister_abfragen", "oder schon umgezogen?"]),
    ("r8-con-10", "conversation", "en", "holdout8", turns(("system", "Caller verified: Rajesh Krishnamurthy, date of birth 22/09/1971, tenancy reference TR-4471"), ("assistant", "Hello Mr Krishnamurthy, how can I help today?"), ("user", "hi, is my boiler repair booked yet?")), ["Rajesh", "Krishnamurthy", "22/09/1971"], ["is my boiler repair booked yet?"]),
    ("r8-con-11", "conversation", "de", "holdout8", turns(("user", "Mein Name ist Päivi Järvinen-Lorenz, ich möchte einen Kitaplatz beantragen."), ("assistant", "Gern, für welches Kind?"), ("user", "Für meinen Sohn. Järvinen ist mein Geburtsname, er heißt nur Lorenz, Vorname Eliel.")), ["Päivi", "Järvinen", "Lorenz", "Eliel"], ["Gern, für welches Kind?"]),
    ("r8-con-12", "conversation", "en", "holdout8", turns(("user", "This is Venkata Lakshmi Narayanan, I applied for the council tax reduction"), ("assistant", "Thank you, Mrs Narayanan."), ("user", "Please call me Lakshmi. Has the reduction been applied?")), ["Venkata", "Lakshmi", "Narayanan"], ["Has the reduction been applied?"]),
    ("r8-stm-01", "stream", "de", "holdout8", {**user("Fasse den Erstattungsfall zusammen"), "answer": {"content": "Frau Teuta Morina (geb. 19.05.1984) hat als Bankverbindung {i8std} angegeben. Die Rückzahlung erfolgt innerhalb von fünf Werktagen."}}, ["Teuta", "Morina", "19.05.1984", "{i8std}"], ["Die Rückzahlung erfolgt innerhalb von fünf Werktagen."]),
    ("r8-stm-02", "stream", "en", "holdout8", {**user("Send the collection confirmation"), "answer": {"arguments": json.dumps({"to": "kofi.ampofo@gmail.com", "name": "Kofi Ampofo", "subject": "Your bulky waste collection"})}}, ["kofi.ampofo@gmail.com", "Kofi", "Ampofo"], ["Your bulky waste collection"]),
    ("r8-stm-03", "stream", "de", "holdout8", {**user("Schulanmeldung eintragen"), "answer": {"arguments": json.dumps({"schueler": "Luca Weißenböck", "erziehungsberechtigte": "Anna-Maria Weißenböck", "telefon": "0911 5673 2841", "schule": "Grundschule am Stadtpark"}, ensure_ascii=False)}}, ["Luca", "Weißenböck", "Anna-Maria", "5673 2841"], ["Grundschule am Stadtpark"]),
    ("r8-stm-04", "stream", "en", "holdout8", {**user("Draft the refund letter"), "answer": {"content": "Dear Ms Fernandes de Oliveira, " + "we have reviewed your request for a refund of the cancelled swimming course and agree that the fee should be returned. " * 5 + "The refund of £120.00 goes back to the Amex {amex8}. If anything is unclear, call us or text +55 11 98213-4470 as you asked. Kind regards"}}, ["Fernandes", "Oliveira", "{amex8}", "98213-4470"], ["Kind regards"]),
    ("r8-stm-05", "stream", "de", "holdout8", {**user("Welche Steuer-ID haben wir für den Antragsteller?"), "answer": {"content": "Für Herrn Dawit Haile ist die Steuer-ID {t8std} hinterlegt; bitte mit der Lohnsteuerbescheinigung abgleichen."}}, ["Dawit", "Haile", "{t8std}"], ["bitte mit der Lohnsteuerbescheinigung abgleichen."]),
    ("r8-stm-06", "stream", "en", "holdout8", {**user("Register the health insurance change"), "answer": {"arguments": json.dumps({"insured_person": "Tuomas Lehtonen", "kvnr": "{kv8}", "new_insurer": "AOK Sachsen"})}}, ["Tuomas", "Lehtonen", "{kv8}"], ["new_insurer"]),
    ("r8-stm-07", "stream", "de", "holdout8", {**user("Wohin geht die Mahnung?"), "answer": {"content": "Die Mahnung geht an Herrn Radek Procházka, Bautzner Straße 71, 01099 Dresden; telefonisch erreichbar unter 0351 2748190."}}, ["Radek", "Procházka", "Bautzner Straße 71", "2748190"], ["Die Mahnung geht an Herrn"]),
    ("r8-stm-08", "stream", "en", "holdout8", {**user("How can we reach the applicant?"), "answer": {"content": "Meera Iyer can be reached at meera.iyer@rediffmail.com or on her mobile +91 94430 61785, preferably after 5 pm."}}, ["Meera", "Iyer", "meera.iyer@rediffmail.com", "94430 61785"], ["preferably after 5 pm."]),
    ("r8-stm-09", "stream", "de", "holdout8", {**user("Bedarfsgemeinschaft anlegen"), "answer": {"arguments": json.dumps({"mitglieder": [{"vorname": "Yonas", "nachname": "Tesfay", "geburtsdatum": "1985-03-11"}, {"vorname": "Saba", "nachname": "Tesfay", "geburtsdatum": "2012-12-01"}], "leistung": "Bürgergeld"}, ensure_ascii=False)}}, ["Yonas", "Tesfay", "1985-03-11", "Saba", "2012-12-01"], ["Bürgergeld"]),
    ("r8-stm-10", "stream", "en", "holdout8", {**user("What was charged for the permit?"), "answer": {"content": "£35.00 was charged to the Visa {v8} of Mr Marek Svoboda for the residents' parking permit."}}, ["{v8}", "Marek", "Svoboda"], ["for the residents' parking permit."]),
    # ------------------------------------------------------------------ hold-out round 9
    # Written after round 8's fixes and committed before their first run; never evaluated
    # while writing. New request fields (an object default, a schema's top-level examples,
    # prediction and system/tool/assistant content as parts, a developer message, legacy
    # functions with function_call, camelCase and snake_case tool names holding a person),
    # new notations (narrow no-break spaces, GB/IE IBANs, worded e-mails, hex entities), new
    # structures (HTML table, vCard, mail headers, SQL, URL-encoded form, logfmt, nested JSON
    # strings), new conversation patterns (transliterated surnames, spelling corrections,
    # values from metadata, splits inside a group and over three messages).
    ("r9-req-01", "request", "de", "holdout9", {**user("Bitte die Rückerstattung der Hundesteuer vorbereiten"), "tools": [{"type": "function", "function": {"name": "rueckerstattung_hundesteuer", "description": "Bereitet die Rückerstattung zu viel gezahlter Hundesteuer vor", "parameters": {"type": "object", "properties": {"empfaenger": {"type": "object", "properties": {"name": {"type": "string"}, "iban": {"type": "string"}}, "default": {"name": "Gülten Karadağ", "iban": "{i9std}"}}}}}}]}, ["Gülten", "Karadağ", "{i9std}"], ["rueckerstattung_hundesteuer", "Bitte die Rückerstattung der Hundesteuer vorbereiten", "Bereitet die Rückerstattung zu viel gezahlter Hundesteuer vor"]),
    ("r9-req-02", "request", "en", "holdout9", {**user("Extract the sender of this housing complaint as JSON"), "response_format": {"type": "json_schema", "json_schema": {"name": "housing_complaint_sender", "schema": {"type": "object", "properties": {"full_name": {"type": "string"}, "email": {"type": "string"}, "postcode": {"type": "string"}}, "examples": [{"full_name": "Oluwadamilare Ogunleye", "email": "dami.ogunleye@outlook.com", "postcode": "SE15 4QN"}]}}}}, ["Oluwadamilare", "Ogunleye", "dami.ogunleye"], ["Extract the sender of this housing complaint as JSON", "housing_complaint_sender"]),
    ("r9-req-03", "request", "de", "holdout9", {**user("Bitte den Entwurf kürzen, der Inhalt bleibt gleich"), "prediction": {"type": "content", "content": [{"type": "text", "text": "Sehr geehrter Herr Nowakowski-Lindqvist,\n"}, {"type": "text", "text": "Ihre Rentenversicherungsnummer {s9nb} ist bei uns eingegangen. Wir melden uns, sobald der Kontenklärungsbescheid vorliegt."}]}}, ["Nowakowski", "Lindqvist", "{s9nb}"], ["Bitte den Entwurf kürzen, der Inhalt bleibt gleich"]),
    ("r9-req-04", "request", "en", "holdout9", {"messages": [{"role": "system", "content": [{"type": "text", "text": "You help the council's housing team answer tenants."}, {"type": "text", "text": "Current caseworker: Aoife Brennan-Kiely, direct line +353 1 872 4410"}]}, {"role": "user", "content": "Who should I contact about the damp in my bedroom?"}]}, ["Aoife", "Brennan", "Kiely", "872 4410"], ["You help the council's housing team answer tenants.", "Who should I contact about the damp in my bedroom?"]),
    ("r9-req-05", "request", "de", "holdout9", {"messages": [{"role": "developer", "content": "Antworte knapp. Die Anfrage stammt von Frau Thi Bich Ngoc Pham, Tel. 0341 99 28 417."}, {"role": "user", "content": "Wann wird das Elterngeld ausgezahlt?"}]}, ["Thi Bich Ngoc", "Pham", "99 28 417"], ["Antworte knapp.", "Wann wird das Elterngeld ausgezahlt?"]),
    ("r9-req-06", "request", "en", "holdout9", {"messages": [{"role": "user", "content": "Has the blue badge application been decided?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_bb1", "type": "function", "function": {"name": "fetch_file_of_declan_mcgettigan", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_bb1", "content": "pending"}]}, ["declan", "mcgettigan"], []),
    ("r9-req-07", "request", "de", "holdout9", {**user("Bitte den Antrag auf eine Schülerfahrkarte anlegen"), "functions": [{"name": "antrag_anlegen", "description": "Legt einen Antrag auf Schülerbeförderung an", "parameters": {"type": "object", "properties": {"antragsteller": {"type": "string", "description": "Nachname, Vorname", "examples": ["Schmidt, Hannelore"]}}}}], "function_call": {"name": "antrag_anlegen"}}, ["Schmidt", "Hannelore"], ["antrag_anlegen", "Bitte den Antrag auf eine Schülerfahrkarte anlegen", "Legt einen Antrag auf Schülerbeförderung an"]),
    ("r9-req-08", "request", "en", "holdout9", {"messages": [{"role": "user", "content": "Was the library fine refunded?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_lib", "type": "function", "function": {"name": "get_payment", "arguments": json.dumps({"reference": "LIB-7731"})}}]}, {"role": "tool", "tool_call_id": "call_lib", "content": [{"type": "text", "text": "Payer: Rukhsana Chaudhry\nCard: {mc9}\nStatus: refunded"}]}]}, ["Rukhsana", "Chaudhry", "{mc9}"], ["get_payment", "Was the library fine refunded?"]),
    ("r9-req-09", "request", "de", "holdout9", {"input": ["Öffnungszeiten des Bürgeramts Mitte", "Welche Unterlagen brauche ich für den Reisepass?", "Beschwerde von Ireneusz Wróblewski über die Wartezeit, Rückruf unter 0176 / 22 81 90 43"]}, ["Ireneusz", "Wróblewski", "22 81 90 43"], ["Öffnungszeiten des Bürgeramts Mitte", "Welche Unterlagen brauche ich für den Reisepass?"]),
    ("r9-req-10", "request", "en", "holdout9", {**user("Remind the resident about the bulky waste slot"), "tools": [{"type": "function", "function": {"name": "send_reminder", "description": "Sends an SMS reminder to a resident.\nExample: send_reminder(to='+1 (617) 555-0139', name='Keisha Washington-Boyd', slot='Tue 8-10am')", "parameters": {"type": "object", "properties": {"to": {"type": "string"}, "name": {"type": "string"}, "slot": {"type": "string"}}}}}]}, ["Keisha", "Washington-Boyd", "555-0139"], ["send_reminder", "Remind the resident about the bulky waste slot", "Sends an SMS reminder to a resident."]),
    ("r9-req-11", "request", "de", "holdout9", {"messages": [{"role": "user", "content": "Ist der Termin in der Ausländerbehörde eingetragen?"}, {"role": "assistant", "content": [{"type": "text", "text": "Ja, ich habe den Termin für Herrn Bogdan Ciocârlan am 12. Mai um 9:30 Uhr eingetragen."}]}, {"role": "user", "content": "Danke. Kann er einen Dolmetscher mitbringen?"}]}, ["Bogdan", "Ciocârlan"], ["Kann er einen Dolmetscher mitbringen?", "Ist der Termin in der Ausländerbehörde eingetragen?"]),
    ("r9-req-12", "request", "en", "holdout9", {**user("Let the applicant know the decision"), "tools": [{"type": "function", "function": {"name": "notifyPriyaVenkatesh", "description": "Sends the decision letter", "parameters": {"type": "object", "properties": {}}}}], "tool_choice": "required"}, ["Priya", "Venkatesh"], []),
    ("r9-req-13", "request", "de", "holdout9", {"input": "Absender:\nFrau\nHaruka Tanabe-Vogt\nRheinstraße 14\n65185 Wiesbaden\n\nBetreff: Zweitwohnungsteuer\nIch bitte um Erlass der Zweitwohnungsteuer für 2025."}, ["Haruka", "Tanabe", "Vogt", "Rheinstraße 14"], ["Betreff: Zweitwohnungsteuer"]),
    ("r9-req-14", "request", "en", "holdout9", {**user("Register the birth of baby Amelia Nkemdirim-Walsh, born 02/03/2026 at St James's"), "tools": [{"type": "function", "function": {"name": "register_birth", "description": "Creates a birth registration appointment", "parameters": {"type": "object", "properties": {"child_name": {"type": "string"}, "date_of_birth": {"type": "string"}}}}}], "tool_choice": {"type": "function", "function": {"name": "register_birth"}}}, ["Amelia", "Nkemdirim", "Walsh", "02/03/2026"], ["register_birth", "Register the birth of baby", "Creates a birth registration appointment"]),
    ("r9-fmt-01", "formats", "de", "holdout9", user("Meine Steuer-ID steht im Bescheid so: {t9nnb} – kann ich damit ELSTER nutzen?"), ["{t9nnb}"], ["kann ich damit ELSTER nutzen?"]),
    ("r9-fmt-02", "formats", "en", "holdout9", user("For the German side of my pension claim, TIN:{t9b} (that's the Steuer-ID)"), ["{t9b}"], ["For the German side of my pension claim"]),
    ("r9-fmt-03", "formats", "de", "holdout9", user("Versicherungsnummer der Rentenversicherung: {s9nb}, bitte Versicherungsverlauf schicken"), ["{s9nb}"], ["bitte Versicherungsverlauf schicken"]),
    ("r9-fmt-04", "formats", "de", "holdout9", user("rv-nummer {s9low} hab ich vom sozialversicherungsausweis abgetippt"), ["{s9low}"], ["hab ich vom sozialversicherungsausweis abgetippt"]),
    ("r9-fmt-05", "formats", "en", "holdout9", user("Please pay the housing benefit into my UK account: {gb9}"), ["{gb9}"], ["Please pay the housing benefit into my UK account"]),
    ("r9-fmt-06", "formats", "en", "holdout9", user("Irish account for the grant refund - {ie9}, thanks a million"), ["{ie9}"], ["Irish account for the grant refund", "thanks a million"]),
    ("r9-fmt-07", "formats", "de", "holdout9", user("Bitte auf das Konto meiner Tochter überweisen: `{i9}`"), ["{i9}"], ["Bitte auf das Konto meiner Tochter überweisen"]),
    ("r9-fmt-08", "formats", "de", "holdout9", user("Mein Konto ist in den Niederlanden: {nl9low} – geht das für das Kindergeld?"), ["{nl9low}"], ["geht das für das Kindergeld?"]),
    ("r9-fmt-09", "formats", "en", "holdout9", user("Card number {visa19plain} - please take the £25 for the replacement bin"), ["{visa19plain}"], ["please take the £25 for the replacement bin"]),
    ("r9-fmt-10", "formats", "de", "holdout9", user("Maestro {maestro9} – geht das für die Gebühr vom Führungszeugnis?"), ["{maestro9}"], ["geht das für die Gebühr vom Führungszeugnis?"]),
    ("r9-fmt-11", "formats", "en", "holdout9", user("Mastercard {mc9nb}, or the JCB as a backup: {jcb9}"), ["{mc9nb}", "{jcb9}"], ["or the JCB as a backup"]),
    ("r9-fmt-12", "formats", "de", "holdout9", user("Antwort bitte an milena.kostadinova(a)gmx.de oder an d.vukovic&#x40;posteo&#x2E;de"), ["milena.kostadinova", "d.vukovic"], ["Antwort bitte an"]),
    ("r9-fmt-13", "formats", "en", "holdout9", user("you can email me: ngozi dot eze at gmail dot com"), ["ngozi dot eze"], ["you can email me:"]),
    ("r9-fmt-14", "formats", "en", "holdout9", user("Daytime +1-646-555-0172, evenings my UK mobile +44 (0)7700 900 518"), ["646-555-0172", "7700 900 518"], ["evenings my UK mobile"]),
    ("r9-fmt-15", "formats", "de", "holdout9", user("Telefonisch: 0049 (0)30 / 8847 2210, mobil +49-1520-7784312"), ["8847 2210", "1520-7784312"], ["Telefonisch:"]),
    ("r9-str-01", "structured", "de", "holdout9", user("Bitte für die Schulanmeldung prüfen:\n<table><tr><th>Nachname</th><th>Vorname</th><th>Geburtsdatum</th></tr><tr><td>Koch</td><td>Emilia</td><td>04.02.2014</td></tr><tr><td>Wolf</td><td>Jonas</td><td>19.08.2012</td></tr></table>"), ["Koch", "Emilia", "04.02.2014", "Wolf", "Jonas", "19.08.2012"], ["Bitte für die Schulanmeldung prüfen:", "<th>Geburtsdatum</th>"]),
    ("r9-str-02", "structured", "en", "holdout9", user("Add this resident to the repairs mailing list:\nBEGIN:VCARD\nVERSION:3.0\nN:Oyelaran;Titilayo;;Mrs;\nFN:Titilayo Oyelaran\nTEL;TYPE=CELL:+44 7700 900 642\nEMAIL:t.oyelaran@btinternet.com\nADR;TYPE=HOME:;;27 Larkhall Rise;London;;SW4 6HU;UK\nEND:VCARD"), ["Oyelaran", "Titilayo", "7700 900 642", "t.oyelaran@btinternet.com", "27 Larkhall Rise"], ["Add this resident to the repairs mailing list:", "BEGIN:VCARD"]),
    ("r9-str-03", "structured", "de", "holdout9", user("Von: Ewa Dąbrowska-Kühn <ewa.dabrowska-kuehn@t-online.de>\nGesendet: Montag, 4. Mai 2026 08:12\nBetreff: Ummeldung Nebenwohnung\n\nBitte um einen Termin zur Ummeldung."), ["Ewa", "Dąbrowska", "Kühn", "ewa.dabrowska-kuehn"], ["Betreff: Ummeldung Nebenwohnung", "Bitte um einen Termin zur Ummeldung."]),
    ("r9-str-04", "structured", "en", "holdout9", user("applicants:\n  - surname: Young\n    forename: Grace\n    dob: 2009-06-14\n  - surname: Hill\n    forename: Noah\n    dob: 2010-01-30\nscheme: school transport"), ["Young", "Grace", "2009-06-14", "Hill", "Noah", "2010-01-30"], ["scheme: school transport"]),
    ("r9-str-05", "structured", "de", "holdout9", user("INSERT INTO antraege (vorname, nachname, telefon, iban) VALUES ('Anh Thư', 'Đặng', '0172 9384 115', '{i9std}');\nIst das SQL so richtig?"), ["Anh Thư", "Đặng", "9384 115", "{i9std}"], ["INSERT INTO antraege (vorname, nachname, telefon, iban) VALUES", "Ist das SQL so richtig?"]),
    ("r9-str-06", "structured", "en", "holdout9", user("Webhook body from the permit form:\n" + json.dumps({"event": "form.submitted", "payload": json.dumps({"surname": "Reilly", "first_name": "Cathal", "phone": "+353 87 512 3309", "email": "cathal.reilly@gmail.com"})})), ["Reilly", "Cathal", "87 512 3309", "cathal.reilly@gmail.com"], ["Webhook body from the permit form:", "form.submitted"]),
    ("r9-str-07", "structured", "de", "holdout9", user('Name,Geburtsdatum,Telefon\n"Bauer, Johanna",03.03.1958,0351 4410 226\n"Yavuz, Cem",21.12.1990,0351 8820 173\n"Nguyen, Van Minh",09.07.1985,0351 3307 658\nListe für den Seniorenfahrdienst'), ["Bauer", "Johanna", "03.03.1958", "4410 226", "Yavuz", "Cem", "21.12.1990", "8820 173", "Nguyen", "Van Minh", "09.07.1985", "3307 658"], ["Name,Geburtsdatum,Telefon", "Liste für den Seniorenfahrdienst"]),
    ("r9-str-08", "structured", "en", "holdout9", user("**Name:** Adaeze Chukwu-Lawal\n**Email:** adaeze.cl@hotmail.com\n**Phone:** 0161 496 0832\n**Request:** replacement recycling bin"), ["Adaeze", "Chukwu", "Lawal", "adaeze.cl@hotmail.com", "496 0832"], ["**Request:** replacement recycling bin"]),
    ("r9-str-09", "structured", "de", "holdout9", user("Formulardaten aus dem Log:\nvorname=Kemal&nachname=Arslanoglu&telefon=01573+2298417&anliegen=Ummeldung"), ["Kemal", "Arslanoglu", "2298417"], ["Formulardaten aus dem Log:", "anliegen=Ummeldung"]),
    ("r9-str-10", "structured", "en", "holdout9", user('level=info msg="claim updated" claimant_name="Bilal Haddad" claimant_email=bilal.haddad@icloud.com dob=1987-10-05 claim=CTR-5521\nWhy did this claim update twice?'), ["Bilal", "Haddad", "bilal.haddad@icloud.com", "1987-10-05"], ["Why did this claim update twice?", "claim=CTR-5521"]),
    ("r9-str-11", "structured", "de", "holdout9", user("Familienname: Sommer\nVorname: Frieda\nAnschrift: Am Weiher 7, 79100 Freiburg\nGeburtsdatum: 1. April 1949\nAnliegen: Schwerbehindertenausweis verlängern"), ["Sommer", "Frieda", "Am Weiher 7", "1. April 1949"], ["Anliegen: Schwerbehindertenausweis verlängern"]),
    ("r9-str-12", "structured", "en", "holdout9", user("surname\tgiven names\tIBAN\tamount\nOkonjo\tChinedu Emeka\t{gb9}\t£120.00\nMcAllister\tRóisín\t{ie9}\t£85.50"), ["Okonjo", "Chinedu", "Emeka", "{gb9}", "McAllister", "Róisín", "{ie9}"], ["surname\tgiven names\tIBAN\tamount"]),
    ("r9-str-13", "structured", "de", "holdout9", tool_call("formular_senden", {"formular": "wohngeld", "daten": json.dumps({"antragstellerin": "Svetlana Morozova", "geburtsdatum": "07.11.1979", "iban": "{i9}"}, ensure_ascii=False)}, "Bitte das Formular abschicken"), ["Svetlana", "Morozova", "07.11.1979", "{i9}"], ["formular_senden", "Bitte das Formular abschicken"]),
    ("r9-str-14", "structured", "en", "holdout9", user(json.dumps({"case": "HB-3390", "household": {"members": [{"givenName": "Tariq", "familyName": "Rahman", "dateOfBirth": "1979-02-11"}, {"givenName": "Nusrat", "familyName": "Jahan", "dateOfBirth": "1982-09-23"}]}, "address": {"line1": "Flat 5, 41 Beaumont Road", "postcode": "B30 2DY"}})), ["Tariq", "Rahman", "1979-02-11", "Nusrat", "Jahan", "1982-09-23", "41 Beaumont Road"], ["HB-3390", "givenName"]),
    ("r9-conv-01", "conversation", "de", "holdout9", {"messages": [{"role": "system", "content": "Anrufer verifiziert: Gülşen Yıldız, geb. 02.05.1968"}, {"role": "user", "content": "Ich hätte gern einen Rückruf wegen meines Wohngeldantrags."}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "rueckruf_planen", "arguments": json.dumps({"notiz": "gülşen möchte Rückruf am Vormittag", "anliegen": "Wohngeld"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "c1", "content": "Rückruf geplant"}]}, ["Gülşen", "Yıldız", "02.05.1968"], ["rueckruf_planen", "Ich hätte gern einen Rückruf wegen meines Wohngeldantrags.", "Rückruf geplant"]),
    ("r9-conv-02", "conversation", "en", "holdout9", {"messages": [{"role": "user", "content": "Can you tell Mr Oyebanji his skip permit is approved?"}], "metadata": {"resident": "Femi Oyebanji", "permit": "SK-4410"}}, ["Femi", "Oyebanji"], ["his skip permit is approved?"]),
    ("r9-conv-03", "conversation", "de", "holdout9", user("Mein Name ist Agnieszka", "Wiśniewska-Brandt, ich rufe wegen der Grundsteuer an"), ["Agnieszka", "Wiśniewska", "Brandt"], ["ich rufe wegen der Grundsteuer an"]),
    ("r9-conv-04", "conversation", "en", "holdout9", user("my email is siddhartha.banerjee", "@yahoo.co.in – please send the form there"), ["siddhartha.banerjee"], ["please send the form there"]),
    ("r9-conv-05", "conversation", "de", "holdout9", turns(("user", "Ich bin Gülay Öztürk und warte auf meinen Wohngeldbescheid."), ("assistant", "Guten Tag, Frau Öztürk."), ("user", "Im System steht es vielleicht als Oeztuerk oder Ozturk, die Umlaute gehen da oft verloren.")), ["Gülay", "Öztürk", "Oeztuerk", "Ozturk"], ["die Umlaute gehen da oft verloren."]),
    ("r9-conv-06", "conversation", "en", "holdout9", {"messages": [{"role": "user", "content": "I'm Thandiwe Mokoena, did my council tax refund go out?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_r", "type": "function", "function": {"name": "lookup_refund", "arguments": json.dumps({"reference": "CT-88102"})}}]}, {"role": "tool", "tool_call_id": "call_r", "content": "REFUND CT-88102 PAYEE MOKOENA T STATUS SENT"}]}, ["Thandiwe", "Mokoena"], ["lookup_refund", "did my council tax refund go out?"]),
    ("r9-conv-07", "conversation", "de", "holdout9", turns(("assistant", "Unter welcher Nummer können wir Sie zurückrufen?"), ("user", "0157 83"), ("user", "219406, am besten nachmittags")), ["0157 83", "219406"], ["am besten nachmittags"]),
    ("r9-conv-08", "conversation", "en", "holdout9", {"messages": [{"role": "user", "content": "This is Wanjiru Kamau-Otieno, I need a copy of my tenancy agreement"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_doc", "type": "function", "function": {"name": "send_document", "arguments": json.dumps({"document": "tenancy_agreement", "greeting": "Dear Wanjiru"})}}]}, {"role": "tool", "tool_call_id": "call_doc", "content": "sent"}, {"role": "assistant", "content": "Done, Wanjiru, the copy is on its way to you."}]}, ["Wanjiru", "Kamau", "Otieno"], ["send_document", "I need a copy of my tenancy agreement", "the copy is on its way to you."]),
    ("r9-conv-09", "conversation", "de", "holdout9", user("Kontoverbindung: {i9_a}", "{i9_b} – sorry, zu früh abgeschickt"), ["{i9_a}", "{i9_b}"], ["zu früh abgeschickt"]),
    ("r9-conv-10", "conversation", "en", "holdout9", turns(("user", "My daughter is Ifeoma Adeyemi-Price, she needs a place at a primary school"), ("assistant", "Of course. What is Ifeoma's date of birth?"), ("user", "28 March 2019")), ["Ifeoma", "Adeyemi", "Price", "28 March 2019"], ["she needs a place at a primary school"]),
    ("r9-conv-11", "conversation", "de", "holdout9", user("die Steuer-ID ist {t9_a}", "{t9_b}", "{t9_c} glaub ich, hab sie vom Handy abgelesen"), ["{t9_a}", "{t9_b}", "{t9_c}"], ["hab sie vom Handy abgelesen"]),
    ("r9-conv-12", "conversation", "en", "holdout9", turns(("user", "Hi, I'm calling about my application for the home energy grant"), ("assistant", "So that's Mr Padraig O'Flaherty at 9 Shore Road?"), ("user", "Pádraig with a fada, and it's Flaherty without the O")), ["Padraig", "Pádraig", "Flaherty", "9 Shore Road"], ["with a fada", "my application for the home energy grant"]),
    ("r9-stream-01", "stream", "de", "holdout9", {**user("Fasse die Bankdaten des Antrags als Tabelle zusammen"), "answer": {"content": "| Feld | Wert |\n|---|---|\n| Name | Dragoslav Ilić |\n| IBAN | {i9std} |\n| Telefon | +49 351 48 22 917 |\n\nDie Daten sind vollständig."}}, ["Dragoslav", "Ilić", "{i9std}", "48 22 917"], ["Die Daten sind vollständig."]),
    ("r9-stream-02", "stream", "en", "holdout9", {**user("Tell the household about the new bin day"), "answer": {"arguments": json.dumps({"notify": [{"name": "Akua Owusu", "sms": "+44 7700 900 771"}, {"name": "Kojo Owusu", "sms": "+44 7700 900 772"}], "template": "bin_day_change"})}}, ["Akua", "Owusu", "7700 900 771", "Kojo", "7700 900 772"], ["bin_day_change"]),
    ("r9-stream-03", "stream", "de", "holdout9", {**user("Was steht in der Akte zur Grundrente?"), "answer": {"content": "Laut Akte wurde Herr Mirosław Kubiak am 14. März 1961 geboren; seine Steuer-ID lautet {t9b}. Der Antrag auf Grundrente ist vollständig."}}, ["Mirosław", "Kubiak", "14. März 1961", "{t9b}"], ["Der Antrag auf Grundrente ist vollständig."]),
    ("r9-stream-04", "stream", "en", "holdout9", {**user("Draft the reply about the missed collection"), "answer": {"content": "Dear Ms Delacroix-Mbeki, " + "thank you for letting us know that your recycling was not collected on Tuesday; the crew has been asked to return. " * 5 + "If it is still not collected, reply to jeanne.delacroix@orange.fr as you asked, or we will call you on +1 (718) 555-0126. With best wishes"}}, ["Delacroix", "Mbeki", "jeanne.delacroix", "555-0126"], ["With best wishes"]),
    ("r9-stream-05", "stream", "de", "holdout9", {**user("Ummeldung erfassen"), "answer": {"arguments": json.dumps({"bewohner": "Nilüfer Çelik", "adresse": {"strasse": "Hohenzollernring 58", "plz": "50672", "ort": "Köln"}, "rv_nummer": "{s9sp}"}, ensure_ascii=False)}}, ["Nilüfer", "Çelik", "Hohenzollernring 58", "{s9sp}"], ["rv_nummer"]),
    ("r9-stream-06", "stream", "en", "holdout9", {**user("Was the replacement bin paid for?"), "answer": {"content": "The replacement bin fee of £25 was taken from the Mastercard {mc9} belonging to Mr Hamid Karimi-Azad. No further payment is needed."}}, ["{mc9}", "Hamid", "Karimi", "Azad"], ["No further payment is needed."]),
    ("r9-stream-07", "stream", "de", "holdout9", {**user("An wen ging die Schulbescheinigung?"), "answer": {"content": "Die Schulbescheinigung für Emma-Sophie Brandl (Klasse 4b) wurde an die Mutter, Frau Tatjana Brandl, unter tatjana.brandl@web.de verschickt."}}, ["Emma-Sophie", "Brandl", "Tatjana", "tatjana.brandl@web.de"], ["wurde an die Mutter"]),
    ("r9-stream-08", "stream", "en", "holdout9", {**user("Prepare the deposit return"), "answer": {"arguments": json.dumps({"payee": {"name": "Saoirse Mulcahy", "iban": "{ie9}"}, "reason": "deposit return"})}}, ["Saoirse", "Mulcahy", "{ie9}"], ["deposit return"]),
    # ------------------------------------------------------------------ hold-out round 10
    # Written after round 9's fixes and committed before their first run; never evaluated
    # while writing. New request fields (enum lists of people, a nested-array example, a
    # schema title, prediction as a plain string, stop as a single string, a pattern to keep,
    # names in tool-call ids and in a user's name field, a person in a tool_choice), new
    # notations (values broken over a line, AT/IT/LU/BE IBANs, hyphenated RV numbers, KVNR
    # in threes, 2-series Mastercard with dots, look-alike and entity e-mails, US/IE/GB
    # phones with no-break spaces), new structures (LDIF, HTTP headers, HTML form inputs,
    # XML attributes, Swiss key-value lines, word-like names under name keys, JSON inside
    # embeddings input), new conversation patterns (nicknames introduced in the chat,
    # genitive and possessive forms, a surname recurring in upper case in tool arguments).
    ("r10-req-01", "request", "de", "holdout10", {**user("Bitte die Akte zum Wohngeldantrag WG-2026-1187 zuweisen"), "tools": [{"type": "function", "function": {"name": "akte_zuweisen", "description": "Weist eine Akte einer Sachbearbeitung zu", "parameters": {"type": "object", "properties": {"aktenzeichen": {"type": "string"}, "antragstellerin": {"type": "string", "enum": ["Nomvula Dlamini-Hartmann", "Teodora Vasilescu"]}}}}}]}, ["Nomvula", "Dlamini", "Hartmann", "Teodora", "Vasilescu"], ["akte_zuweisen", "Weist eine Akte einer Sachbearbeitung zu", "Bitte die Akte zum Wohngeldantrag WG-2026-1187 zuweisen"]),
    ("r10-req-02", "request", "en", "holdout10", {"input": ["Tenant reports black mould in the bathroom ceiling", "Reported by Mrs Folasade Akinwande-Roberts, 14 Cedar Close, flat 2", "Category: disrepair"], "encoding_format": "float"}, ["Folasade", "Akinwande", "Roberts", "14 Cedar Close"], ["Tenant reports black mould in the bathroom ceiling", "Category: disrepair"]),
    ("r10-req-03", "request", "de", "holdout10", {**user("Welche Unterlagen fehlen noch für die Grundsicherung?"), "metadata": {"vorgang": "GS-44120", "steuer_id": "{t10std}", "rueckruf": "0761 / 45 12 098"}}, ["{t10std}", "45 12 098"], ["Welche Unterlagen fehlen noch für die Grundsicherung?", "GS-44120"]),
    ("r10-req-04", "request", "en", "holdout10", {"messages": [{"role": "user", "content": "Is the resident parking permit still valid?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_lookup_ahmadzai_farida", "type": "function", "function": {"name": "lookup_permit", "arguments": json.dumps({"permit": "RP-60213"})}}]}, {"role": "tool", "tool_call_id": "call_lookup_ahmadzai_farida", "content": "valid until 31/08/2026"}]}, ["ahmadzai", "farida"], ["lookup_permit", "Is the resident parking permit still valid?", "valid until 31/08/2026"]),
    ("r10-req-05", "request", "de", "holdout10", {**user("Bitte den Bescheid verschicken"), "tools": [{"type": "function", "function": {"name": "bescheid_an_ilse_hinterleitner_senden", "description": "Verschickt den Bescheid per Post", "parameters": {"type": "object", "properties": {}}}}]}, ["ilse", "hinterleitner"], []),
    ("r10-req-06", "request", "en", "holdout10", {"messages": [{"role": "user", "name": "Mthunzi_Ndlovu", "content": "How do I apply for a discretionary housing payment?"}]}, ["Mthunzi", "Ndlovu"], ["How do I apply for a discretionary housing payment?"]),
    ("r10-req-07", "request", "de", "holdout10", {**user("Bitte die Angaben aus dem Schreiben strukturiert ausgeben"), "response_format": {"type": "json_schema", "json_schema": {"name": "bescheid_daten", "schema": {"title": "Bescheid für Familie Ivanović", "type": "object", "properties": {"telefon": {"type": "string", "default": "0231 / 58 40 27 11"}, "leistung": {"type": "string"}}}}}}, ["Ivanović", "58 40 27 11"], ["Bitte die Angaben aus dem Schreiben strukturiert ausgeben", "bescheid_daten"]),
    ("r10-req-08", "request", "en", "holdout10", {**user("Tidy up the wording of this letter, keep the meaning"), "prediction": {"type": "content", "content": "Dear Mr Abernethy-Quaye,\nYour garden waste subscription for 7 Thornfield Grove has been renewed until March 2027.\nKind regards"}}, ["Abernethy", "Quaye", "7 Thornfield Grove"], ["Tidy up the wording of this letter, keep the meaning"]),
    ("r10-req-09", "request", "de", "holdout10", {"input": ["Antrag auf Familienbeihilfe eingelangt von Frau Jelena Stojanović, Favoritenstraße 212/3/14, 1100 Wien", "Status: in Bearbeitung"]}, ["Jelena", "Stojanović", "Favoritenstraße 212/3/14"], ["Status: in Bearbeitung"]),
    ("r10-req-10", "request", "en", "holdout10", {**user("Add the household to the free school meals check"), "tools": [{"type": "function", "function": {"name": "check_free_school_meals", "description": "Checks the household's entitlement to free school meals", "parameters": {"type": "object", "properties": {"children": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "year_group": {"type": "integer"}}}, "examples": [[{"name": "Lindiwe Mahlangu", "year_group": 3}, {"name": "Sipho Mahlangu", "year_group": 6}]]}}}}}]}, ["Lindiwe", "Mahlangu", "Sipho"], ["check_free_school_meals", "Checks the household's entitlement to free school meals", "Add the household to the free school meals check"]),
    ("r10-req-11", "request", "de", "holdout10", {**user("Bitte die Kontoverbindung für die Erstattung erfassen"), "tools": [{"type": "function", "function": {"name": "konto_erfassen", "description": "Erfasst die Bankverbindung für eine Erstattung", "parameters": {"type": "object", "properties": {"iban": {"type": "string", "pattern": "^DE\\d{20}$", "examples": ["{i10}"]}}}}}]}, ["{i10}"], ["konto_erfassen", "^DE\\d{20}$", "Erfasst die Bankverbindung für eine Erstattung"]),
    ("r10-req-12", "request", "en", "holdout10", {**user("Write a short reply confirming the blue badge renewal"), "stop": "Kind regards,\nMorag MacLeod"}, ["Morag", "MacLeod"], ["Write a short reply confirming the blue badge renewal"]),
    ("r10-req-13", "request", "de", "holdout10", {"messages": [{"role": "user", "content": "Bitte einen Fall für die Sperrmüllabholung anlegen"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "fall_anlegen", "arguments": json.dumps({"kategorie": "sperrmuell", "melder": "Torsten Quade", "telefon": "0511 39 84 72 60"})}}]}, {"role": "tool", "tool_call_id": "call_1", "content": "Fall SP-3381 angelegt"}], "tools": [{"type": "function", "function": {"name": "fall_anlegen", "description": "Legt einen Fall an", "parameters": {"type": "object", "properties": {"kategorie": {"type": "string"}, "melder": {"type": "string"}, "telefon": {"type": "string"}}}}}], "tool_choice": {"type": "function", "function": {"name": "fall_anlegen"}}, "parallel_tool_calls": False}, ["Torsten", "Quade", "39 84 72 60"], ["fall_anlegen", "sperrmuell", "Fall SP-3381 angelegt", "Bitte einen Fall für die Sperrmüllabholung anlegen"]),
    ("r10-req-14", "request", "en", "holdout10", {**user("Assess the claim and give a recommendation"), "tools": [{"type": "function", "function": {"name": "assess_lucas_pereira_claim", "description": "Runs the eligibility assessment", "parameters": {"type": "object", "properties": {}}}}], "tool_choice": {"type": "function", "function": {"name": "assess_lucas_pereira_claim"}}}, ["lucas", "pereira"], []),
    ("r10-fmt-01", "formats", "de", "holdout10", user("Steuer-ID laut Lohnsteuerbescheinigung:\n{t10nl}\nIst die so richtig abgeschrieben?"), ["{t10nl}"], ["Ist die so richtig abgeschrieben?"]),
    ("r10-fmt-02", "formats", "de", "holdout10", user("Versicherungsnummer {s10dash} – ich möchte Erwerbsminderungsrente beantragen"), ["{s10dash}"], ["ich möchte Erwerbsminderungsrente beantragen"]),
    ("r10-fmt-03", "formats", "de", "holdout10", user("Meine Krankenversichertennummer lautet {kv10grp}, die neue Gesundheitskarte ist noch nicht da"), ["{kv10grp}"], ["die neue Gesundheitskarte ist noch nicht da"]),
    ("r10-fmt-04", "formats", "de", "holdout10", user("Bitte die Familienbeihilfe auf mein Konto in Österreich überweisen: {at10}"), ["{at10}"], ["Bitte die Familienbeihilfe auf mein Konto in Österreich überweisen"]),
    ("r10-fmt-05", "formats", "de", "holdout10", user("Ich pendle nach Luxemburg, Konto dort: {lu10} – geht die Erstattung auch dahin?"), ["{lu10}"], ["geht die Erstattung auch dahin?"]),
    ("r10-fmt-06", "formats", "de", "holdout10", user("Tel. privat 0621/4 39 27-15, mobil 0160.9812.4473 (ab 16 Uhr)"), ["4 39 27-15", "9812.4473"], ["(ab 16 Uhr)"]),
    ("r10-fmt-07", "formats", "en", "holdout10", user("Paying the planning application fee with card {v10dots19}, exp 04/30"), ["{v10dots19}"], ["Paying the planning application fee with card"]),
    ("r10-fmt-08", "formats", "en", "holdout10", user("Take the court fee from my Amex {amex10dash}; if that fails use the Mastercard {mc10dots}"), ["{amex10dash}", "{mc10dots}"], ["if that fails use the Mastercard"]),
    ("r10-fmt-09", "formats", "en", "holdout10", user("contact: oisin.mccarthy [at] eircom [dot] net, or my wife deirdre(dot)mccarthy(at)gmail(dot)com"), ["oisin", "deirdre", "mccarthy"], ["or my wife"]),
    ("r10-fmt-10", "formats", "de", "holdout10", user("Mail: henrike.solberg＠posteo.de, alternativ k&#46;adomako&#64;web&#46;de"), ["henrike.solberg", "adomako"], ["alternativ"]),
    ("r10-fmt-11", "formats", "en", "holdout10", user("Call me on (312) 555-0187 during the day or text 312.555.0143 after 6"), ["555-0187", "555.0143"], ["during the day or text"]),
    ("r10-fmt-12", "formats", "en", "holdout10", user("Mobile +353\u00a087\u00a0219\u00a04406, or my UK landline 0113\u00a0496\n0175"), ["87\u00a0219\u00a04406", "496\n0175"], ["or my UK landline"]),
    ("r10-fmt-13", "formats", "en", "holdout10", user("I moved here from Milan, my Italian account is {it10} - can the council tax refund go there?"), ["{it10}"], ["can the council tax refund go there?"]),
    ("r10-str-01", "structured", "de", "holdout10", user("Bitte den LDIF-Export prüfen, ob die Attribute stimmen:\ndn: uid=rpietrzyk,ou=buerger,dc=stadt-beispiel,dc=de\nobjectClass: inetOrgPerson\ncn: Radosława Pietrzyk\nsn: Pietrzyk\ngivenName: Radosława\nmail: r.pietrzyk@gmx.net\ntelephoneNumber: +49 341 9927 3310"), ["rpietrzyk", "Radosława", "Pietrzyk", "r.pietrzyk@gmx.net", "9927 3310"], ["Bitte den LDIF-Export prüfen, ob die Attribute stimmen:", "objectClass: inetOrgPerson"]),
    ("r10-str-02", "structured", "en", "holdout10", user("Request from the failing call:\nPOST /api/permits HTTP/1.1\nHost: permits.example-council.gov.uk\nContent-Type: text/plain\nX-Applicant-Name: Chiamaka Eze-Hollis\nX-Applicant-Email: chiamaka.eh@gmail.com\n\nWhy does it return 415?"), ["Chiamaka", "Eze", "Hollis", "chiamaka.eh@gmail.com"], ["Why does it return 415?", "POST /api/permits HTTP/1.1"]),
    ("r10-str-03", "structured", "de", "holdout10", user("nachname: Fuchs\nvorname: Heide\ngeburtsdatum: 1957-08-23\nanschrift: Lindenweg 4, 34117 Kassel\nleistung: Grundsicherung im Alter"), ["Fuchs", "Heide", "1957-08-23", "Lindenweg 4"], ["leistung: Grundsicherung im Alter"]),
    ("r10-str-04", "structured", "en", "holdout10", user('id,surname,first_name,email,notes\n1,Stone,River,river.stone@outlook.com,"needs ground floor, has a dog"\n2,Rose,Summer,summer.rose77@yahoo.com,\n3,Bird,Robin,rbird@aol.com,"prefers phone"'), ["Stone", "River", "river.stone@outlook.com", "Rose", "Summer", "summer.rose77@yahoo.com", "Bird", "Robin", "rbird@aol.com"], ["id,surname,first_name,email,notes", "needs ground floor, has a dog"]),
    ("r10-str-05", "structured", "de", "holdout10", user("Erstattung Elternbeiträge Kita Sonnenblume:\n| Vorname | Nachname | Telefon | IBAN |\n|---|---|---|---|\n| Ruth | Engel | 0631 / 7 12 84 | {i10std} |\n| Malte | Brandt | 0631 / 9 40 17 | {i10b} |"), ["Ruth", "Engel", "7 12 84", "{i10std}", "Malte", "Brandt", "9 40 17", "{i10b}"], ["Erstattung Elternbeiträge Kita Sonnenblume:", "| Vorname | Nachname | Telefon | IBAN |"]),
    ("r10-str-06", "structured", "en", "holdout10", user('ts=2026-05-11T09:14:02Z level=warn svc=benefits msg="address mismatch" surname=Day forename=April address="22 Orchard Way, Leeds LS6 3AB" claim=UC-77120\nWhat does this warning mean?'), ["Day", "April", "22 Orchard Way"], ["What does this warning mean?", 'msg="address mismatch"']),
    ("r10-str-07", "structured", "de", "holdout10", user('<buerger nachname="Vogel" vorname="Linh" geburtsdatum="1992-03-07"><telefon>+49 30 2201 7789</telefon><anliegen>Anwohnerparkausweis</anliegen></buerger>'), ["Vogel", "Linh", "1992-03-07", "2201 7789"], ["<anliegen>Anwohnerparkausweis</anliegen>"]),
    ("r10-str-08", "structured", "en", "holdout10", {"messages": [{"role": "user", "content": "Who lives in the household for the LIHEAP application?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_hh", "type": "function", "function": {"name": "list_household", "arguments": json.dumps({"application": "LH-2026-0932"})}}]}, {"role": "tool", "tool_call_id": "call_hh", "content": json.dumps([{"name": "Ximena Cárdenas Ruiz", "dob": "1986-02-27", "phone": "(505) 555-0119"}, {"name": "Mateo Cárdenas", "dob": "2015-10-04"}], ensure_ascii=False)}]}, ["Ximena", "Cárdenas", "Ruiz", "1986-02-27", "555-0119", "Mateo", "2015-10-04"], ["list_household", "Who lives in the household for the LIHEAP application?"]),
    ("r10-str-09", "structured", "de", "holdout10", user("Name: Gerber\nVorname: Urs\nAdresse: Spitalgasse 28, 3011 Bern\nAHV-Nr.: {ahv10}\nAnliegen: Parkkarte für Anwohnende"), ["Gerber", "Urs", "Spitalgasse 28", "{ahv10}"], ["Anliegen: Parkkarte für Anwohnende"]),
    ("r10-str-10", "structured", "en", "holdout10", user("Full name\tDate of birth\tPhone\nJamal Whitaker\t03/14/1988\t(404) 555-0163\nLatoya Whitaker-Simms\t11/02/1990\t(404) 555-0178\nSNAP household roster, please check the dates"), ["Jamal", "Whitaker", "03/14/1988", "555-0163", "Latoya", "Simms", "11/02/1990", "555-0178"], ["SNAP household roster, please check the dates", "Full name\tDate of birth\tPhone"]),
    ("r10-str-11", "structured", "de", "holdout10", user(json.dumps({"anmeldung": "Kita", "kind": {"vorname": "Ilvy", "nachname": "Marquardt", "geburtsdatum": "2023-01-19"}, "kontakt": {"name": "Sören Marquardt", "email": "soeren.marquardt@freenet.de", "telefon": "0421 / 33 90 57"}, "betreuung": "45 Stunden"}, ensure_ascii=False)), ["Ilvy", "Marquardt", "2023-01-19", "Sören", "soeren.marquardt@freenet.de", "33 90 57"], ['"betreuung": "45 Stunden"']),
    ("r10-str-12", "structured", "en", "holdout10", user('<form action="/apply"><input name="surname" value="Penhaligon"><input name="email" value="t.penhaligon@btopenworld.com"><input name="dob" value="1975-11-02"></form>\nWhy doesn\'t the form keep the values after validation?'), ["Penhaligon", "t.penhaligon@btopenworld.com", "1975-11-02"], ["Why doesn't the form keep the values after validation?", '<form action="/apply">']),
    ("r10-str-13", "structured", "de", "holdout10", user('Name;Steuer-ID;Geburtsdatum\n"Ludwig, Anneliese";{t10b};12.06.1951\n"Petrović, Dragan";{t10c};30.09.1966'), ["Ludwig", "Anneliese", "{t10b}", "12.06.1951", "Petrović", "Dragan", "{t10c}", "30.09.1966"], ["Name;Steuer-ID;Geburtsdatum"]),
    ("r10-str-14", "structured", "en", "holdout10", {"input": [json.dumps({"tenant": {"fullName": "Ffion Pritchard", "phone": "029 2018 4473"}, "issue": "broken boiler"})]}, ["Ffion", "Pritchard", "2018 4473"], ['"issue": "broken boiler"']),
    ("r10-conv-01", "conversation", "de", "holdout10", turns(("user", "Ich bin Friedrich-Wilhelm Pfannenstiel, aber alle nennen mich Fritz."), ("assistant", "Guten Tag, wie kann ich helfen?"), ("user", "Der Fritz braucht einen neuen Schwerbehindertenausweis, der alte läuft ab.")), ["Friedrich-Wilhelm", "Pfannenstiel", "Fritz"], ["der alte läuft ab.", "Guten Tag, wie kann ich helfen?"]),
    ("r10-conv-02", "conversation", "en", "holdout10", {"messages": [{"role": "user", "content": "Hello, I'm Oluwakemi Fagbemi and I applied for a council house exchange"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_s", "type": "function", "function": {"name": "search_applications", "arguments": json.dumps({"query": "fagbemi", "scheme": "mutual_exchange"})}}]}, {"role": "tool", "tool_call_id": "call_s", "content": "1 application found, status: under review"}]}, ["Oluwakemi", "Fagbemi"], ["search_applications", "mutual_exchange", "1 application found, status: under review"]),
    ("r10-conv-03", "conversation", "de", "holdout10", user("Kreditkarte für die Gebühr: {jcb10_a}", "{jcb10_b} – Ablauf 09/28"), ["{jcb10_a}", "{jcb10_b}"], ["Kreditkarte für die Gebühr:"]),
    ("r10-conv-04", "conversation", "en", "holdout10", turns(("assistant", "I have Ms DeShawna Prewitt at 418 Magnolia Street, is that right?"), ("user", "yes that's me, deshawna. my SNAP recertification letter never came")), ["DeShawna", "Prewitt", "418 Magnolia Street"], ["my SNAP recertification letter never came"]),
    ("r10-conv-05", "conversation", "de", "holdout10", {"messages": [{"role": "user", "content": "Mein Name ist Anne-Katrin Wöhrle-Başaran, ich warte auf den Kinderzuschlag."}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "antrag_suchen", "arguments": json.dumps({"nachname": "Başaran", "leistung": "Kinderzuschlag"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "c1", "content": "kein Treffer"}, {"role": "assistant", "content": "Unter Başaran finde ich nichts. Ist der Antrag vielleicht unter Wöhrle gestellt?"}]}, ["Anne-Katrin", "Wöhrle", "Başaran"], ["antrag_suchen", "kein Treffer", "Ist der Antrag vielleicht unter"]),
    ("r10-conv-06", "conversation", "en", "holdout10", {"messages": [{"role": "user", "name": "Eamon_Fitzgerald", "content": "Can I get a rates rebate on my pension?"}, {"role": "assistant", "content": "Possibly, Eamon. Are you the owner of the property?"}, {"role": "user", "content": "Yes, it's in my name, Fitzgerald, since 1998."}]}, ["Eamon", "Fitzgerald"], ["Are you the owner of the property?"]),
    ("r10-conv-07", "conversation", "de", "holdout10", {"messages": [{"role": "user", "content": "Meine Steuer-ID ist {t10std}, bitte für den Kindergeldantrag hinterlegen."}, {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "kindergeld_antrag_ergaenzen", "arguments": json.dumps({"steuer_id": "{t10plain}"})}}]}, {"role": "tool", "tool_call_id": "c1", "content": "gespeichert"}]}, ["{t10std}", "{t10plain}"], ["kindergeld_antrag_ergaenzen", "bitte für den Kindergeldantrag hinterlegen."]),
    ("r10-conv-08", "conversation", "en", "holdout10", turns(("user", "I'm Gráinne Heffernan, my number is +353 86 401 7729"), ("assistant", "Thanks, when is a good time to call?"), ("user", "Mornings. If that doesn't work try 086 401 7729 from a landline, the +353 sometimes fails")), ["Gráinne", "Heffernan", "86 401 7729"], ["Thanks, when is a good time to call?"]),
    ("r10-conv-09", "conversation", "de", "holdout10", turns(("user", "Ich möchte meine Tochter Ilka Terhoeven an der Grundschule anmelden."), ("assistant", "Gern. Haben Sie das Zeugnis der Kita?"), ("user", "Ilkas Zeugnis bringe ich mit, Terhoevens stehen auch schon im Melderegister.")), ["Ilka", "Terhoeven"], ["Haben Sie das Zeugnis der Kita?"]),
    ("r10-conv-10", "conversation", "en", "holdout10", turns(("user", "This is Corinne Abernathy, I need a bigger recycling bin"), ("assistant", "Certainly. How many people live at the address?"), ("user", "Five. Please note the Abernathy household has two toddlers, hence all the nappies. CORINNE is fine on the delivery note.")), ["Corinne", "Abernathy"], ["How many people live at the address?"]),
    ("r10-conv-11", "conversation", "de", "holdout10", turns(("user", "Anschrift: Am Krähenberg 17, 53902 Bad Münstereifel. Ich heiße Wendelin Schürholz."), ("assistant", "Danke, was möchten Sie ändern?"), ("user", "Die Grundsteuer kommt an Am Krähenberg 7, richtig ist Am Krähenberg 17 – bitte korrigieren, Schürholz mit ü.")), ["Am Krähenberg 17", "Wendelin", "Schürholz"], ["Danke, was möchten Sie ändern?"]),
    ("r10-conv-12", "conversation", "en", "holdout10", {"messages": [{"role": "system", "content": "Verified caller: Kenji Watanabe-Holt, DOB 1990-07-19"}, {"role": "user", "content": "Has my parking fine appeal been decided?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_a", "type": "function", "function": {"name": "find_appeal", "arguments": json.dumps({"appellant": "WATANABE-HOLT K", "type": "PCN"})}}]}, {"role": "tool", "tool_call_id": "call_a", "content": "appeal allowed"}]}, ["Kenji", "Watanabe", "Holt", "1990-07-19"], ["find_appeal", "Has my parking fine appeal been decided?", "appeal allowed"]),
    ("r10-stream-01", "stream", "de", "holdout10", {**user("Welche Bankverbindung steht im Antrag?"), "answer": {"content": "Bankverbindung von Frau Hedwig Scharnagl:\n{i10nl}\nBitte vor der Auszahlung prüfen."}}, ["Hedwig", "Scharnagl", "{i10nl}"], ["Bitte vor der Auszahlung prüfen."]),
    ("r10-stream-02", "stream", "en", "holdout10", {**user("Send the energy assistance approval"), "answer": {"arguments": json.dumps({"recipient": "Marisol Zepeda", "address": "1207 Juniper Avenue, Apt 3B", "phone": "(505) 555-0191", "program": "LIHEAP"})}}, ["Marisol", "Zepeda", "1207 Juniper Avenue", "555-0191"], ["LIHEAP"]),
    ("r10-stream-03", "stream", "de", "holdout10", {**user("Wer ist die versicherte Person?"), "answer": {"content": "Versichert ist Frau Chiara Benedetti-Huber, geb. 03.10.1994, Krankenversichertennummer {kv10}. Die Mitgliedsbescheinigung liegt vor."}}, ["Chiara", "Benedetti", "Huber", "03.10.1994", "{kv10}"], ["Die Mitgliedsbescheinigung liegt vor."]),
    ("r10-stream-04", "stream", "en", "holdout10", {**user("Draft the receipt for the allotment fee"), "answer": {"content": "Dear Ms Sadowska, " + "thank you for renewing your allotment plot for the coming season; your plot number and rules are unchanged. " * 5 + "We took £42.00 from the Maestro card {maestro10plain}. Questions can go to ewelina.sadowska(at)gmail.com as you asked. Yours sincerely"}}, ["Sadowska", "{maestro10plain}", "ewelina.sadowska"], ["Yours sincerely"]),
    ("r10-stream-05", "stream", "de", "holdout10", {**user("Person für die Parkkarte erfassen"), "answer": {"arguments": json.dumps({"person": {"name": "Beat Zürcher", "ahv_nummer": "{ahv10b}", "adresse": "Kramgasse 49, 3011 Bern"}, "karte": "Anwohnende Zone 2"}, ensure_ascii=False)}}, ["Beat", "Zürcher", "{ahv10b}", "Kramgasse 49"], ["Anwohnende Zone 2"]),
    ("r10-stream-06", "stream", "en", "holdout10", {**user("How do we contact the applicant?"), "answer": {"content": "The applicant, Mr Gwilym Prosser of 8 Heol Las, Swansea, can be reached on 01792 496 318 on weekdays."}}, ["Gwilym", "Prosser", "8 Heol Las", "496 318"], ["can be reached on"]),
    ("r10-stream-07", "stream", "de", "holdout10", {**user("Fasse die Kita-Anmeldung zusammen"), "answer": {"content": "- Kind: Leonie Drăgulescu, geb. 11.11.2021\n- Mutter: Ioana Drăgulescu, Tel. 0511 / 76 43 21 09\n\nDer Platz ist ab August frei."}}, ["Leonie", "Drăgulescu", "11.11.2021", "Ioana", "76 43 21 09"], ["Der Platz ist ab August frei."]),
    ("r10-stream-08", "stream", "en", "holdout10", {**user("Prepare the deposit refund"), "answer": {"arguments": json.dumps({"payee": "Wout Vermeulen", "iban": "{be10}", "reference": "deposit refund"})}}, ["Wout", "Vermeulen", "{be10}"], ["deposit refund"]),
    # ------------------------------------------------------------------ hold-out round 11
    # Written after round 10's fixes and committed before their first run; never evaluated
    # while writing. New identifiers of other countries with valid checks (NL BSN, BE
    # national number, AT SV number, PL PESEL, FR NIR, IT codice fiscale, ES DNI/NIE, UK NHS
    # number and NINO without spaces, IE PPSN, FI HETU, CZ birth number, US SSN/ITIN, SE
    # personnummer, PT NIF), German ID-card, passport and tax numbers, personal licence plates,
    # PL/PT/CZ IBANs, UnionPay and 13-digit Visa; new request fields ($comment in a schema,
    # tool output as parts, a developer context, few-shot JSON in a system prompt, legacy
    # functions with defaults, nested arrays in tool arguments, base64 embeddings); new
    # structures (TOML, iCalendar, JSON Lines, YAML front matter, aligned text tables, quoted
    # e-mail replies, mail merge, OCR text with broken line wraps, INI, XÖV-like XML, a JWT,
    # a W-9); new conversation patterns (spelling alphabet, spoken digits from a voice bot,
    # a relative's data, name order and romanisation, household members with word-like names).
    ("r11-req-01", "request", "de", "holdout11", {**user("Bitte prüfen, ob der Ausweis für die Briefwahl reicht"), "tools": [{"type": "function", "function": {"name": "ausweis_pruefen", "description": "Prüft, ob der Personalausweis gültig ist. Beispiel aus dem Testfall: Ausweisnummer {idcard11} von Frau Henrike Ostermann-Baysal", "parameters": {"type": "object", "properties": {"ausweisnummer": {"type": "string"}}}}}]}, ["{idcard11}", "Henrike", "Ostermann", "Baysal"], ["ausweis_pruefen", "Prüft, ob der Personalausweis gültig ist."]),
    ("r11-req-02", "request", "en", "holdout11", {"input": ["Re: Adult social care assessment", "Patient: Mr Obinna Chukwuemeka-Reid, NHS number {nhs11}", "Assessment due: 14 July"], "encoding_format": "base64"}, ["Obinna", "Chukwuemeka", "Reid", "{nhs11}"], ["Re: Adult social care assessment", "Assessment due: 14 July"]),
    ("r11-req-03", "request", "de", "holdout11", {**user("Lies die Versicherungsdaten aus dem Bescheid der ÖGK aus"), "response_format": {"type": "json_schema", "json_schema": {"name": "versicherungsdaten", "schema": {"type": "object", "properties": {"sv_nummer": {"type": "string", "description": "10-stellig, z. B. {atsv11} (Herr Florian Gschwandtner)"}, "traeger": {"type": "string"}}}}}}, ["{atsv11}", "Florian", "Gschwandtner"], ["versicherungsdaten", "Lies die Versicherungsdaten aus dem Bescheid der ÖGK aus"]),
    ("r11-req-04", "request", "en", "holdout11", {**user("Fix the grammar in this letter, nothing else"), "prediction": {"type": "content", "content": "Dear Niamh Ní Bhriain,\nYour PPS number {ppsn11} have been linked to your MyGovID account.\nYours faithfully,\nDepartment of Social Protection"}}, ["Niamh", "Bhriain", "{ppsn11}"], ["Fix the grammar in this letter, nothing else", "Department of Social Protection"]),
    ("r11-req-05", "request", "de", "holdout11", {"messages": [{"role": "user", "name": "doris-pfaffenberger", "content": "Wie lange dauert die Ausstellung eines Führungszeugnisses?"}]}, ["doris", "pfaffenberger"], ["Wie lange dauert die Ausstellung eines Führungszeugnisses?"]),
    ("r11-req-06", "request", "en", "holdout11", tool_call("upload_roster", {"clinic": "VITA site 14", "rows": [["Surname", "Forename", "SSN"], ["Delgado Fuentes", "Rosalinda", "{ssn11}"], ["Okonkwo", "Ebuka", "{ssn11b}"]]}, "Upload the corrected roster for the tax clinic"), ["Delgado", "Fuentes", "Rosalinda", "{ssn11}", "Okonkwo", "Ebuka", "{ssn11b}"], ["upload_roster", "Upload the corrected roster for the tax clinic", "VITA site 14"]),
    ("r11-req-07", "request", "de", "holdout11", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Ist auf dem Blitzerfoto das Kennzeichen lesbar?"}, {"type": "image_url", "image_url": {"url": "https://bussgeld.example-stadt.de/fotos/2026/05/HH-KM-2291_tuncay-yesilyurt.jpg", "detail": "high"}}]}]}, ["HH-KM-2291", "tuncay", "yesilyurt"], ["Ist auf dem Blitzerfoto das Kennzeichen lesbar?"]),
    ("r11-req-08", "request", "en", "holdout11", {**user("Validate the claimant record before the assessment"), "tools": [{"type": "function", "function": {"name": "validate_claimant", "description": "Checks a claimant record", "parameters": {"type": "object", "$comment": "tested with Marguerite Okonedo-Banks, NI number {nino11}", "properties": {"ni_number": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{6}[A-D]$"}}}}}]}, ["Marguerite", "Okonedo", "Banks", "{nino11}"], ["validate_claimant", "^[A-Z]{2}[0-9]{6}[A-D]$"]),
    ("r11-req-09", "request", "de", "holdout11", {"messages": [{"role": "user", "content": "Ist die Antragstellerin schon im Melderegister?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_mr", "type": "function", "function": {"name": "melderegister_suchen", "arguments": json.dumps({"nachname": "Zając-Nowicka"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_mr", "content": [{"type": "text", "text": "1 Treffer"}, {"type": "text", "text": "Wiktoria Zając-Nowicka, PESEL {pesel11}, Kopernikusstraße 9, 02625 Bautzen"}]}]}, ["Wiktoria", "Zając", "Nowicka", "{pesel11}", "Kopernikusstraße 9"], ["melderegister_suchen", "Ist die Antragstellerin schon im Melderegister?", "1 Treffer"]),
    ("r11-req-10", "request", "en", "holdout11", {**user("File the extension for the VITA client"), "functions": [{"name": "file_extension_request", "description": "Files IRS Form 4868 for a client", "parameters": {"type": "object", "properties": {"itin": {"type": "string", "default": "{itin11}"}, "client": {"type": "string", "default": "Xiomara Betancourt"}}}}], "function_call": {"name": "file_extension_request"}}, ["{itin11}", "Xiomara", "Betancourt"], ["file_extension_request", "Files IRS Form 4868 for a client"]),
    ("r11-req-11", "request", "de", "holdout11", {"input": "Von: \"Lehmkuhl, Jörg\" <joerg.lehmkuhl@ewe.net>\nAn: poststelle@landkreis-beispiel.de\nBetreff: Widerspruch Abfallgebühren 2026\n\nSehr geehrte Damen und Herren,\nhiermit lege ich Widerspruch gegen den Gebührenbescheid ein."}, ["Lehmkuhl", "Jörg", "joerg.lehmkuhl@ewe.net"], ["poststelle@landkreis-beispiel.de", "Betreff: Widerspruch Abfallgebühren 2026", "hiermit lege ich Widerspruch gegen den Gebührenbescheid ein."]),
    ("r11-req-12", "request", "en", "holdout11", {"messages": [{"role": "user", "content": [{"type": "text", "text": "This is my house - is it inside the brown bin zone?"}, {"type": "image_url", "image_url": {"url": "https://maps.example.com/staticmap?center=47+Kilbarrack+Road,+Raheny,+Dublin+5&zoom=17"}}]}]}, ["47+Kilbarrack+Road"], ["is it inside the brown bin zone?"]),
    ("r11-req-13", "request", "de", "holdout11", {"messages": [{"role": "developer", "content": "Kontext aus dem Fachverfahren: Herr Aurelio Santangelo, Steuernummer 143/218/40527, Fahrzeug M-AS 4417, Anwohnerparken Zone 12."}, {"role": "user", "content": "Kann der Bewohnerparkausweis verlängert werden?"}]}, ["Aurelio", "Santangelo", "143/218/40527", "M-AS 4417"], ["Anwohnerparken Zone 12", "Kann der Bewohnerparkausweis verlängert werden?"]),
    ("r11-req-14", "request", "en", "holdout11", {"messages": [{"role": "system", "content": 'Extract the applicant. Return JSON like: {"applicant": "Deepika Raghunathan", "dob": "1990/11/05", "case_type": "SNAP"}'}, {"role": "user", "content": "Applicant details are in the attached intake note."}], "response_format": {"type": "json_object"}}, ["Deepika", "Raghunathan", "1990/11/05"], ["Return JSON like:", '"case_type": "SNAP"', "Applicant details are in the attached intake note."]),
    ("r11-fmt-01", "formats", "de", "holdout11", user("Steuer-ID aus dem Formular abgeschrieben (Kästchen): {t11box} – stimmt das Format so?"), ["{t11box}"], ["stimmt das Format so?"]),
    ("r11-fmt-02", "formats", "de", "holdout11", user("Meine Ausweisnummer ist {idcard11}, gültig bis 2031 – reicht das für die Briefwahl?"), ["{idcard11}"], ["reicht das für die Briefwahl?"]),
    ("r11-fmt-03", "formats", "de", "holdout11", user("Reisepassnummer {pass11} – laut SMS ist der Pass abholbereit, brauche ich einen Termin?"), ["{pass11}"], ["brauche ich einen Termin?"]),
    ("r11-fmt-04", "formats", "en", "holdout11", user("I lived in Rotterdam until 2024, my BSN was {bsn11} - do you need it for the council tax?"), ["{bsn11}"], ["do you need it for the council tax?"]),
    ("r11-fmt-05", "formats", "de", "holdout11", user("Rijksregisternummer meiner Frau: {bnn11}, wir ziehen aus Eupen zu"), ["{bnn11}"], ["wir ziehen aus Eupen zu"]),
    ("r11-fmt-06", "formats", "de", "holdout11", user("SV-Nummer (Österreich) {atsv11} – wird die für die Grenzgängerbescheinigung gebraucht?"), ["{atsv11}"], ["wird die für die Grenzgängerbescheinigung gebraucht?"]),
    ("r11-fmt-07", "formats", "en", "holdout11", user("My French social security number is {nir11} (it's on my carte Vitale)"), ["{nir11}"], ["it's on my carte Vitale"]),
    ("r11-fmt-08", "formats", "de", "holdout11", user("Codice fiscale: {cf11} – bitte für die Elterngeldstelle übernehmen"), ["{cf11}"], ["bitte für die Elterngeldstelle übernehmen"]),
    ("r11-fmt-09", "formats", "en", "holdout11", user("NIE {nie11}, my husband's DNI is {dni11dash}"), ["{nie11}", "{dni11dash}"], ["my husband's DNI is"]),
    ("r11-fmt-10", "formats", "en", "holdout11", user("ssn {ssn11b} - i need the SNAP interview moved to next week"), ["{ssn11b}"], ["i need the SNAP interview moved to next week"]),
    ("r11-fmt-11", "formats", "en", "holdout11", user("NHS no. {nhs11b} and NI {nino11} for the blue badge form"), ["{nhs11b}", "{nino11}"], ["for the blue badge form"]),
    ("r11-fmt-12", "formats", "en", "holdout11", user("ppsn {ppsn11b} - is that enough for the housing assistance payment?"), ["{ppsn11b}"], ["is that enough for the housing assistance payment?"]),
    ("r11-fmt-13", "formats", "de", "holdout11", user("Henkilötunnus {hetu11}, ich bin aus Finnland zugezogen"), ["{hetu11}"], ["ich bin aus Finnland zugezogen"]),
    ("r11-fmt-14", "formats", "de", "holdout11", user("Rodné číslo {rc11} – brauche ich das für die Krankenkasse?"), ["{rc11}"], ["brauche ich das für die Krankenkasse?"]),
    ("r11-fmt-15", "formats", "en", "holdout11", user("Please pay the refund to my Polish account {pl11} or the Portuguese one {pt11}"), ["{pl11}", "{pt11}"], ["or the Portuguese one"]),
    ("r11-fmt-16", "formats", "de", "holdout11", user("UnionPay-Karte {unionpay11} geht nicht, alternativ die alte Visa {visa13}"), ["{unionpay11}", "{visa13}"], ["alternativ die alte Visa"]),
    ("r11-fmt-17", "formats", "de", "holdout11", user("Geburtsdaten: ich 3.IV.1961 in Gliwice, meine Ehefrau *17.09.1964 – gilt für uns noch die alte Regelung?"), ["3.IV.1961", "17.09.1964"], ["gilt für uns noch die alte Regelung?"]),
    ("r11-fmt-18", "formats", "en", "holdout11", user("Call me on +212 6 61 23 45 78 (Morocco) or +63 917 845 2231 when I'm in Manila"), ["6 61 23 45 78", "917 845 2231"], ["(Morocco) or"]),
    ("r11-fmt-19", "formats", "en", "holdout11", user('Please write to "Okafor, Chidiebere" <chidiebere.okafor+council@gmail.com>, not to my old college address c.okafor@mail.ucd.ie'), ["Okafor", "Chidiebere", "c.okafor@mail.ucd.ie"], ["not to my old college address"]),
    ("r11-fmt-20", "formats", "en", "holdout11", user("Swedish personnummer {pnr11}, Portuguese NIF {nif11} - which one goes on the EHIC form?"), ["{pnr11}", "{nif11}"], ["which one goes on the EHIC form?"]),
    ("r11-str-01", "structured", "de", "holdout11", user('[person]\nvorname = "Ottokar"\nnachname = "Wiegandt"\ngeburtsdatum = 1958-02-14\n\n[bank]\niban = "{i11}"\n\n[vorgang]\naktenzeichen = "GS-2026-00817"\n\nWarum meldet der TOML-Parser einen Fehler?'), ["Ottokar", "Wiegandt", "1958-02-14", "{i11}"], ['aktenzeichen = "GS-2026-00817"', "Warum meldet der TOML-Parser einen Fehler?"]),
    ("r11-str-02", "structured", "en", "holdout11", user("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Housing needs assessment\nDTSTART:20260615T100000Z\nLOCATION:Flat 6\\, 31 Brunswick Terrace\\, Hove BN3 1HJ\nATTENDEE;CN=Fionnuala Mac Aodha:mailto:fionnuala.macaodha@gmail.com\nDESCRIPTION:Bring proof of income. DOB 05/11/1979.\nEND:VEVENT\nEND:VCALENDAR\nWhy does Outlook show the wrong time?"), ["Fionnuala", "Mac Aodha", "fionnuala.macaodha@gmail.com", "31 Brunswick Terrace", "05/11/1979"], ["SUMMARY:Housing needs assessment", "Why does Outlook show the wrong time?"]),
    ("r11-str-03", "structured", "de", "holdout11", user('{"nachname": "Kowalczyk-Rahn", "vorname": "Ida", "pesel": "{pesel11}"}\n{"nachname": "Ngô", "vorname": "Thị Lan", "telefon": "+49 1512 8830 417"}\n{"nachname": null, "vorname": null, "hinweis": "leerer Datensatz"}\nWarum bricht der Import bei Zeile 3 ab?'), ["Kowalczyk", "Rahn", "Ida", "{pesel11}", "Ngô", "Thị Lan", "8830 417"], ["Warum bricht der Import bei Zeile 3 ab?", "leerer Datensatz"]),
    ("r11-str-04", "structured", "en", "holdout11", user("---\ntitle: Home visit note\nclient: Sipho Dlamini-Okoro\ndob: 1983-08-29\nnhs_number: {nhs11}\n---\n\n## Summary\n- Lives alone at *12 Wexford Gardens*\n- Daughter **Nomvula** visits weekly\n\nTurn this into a care plan."), ["Sipho", "Dlamini", "Okoro", "1983-08-29", "{nhs11}", "12 Wexford Gardens", "Nomvula"], ["title: Home visit note", "Turn this into a care plan."]),
    ("r11-str-05", "structured", "de", "holdout11", user("Lfd  Name                    Geb.-Datum   Kennzeichen\n1    Brettschneider, Uwe     02.11.1959   OS-UB 318\n2    Al-Khatib, Rana         19.06.1987   OS-RK 77\n\nListe der Bewohnerparkausweise Altstadt, bitte nach Ablaufdatum sortieren"), ["Brettschneider", "Uwe", "02.11.1959", "OS-UB 318", "Khatib", "Rana", "19.06.1987", "OS-RK 77"], ["Liste der Bewohnerparkausweise Altstadt"]),
    ("r11-str-06", "structured", "en", "holdout11", user("On Tue, 12 May 2026 at 09:14, Ciarán Breathnach <ciaran.breathnach@eircom.net> wrote:\n> My PPS number is {ppsn11b} and the\n> house is at 4 Clonard Grove, Wexford Y35 K2E8.\n\nThanks, we have updated your Local Property Tax record."), ["Ciarán", "Breathnach", "ciaran.breathnach@eircom.net", "{ppsn11b}", "4 Clonard Grove", "Y35 K2E8"], ["we have updated your Local Property Tax record."]),
    ("r11-str-07", "structured", "de", "holdout11", user("Serienbrief-Datenquelle:\nAnrede;Vorname;Nachname;Straße;PLZ;Ort\nFrau;Gülizar;Demirtaş;Mozartweg 3;89073;Ulm\nHerr;Ernst;König;Bahnhofstr. 22a;89077;Ulm\n\nVorlage: Sehr geehrte(r) «Anrede» «Nachname», Ihr Wohngeldantrag ist eingegangen.\nWarum steht im Brief «Nachname» statt des Namens?"), ["Gülizar", "Demirtaş", "Mozartweg 3", "Ernst", "König", "Bahnhofstr. 22a"], ["Warum steht im Brief «Nachname» statt des Namens?", "Anrede;Vorname;Nachname;Straße;PLZ;Ort"]),
    ("r11-str-08", "structured", "en", "holdout11", user("OCR output from the scanned form:\nAppli- cant: MARGARET ANNE\nO'SULLI-\nVAN  D.O.B. 14/O2/1951\nAddress: 7 Cnoc na Greine, Gal-\nway\nPlease clean it up."), ["MARGARET ANNE", "O'SULLI-\nVAN", "14/O2/1951", "7 Cnoc na Greine"], ["OCR output from the scanned form:", "Please clean it up."]),
    ("r11-str-09", "structured", "de", "holdout11", user("Scan Seite 2:\nAntragstel-\nlerin: Schwan-\nbeck, Hilde-\ngard\ngeb. am 30.O1.1949 in Stettin\nwohnh. Amselweg 12\n\nBitte in ein sauberes Formular übertragen."), ["Schwan-\nbeck", "Hilde-\ngard", "30.O1.1949", "Amselweg 12"], ["Bitte in ein sauberes Formular übertragen."]),
    ("r11-str-10", "structured", "en", "holdout11", user("[smtp]\nhost = relay.council.example\nfrom = noreply@council.example\n\n[test_recipient]\nname = Temitayo Adebowale-Grant\nemail = t.adebowale.grant@outlook.com\n\nWhy are the test mails not arriving?"), ["Temitayo", "Adebowale", "Grant", "t.adebowale.grant@outlook.com"], ["host = relay.council.example", "noreply@council.example", "Why are the test mails not arriving?"]),
    ("r11-str-11", "structured", "de", "holdout11", user(json.dumps({"haushalt": [["Name", "Geburtsdatum", "Steuer-ID"], ["Rüdiger Haselhoff", "1972-05-30", "{t11std}"], ["Meike Haselhoff", "1975-10-08", "{t11plain}"]], "leistung": "Wohngeld"}, ensure_ascii=False) + "\nIst das Format für die Schnittstelle okay?"), ["Rüdiger", "Haselhoff", "1972-05-30", "{t11std}", "Meike", "1975-10-08", "{t11plain}"], ['"leistung": "Wohngeld"', "Ist das Format für die Schnittstelle okay?"]),
    ("r11-str-12", "structured", "en", "holdout11", user("Why does /api/claims return 401 with this token?\nAuthorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + jwt_segment({"sub": "u-88121", "name": "Aroha Ngata-Whitcombe", "email": "aroha.nw@xtra.co.nz", "role": "citizen"}) + ".Zm9yZ2VkLXNpZ25hdHVyZQ"), [jwt_segment({"sub": "u-88121", "name": "Aroha Ngata-Whitcombe", "email": "aroha.nw@xtra.co.nz", "role": "citizen"})], ["Why does /api/claims return 401 with this token?"]),
    ("r11-str-13", "structured", "de", "holdout11", user("<name.natuerlichePerson><familienname><name>Przybylski</name></familienname><vorname><name>Bożena</name></vorname></name.natuerlichePerson><geburt><datum>1966-12-01</datum></geburt><anschrift><strasse>Tulpenweg</strasse><hausnummer>8</hausnummer><postleitzahl>06114</postleitzahl></anschrift>\nDer XMeld-Validator meckert über das Geburtsdatum – warum?"), ["Przybylski", "Bożena", "1966-12-01", "Tulpenweg"], ["Der XMeld-Validator meckert über das Geburtsdatum – warum?", "<name.natuerlichePerson>"]),
    ("r11-str-14", "structured", "en", "holdout11", user("W-9 fields pulled from the upload:\nName (as shown on your income tax return): LaKeisha M. Thibodeaux\nAddress: 2210 Bayou Vista Dr\nCity, state, ZIP: Lafayette, LA 70508\nTIN: {ssn11}\nAre all required fields present?"), ["LaKeisha", "Thibodeaux", "2210 Bayou Vista Dr", "{ssn11}"], ["Are all required fields present?", "Name (as shown on your income tax return):"]),
    ("r11-conv-01", "conversation", "de", "holdout11", turns(("user", "Guten Tag, Lothar Ziebart hier, es geht um die Hundesteuer."), ("assistant", "Können Sie den Nachnamen bitte buchstabieren?"), ("user", "Z wie Zeppelin, I wie Ida, E wie Emil, B wie Berta, A wie Anton, R wie Richard, T wie Theodor")), ["Lothar", "Ziebart", "Z wie Zeppelin, I wie Ida, E wie Emil, B wie Berta, A wie Anton, R wie Richard, T wie Theodor"], ["Können Sie den Nachnamen bitte buchstabieren?", "es geht um die Hundesteuer."]),
    ("r11-conv-02", "conversation", "en", "holdout11", turns(("user", "I'm calling for my mother, Philomena Gallagher-Okoye, she's 87 and can't manage the phone"), ("assistant", "Of course. What's her date of birth?"), ("user", "2nd of February 1939. Mam's PPS is {ppsn11} if that helps")), ["Philomena", "Gallagher", "Okoye", "2nd of February 1939", "{ppsn11}"], ["What's her date of birth?"]),
    ("r11-conv-03", "conversation", "de", "holdout11", {"messages": [{"role": "user", "content": "Hat Herr Baltrušaitis schon einen Termin zur Einbürgerung?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_t", "type": "function", "function": {"name": "termin_suchen", "arguments": json.dumps({"nachname": "Baltrušaitis"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_t", "content": json.dumps({"treffer": [{"name": "Baltrušaitis, Vytautas", "geburtsdatum": "1979-04-22", "telefon": "+370 612 48 093", "termin": "2026-06-03 09:30"}]}, ensure_ascii=False)}, {"role": "assistant", "content": "Ja, Herr Vytautas Baltrušaitis hat am 3. Juni um 9:30 Uhr einen Termin."}, {"role": "user", "content": "Danke, bitte Erinnerung per SMS"}]}, ["Baltrušaitis", "Vytautas", "1979-04-22", "612 48 093"], ["termin_suchen", "Danke, bitte Erinnerung per SMS", "2026-06-03 09:30"]),
    ("r11-conv-04", "conversation", "en", "holdout11", turns(("system", "Voice assistant of the borough council; the user's speech is transcribed."), ("assistant", "What number can we call you back on?"), ("user", "it's oh seven seven hundred, nine hundred, eight two six")), ["oh seven seven hundred, nine hundred, eight two six"], ["What number can we call you back on?"]),
    ("r11-conv-05", "conversation", "de", "holdout11", turns(("system", "Sprachassistent der Stadtverwaltung, Eingaben sind transkribiert."), ("assistant", "Unter welcher Nummer erreichen wir Sie?"), ("user", "meine Rückrufnummer ist null eins sieben eins vier vier drei zwo acht neun null")), ["null eins sieben eins vier vier drei zwo acht neun null"], ["meine Rückrufnummer ist", "Unter welcher Nummer erreichen wir Sie?"]),
    ("r11-conv-06", "conversation", "en", "holdout11", turns(("user", "I need to update who lives at the property for the single person discount"), ("assistant", "Who else lives with you?"), ("user", "my partner dawn and our son hunter"), ("assistant", "And their surname?"), ("user", "both kilbride")), ["dawn", "hunter", "kilbride"], ["Who else lives with you?", "And their surname?"]),
    ("r11-conv-07", "conversation", "de", "holdout11", turns(("user", "guten tag, mein name ist frank morgenroth, ich ziehe nach Leipzig"), ("assistant", "Willkommen! Ziehen Sie allein um?"), ("user", "nein, mit meiner frau rosa und unserer tochter lilli. alle morgenroths halt")), ["frank", "morgenroth", "rosa", "lilli"], ["Willkommen! Ziehen Sie allein um?"]),
    ("r11-conv-08", "conversation", "en", "holdout11", turns(("system", "Caller verified by IVR: Guadalupe Ibarra Zamora, ITIN {itin11}, callback (956) 555-0133"), ("user", "Can I still file for the Earned Income Tax Credit with the number you have on file?"), ("assistant", "Ms Ibarra Zamora, with an ITIN you cannot claim the EITC, but other credits may apply."), ("user", "ok, then which ones?")), ["Guadalupe", "Ibarra", "Zamora", "{itin11}", "555-0133"], ["Can I still file for the Earned Income Tax Credit with the number you have on file?", "ok, then which ones?"]),
    ("r11-conv-09", "conversation", "de", "holdout11", turns(("user", "Ich rufe wegen des Falls Hinrichsen an, meine Mutter ist Jorinde Hinrichsen."), ("assistant", "Zur Akte Hinrichsen: Was brauchen Sie?"), ("user", "Den Bescheid über den Pflegegrad bitte an mich, Tjark Hinrichsen, Deichstraße 5, 25761 Büsum.")), ["Hinrichsen", "Jorinde", "Tjark", "Deichstraße 5"], ["Was brauchen Sie?"]),
    ("r11-conv-10", "conversation", "en", "holdout11", turns(("user", "My name is ZHANG Wei-Ling (张伟玲), I applied for a school place for my son"), ("assistant", "Thank you, Ms Zhang. What is your son's name?"), ("user", "Chen Haoyu, but at school he goes by Henry Chen")), ["Wei-Ling", "张伟玲", "Zhang", "Chen", "Haoyu", "Henry"], ["I applied for a school place for my son"]),
    ("r11-conv-11", "conversation", "de", "holdout11", turns(("user", "Ich heiße Abdulrahman bin Khalid Al-Zahrani und brauche eine Meldebescheinigung."), ("assistant", "Danke, Herr Al-Zahrani."), ("user", "In meinem deutschen Ausweis steht nur ALZAHRANI, ABDULRAHMAN – Ausweisnummer {idcard11}")), ["Abdulrahman", "Khalid", "Zahrani", "ALZAHRANI", "{idcard11}"], ["In meinem deutschen Ausweis steht nur"]),
    ("r11-conv-12", "conversation", "en", "holdout11", {"messages": [{"role": "user", "content": "I'm Kwadwo Mensah-Bonsu, I reported a pothole outside my house"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_ph", "type": "function", "function": {"name": "lookup_report", "arguments": json.dumps({"reporter_surname": "Mensah-Bonsu"})}}]}, {"role": "tool", "tool_call_id": "call_ph", "content": "Report PH-20931 by K. Mensah-Bonsu, 58 Ladysmith Road, phone 07700 900 914: status scheduled"}, {"role": "assistant", "content": "Your report PH-20931 is scheduled for repair."}]}, ["Kwadwo", "Mensah", "Bonsu", "58 Ladysmith Road", "07700 900 914"], ["lookup_report", "PH-20931"]),
    ("r11-conv-13", "conversation", "de", "holdout11", turns(("assistant", "Wie ist Ihr vollständiger Name?"), ("user", "Trương Thị"), ("user", "Bích Hường – sorry, Enter zu früh gedrückt")), ["Trương Thị", "Bích Hường"], ["Enter zu früh gedrückt"]),
    ("r11-conv-14", "conversation", "en", "holdout11", turns(("user", "Hi, it's CATRIONA NicLEÒID here about my council tax band"), ("assistant", "Hello Ms NicLeòid, what's your address?"), ("user", "Flat 2/1, 44 Dumbarton Road, Glasgow G11 6PH")), ["CATRIONA", "NicLEÒID", "NicLeòid", "44 Dumbarton Road"], ["about my council tax band", "what's your address?"]),
    ("r11-stream-01", "stream", "de", "holdout11", {**user("Wer bekommt die Familienbeihilfe?"), "answer": {"content": "Versicherte Person: Frau Theresia Stockhammer, SV-Nr. {atsv11}, wohnhaft Mariahilfer Straße 88/12, 1070 Wien. Die Familienbeihilfe ist bewilligt."}}, ["Theresia", "Stockhammer", "{atsv11}", "Mariahilfer Straße 88/12"], ["Die Familienbeihilfe ist bewilligt."]),
    ("r11-stream-02", "stream", "en", "holdout11", {**user("Book the falls prevention clinic for the patient"), "answer": {"arguments": json.dumps({"patients": [["Kirsteen", "Crombie", "{nhs11}"]], "clinic": "falls prevention"})}}, ["Kirsteen", "Crombie", "{nhs11}"], ["falls prevention"]),
    ("r11-stream-03", "stream", "de", "holdout11", {**user("Welche Rijksregisternummern stehen in den Anträgen?"), "answer": {"content": "| Name | Rijksregisternummer |\n|---|---|\n| Lotte Vanderstraeten | {bnn11} |\n| Jef Peeters | {bnn11b} |\n\nDie Grenzgängerbescheinigungen sind vollständig."}}, ["Lotte", "Vanderstraeten", "{bnn11}", "Jef", "Peeters", "{bnn11b}"], ["Die Grenzgängerbescheinigungen sind vollständig."]),
    ("r11-stream-04", "stream", "en", "holdout11", {**user("Draft the reply about the property tax credit"), "answer": {"content": "Dear Mr Nakamura-Reyes, " + "thank you for your letter about the homestead property tax credit; we have reviewed the documents you sent. " * 5 + "We have your Social Security number on file as {ssn11}; if that is wrong, call the number on your notice. Sincerely, Office of Tax and Revenue"}}, ["Nakamura", "Reyes", "{ssn11}"], ["Sincerely, Office of Tax and Revenue"]),
    ("r11-stream-05", "stream", "de", "holdout11", {**user("Kindergeldantrag aus dem spanischen Formular anlegen"), "answer": {"arguments": json.dumps({"antragsteller": {"nombre": "María del Pilar", "apellidos": "Ortega Villalobos", "dni": "{dni11}"}, "leistung": "Kindergeld"}, ensure_ascii=False)}}, ["María del Pilar", "Ortega", "Villalobos", "{dni11}"], ["Kindergeld"]),
    ("r11-stream-06", "stream", "en", "holdout11", {**user("Does the applicant qualify?"), "answer": {"content": "Ms Sadhbh Ní Chonchúir (PPSN {ppsn11}) of 3 Bóthar na Trá, Salthill, Galway H91 X2K4 qualifies for the Fuel Allowance."}}, ["Sadhbh", "Chonchúir", "{ppsn11}", "3 Bóthar na Trá", "H91 X2K4"], ["qualifies for the Fuel Allowance."]),
    ("r11-stream-07", "stream", "de", "holdout11", {**user("Wer hat den Elterngeldantrag gestellt?"), "answer": {"content": "Die Antragstellerin Benedetta Ferraro (Codice fiscale {cf11}, geb. 27.03.1991 in Bologna) hat Elterngeld beantragt."}}, ["Benedetta", "Ferraro", "{cf11}", "27.03.1991"], ["hat Elterngeld beantragt."]),
    ("r11-stream-08", "stream", "en", "holdout11", {**user("Request the pension export certificate"), "answer": {"arguments": json.dumps({"person": {"voornamen": "Geertruida Johanna", "tussenvoegsel": "van der", "achternaam": "Meulen", "bsn": "{bsn11plain}"}, "purpose": "pension export certificate"})}}, ["Geertruida", "Johanna", "Meulen", "{bsn11plain}"], ["pension export certificate", "tussenvoegsel"]),
    ("r11-stream-09", "stream", "de", "holdout11", {**user("Überweisung der Kaution vorbereiten"), "answer": {"content": "Überweisung an Frau Zdeňka Procházková, IBAN {cz11}, Verwendungszweck: Rückzahlung Kaution."}}, ["Zdeňka", "Procházková", "{cz11}"], ["Verwendungszweck: Rückzahlung Kaution."]),
    ("r11-stream-10", "stream", "en", "holdout11", {**user("Are both applicants registered?"), "answer": {"content": "Both applicants are registered: Astrid Sjöberg ({pnr11}) and Veikko Hämäläinen ({hetu11}). The residence certificates can be issued."}}, ["Astrid", "Sjöberg", "{pnr11}", "Veikko", "Hämäläinen", "{hetu11}"], ["The residence certificates can be issued."]),
    # ------------------------------------------------------------------ hold-out round 12
    # Written after round 11's fixes and committed before their first run; their writer never
    # ran the redaction on them. New request fields (a file part's filename, an assistant's
    # refusal and name, stop as one string, safety_identifier and prompt_cache_key, vLLM's
    # guided_choice, a schema's title, $defs default and pattern, enums of array items,
    # request metadata, a legacy function message, parallel tool calls); new notations (a tax
    # ID as EU TIN, KVNR with a space, lower-case spaced IBANs, defanged and German-worded
    # e-mails, +49 (0) numbers with extensions, tel: URIs, dates as 04-Jan-1988 and 19830612,
    # T.C. Kimlik, RNOKPP); new structures (a name as a JSON key, GEDCOM, SEPA XML, LDIF, a
    # Python repr, dotted form leaders, an ASCII box table, fixed-width export, an access log,
    # XML attributes, YAML flow style, a traceback, a mail signature, camelCase keys, an ID
    # card's MRZ); new conversation patterns (ß/SS and Turkish dotted-I case variants, lost
    # diacritics, particles run together, a KVNR split, spelling with hyphens, a first name
    # from a tool result, a household under one ALL-CAPS surname).
    ("r12-req-01", "request", "de", "holdout12", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Bitte den Mietvertrag auf Vollständigkeit prüfen"}, {"type": "file", "file": {"filename": "Mietvertrag_Yaa_Sarpong-Kissi_2026.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjcKJcOkw7zDtsOfCg=="}}]}]}, ["Yaa", "Sarpong", "Kissi"], ["Bitte den Mietvertrag auf Vollständigkeit prüfen"]),
    ("r12-req-02", "request", "en", "holdout12", {"messages": [{"role": "user", "content": "Can you give me my old tenant's forwarding address? He moved out owing two months' rent."}, {"role": "assistant", "content": None, "refusal": "I can't share Desmond Achterberg's forwarding address, but I can explain how to start a claim."}, {"role": "user", "content": "ok, how do I start a small claim then?"}]}, ["Desmond", "Achterberg"], ["ok, how do I start a small claim then?", "He moved out owing two months' rent."]),
    ("r12-req-03", "request", "de", "holdout12", {**user("Antwortschreiben zum Widerspruch gegen den Gebührenbescheid entwerfen"), "stop": "i. A. Ruthild Kranichfeld-Öner\nSachgebiet Abfallgebühren"}, ["Ruthild", "Kranichfeld", "Öner"], ["Antwortschreiben zum Widerspruch gegen den Gebührenbescheid entwerfen"]),
    ("r12-req-04", "request", "en", "holdout12", {**user("What documents do I need for a provisional driving licence?"), "safety_identifier": "callum.mcbride82@gmail.com", "prompt_cache_key": "webchat-callum-mcbride-2026-05"}, ["callum.mcbride82", "mcbride"], ["What documents do I need for a provisional driving licence?"]),
    ("r12-req-05", "request", "de", "holdout12", {**user("Wer ist für die Akte von Frau Amira Bouzid zuständig? Antworte nur mit dem Namen."), "guided_choice": ["Herr Tobias Wendeborn", "Frau Svenja Oltmanns", "Herr Murat Kılıçarslan"]}, ["Amira", "Bouzid", "Wendeborn", "Svenja", "Oltmanns", "Kılıçarslan"], ["Antworte nur mit dem Namen."]),
    ("r12-req-06", "request", "en", "holdout12", {**user("Summarise the intake call as JSON"), "response_format": {"type": "json_schema", "json_schema": {"name": "intake", "schema": {"title": "Intake for Mrs Philippa Ormerod-Vance", "type": "object", "properties": {"contact": {"$ref": "#/$defs/contact"}}, "$defs": {"contact": {"type": "object", "default": {"phone": "0113 496 0274"}}}}}}}, ["Philippa", "Ormerod", "Vance", "496 0274"], ["Summarise the intake call as JSON"]),
    ("r12-req-07", "request", "de", "holdout12", {"messages": [{"role": "assistant", "name": "Sachbearbeiterin_Jovanka_Milosavljevic", "content": "Ihr Antrag auf Wohngeld ist eingegangen."}, {"role": "user", "content": "Danke, wie lange dauert die Bearbeitung ungefähr?"}]}, ["Jovanka", "Milosavljevic"], ["Ihr Antrag auf Wohngeld ist eingegangen.", "Danke, wie lange dauert die Bearbeitung ungefähr?"]),
    ("r12-req-08", "request", "en", "holdout12", {**user("Please confirm the time of my citizenship ceremony"), "metadata": {"citizen_name": "Temiloluwa Adesanya", "citizen_dob": "1991-07-19", "channel": "webchat"}}, ["Temiloluwa", "Adesanya", "1991-07-19"], ["Please confirm the time of my citizenship ceremony", "webchat"]),
    ("r12-req-09", "request", "de", "holdout12", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Ist die Zulassungsbescheinigung auf dem Foto vollständig lesbar?"}, {"type": "image_url", "image_url": {"url": "https://kfz.example-kreis.de/zulassung/scan?halter=Kr%C3%BCger-Lindahl%2C%20Jannes&geb=1979-11-23"}}]}]}, ["Kr%C3%BCger", "Lindahl", "Jannes", "1979-11-23"], ["Ist die Zulassungsbescheinigung auf dem Foto vollständig lesbar?", "kfz.example-kreis.de"]),
    ("r12-req-10", "request", "en", "holdout12", {**user("Which household members are eligible for free school meals?"), "tools": [{"type": "function", "function": {"name": "select_members", "description": "Selects the household members to assess", "parameters": {"type": "object", "properties": {"members": {"type": "array", "items": {"type": "string", "enum": ["Dariusz Wróbel", "Halina Wróbel", "Kacper Wróbel"]}}}}}}]}, ["Dariusz", "Wróbel", "Halina", "Kacper"], ["select_members", "Which household members are eligible for free school meals?", "Selects the household members to assess"]),
    ("r12-req-11", "request", "de", "holdout12", {"input": ["Wie beantrage ich Bürgergeld?", "Kundin Renate Szymańska-Lück, Kontoänderung auf {i12std}, Rückruf 0341 / 9 12 77 03", "Was ist ein Weiterbewilligungsantrag?"], "model": "text-embedding-3-small"}, ["Renate", "Szymańska", "Lück", "{i12std}", "9 12 77 03"], ["Wie beantrage ich Bürgergeld?", "Was ist ein Weiterbewilligungsantrag?"]),
    ("r12-req-12", "request", "en", "holdout12", tool_call("send_email", {"to": ["housing.repairs@council.example"], "cc": ["tendai.moyo@outlook.com"], "subject": "Damp and mould inspection", "body": "Tendai Moyo at 14 Pennine Way reports black mould in the bathroom."}, "Email the housing team about the mould in my flat"), ["tendai.moyo@outlook.com", "Tendai", "Moyo", "14 Pennine Way"], ["housing.repairs@council.example", "Damp and mould inspection", "Email the housing team about the mould in my flat"]),
    ("r12-req-13", "request", "de", "holdout12", {"messages": [{"role": "user", "content": "Wann läuft mein Aufenthaltstitel ab?"}, {"role": "function", "name": "aufenthaltstitel_abfragen", "content": json.dumps({"inhaber": "Hoàng Văn Thắng", "gueltig_bis": "2027-03-31", "titel": "Blaue Karte EU"}, ensure_ascii=False)}]}, ["Hoàng", "Văn Thắng"], ["Wann läuft mein Aufenthaltstitel ab?", "aufenthaltstitel_abfragen", "Blaue Karte EU"]),
    ("r12-req-14", "request", "en", "holdout12", {**user("Extract the referrer's contact details from the letter"), "response_format": {"type": "json_schema", "json_schema": {"name": "referral_contact", "strict": True, "schema": {"type": "object", "properties": {"referrer_email": {"type": "string", "pattern": "^rosalind\\.achebe@nhs\\.net$"}}}}}}, ["rosalind", "achebe"], ["Extract the referrer's contact details from the letter", "referral_contact"]),
    ("r12-req-15", "request", "de", "holdout12", {"messages": [{"role": "user", "content": "Bitte Adresse und Telefonnummer der Antragstellerin prüfen"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_a1", "type": "function", "function": {"name": "adresse_pruefen", "arguments": json.dumps({"strasse": "Schwalbenweg 17", "plz": "48149"})}}, {"id": "call_t1", "type": "function", "function": {"name": "telefon_pruefen", "arguments": json.dumps({"nummer": "0251 7 48 29 30"})}}]}, {"role": "tool", "tool_call_id": "call_a1", "content": "gültig: Hildegard Pohlmann-Akgül, Schwalbenweg 17"}, {"role": "tool", "tool_call_id": "call_t1", "content": "Anschluss aktiv"}]}, ["Schwalbenweg 17", "7 48 29 30", "Hildegard", "Pohlmann", "Akgül"], ["adresse_pruefen", "telefon_pruefen", "Anschluss aktiv", "Bitte Adresse und Telefonnummer der Antragstellerin prüfen"]),
    ("r12-fmt-01", "formats", "de", "holdout12", user("meine IdNr.{t12plain} hab ich vom Lohnzettel – brauche ich die für den Kinderzuschlag?"), ["{t12plain}"], ["brauche ich die für den Kinderzuschlag?"]),
    ("r12-fmt-02", "formats", "en", "holdout12", user("TIN (Germany): {t12de} - is this the right format for the foreign income section?"), ["{t12de}"], ["is this the right format for the foreign income section?"]),
    ("r12-fmt-03", "formats", "de", "holdout12", user("VSNR {s12std}, Anfrage zur Kontenklärung"), ["{s12std}"], ["Anfrage zur Kontenklärung"]),
    ("r12-fmt-04", "formats", "de", "holdout12", user("Versichertennummer auf der Gesundheitskarte: {kv12sp} – warum lehnt die Praxis sie ab?"), ["{kv12sp}"], ["warum lehnt die Praxis sie ab?"]),
    ("r12-fmt-05", "formats", "de", "holdout12", user("kontonr (iban) {i12low} bitte die nachzahlung dahin"), ["{i12low}"], ["bitte die nachzahlung dahin"]),
    ("r12-fmt-06", "formats", "en", "holdout12", user("Try the Amex {amex12} first; if it fails use the Mastercard {mc12dash}"), ["{amex12}", "{mc12dash}"], ["if it fails use the Mastercard"]),
    ("r12-fmt-07", "formats", "de", "holdout12", user("personalausweisnummer {id12low}, reisepass {pass12} – welches dokument brauche ich für die eheschließung?"), ["{id12low}", "{pass12}"], ["welches dokument brauche ich für die eheschließung?"]),
    ("r12-fmt-08", "formats", "en", "holdout12", user("Text me on tel:+353871946620 or ring the landline 01 678 2241 after six"), ["353871946620", "678 2241"], ["or ring the landline", "after six"]),
    ("r12-fmt-09", "formats", "de", "holdout12", user("Erreichbar unter +49 (0) 171 4839 207 oder dienstlich 0421 361-1847"), ["171 4839 207", "361-1847"], ["oder dienstlich"]),
    ("r12-fmt-10", "formats", "en", "holdout12", user("send the form to h.quaye[at]proton[.]me please, my work mail blocks attachments"), ["h.quaye"], ["my work mail blocks attachments"]),
    ("r12-fmt-11", "formats", "de", "holdout12", user("Mail: sevgi.kocak(ät)freenet(punkt)de – bitte keine Briefe mehr schicken"), ["sevgi.kocak"], ["bitte keine Briefe mehr schicken"]),
    ("r12-fmt-12", "formats", "en", "holdout12", user("DOB 04-Jan-1988, my son's is 11th Sept 2015 - both on the passport forms"), ["04-Jan-1988", "11th Sept 2015"], ["both on the passport forms"]),
    ("r12-fmt-13", "formats", "de", "holdout12", user("geb. 3.2.79 in Gelsenkirchen, meine Frau 19830612 (so steht es im Formular)"), ["3.2.79", "19830612"], ["so steht es im Formular"]),
    ("r12-fmt-14", "formats", "en", "holdout12", user("Visa {v12}, valid thru 07/28, for the bulky waste booking"), ["{v12}"], ["valid thru 07/28", "for the bulky waste booking"]),
    ("r12-fmt-15", "formats", "de", "holdout12", user("T.C. Kimlik No. {tck12} – muss die auf den Antrag für die Niederlassungserlaubnis?"), ["{tck12}"], ["muss die auf den Antrag für die Niederlassungserlaubnis?"]),
    ("r12-fmt-16", "formats", "en", "holdout12", user("My Ukrainian tax number (RNOKPP) is {rnokpp12}, do I need it for the housing benefit claim?"), ["{rnokpp12}"], ["do I need it for the housing benefit claim?"]),
    ("r12-fmt-17", "formats", "en", "holdout12", user("ni number {nino12low} for the carer's allowance claim"), ["{nino12low}"], ["for the carer's allowance claim"]),
    ("r12-fmt-18", "formats", "de", "holdout12", user("Überweisung bitte auf mein österreichisches Konto {at12}; meine deutsche RV-Nummer ist {s12full}"), ["{at12}", "{s12full}"], ["Überweisung bitte auf mein österreichisches Konto"]),
    ("r12-str-01", "structured", "de", "holdout12", user('{"rueckrufe": {"Ahmadi, Farid": "erledigt", "Lindemann, Greta": "offen"}, "stand": "Freitag"}\nWer muss noch angerufen werden?'), ["Ahmadi", "Farid", "Lindemann", "Greta"], ['"stand": "Freitag"', "Wer muss noch angerufen werden?"]),
    ("r12-str-02", "structured", "en", "holdout12", user("0 @I1@ INDI\n1 NAME Bridget /Costigan/\n1 BIRT\n2 DATE 14 MAR 1932\n2 PLAC Athlone\n0 @I2@ INDI\n1 NAME Thomas /Costigan/\n1 BIRT\n2 DATE 2 NOV 1929\nI need certified copies of both birth certificates for probate."), ["Bridget", "Costigan", "14 MAR 1932", "Thomas", "2 NOV 1929"], ["I need certified copies of both birth certificates for probate."]),
    ("r12-str-03", "structured", "de", "holdout12", user('<CdtTrfTxInf><Amt><InstdAmt Ccy="EUR">563.00</InstdAmt></Amt><Cdtr><Nm>Sarıkaya, Ferhat</Nm></Cdtr><CdtrAcct><Id><IBAN>{i12plain}</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Buergergeld 06/2026</Ustrd></RmtInf></CdtTrfTxInf>\nWarum weist die Bank die Datei zurück?'), ["Sarıkaya", "Ferhat", "{i12plain}"], ["<Ustrd>Buergergeld 06/2026</Ustrd>", "Warum weist die Bank die Datei zurück?"]),
    ("r12-str-04", "structured", "en", "holdout12", user("dn: uid=jmwangi,ou=residents,dc=council,dc=example\ncn: Jomo Mwangi-Karanja\nmail: jomo.mwangi@outlook.com\ntelephoneNumber: +44 161 496 0718\n\nWhy does the import say the entry already exists?"), ["jmwangi", "Jomo", "Mwangi", "Karanja", "jomo.mwangi@outlook.com", "496 0718"], ["ou=residents,dc=council,dc=example", "Why does the import say the entry already exists?"]),
    ("r12-str-05", "structured", "de", "holdout12", user("Antragsteller(vorname='Ilona', nachname='Hahn', geburtsdatum=datetime.date(1967, 9, 4), kvnr='{kv12}')\nWarum schlägt der Vergleich mit dem Datensatz aus der Datenbank fehl?"), ["Ilona", "Hahn", "1967, 9, 4", "{kv12}"], ["Warum schlägt der Vergleich mit dem Datensatz aus der Datenbank fehl?"]),
    ("r12-str-06", "structured", "en", "holdout12", user("Surname: Baker\nFirst name: Hope\nPrevious surname: Fairweather\nDate of birth: 30/06/1996\nService: resident parking permit"), ["Baker", "Hope", "Fairweather", "30/06/1996"], ["Service: resident parking permit"]),
    ("r12-str-07", "structured", "de", "holdout12", user("Familienname ........ Kaiser\nVorname(n) .......... Frieder Konrad\nGeburtsdatum ........ 08.05.1954\nAnschrift ........... Lerchenfeld 4, 24103 Kiel\nAntrag auf .......... Wohngeld (Lastenzuschuss)"), ["Kaiser", "Frieder Konrad", "08.05.1954", "Lerchenfeld 4"], ["Antrag auf .......... Wohngeld (Lastenzuschuss)"]),
    ("r12-str-08", "structured", "en", "holdout12", user("+-----------------+------------+--------------+\n| Name            | DOB        | Phone        |\n+-----------------+------------+--------------+\n| Ebere Abara     | 1974-12-02 | 07700 900219 |\n| Chisom Abara    | 2008-05-27 |              |\n+-----------------+------------+--------------+\nPlease check the household for the single person discount."), ["Ebere", "Abara", "1974-12-02", "07700 900219", "Chisom", "2008-05-27"], ["Please check the household for the single person discount."]),
    ("r12-str-09", "structured", "de", "holdout12", user("NAME_NN     NAME_VN   GEBDAT    PLZ\nSCHULZE     ANNELIE   19490217  39104\nCETINKAYA   ONUR      19880930  39108\nExport aus dem Altverfahren – welche Spalte ist das Geburtsdatum?"), ["SCHULZE", "ANNELIE", "19490217", "CETINKAYA", "ONUR", "19880930"], ["Export aus dem Altverfahren – welche Spalte ist das Geburtsdatum?"]),
    ("r12-str-10", "structured", "en", "holdout12", user('10.0.4.17 - - [12/May/2026:10:14:03 +0000] "GET /api/v2/claimants?surname=Ferreira-Lowe&forename=Ines&dob=1982-04-09 HTTP/1.1" 500 312\nWhy is this request failing with 500?'), ["Ferreira", "Lowe", "Ines", "1982-04-09"], ["Why is this request failing with 500?", "GET /api/v2/claimants?"]),
    ("r12-str-11", "structured", "de", "holdout12", user('<person vorname="Bogumiła" nachname="Lewandowska-Brenner" geburtsdatum="1977-01-25" telefon="0208 44 91 37"/>\nIst das Attribut geburtsdatum im XSD als xs:date definiert?'), ["Bogumiła", "Lewandowska", "Brenner", "1977-01-25", "44 91 37"], ["Ist das Attribut geburtsdatum im XSD als xs:date definiert?"]),
    ("r12-str-12", "structured", "en", "holdout12", user("household: [{name: Ishbel Munro, dob: 2011-03-08}, {name: Callan Munro, dob: 2014-10-22}]\nparent_email: k.munro@btinternet.com\nscheme: school clothing grant"), ["Ishbel", "Munro", "2011-03-08", "Callan", "2014-10-22", "k.munro@btinternet.com"], ["scheme: school clothing grant"]),
    ("r12-str-13", "structured", "de", "holdout12", user('Traceback (most recent call last):\n  File "import.py", line 88, in <module>\nValueError: IBAN \'{i12b}\' ungültig für Antragsteller \'Radosław Góral\' (geb. 12.12.1990)\nWas ist an der IBAN falsch?'), ["{i12b}", "Radosław", "Góral", "12.12.1990"], ["Was ist an der IBAN falsch?", 'File "import.py", line 88']),
    ("r12-str-14", "structured", "en", "holdout12", user("Thanks for your help.\n\n--\nMs Bláthnaid Kinsella\nFlat 3, 22 Ormond Quay Upper\nDublin 7\nMob: 087 318 4402\n\nCan you confirm you got my medical card renewal?"), ["Bláthnaid", "Kinsella", "22 Ormond Quay Upper", "087 318 4402"], ["Can you confirm you got my medical card renewal?"]),
    ("r12-str-15", "structured", "de", "holdout12", tool_call("antrag_speichern", {"antragsteller": {"vorName": "Milica", "nachName": "Radovanović", "geburtsDatum": "1993-08-14", "steuerId": "{t12std}"}, "leistungsArt": "Kinderzuschlag"}, "Antrag speichern bitte"), ["Milica", "Radovanović", "1993-08-14", "{t12std}"], ["antrag_speichern", "Kinderzuschlag", "Antrag speichern bitte"]),
    ("r12-str-16", "structured", "de", "holdout12", user("OCR der Ausweisrückseite:\n{mrz12}\nWelche Felder brauche ich für die Anmeldung?"), ["{mrzdoc12}", "KARABULUT", "SEVIM", "{mrzborn12}"], ["Welche Felder brauche ich für die Anmeldung?"]),
    ("r12-conv-01", "conversation", "de", "holdout12", turns(("user", "Guten Tag, hier ist Waltraud Gießelmann, ich brauche eine Meldebescheinigung."), ("assistant", "Gern, Frau Gießelmann."), ("user", "Im Ausweis steht GIESSELMANN, WALTRAUD – ist das ein Problem?")), ["Waltraud", "Gießelmann", "GIESSELMANN"], ["ist das ein Problem?", "ich brauche eine Meldebescheinigung."]),
    ("r12-conv-02", "conversation", "en", "holdout12", turns(("user", "Hi, my name is Tuğçe Işıklar, I applied for a school place"), ("assistant", "Thanks, Ms Isiklar. Which school did you choose?"), ("user", "Hazelwood Primary. My son is Deniz ISIKLAR")), ["Tuğçe", "Işıklar", "Isiklar", "Deniz", "ISIKLAR"], ["Which school did you choose?"]),
    ("r12-conv-03", "conversation", "de", "holdout12", user("Krankenversichertennummer {kv12_a} – der Rest kommt gleich, ich suche die Karte", "{kv12_b}"), ["{kv12_a}", "{kv12_b}"], ["der Rest kommt gleich, ich suche die Karte"]),
    ("r12-conv-04", "conversation", "en", "holdout12", turns(("user", "Please send the licence to florence.adebayo-hale@yahoo.co.uk"), ("assistant", "Done, it has been sent."), ("user", "Hmm, it might be florence.adebayohale without the hyphen, can you resend?")), ["florence.adebayo-hale", "florence.adebayohale"], ["can you resend?", "Done, it has been sent."]),
    ("r12-conv-05", "conversation", "de", "holdout12", turns(("system", "Angemeldet im Bürgerportal: Szymon Kołodziej-Reiter"), ("user", "Wann kann ich den neuen Ausweis abholen?"), ("assistant", "Herr Kołodziej-Reiter, der Ausweis liegt ab Montag bereit."), ("user", "super, und kann meine frau den für szymon mitnehmen?")), ["Szymon", "Kołodziej", "Reiter"], ["Wann kann ich den neuen Ausweis abholen?", "der Ausweis liegt ab Montag bereit."]),
    ("r12-conv-06", "conversation", "en", "holdout12", turns(("user", "This is Joost van der Heijden, calling about my parking fine"), ("assistant", "Thank you, Mr Van Der Heijden."), ("user", "It's on the account as vanderheijden, all one word")), ["Joost", "Heijden", "vanderheijden"], ["calling about my parking fine", "all one word"]),
    ("r12-conv-07", "conversation", "de", "holdout12", {"messages": [{"role": "user", "content": "Wer betreut meinen Fall im Jobcenter?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_j", "type": "function", "function": {"name": "fallmanager_suchen", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_j", "content": "Fallmanagerin: Grażyna Kamińska-Vollmer, Durchwahl 0421 361-29 14"}, {"role": "assistant", "content": "Ihr Fall wird von Frau Kamińska-Vollmer betreut."}, {"role": "user", "content": "Kann ich Grażyna direkt anrufen?"}]}, ["Grażyna", "Kamińska", "Vollmer", "361-29 14"], ["fallmanager_suchen", "Wer betreut meinen Fall im Jobcenter?", "direkt anrufen?"]),
    ("r12-conv-08", "conversation", "en", "holdout12", turns(("user", "Bank details for the relocation grant: {i12_a}"), ("assistant", "Thanks, is that the full IBAN?"), ("user", "no, the rest is {i12_b}")), ["{i12_a}", "{i12_b}"], ["is that the full IBAN?", "Bank details for the relocation grant:"]),
    ("r12-conv-09", "conversation", "de", "holdout12", user("Steuer-ID meines Mannes: {t12_a} ...", "... {t12_b}, hab sie vom Bescheid abgelesen"), ["{t12_a}", "{t12_b}"], ["Steuer-ID meines Mannes:", "hab sie vom Bescheid abgelesen"]),
    ("r12-conv-10", "conversation", "en", "holdout12", turns(("user", "I'm Ebony Whitlock-Adeyinka and I'm reporting a missed bin collection"), ("assistant", "Sorry to hear that. What's the address?"), ("user", "the Whitlocks' house, 6 Primrose Lane")), ["Ebony", "Whitlock", "Adeyinka", "6 Primrose Lane"], ["What's the address?", "reporting a missed bin collection"]),
    ("r12-conv-11", "conversation", "de", "holdout12", turns(("user", "Ich bin Dragoș Ionescu-Bălan und brauche einen Termin bei der Ausländerbehörde."), ("assistant", "Gern, Herr Ionescu-Balan."), ("user", "Im Online-Formular habe ich Dragos Ionescu Balan geschrieben, ohne Bindestrich.")), ["Dragoș", "Ionescu", "Bălan", "Dragos", "Balan"], ["ohne Bindestrich.", "brauche einen Termin bei der Ausländerbehörde."]),
    ("r12-conv-12", "conversation", "en", "holdout12", turns(("user", "Can I pay the garden waste subscription by card? {v12_a}"), ("assistant", "Yes, please send the rest of the number."), ("user", "{v12_b}, expires 03/29")), ["{v12_a}", "{v12_b}"], ["please send the rest of the number.", "expires 03/29"]),
    ("r12-conv-13", "conversation", "de", "holdout12", turns(("user", "Mein Nachname ist Tschentscher-Navabi"), ("assistant", "Können Sie das buchstabieren?"), ("user", "T-S-C-H-E-N-T-S-C-H-E-R, Bindestrich, N-A-V-A-B-I; Vorname Laleh")), ["Tschentscher", "Navabi", "T-S-C-H-E-N-T-S-C-H-E-R", "N-A-V-A-B-I", "Laleh"], ["Können Sie das buchstabieren?"]),
    ("r12-conv-14", "conversation", "en", "holdout12", turns(("system", "Caller verified: Alexandra Pilkington-Rowe, DOB 09/12/1958, tenancy ref TR-22817"), ("assistant", "Hello Ms Pilkington-Rowe, how can I help?"), ("user", "hi, it's about the repair on my kitchen window, nobody came on Tuesday")), ["Alexandra", "Pilkington", "Rowe", "09/12/1958"], ["how can I help?", "nobody came on Tuesday"]),
    ("r12-conv-15", "conversation", "de", "holdout12", turns(("user", "Wir ziehen zu viert nach Bielefeld: ich, Hüseyin KORKMAZ, meine Frau Sibel und die Kinder Emir und Defne."), ("assistant", "Danke. Haben alle den gleichen Nachnamen?"), ("user", "Ja, alle Korkmaz.")), ["Hüseyin", "KORKMAZ", "Sibel", "Emir", "Defne"], ["Haben alle den gleichen Nachnamen?"]),
    ("r12-stream-01", "stream", "de", "holdout12", {**user("Entwirf das Anschreiben zum Bürgergeldantrag"), "answer": {"content": "Hier der Entwurf:\n\nHerrn\nOleksandr Bondarenko\nSonnenallee 214\n12059 Berlin\n\nIhr Antrag auf Bürgergeld vom 02.05.2026\n\nSehr geehrter Herr Bondarenko, wir benötigen noch Ihre Kontoauszüge."}}, ["Oleksandr", "Bondarenko", "Sonnenallee 214"], ["Ihr Antrag auf Bürgergeld vom 02.05.2026", "wir benötigen noch Ihre Kontoauszüge."]),
    ("r12-stream-02", "stream", "en", "holdout12", {**user("Confirm the bin order to the resident"), "answer": {"content": "We have sent the confirmation to [Rhys Meredith-Evans](mailto:rhys.me@gmail.com). Your new bin will be delivered within 10 working days."}}, ["Rhys", "Meredith", "Evans", "rhys.me@gmail.com"], ["Your new bin will be delivered within 10 working days."]),
    ("r12-stream-03", "stream", "de", "holdout12", {**user("Erstattungen für die Kita-Beiträge vorbereiten"), "answer": {"arguments": json.dumps({"zahlungen": [{"empfaenger": "Melike Yavaş", "iban": "{i12std}", "betrag": "312.50"}, {"empfaenger": "Thomas Ehrlich", "iban": "{i12b}", "betrag": "95.00"}], "zweck": "Erstattung Kita-Beitrag"}, ensure_ascii=False)}}, ["Melike", "Yavaş", "{i12std}", "Thomas", "Ehrlich", "{i12b}"], ["Erstattung Kita-Beitrag"]),
    ("r12-stream-04", "stream", "en", "holdout12", {**user("Give me the claim as JSON"), "answer": {"content": '```json\n{"claimant": "Precious Sibanda", "dob": "1990-02-28", "ni_number": "{nino12}"}\n```\nThe claim is ready to submit.'}}, ["Precious", "Sibanda", "1990-02-28", "{nino12}"], ["The claim is ready to submit."]),
    ("r12-stream-05", "stream", "de", "holdout12", {**user("Antwort zur Familienversicherung entwerfen"), "answer": {"content": "Sehr geehrte Frau Grabowski-Elmas, " + "vielen Dank für Ihre Unterlagen zur Familienversicherung; wir haben sie vollständig erhalten und geprüft. " * 5 + "Ihre Krankenversichertennummer lautet {kv12}. Mit freundlichen Grüßen, Ihre Krankenkasse"}}, ["Grabowski", "Elmas", "{kv12}"], ["Mit freundlichen Grüßen, Ihre Krankenkasse"]),
    ("r12-stream-06", "stream", "en", "holdout12", {**user("Update the resident's contact details"), "answer": {"arguments": json.dumps({"query": "UPDATE residents SET phone = '07700 900 463', email = 'marcus.ashworth@gmail.com' WHERE surname = 'Ashworth' AND forename = 'Marcus'"})}}, ["07700 900 463", "marcus.ashworth@gmail.com", "Ashworth", "Marcus"], ["UPDATE residents SET phone ="]),
    ("r12-stream-07", "stream", "de", "holdout12", {**user("Wer gehört zur Bedarfsgemeinschaft?"), "answer": {"content": "**Bedarfsgemeinschaft**\n1. Ahmad Rezaei, geb. 05.03.1981\n2. Maryam Rezaei, geb. 22.09.1984\n3. Sina Rezaei, geb. 14.01.2017\n\nAlle drei Personen sind leistungsberechtigt."}}, ["Ahmad", "Rezaei", "05.03.1981", "Maryam", "22.09.1984", "Sina", "14.01.2017"], ["Alle drei Personen sind leistungsberechtigt."]),
    ("r12-stream-08", "stream", "en", "holdout12", {**user("List the tenants we notified about the water outage"), "answer": {"content": "surname,forename,phone\nDuffy,Orla,087 219 4438\nKeane,Seamus,086 402 7719\n\nBoth tenants have been notified."}}, ["Duffy", "Orla", "087 219 4438", "Keane", "Seamus", "086 402 7719"], ["Both tenants have been notified."]),
    ("r12-stream-09", "stream", "de", "holdout12", {**user("Abmeldung des Fahrzeugs erfassen"), "answer": {"arguments": json.dumps({"halter": {"vorname": "Jannik", "nachname": "Ostrowski", "geburtsdatum": "1999-06-30"}, "kennzeichen": "HB-JO 1999", "aktion": "Außerbetriebsetzung"}, ensure_ascii=False)}}, ["Jannik", "Ostrowski", "1999-06-30", "HB-JO 1999"], ["Außerbetriebsetzung"]),
    ("r12-stream-10", "stream", "en", "holdout12", {**user("Was the elector added?"), "answer": {"content": "Mr Haruto Matsuda-Greaves (born 3rd August 1990) has been added to the electoral register at 41 Cathedral Road."}}, ["Haruto", "Matsuda", "Greaves", "3rd August 1990", "41 Cathedral Road"], ["has been added to the electoral register at"]),
    ("r12-stream-11", "stream", "de", "holdout12", {**user("Welche Daten liegen für die Grundrentenprüfung vor?"), "answer": {"content": "Für Frau Liselotte Brökelmann sind hinterlegt: Steuer-ID {t12std}, Rentenversicherungsnummer {s12std}. Die Grundrentenprüfung kann starten."}}, ["Liselotte", "Brökelmann", "{t12std}", "{s12std}"], ["Die Grundrentenprüfung kann starten."]),
    ("r12-stream-12", "stream", "en", "holdout12", {**user("Register the sponsorship application"), "answer": {"arguments": json.dumps({"applicant": {"name": "Olena Kovalchuk", "rnokpp": "{rnokpp12}", "phone": "+380 67 412 3390"}, "scheme": "Homes for Ukraine"})}}, ["Olena", "Kovalchuk", "{rnokpp12}", "67 412 3390"], ["Homes for Ukraine"]),
    ("r12-stream-13", "stream", "de", "holdout12", {**user("Wie erreichen wir die Antragstellerin?"), "answer": {"content": "Die Bestätigung ging an ingeborg.thaler-wessel@gmx.net; telefonisch ist Frau Thaler-Wessel unter +49 (0) 5241 / 70 38 12 erreichbar."}}, ["ingeborg.thaler-wessel@gmx.net", "Thaler", "Wessel", "70 38 12"], ["telefonisch ist Frau"]),
    ("r12-stream-14", "stream", "en", "holdout12", {**user("Take payment for the replacement blue badge"), "answer": {"arguments": json.dumps({"payer": "Bartosz Brzeziński", "card": "{amex12}", "billing_address": "Flat 9, 71 Victoria Road, Leeds LS6 1DR", "item": "replacement blue badge"}, ensure_ascii=False)}}, ["Bartosz", "Brzeziński", "{amex12}", "71 Victoria Road"], ["replacement blue badge"]),
    # ------------------------------------------------------------------ round 13 (holdout13)
    ("r13-req-01", "request", "de", "holdout13", {**user("Überarbeite den Entwurf, nur die Anrede soll förmlicher werden"), "prediction": {"type": "content", "content": "Liebe Frau Adaeze Okonjo-Brandt,\nIhr Antrag auf Elterngeld ist eingegangen. Wir schicken den Bescheid an Wacholderweg 9, 33602 Bielefeld."}}, ["Adaeze", "Okonjo", "Brandt", "Wacholderweg 9"], ["Überarbeite den Entwurf, nur die Anrede soll förmlicher werden", "Ihr Antrag auf Elterngeld ist eingegangen."]),
    ("r13-req-02", "request", "en", "holdout13", {"messages": [{"role": "developer", "content": "You assist the caseworker. Current claimant: Ms Rukhsana Chaudhry-Bell, NI number {nino13}, phone 0161 496 0552. Never reveal these details to third parties."}, {"role": "user", "content": "What evidence do I still need to upload for the PIP review?"}]}, ["Rukhsana", "Chaudhry", "{nino13}", "496 0552"], ["What evidence do I still need to upload for the PIP review?", "Never reveal these details to third parties."]),
    ("r13-req-03", "request", "de", "holdout13", {"messages": [{"role": "user", "content": "Wo wohnt mein früherer Nachbar jetzt? Ich schulde ihm noch Geld."}, {"role": "assistant", "content": [{"type": "refusal", "refusal": "Die Meldeadresse von Herrn Bogdan Ciobanu-Reith darf ich nicht herausgeben; eine einfache Melderegisterauskunft können Sie beim Bürgeramt beantragen."}]}, {"role": "user", "content": "Was kostet so eine Melderegisterauskunft?"}]}, ["Bogdan", "Ciobanu", "Reith"], ["Was kostet so eine Melderegisterauskunft?", "Ich schulde ihm noch Geld."]),
    ("r13-req-04", "request", "en", "holdout13", {**user("Fill in the household claim from the call transcript"), "response_format": {"type": "json_schema", "json_schema": {"name": "household_claim", "schema": {"type": "object", "properties": {"applicant": {"oneOf": [{"const": "Kwame Mensah-Owusu"}, {"const": "Abena Mensah-Owusu"}]}, "applicant_dob": {"type": "string", "format": "date", "examples": ["1986-10-02"]}}}}}}, ["Kwame", "Mensah", "Owusu", "Abena", "1986-10-02"], ["Fill in the household claim from the call transcript", "household_claim"]),
    ("r13-req-05", "request", "de", "holdout13", {"input": ["Rückrufbitte: Frau Swantje Oltrogge, Tel. 0511 76 34 98-12, wegen der Hundesteuer", "Wie melde ich einen Hund ab?"], "dimensions": 256}, ["Swantje", "Oltrogge", "76 34 98-12"], ["Wie melde ich einen Hund ab?", "wegen der Hundesteuer"]),
    ("r13-req-06", "request", "en", "holdout13", {**user("Draft the reply to the housing adaptation grant query"), "stop": ["Kind regards,\nNiamh Ó Súilleabháin\nniamh.osuilleabhain@housing.example.ie"]}, ["Niamh", "Súilleabháin", "niamh.osuilleabhain"], ["Draft the reply to the housing adaptation grant query"]),
    ("r13-req-07", "request", "de", "holdout13", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Ist das Foto für den Personalausweisantrag geeignet?"}, {"type": "image_url", "image_url": {"url": "https://bildupload.example-stadt.de/ausweis/Hoxha_Arben_1988-02-17_vorderseite.jpg", "detail": "low"}}]}]}, ["Hoxha", "Arben", "1988-02-17"], ["Ist das Foto für den Personalausweisantrag geeignet?", "bildupload.example-stadt.de"]),
    ("r13-req-08", "request", "en", "holdout13", {**user("I need a sofa and a fridge collected next week"), "tools": [{"type": "function", "function": {"name": "book_collection", "description": "Books a bulky waste collection", "parameters": {"type": "object", "properties": {"address": {"type": "string", "description": "Full address, e.g. 27 Larkspur Close, Swindon"}, "contact_phone": {"type": "string", "examples": ["07700 900 318"]}}}}}], "tool_choice": "required"}, ["27 Larkspur Close", "900 318"], ["book_collection", "Books a bulky waste collection", "I need a sofa and a fridge collected next week"]),
    ("r13-req-09", "request", "de", "holdout13", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Fasse die Kündigung in drei Sätzen zusammen"}, {"type": "file", "file": {"file_id": "file-7Hq2LmX9", "filename": "Kündigung_Mietvertrag_Beqiri_Lirije.pdf"}}]}]}, ["Beqiri", "Lirije"], ["Fasse die Kündigung in drei Sätzen zusammen"]),
    ("r13-req-10", "request", "en", "holdout13", {"messages": [{"role": "user", "content": "Am I on the electoral register?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_er1", "type": "function", "function": {"name": "lookup_elector", "arguments": json.dumps({"postcode": "LS7 3QD", "house": "3"})}}]}, {"role": "tool", "tool_call_id": "call_er1", "content": [{"type": "text", "text": "Registered elector: Ms Chiamaka Eze-Harrington, 3 Wren Court, date of birth 21/02/1993"}]}]}, ["Chiamaka", "Eze-Harrington", "3 Wren Court", "21/02/1993"], ["lookup_elector", "Am I on the electoral register?"]),
    ("r13-req-11", "request", "de", "holdout13", {"messages": [{"role": "system", "content": "Du hilfst beim Ausfüllen der Anlage Kind."}, {"role": "user", "content": "Wo trage ich die Kinderbetreuungskosten ein?"}], "prompt_cache_key": "anlage-kind-{t13plain}", "safety_identifier": "detlef.brunsmann"}, ["{t13plain}", "brunsmann"], ["Du hilfst beim Ausfüllen der Anlage Kind.", "Wo trage ich die Kinderbetreuungskosten ein?"]),
    ("r13-req-12", "request", "en", "holdout13", {**user("Extract the intake fields from the volunteer's notes"), "response_format": {"type": "json_schema", "json_schema": {"name": "tax_intake", "description": "Free tax-help intake for Darnell Whitaker", "schema": {"type": "object", "properties": {"ssn": {"type": "string", "default": "{ssn13}"}, "filing_status": {"type": "string", "enum": ["single", "married_joint"]}}}}}}, ["Darnell", "Whitaker", "{ssn13}"], ["Extract the intake fields from the volunteer's notes", "married_joint"]),
    ("r13-req-13", "request", "de", "holdout13", {"messages": [{"role": "user", "content": "Bitte bestätige den Termin bei der Ausländerbehörde"}, {"role": "assistant", "content": "Ich buche den Termin für Herrn Volkan Aydın-Schreiber.", "tool_calls": [{"id": "call_tb", "type": "function", "function": {"name": "termin_buchen", "arguments": json.dumps({"termin": "2026-06-03T09:30", "rueckruf": "+49-40-3 89 17 52"})}}]}, {"role": "tool", "tool_call_id": "call_tb", "content": "gebucht"}]}, ["Volkan", "Aydın", "Schreiber", "3 89 17 52"], ["termin_buchen", "Bitte bestätige den Termin bei der Ausländerbehörde", "gebucht"]),
    ("r13-req-14", "request", "en", "holdout13", {"input": "Customer Pádraig Mac Giolla Phádraig, PPSN {ppsn13}, asked whether the fuel allowance is paid with the pension"}, ["Pádraig", "Giolla Phádraig", "{ppsn13}"], ["asked whether the fuel allowance is paid with the pension"]),
    ("r13-req-15", "request", "de", "holdout13", {**user("Leite die Frage zur Grundsteuer an die richtige Stelle weiter"), "tools": [{"type": "function", "function": {"name": "anfrage_weiterleiten", "description": "Leitet die Anfrage an die zuständige Sachbearbeiterin weiter (Frau Ewa Marczak, ewa.marczak@landkreis-example.de)", "parameters": {"type": "object", "properties": {"betreff": {"type": "string"}}}}}]}, ["Ewa", "Marczak", "ewa.marczak@landkreis-example.de"], ["anfrage_weiterleiten", "Leitet die Anfrage an die zuständige Sachbearbeiterin weiter", "Leite die Frage zur Grundsteuer an die richtige Stelle weiter"]),
    ("r13-fmt-01", "formats", "de", "holdout13", user("Steuer-ID {t13dash} (aus dem PDF kopiert, deshalb die komischen Striche)"), ["{t13dash}"], ["deshalb die komischen Striche"]),
    ("r13-fmt-02", "formats", "de", "holdout13", user("IdNr {t13thin} – ist das die richtige Nummer für die Riester-Zulage?"), ["{t13thin}"], ["ist das die richtige Nummer für die Riester-Zulage?"]),
    ("r13-fmt-03", "formats", "de", "holdout13", user("Steuer-Identnummer: {t13slash}, so hat sie mir der Arbeitgeber aufgeschrieben"), ["{t13slash}"], ["so hat sie mir der Arbeitgeber aufgeschrieben"]),
    ("r13-fmt-04", "formats", "de", "holdout13", user("Rentenvers.-Nr. {s13slash} und meine KV-Nummer {kv13dash} für den Reha-Antrag"), ["{s13slash}", "{kv13dash}"], ["für den Reha-Antrag"]),
    ("r13-fmt-05", "formats", "de", "holdout13", user("SV-Ausweis: {s13low} (der Buchstabe ist im Original groß)"), ["{s13low}"], ["der Buchstabe ist im Original groß"]),
    ("r13-fmt-06", "formats", "de", "holdout13", user("IBAN {i13thin} – bitte die Erstattung der Kitagebühren dorthin"), ["{i13thin}"], ["bitte die Erstattung der Kitagebühren dorthin"]),
    ("r13-fmt-07", "formats", "de", "holdout13", user("Kontoverbindung: {i13dots} – bitte für die Rückzahlung verwenden"), ["{i13dots}"], ["bitte für die Rückzahlung verwenden"]),
    ("r13-fmt-08", "formats", "en", "holdout13", user("My bank account is {i13mixed} (my phone changed the DE), please pay the hardship grant there"), ["{i13mixed}"], ["please pay the hardship grant there"]),
    ("r13-fmt-09", "formats", "de", "holdout13", user("Tel. (0 89) 2 33-4 56 78 oder mobil 0175/ 3 48 92 11, am besten vormittags"), ["2 33-4 56 78", "3 48 92 11"], ["am besten vormittags"]),
    ("r13-fmt-10", "formats", "en", "holdout13", user("Call me on (312) 555-0187 or text 312.555.0143 about the lead pipe replacement"), ["555-0187", "312.555.0143"], ["about the lead pipe replacement"]),
    ("r13-fmt-11", "formats", "de", "holdout13", user("Antwort bitte nur per Mail: mschwarzkopf AT t-online DOT de"), ["mschwarzkopf"], ["Antwort bitte nur per Mail"]),
    ("r13-fmt-12", "formats", "en", "holdout13", user("e-mail: oyelaran.temi at gmail dot com (no spaces), the council letters never arrive"), ["oyelaran.temi"], ["the council letters never arrive"]),
    ("r13-fmt-13", "formats", "de", "holdout13", user("Ich bin *14.03.1962 in Zwickau, mein Mann geb. am 5. Okt. 1959 – wir brauchen beide eine Rentenauskunft"), ["14.03.1962", "5. Okt. 1959"], ["wir brauchen beide eine Rentenauskunft"]),
    ("r13-fmt-14", "formats", "en", "holdout13", user("Date of birth 03/14/1990 (US format, sorry), my daughter's is 2012-7-9 for the school transport form"), ["03/14/1990", "2012-7-9"], ["for the school transport form"]),
    ("r13-fmt-15", "formats", "en", "holdout13", user("Charge the resident parking permit to Visa {v13thin}; if declined use Discover {disc13dots}"), ["{v13thin}", "{disc13dots}"], ["Charge the resident parking permit to Visa", "if declined use Discover"]),
    ("r13-fmt-16", "formats", "de", "holdout13", user("Personalausweis-Nr. {id13}, Reisepass {pass13low} – was brauche ich für die Ummeldung?"), ["{id13}", "{pass13low}"], ["was brauche ich für die Ummeldung?"]),
    ("r13-fmt-17", "formats", "en", "holdout13", user("NHS no. {nhs13dash} - can the GP surgery see my repeat prescription?"), ["{nhs13dash}"], ["can the GP surgery see my repeat prescription?"]),
    ("r13-fmt-18", "formats", "de", "holdout13", user("Mastercard {mc13plain} gültig bis 11/28 – kann ich damit die Hundemarke bezahlen?"), ["{mc13plain}"], ["gültig bis 11/28", "kann ich damit die Hundemarke bezahlen?"]),
    ("r13-fmt-19", "formats", "en", "holdout13", user("Sort code 40-47-84, account no. 71 34 25 90 - can the council tax refund go there?"), ["71 34 25 90"], ["can the council tax refund go there?"]),
    ("r13-fmt-20", "formats", "en", "holdout13", user("ring me on +353 (0)87 412 9930 or email aisling.ni.bhriain at eircom dot net about the medical card"), ["87 412 9930", "aisling.ni.bhriain"], ["about the medical card"]),
    ("r13-fmt-21", "formats", "en", "holdout13", user("My date of birth is Feb 29th, 1988 and my wife's is the 2nd of November 1990, for the single person discount review"), ["Feb 29th, 1988", "2nd of November 1990"], ["for the single person discount review"]),
    ("r13-str-01", "structured", "de", "holdout13", user("BEGIN:VCARD\nVERSION:3.0\nN:Demirci;Gülay;;;\nFN:Gülay Demirci\nTEL;TYPE=cell:+49 157 3498 2210\nEMAIL:guelay.demirci@gmx.de\nADR;TYPE=home:;;Brückenstraße 41;Mannheim;;68167;\nEND:VCARD\nKannst du daraus einen Kontakt für das Fachverfahren machen?"), ["Demirci", "Gülay", "3498 2210", "guelay.demirci@gmx.de", "Brückenstraße 41"], ["Kannst du daraus einen Kontakt für das Fachverfahren machen?", "BEGIN:VCARD"]),
    ("r13-str-02", "structured", "en", "holdout13", user("BEGIN:VEVENT\nSUMMARY:Council tax reduction interview\nDTSTART:20260611T100000\nATTENDEE;CN=Oluwadamilare Bankole:mailto:dami.bankole@outlook.com\nEND:VEVENT\nCan you move this appointment to Friday?"), ["Oluwadamilare", "Bankole", "dami.bankole@outlook.com"], ["SUMMARY:Council tax reduction interview", "Can you move this appointment to Friday?"]),
    ("r13-str-03", "structured", "de", "holdout13", user("INSERT INTO antragsteller (nachname, vorname, geburtsdatum, iban) VALUES ('Wüstenhagen', 'Ortrud', '1958-11-30', '{i13std}');\nFehler: duplicate key value violates unique constraint – warum?"), ["Wüstenhagen", "Ortrud", "1958-11-30", "{i13std}"], ["INSERT INTO antragsteller (nachname, vorname, geburtsdatum, iban) VALUES", "duplicate key value violates unique constraint"]),
    ("r13-str-04", "structured", "en", "holdout13", user("POST /apply HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\nfirst_name=Siddharth&last_name=Venkataraman&dob=1995-05-21&email=sid.venkat%40gmail.com&scheme=blue_badge\n\nWhy does the form come back with 422?"), ["Siddharth", "Venkataraman", "1995-05-21", "sid.venkat"], ["scheme=blue_badge", "Why does the form come back with 422?"]),
    ("r13-str-05", "structured", "de", "holdout13", user("Name, Vorname: Baumgärtner, Rosemarie\nGeb.-Dat.: 02.02.1944\nKVNR: {kv13}\nPflegegrad: 3\nBitte den Antrag auf den Entlastungsbetrag vorbereiten."), ["Baumgärtner", "Rosemarie", "02.02.1944", "{kv13}"], ["Pflegegrad: 3", "Bitte den Antrag auf den Entlastungsbetrag vorbereiten."]),
    ("r13-str-06", "structured", "en", "holdout13", user("claimants:\n  - name: \"Farah Siddiqui\"\n    phone: '+44 7700 900 842'\n  - name: \"Imran Siddiqui\"\n    dob: 1987-08-15\nbenefit: universal credit\nWhich of them has to attend the work search interview?"), ["Farah", "Siddiqui", "900 842", "Imran", "1987-08-15"], ["benefit: universal credit", "Which of them has to attend the work search interview?"]),
    ("r13-str-07", "structured", "de", "holdout13", user("<table><tr><td>Familienname</td><td>Jankowski</td></tr><tr><td>Vorname</td><td>Zuzanna</td></tr><tr><td>Telefon</td><td>0231 / 55 47 19</td></tr><tr><td>Anliegen</td><td>Sperrmüll</td></tr></table>\nBitte in Klartext umwandeln."), ["Jankowski", "Zuzanna", "55 47 19"], ["<td>Familienname</td>", "<td>Anliegen</td><td>Sperrmüll</td>", "Bitte in Klartext umwandeln."]),
    ("r13-str-08", "structured", "en", "holdout13", user('{"nok": {"relationship": "sister", "full_name": "Marguerite Dubois-Achebe", "mobile": "07700 900 577"}, "ward": "Ward 12", "discharge": "pending"}\nWho do we call before discharge?'), ["Marguerite", "Dubois", "Achebe", "900 577"], ['"relationship": "sister"', '"ward": "Ward 12"', "Who do we call before discharge?"]),
    ("r13-str-09", "structured", "de", "holdout13", user('Aktenzeichen;Name;Geburtsdatum;Steuer-ID\nWG-26-0311;"Petrović, Dragana";07.07.1971;{t13std}\nWG-26-0312;"Lange, Henning";19.10.1966;\nBei wem fehlt die Steuer-ID?'), ["Petrović", "Dragana", "07.07.1971", "{t13std}", "Lange", "Henning", "19.10.1966"], ["WG-26-0311", "WG-26-0312", "Bei wem fehlt die Steuer-ID?"]),
    ("r13-str-10", "structured", "en", "holdout13", user('From: "Kofi Asante-Darko" <kofi.asante@hotmail.co.uk>\nTo: licensing@council.example\nSubject: Taxi licence renewal\n\nHi, my licence expires next month, what do I need to send?'), ["Kofi", "Asante", "Darko", "kofi.asante@hotmail.co.uk"], ["Subject: Taxi licence renewal", "what do I need to send?"]),
    ("r13-str-11", "structured", "de", "holdout13", user("2026-05-12 09:14:55 WARN antrag id=88412 antragsteller.name='Roswitha Kühnapfel' antragsteller.tel='+49 351 4 88 20 17' status=unvollständig\nWas bedeutet die Warnung?"), ["Roswitha", "Kühnapfel", "4 88 20 17"], ["status=unvollständig", "Was bedeutet die Warnung?"]),
    ("r13-str-12", "structured", "en", "holdout13", user("Name\tPhone\tDOB\nLatoya Greenfield\t(504) 555-0122\t04/12/1951\nMarcus Greenfield\t\t09/30/1949\nCheck who qualifies for the senior property tax discount."), ["Latoya", "Greenfield", "555-0122", "04/12/1951", "Marcus", "09/30/1949"], ["Check who qualifies for the senior property tax discount."]),
    ("r13-str-13", "structured", "de", "holdout13", user("kontoinhaber: ali rıza toprak\niban: {i13plain}\nverwendungszweck: Nebenkosten 2025\nWarum kommt die Lastschrift zurück?"), ["ali rıza", "toprak", "{i13plain}"], ["verwendungszweck: Nebenkosten 2025", "Warum kommt die Lastschrift zurück?"]),
    ("r13-str-14", "structured", "en", "holdout13", user('{"resourceType": "Patient", "name": [{"family": "O\'Driscoll", "given": ["Caoimhe"]}], "birthDate": "2001-12-24", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{nhs13}"}]}\nIs this resource valid for the referral API?'), ["O'Driscoll", "Caoimhe", "2001-12-24", "{nhs13}"], ["https://fhir.nhs.uk/Id/nhs-number", "Is this resource valid for the referral API?"]),
    ("r13-str-15", "structured", "de", "holdout13", user("Anlage: Haushaltsmitglieder\n1) Ehefrau – Anh Thư Lê, geb. 03.05.1990\n2) Sohn – Minh Khôi Lê, geb. 17.11.2019\nZählen beide für das Wohngeld?"), ["Anh Thư", "03.05.1990", "Minh Khôi", "17.11.2019"], ["Anlage: Haushaltsmitglieder", "Zählen beide für das Wohngeld?"]),
    ("r13-str-16", "structured", "en", "holdout13", user("Security questions for the online account:\nMother's maiden name: Fitzgerald\nFirst school: St Brigid's\nApplicant's previous surname: Okwuosa\nCan staff see these answers?"), ["Fitzgerald", "Okwuosa"], ["Security questions for the online account:", "Can staff see these answers?"]),
    ("r13-conv-01", "conversation", "de", "holdout13", turns(("user", "Guten Tag, ich bin Annegret Schönfeld-Yilmaz und brauche eine Geburtsurkunde für meine Tochter."), ("assistant", "Gern. Wie lautet der Familienname Ihrer Tochter?"), ("user", "Sie schreibt sich Schoenfeld, ohne den zweiten Namen.")), ["Annegret", "Schönfeld", "Yilmaz", "Schoenfeld"], ["Wie lautet der Familienname Ihrer Tochter?", "ohne den zweiten Namen."]),
    ("r13-conv-02", "conversation", "en", "holdout13", {"messages": [{"role": "user", "content": "Is my housing benefit claim still open?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_hb", "type": "function", "function": {"name": "find_claim", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_hb", "content": "Match: Obiageli Nwachukwu, 12 Fernbank Road, claim HB-55031 open"}, {"role": "user", "content": "And the claim for NWACHUKWU at 12 fernbank rd, my husband?"}]}, ["Obiageli", "Nwachukwu", "12 Fernbank Road", "12 fernbank rd"], ["find_claim", "Is my housing benefit claim still open?", "my husband?"]),
    ("r13-conv-03", "conversation", "de", "holdout13", turns(("user", "Neue Bankverbindung für das Kindergeld: {i13std}"), ("assistant", "Danke, ich habe die IBAN notiert."), ("user", "Zur Sicherheit nochmal ohne Leerzeichen: {i13low}")), ["{i13std}", "{i13low}"], ["Danke, ich habe die IBAN notiert.", "Zur Sicherheit nochmal ohne Leerzeichen:"]),
    ("r13-conv-04", "conversation", "en", "holdout13", user("my mobile is 07700 900", "614 sorry, hit enter too early", "can someone call me about the noise complaint?"), ["07700 900", "614"], ["sorry, hit enter too early", "can someone call me about the noise complaint?"]),
    ("r13-conv-05", "conversation", "de", "holdout13", user("Steuer-ID {t13_a}", "{t13_b}", "{t13_c} – jetzt ist sie vollständig"), ["{t13_a}", "{t13_b}", "{t13_c}"], ["jetzt ist sie vollständig"]),
    ("r13-conv-06", "conversation", "en", "holdout13", turns(("user", "You can email me at reuben.castellano-brink@proton.me about the planning objection"), ("assistant", "Thank you, noted."), ("user", "Castellano-Brink is my married name, the old letters say Reuben Castellano")), ["reuben.castellano-brink@proton.me", "Castellano", "Brink", "Reuben"], ["about the planning objection", "is my married name"]),
    ("r13-conv-07", "conversation", "de", "holdout13", {"messages": [{"role": "user", "content": "Wem gehört die Wohnung, in der ich wohne?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_gb", "type": "function", "function": {"name": "grundbuch_auskunft", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_gb", "content": "Eigentümer laut Grundbuch: Ignacy Przybylski-Haas"}, {"role": "user", "content": "und was ist, wenn przybylski die Heizung nicht repariert?"}]}, ["Ignacy", "Przybylski", "Haas", "przybylski"], ["grundbuch_auskunft", "Eigentümer laut Grundbuch:", "die Heizung nicht repariert?"]),
    ("r13-conv-08", "conversation", "en", "holdout13", turns(("assistant", "Could you spell your surname for me?"), ("user", "Nkemelu, that's N K E M E L U, first name Chidinma")), ["Nkemelu", "N K E M E L U", "Chidinma"], ["Could you spell your surname for me?"]),
    ("r13-conv-09", "conversation", "de", "holdout13", turns(("user", "Meine Rentenversicherungsnummer fängt mit {s13_a} an"), ("assistant", "Und wie geht sie weiter?"), ("user", "{s13_b}, steht so auf dem Ausweis")), ["{s13_a}", "{s13_b}"], ["Und wie geht sie weiter?", "steht so auf dem Ausweis"]),
    ("r13-conv-10", "conversation", "en", "holdout13", turns(("system", "Verified caller: Hamish Drummond-Baird, tenancy 4471"), ("assistant", "Hello, how can I help today?"), ("user", "Hamish here, please send the repair confirmation to hamishdb@gmail.com")), ["Hamish", "Drummond", "Baird", "hamishdb@gmail.com"], ["how can I help today?", "please send the repair confirmation to"]),
    ("r13-conv-11", "conversation", "de", "holdout13", turns(("user", "Ich heiße Олена Шевчук, auf Deutsch Olena Shevchuk, und brauche eine Meldebescheinigung."), ("assistant", "Gern, Frau Shevchuk."), ("user", "Im Pass steht SHEVCHUK, auf der alten Bescheinigung aber Schewtschuk – ist das schlimm?")), ["Олена", "Шевчук", "Olena", "Shevchuk", "Schewtschuk"], ["ist das schlimm?", "und brauche eine Meldebescheinigung."]),
    ("r13-conv-12", "conversation", "en", "holdout13", user("pay the licence fee with card {mc13_a}", "{mc13_b} exp 05/29"), ["{mc13_a}", "{mc13_b}"], ["pay the licence fee with card", "exp 05/29"]),
    ("r13-conv-13", "conversation", "de", "holdout13", turns(("user", "Hier ist Ingeborg Stahlschmidt, Sophienstraße 12a – bei uns wurde die Biotonne nicht geleert."), ("assistant", "Das tut mir leid. Welche Hausnummer genau?"), ("user", "Sophienstr. 12 a, Hinterhaus")), ["Ingeborg", "Stahlschmidt", "Sophienstraße 12a", "Sophienstr. 12 a"], ["bei uns wurde die Biotonne nicht geleert.", "Welche Hausnummer genau?"]),
    ("r13-conv-14", "conversation", "en", "holdout13", turns(("user", "Tomasz Wierzbicki, born 7 March 1984, I need a copy of my marriage certificate"), ("assistant", "Thanks. Could you confirm your date of birth in numbers?"), ("user", "07/03/84")), ["Tomasz", "Wierzbicki", "7 March 1984", "07/03/84"], ["I need a copy of my marriage certificate", "Could you confirm your date of birth in numbers?"]),
    ("r13-conv-15", "conversation", "de", "holdout13", turns(("user", "Ich bin Kerem Özkaya und finde meinen Antrag nicht mehr."), ("assistant", "Sind Sie im Bürgerportal angemeldet?"), ("user", "Ja, mein Profil ist https://buergerportal.example.de/profil/kerem-oezkaya")), ["Kerem", "Özkaya", "kerem-oezkaya"], ["Sind Sie im Bürgerportal angemeldet?", "buergerportal.example.de/profil/"]),
    ("r13-conv-16", "conversation", "en", "holdout13", user("My Dutch BSN is {bsn13}, I moved here from Utrecht", "the BSN again with dots as on my old card: {bsn13dots}"), ["{bsn13}", "{bsn13dots}"], ["the BSN again with dots as on my old card:"]),
    ("r13-stream-01", "stream", "de", "holdout13", {**user("Entwirf die Eingangsbestätigung zum Widerspruch"), "answer": {"content": "Frau\nDr. Henrike Gellermann-Ruiz\nAm Wasserturm 3\n45127 Essen\n\nSehr geehrte Frau Dr. Gellermann-Ruiz,\nwir bestätigen den Eingang Ihres Widerspruchs."}}, ["Henrike", "Gellermann", "Ruiz", "Am Wasserturm 3"], ["wir bestätigen den Eingang Ihres Widerspruchs."]),
    ("r13-stream-02", "stream", "en", "holdout13", {**user("Text the resident that the collection is booked"), "answer": {"arguments": json.dumps({"to": "+44 7700 900 935", "text": "Hi Bashir Rahmani, your bulky waste collection is booked for Tuesday."})}}, ["900 935", "Bashir", "Rahmani"], ["your bulky waste collection is booked for Tuesday."]),
    ("r13-stream-03", "stream", "de", "holdout13", {**user("Ist die Erstattung raus?"), "answer": {"content": "Ja. Die Überweisung an Frau Ljiljana Savić (IBAN {i13b}) wurde heute angewiesen."}}, ["Ljiljana", "Savić", "{i13b}"], ["wurde heute angewiesen."]),
    ("r13-stream-04", "stream", "en", "holdout13", {**user("Update the resident record"), "answer": {"arguments": json.dumps({"update": {"person": {"forename": "Aoife", "surname": "Brennan-Kowalski", "date_of_birth": "1997-01-08"}, "email": "aoife.bk@gmail.com"}, "reason": "change of address"})}}, ["Aoife", "Brennan", "Kowalski", "1997-01-08", "aoife.bk@gmail.com"], ["change of address"]),
    ("r13-stream-05", "stream", "de", "holdout13", {**user("Stimmt die Steuer-ID im Bescheid?"), "answer": {"content": "Ihre Steuer-Identifikationsnummer {t13b} ist im Bescheid korrekt angegeben, Herr Ohlendorf."}}, ["{t13b}", "Ohlendorf"], ["ist im Bescheid korrekt angegeben"]),
    ("r13-stream-06", "stream", "en", "holdout13", {**user("Who handles my disabled facilities grant?"), "answer": {"content": "You can reach your case officer, Priyanka Raghunathan, at priyanka.raghunathan@council.example or on 0121 496 0873."}}, ["Priyanka", "Raghunathan", "496 0873"], ["You can reach your case officer"]),
    ("r13-stream-07", "stream", "de", "holdout13", {**user("Reha-Antrag an die Rentenversicherung übermitteln"), "answer": {"arguments": json.dumps({"versicherter": {"name": "Hartmut Wöhlke", "kvnr": "{kv13b}", "rvnr": "{s13plain}"}, "vorgang": "Reha-Antrag"}, ensure_ascii=False)}}, ["Hartmut", "Wöhlke", "{kv13b}", "{s13plain}"], ["Reha-Antrag"]),
    ("r13-stream-08", "stream", "en", "holdout13", {**user("Export the contacts for the foster carer newsletter"), "answer": {"content": "```csv\nname,email\nZanele Dlamini,zanele.d@icloud.com\nThabo Dlamini,thabo.dlamini@gmail.com\n```\nBoth contacts were exported."}}, ["Zanele", "Dlamini", "zanele.d@icloud.com", "Thabo", "thabo.dlamini@gmail.com"], ["Both contacts were exported."]),
    ("r13-stream-09", "stream", "de", "holdout13", {**user("Fasse die Einbürgerungsakte zusammen"), "answer": {"content": "Herr Cem Karagöz, geboren am 9. Januar 1983 in Izmir, lebt seit 2015 in Deutschland und erfüllt die Voraufenthaltszeit."}}, ["Cem", "Karagöz", "9. Januar 1983"], ["erfüllt die Voraufenthaltszeit."]),
    ("r13-stream-10", "stream", "en", "holdout13", {**user("Look the resident up"), "answer": {"arguments": json.dumps({"url": "https://api.council.example/residents?email=li.na.zhou%40outlook.com&phone=%2B447700900466"})}}, ["li.na.zhou", "7700900466"], ["https://api.council.example/residents?"]),
    ("r13-stream-11", "stream", "de", "holdout13", {**user("Welches Dokument gilt noch?"), "answer": {"content": "Der Personalausweis {id13b} ist abgelaufen; bitte nutzen Sie den Reisepass {pass13} von Herrn Reinholdt Mäkelä."}}, ["{id13b}", "{pass13}", "Reinholdt", "Mäkelä"], ["ist abgelaufen; bitte nutzen Sie den Reisepass"]),
    ("r13-stream-12", "stream", "en", "holdout13", {**user("Did the payment go through?"), "answer": {"content": "The payment of £45.00 on Visa {v13} for Mrs Eilidh MacAskill was successful."}}, ["{v13}", "Eilidh", "MacAskill"], ["was successful."]),
    ("r13-stream-13", "stream", "de", "holdout13", {**user("Antwort an den Antragsteller schreiben"), "answer": {"content": "Sehr geehrter Herr Nowotny, " + "vielen Dank für Ihre Nachricht zur Hundesteuer; wir haben Ihre Abmeldung geprüft und den Bescheid angepasst. " * 6 + "Rückfragen beantworten wir gern unter bernhard.nowotny@posteo.de oder 0341 9 27 44 15. Mit freundlichen Grüßen"}}, ["Nowotny", "bernhard.nowotny@posteo.de", "9 27 44 15"], ["Mit freundlichen Grüßen", "wir haben Ihre Abmeldung geprüft"]),
    ("r13-stream-14", "stream", "en", "holdout13", {**user("Register the family for the ceremony"), "answer": {"arguments": json.dumps({"attendees": [{"name": "Mohammed Al-Farsi", "phone": "+44 7700 900 129"}, {"name": "Yusra Al-Farsi"}], "event": "citizenship ceremony"})}}, ["Mohammed", "Al-Farsi", "900 129", "Yusra"], ["citizenship ceremony"]),
    # ------------------------------------------------------------------ hold-out round 14
    # Written after round 13's fixes and committed before their first run; their writer
    # never ran the redaction on them. Ordinary day-to-day traffic: caseworkers pasting
    # e-mails, letters, chat exports and CRM records, citizens typing casually (lower case,
    # typos, dialect, abbreviations), parallel tool calls to registers and CRMs, metadata,
    # message names, a stop signature, a prediction letter; answers drafting letters, case
    # summaries and CRM updates; names of many origins, word-like names under name keys.
    ("r14-req-01", "request", "de", "holdout14", {"messages": [{"role": "user", "content": "Leg bitte für den Anrufer einen Kontakt an und hinterleg die Bankverbindung"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_k1", "type": "function", "function": {"name": "crm_kontakt_anlegen", "arguments": json.dumps({"anrede": "Herr", "vorname": "Przemysław", "nachname": "Szczepański", "mobil": "0157 82 44 19 03"}, ensure_ascii=False)}}, {"id": "call_k2", "type": "function", "function": {"name": "bankverbindung_speichern", "arguments": json.dumps({"kontoinhaber": "Przemysław Szczepański", "iban": "{i14std}"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_k1", "content": "Kontakt 40913 angelegt"}, {"role": "tool", "tool_call_id": "call_k2", "content": "gespeichert"}]}, ["Przemysław", "Szczepański", "82 44 19 03", "{i14std}"], ["crm_kontakt_anlegen", "bankverbindung_speichern", "Kontakt 40913 angelegt", "Leg bitte für den Anrufer einen Kontakt an"]),
    ("r14-req-02", "request", "en", "holdout14", {"input": ["Ticket 5521: Mrs Adaeze Nnaji-Pratt says the streetlight outside 9 Cherrywood Avenue has been out for two weeks", "Ticket 5522: fly-tipping behind the community centre", "Ticket 5523: caller Declan Rooney-Devlin (07700 900 356) wants a replacement recycling box"]}, ["Adaeze", "Nnaji", "Pratt", "9 Cherrywood Avenue", "Declan", "Rooney", "Devlin", "900 356"], ["fly-tipping behind the community centre", "wants a replacement recycling box", "has been out for two weeks"]),
    ("r14-req-03", "request", "de", "holdout14", {"messages": [{"role": "system", "content": "Du bist die Assistenz im Bürgerbüro. Beantworte Anfragen freundlich und kurz."}, {"role": "user", "content": "Kannst du mir helfen, auf diese Mail zu antworten?\n\nHallo, ich heiße Elif Karagül und wohne seit März in der Gartenstraße 18. Ich habe immer noch keine Bestätigung für die Ummeldung bekommen. Meine Nummer ist 0176 51 38 92 07.\nLG Elif"}], "user": "elif.karaguel@gmx.de"}, ["Elif", "Karagül", "Gartenstraße 18", "51 38 92 07", "elif.karaguel@gmx.de"], ["Beantworte Anfragen freundlich und kurz.", "Ich habe immer noch keine Bestätigung für die Ummeldung bekommen."]),
    ("r14-req-04", "request", "en", "holdout14", {**user("Pull the tenant details out of the letter below so I can log the repair"), "response_format": {"type": "json_schema", "json_schema": {"name": "repair_request", "schema": {"type": "object", "properties": {"tenant": {"type": "string", "description": "Full name as written, e.g. Mr Wojciech Grabarczyk"}, "address": {"type": "string", "examples": ["Flat 4, 62 Holloway Street, Dudley"]}, "issue": {"type": "string", "enum": ["damp", "heating", "electrics", "other"]}}}}}}, ["Wojciech", "Grabarczyk", "62 Holloway Street"], ["repair_request", "Pull the tenant details out of the letter below so I can log the repair", "electrics"]),
    ("r14-req-05", "request", "de", "holdout14", {**user("Buch mir für morgen einen Termin im Standesamt"), "tools": [{"type": "function", "function": {"name": "standesamt_termin", "description": "Bucht einen Termin im Standesamt. Beispielaufruf aus der Schulung: Brautpaar Larissa Obermüller und Nikolai Wiebe, Trauung im August.", "parameters": {"type": "object", "properties": {"personen": {"type": "array", "items": {"type": "string"}, "default": ["Larissa Obermüller", "Nikolai Wiebe"]}, "datum": {"type": "string", "format": "date"}}}}}]}, ["Larissa", "Obermüller", "Nikolai", "Wiebe"], ["standesamt_termin", "Bucht einen Termin im Standesamt.", "Buch mir für morgen einen Termin im Standesamt"]),
    ("r14-req-06", "request", "en", "holdout14", {"messages": [{"role": "user", "name": "Kwabena_Asiedu", "content": "hi is the tip open on sunday"}, {"role": "assistant", "content": "Yes, the household waste site is open 9-4 on Sundays."}, {"role": "user", "name": "Kwabena_Asiedu", "content": "cheers, can i bring a mattress"}]}, ["Kwabena", "Asiedu"], ["is the tip open on sunday", "the household waste site is open 9-4 on Sundays.", "can i bring a mattress"]),
    ("r14-req-07", "request", "de", "holdout14", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Was steht in dem eingescannten Brief? Bitte kurz zusammenfassen."}, {"type": "image_url", "image_url": {"url": "https://dms.kreis-example.de/viewer?akte=SO-2026-1187&buerger=Phan%20Thanh%20Tam&geb=1975-03-12&seite=2"}}]}]}, ["Phan%20Thanh%20Tam", "1975-03-12"], ["Bitte kurz zusammenfassen.", "dms.kreis-example.de/viewer?akte=SO-2026-1187"]),
    ("r14-req-08", "request", "en", "holdout14", {"messages": [{"role": "user", "content": "Who reported the pothole on Mill Lane?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_cr7", "type": "function", "function": {"name": "crm_search_reports", "arguments": json.dumps({"street": "Mill Lane", "type": "pothole"})}}]}, {"role": "tool", "tool_call_id": "call_cr7", "content": json.dumps({"results": [{"report_id": "PH-20931", "reporter": "Gráinne Dunleavy", "reporter_email": "grainne.dunleavy@eircom.net", "reporter_phone": "0161 496 0735", "status": "scheduled"}]}, ensure_ascii=False)}]}, ["Gráinne", "Dunleavy", "grainne.dunleavy@eircom.net", "496 0735"], ["crm_search_reports", "Who reported the pothole", "PH-20931"]),
    ("r14-req-09", "request", "de", "holdout14", {**user("Korrigiere nur Rechtschreibung und Zeichensetzung in diesem Schreiben"), "prediction": {"type": "content", "content": "Sehr geehrter Herr Abdullahi,\nwir haben ihren Antrag auf Wohnberechtigungsschein erhalten. Bitte reichen sie noch die Gehaltsnachweise ihrer Ehefrau Hauwa Abdullahi ein.\nMit freundlichen Grüßen\nIm Auftrag\nSandra Kleinschmidt"}}, ["Abdullahi", "Hauwa", "Sandra", "Kleinschmidt"], ["Korrigiere nur Rechtschreibung und Zeichensetzung in diesem Schreiben", "Bitte reichen sie noch die Gehaltsnachweise"]),
    ("r14-req-10", "request", "en", "holdout14", {**user("Write a short reply confirming the blue badge renewal was received"), "stop": ["Kind regards, Moira Fairbairn", "Moira Fairbairn | Blue Badge Team | 0131 496 0288"], "user": "moira.fairbairn@council.example"}, ["Moira", "Fairbairn", "496 0288", "moira.fairbairn"], ["Write a short reply confirming the blue badge renewal was received", "Blue Badge Team"]),
    ("r14-req-11", "request", "de", "holdout14", {**user("Fass den Verlauf kurz für die Übergabe zusammen: Bürgerin hat dreimal wegen des Elterngelds angerufen, Unterlagen fehlen noch."), "metadata": {"vorgang": "EG-2026-04417", "buergerin": "Svetlana Kuznetsova", "rueckruf": "0351 8 47 29 60"}}, ["Svetlana", "Kuznetsova", "8 47 29 60"], ["EG-2026-04417", "Unterlagen fehlen noch."]),
    ("r14-req-12", "request", "en", "holdout14", {"messages": [{"role": "developer", "content": "Case summary for the officer: applicant Oluwaseun Adetokunbo-Clarke, DOB 22/10/1986, lives with partner Rhiannon Clarke at 3 Birchfield Mews, Cardiff CF14 2LP. Income: part-time, 16 h/week."}, {"role": "user", "content": "Is she likely to qualify for council tax reduction?"}]}, ["Oluwaseun", "Adetokunbo", "Clarke", "22/10/1986", "Rhiannon", "3 Birchfield Mews"], ["Income: part-time, 16 h/week.", "Is she likely to qualify for council tax reduction?"]),
    ("r14-req-13", "request", "de", "holdout14", {"messages": [{"role": "user", "content": "Schau mal im Melderegister, ob die Adresse noch stimmt"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_mr4", "type": "function", "function": {"name": "melderegister_abfrage", "arguments": json.dumps({"familienname": "Bălănescu", "vornamen": "Ioana Maria", "geburtsdatum": "1991-07-04"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_mr4", "content": "Anschrift: Hohe Straße 41, 01069 Dresden, gemeldet seit 2019"}], "safety_identifier": "ioana.balanescu"}, ["Bălănescu", "Ioana Maria", "1991-07-04", "Hohe Straße 41", "ioana.balanescu"], ["melderegister_abfrage", "Schau mal im Melderegister, ob die Adresse noch stimmt", "gemeldet seit 2019"]),
    ("r14-req-14", "request", "en", "holdout14", {**user("Add the caller to the CRM"), "tools": [{"type": "function", "function": {"name": "crm_add_contact", "description": "Adds a resident to the CRM", "parameters": {"type": "object", "properties": {"contact": {"type": "object", "properties": {"name": {"type": "string"}, "phone": {"type": "string"}}, "examples": [{"name": "Bronagh McCann", "phone": "028 9018 0762"}]}}}}}], "tool_choice": "required"}, ["Bronagh", "McCann", "9018 0762"], ["crm_add_contact", "Adds a resident to the CRM", "Add the caller to the CRM"]),
    ("r14-req-15", "request", "de", "holdout14", {"input": "Sehr geehrte Damen und Herren, hiermit beantrage ich, Rüdiger Pfannenschmidt, geb. 17.01.1957, wohnhaft Uhlandstraße 23 in 70182 Stuttgart, die Befreiung von der Zweitwohnungsteuer. Steuer-ID: {t14std}"}, ["Rüdiger", "Pfannenschmidt", "17.01.1957", "Uhlandstraße 23", "{t14std}"], ["die Befreiung von der Zweitwohnungsteuer", "Sehr geehrte Damen und Herren, hiermit beantrage ich"]),
    ("r14-fmt-01", "formats", "de", "holdout14", user("hallo, meine steuer id is {t14std} brauch ich die fürs kindergeld oder reicht die vom kind?"), ["{t14std}"], ["brauch ich die fürs kindergeld oder reicht die vom kind?"]),
    ("r14-fmt-02", "formats", "de", "holdout14", user("rv nummer {s14plain} steht auf mein sozialversicherungsausweis, aber der is schon alt"), ["{s14plain}"], ["aber der is schon alt"]),
    ("r14-fmt-03", "formats", "de", "holdout14", user("krankenkassenkarte nr {kv14sp}, wieso kommt kein bescheid"), ["{kv14sp}"], ["wieso kommt kein bescheid"]),
    ("r14-fmt-04", "formats", "de", "holdout14", user("ruf mich bitte zurück: 0171 - 28 33 904 oder festnetz 02 21 / 93 85 17, bin ab 14 uhr daheim"), ["28 33 904", "93 85 17"], ["bin ab 14 uhr daheim"]),
    ("r14-fmt-05", "formats", "de", "holdout14", user("iban {i14low} (kleingeschrieben, sorry) – kann das geld bis zum 1. da sein?"), ["{i14low}"], ["kann das geld bis zum 1. da sein?"]),
    ("r14-fmt-06", "formats", "de", "holdout14", user("Perso-Nr. {id14low} – hab den neuen noch nicht abgeholt, gilt der alte noch?"), ["{id14low}"], ["hab den neuen noch nicht abgeholt, gilt der alte noch?"]),
    ("r14-fmt-07", "formats", "de", "holdout14", user("bin am 3.5.87 geboren und mein sohn am 21.11.2014, krieg ich da noch unterhaltsvorschuss"), ["3.5.87", "21.11.2014"], ["krieg ich da noch unterhaltsvorschuss"]),
    ("r14-fmt-08", "formats", "de", "holdout14", user("schreibt mir lieber ne mail: dobromir.petrov ät gmx punkt net, briefe kommen bei uns nie an"), ["dobromir.petrov"], ["briefe kommen bei uns nie an"]),
    ("r14-fmt-09", "formats", "en", "holdout14", user("hiya my visa is {v14} exp 08/27, can i pay the garden waste thing over the phone"), ["{v14}"], ["exp 08/27", "can i pay the garden waste thing over the phone"]),
    ("r14-fmt-10", "formats", "en", "holdout14", user("u can text me on 07700 900 472 or my mums landline 0113 496 0581 if no answer"), ["900 472", "496 0581"], ["if no answer"]),
    ("r14-fmt-11", "formats", "en", "holdout14", user("dob 5/9/77, my partners is 30th jan 1980 - do we both need to sign the tenancy form"), ["5/9/77", "30th jan 1980"], ["do we both need to sign the tenancy form"]),
    ("r14-fmt-12", "formats", "en", "holdout14", user("email is jay.adeleke85 at yahoo dot co dot uk, the other one is dead"), ["jay.adeleke85"], ["the other one is dead"]),
    ("r14-fmt-13", "formats", "en", "holdout14", user("I worked in Germany until last year, my German tax ID is {t14b} and my pension number (Rentenversicherungsnummer) {s14c} - do I need them for the pension forecast?"), ["{t14b}", "{s14c}"], ["do I need them for the pension forecast?"]),
    ("r14-fmt-14", "formats", "en", "holdout14", user("NI no {nino14} and NHS number {nhs14}, sorry its for my dad's care assessment"), ["{nino14}", "{nhs14}"], ["sorry its for my dad's care assessment"]),
    ("r14-fmt-15", "formats", "en", "holdout14", user("refund please to my old German account {i14b}, I still use it"), ["{i14b}"], ["I still use it"]),
    ("r14-fmt-16", "formats", "en", "holdout14", user("mastercard {mc14} for the parking permit pls, ta"), ["{mc14}"], ["for the parking permit pls"]),
    ("r14-str-01", "structured", "de", "holdout14", user("[12.05.26, 08:51:14] Jelena Marinković: guten morgen, wann kommt der bescheid?\n[12.05.26, 08:53:40] Jelena Marinković: meine neue nummer ist 0152 29 84 71 36\n[12.05.26, 09:02:05] Büro Sozialamt: Wir melden uns heute noch.\nKannst du aus dem Chatverlauf eine Aktennotiz machen?"), ["Jelena", "Marinković", "29 84 71 36"], ["Kannst du aus dem Chatverlauf eine Aktennotiz machen?", "Wir melden uns heute noch."]),
    ("r14-str-02", "structured", "en", "holdout14", user("Gillespie, Orla  10:14 AM\nhas anyone called back the lady at 27 Rowan Drive? her name is Parveen Akhtar, 07700 900 615\nAsamoah, Kwame  10:16 AM\nnot yet, will do after lunch\nSummarise who still needs a call."), ["Gillespie", "Orla", "27 Rowan Drive", "Parveen", "Akhtar", "900 615", "Asamoah", "Kwame"], ["not yet, will do after lunch", "Summarise who still needs a call."]),
    ("r14-str-03", "structured", "de", "holdout14", user("Mehmet und Ayşe Kılınçoğlu\nAm Schlehdorn 7\n33619 Bielefeld\n\nStadt Bielefeld\nAmt für Soziale Leistungen\n\nBetreff: Antrag auf Wohngeld – fehlende Unterlagen\n\nBitte schreib eine Antwort an die beiden."), ["Mehmet", "Ayşe", "Kılınçoğlu", "Am Schlehdorn 7"], ["Betreff: Antrag auf Wohngeld – fehlende Unterlagen", "Bitte schreib eine Antwort an die beiden."]),
    ("r14-str-04", "structured", "en", "holdout14", user('{"contact": {"firstName": "Cathal", "lastName": "Ó Murchú", "mobile": "+353 86 214 7790", "email": "cathal.omurchu@gmail.com"}, "caseType": "housing_grant", "priority": "normal"}\nWhy does the CRM reject this contact?'), ["Cathal", "Ó Murchú", "86 214 7790", "cathal.omurchu@gmail.com"], ['"caseType": "housing_grant"', "Why does the CRM reject this contact?"]),
    ("r14-str-05", "structured", "de", "holdout14", user("Familienname: Fink\nGeburtsname: Sperling\nVorname: Hanna\nGeburtsdatum: 09.12.1968\nAnliegen: Namensänderung nach Scheidung\nWelche Unterlagen braucht sie?"), ["Fink", "Sperling", "Hanna", "09.12.1968"], ["Anliegen: Namensänderung nach Scheidung", "Welche Unterlagen braucht sie?"]),
    ("r14-str-06", "structured", "en", "holdout14", user("Applicant: Faith Long\nNext of kin: Victor Long (son)\nEmergency contact number: 0117 496 0824\nMaiden name: Hawthorn\nRequest: home care review"), ["Faith", "Long", "Victor", "496 0824", "Hawthorn"], ["Request: home care review"]),
    ("r14-str-07", "structured", "de", "holdout14", user("Nr\tName\tVorname\tGeb.\tTelefon\n1\tPawlikowski\tMarek\t14.06.1979\t0421 55 87 309\n2\tDiallo\tAminata\t02.02.1995\t0160 94 12 380\nAus der Excel-Liste der Sprachkursteilnehmer – wer ist über 40?"), ["Pawlikowski", "Marek", "14.06.1979", "55 87 309", "Diallo", "Aminata", "02.02.1995", "94 12 380"], ["Aus der Excel-Liste der Sprachkursteilnehmer – wer ist über 40?"]),
    ("r14-str-08", "structured", "en", "holdout14", user("-------- Forwarded Message --------\nSubject: Missed bin\nDate: Mon, 11 May 2026 07:42\nFrom: Hollie Wainwright <hollie.w92@outlook.com>\n\nHi, our blue bin at 8 Kestrel Way wasn't emptied again. Phone 07700 900 736.\n\nCan you log this as a complaint?"), ["Hollie", "Wainwright", "hollie.w92@outlook.com", "8 Kestrel Way", "900 736"], ["Subject: Missed bin", "Can you log this as a complaint?"]),
    ("r14-str-09", "structured", "de", "holdout14", user("Buchungstag: 05.05.2026\nBuchungstext: SEPA-Gutschrift\nAuftraggeber: Tahmasebi, Navid\nIBAN Auftraggeber: {i14plain}\nVerwendungszweck: Kaution Whg 3 OG links\nIst das die Kaution vom neuen Mieter?"), ["Tahmasebi", "Navid", "{i14plain}"], ["Buchungstext: SEPA-Gutschrift", "Ist das die Kaution vom neuen Mieter?"]),
    ("r14-str-10", "structured", "en", "holdout14", user("| Child | DOB | School |\n|---|---|---|\n| Amelia Zielinski | 2017-09-14 | St Anne's |\n| Jakub Zielinski | 2019-01-30 | St Anne's |\nParent contact: Agnieszka Zielinski, a.zielinski@btinternet.com\nAre both children eligible for free school meals?"), ["Amelia", "Zielinski", "2017-09-14", "Jakub", "2019-01-30", "Agnieszka", "a.zielinski@btinternet.com"], ["| Child | DOB | School |", "Are both children eligible for free school meals?"]),
    ("r14-str-11", "structured", "de", "holdout14", user("Vielen Dank im Voraus!\n\nMit freundlichen Grüßen\nDr. Konstantin Alekseev\nLindenstraße 4b\n06108 Halle (Saale)\nTel.: 0345 / 68 29 41 70\nE-Mail: k.alekseev@posteo.de\n\nKannst du aus der Mail die Kontaktdaten ins Formular übernehmen?"), ["Konstantin", "Alekseev", "Lindenstraße 4b", "68 29 41 70", "k.alekseev@posteo.de"], ["Vielen Dank im Voraus!", "Kannst du aus der Mail die Kontaktdaten ins Formular übernehmen?"]),
    ("r14-str-12", "structured", "en", "holdout14", user("id,full_name,postcode,phone,notes\n7781,Bogdan Ilie,B12 9QT,0121 496 0913,asked about bulky waste\n7782,Hyun-woo Park,B13 8LD,,no answer\nWhich of these still need a callback?"), ["Bogdan", "Ilie", "496 0913", "Hyun-woo", "Park"], ["asked about bulky waste", "Which of these still need a callback?"]),
    ("r14-str-13", "structured", "de", "holdout14", user("name: anastasia wolkowa\ngeb: 23.8.1990\nadresse: bachstr 12, 3. stock\ntel: 0157 7 33 48 215\nworum gehts: kita-platz für meine tochter"), ["anastasia", "wolkowa", "23.8.1990", "bachstr 12", "7 33 48 215"], ["worum gehts: kita-platz für meine tochter"]),
    ("r14-str-14", "structured", "en", "holdout14", user("Tenancy ref: TN-40817\nTenant(s): Matteo Ricci & Giulia Bianconi-Ricci\nLandlord: Mr Dermot Tierney\nProperty: 41 Albion Road, Leeds LS6\nRent: £725 pcm\nDraft a reminder about the gas safety check."), ["Matteo", "Ricci", "Giulia", "Bianconi", "Dermot", "Tierney", "41 Albion Road"], ["Tenancy ref: TN-40817", "Rent: £725 pcm", "Draft a reminder about the gas safety check."]),
    ("r14-str-15", "structured", "de", "holdout14", user('{"kind": {"vorname": "Emil", "geburtsdatum": "2020-06-03"}, "erziehungsberechtigte": ["Duong Thi Mai", "Markus Brinkhaus"], "betreuungsumfang": "35 h"}\nWelcher Elternbeitrag ergibt sich?'), ["Emil", "2020-06-03", "Duong Thi Mai", "Markus", "Brinkhaus"], ['"betreuungsumfang": "35 h"', "Welcher Elternbeitrag ergibt sich?"]),
    ("r14-str-16", "structured", "en", "holdout14", user("09:00  Mrs Bernadette Quigley - housing benefit review\n09:30  Mr Yusuf Durmaz - parking permit\n10:00  (free)\nPrint today's appointment list without the names."), ["Bernadette", "Quigley", "Yusuf", "Durmaz"], ["housing benefit review", "Print today's appointment list without the names."]),
    ("r14-conv-01", "conversation", "de", "holdout14", turns(("user", "hallo ich bin die sabine krüger-akgündüz und hab ne frage zum wohngeld"), ("assistant", "Hallo Frau Krüger-Akgündüz, gern. Worum geht es?"), ("user", "mein mann (herr akgündüz) verdient jetzt mehr, muss ich das melden?")), ["sabine", "krüger", "akgündüz"], ["hab ne frage zum wohngeld", "Worum geht es?", "verdient jetzt mehr, muss ich das melden?"]),
    ("r14-conv-02", "conversation", "en", "holdout14", turns(("user", "hiya its yaw kuffour, flat 6 at 19 Mercer Court, still no heating since friday"), ("assistant", "Sorry to hear that, Mr Kuffour. I've raised an urgent repair."), ("user", "thanks, the engineer can ring me or my sister Efua on 07700 900 853")), ["yaw", "kuffour", "19 Mercer Court", "Efua", "900 853"], ["still no heating since friday", "I've raised an urgent repair."]),
    ("r14-conv-03", "conversation", "de", "holdout14", turns(("user", "Servus, i bin da Xaver Hinterstoißer, mei Hund is vom Hof weg"), ("assistant", "Grüß Gott, Herr Hinterstoißer. Wie heißt der Hund und ist er gechipt?"), ("user", "da Hund hoaßt Bello, is gechipt. Ruafts beim Hinterstoisser o, 08752 8 61 39")), ["Xaver", "Hinterstoißer", "Hinterstoisser", "8 61 39"], ["mei Hund is vom Hof weg", "Wie heißt der Hund und ist er gechipt?"]),
    ("r14-conv-04", "conversation", "en", "holdout14", turns(("user", "My name is Huỳnh Thị Thu Hằng, I need a council tax discount form"), ("assistant", "Of course. Which name should appear on the form?"), ("user", "just put huynh thi thu hang, without the accents")), ["Huỳnh", "Thị Thu Hằng", "huynh", "thi thu hang"], ["Which name should appear on the form?", "without the accents"]),
    ("r14-conv-05", "conversation", "de", "holdout14", user("kontonummer für die rückzahlung: {i14_a}", "{i14_b}", "sorry war zu schnell"), ["{i14_a}", "{i14_b}"], ["kontonummer für die rückzahlung:", "sorry war zu schnell"]),
    ("r14-conv-06", "conversation", "en", "holdout14", turns(("user", "you can email me at dariusz.kaczmarek.uk@gmail.com"), ("assistant", "Thanks, I'll send the form there."), ("user", "Dariusz Kaczmarek by the way, and my wife is Ewelina")), ["dariusz.kaczmarek.uk@gmail.com", "Dariusz", "Kaczmarek", "Ewelina"], ["Thanks, I'll send the form there.", "by the way, and my wife is"]),
    ("r14-conv-07", "conversation", "de", "holdout14", {"messages": [{"role": "user", "content": "wer ist bei euch für mein bafög zuständig?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_zs", "type": "function", "function": {"name": "zustaendigkeit_suchen", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_zs", "content": "Zuständig: Frau Małgorzata Wróblewska-Lenz, Zimmer 214, Tel. 0761 201-4487"}, {"role": "user", "content": "kann ich die frau wróblewska auch per mail erreichen? oder malgorzata direkt"}]}, ["Małgorzata", "Wróblewska", "Lenz", "201-4487", "malgorzata"], ["zustaendigkeit_suchen", "wer ist bei euch für mein bafög zuständig?", "auch per mail erreichen?", "Zimmer 214"]),
    ("r14-conv-08", "conversation", "en", "holdout14", turns(("user", "Siobhán Kavanagh here, born 14th of August 1972 - everyone calls me Shiv"), ("assistant", "Thanks. How can I help?"), ("user", "it's Shiv again, the bus pass still hasn't come, DOB 14.8.72 if you need it")), ["Siobhán", "Kavanagh", "14th of August 1972", "Shiv", "14.8.72"], ["How can I help?", "the bus pass still hasn't come"]),
    ("r14-conv-09", "conversation", "de", "holdout14", turns(("system", "Angemeldet: Hatice Karabağ, Wohnung Wiesenweg 9, 2. OG"), ("user", "heizung geht wieder nicht"), ("assistant", "Frau Karabağ, ich leite das an den Hausmeister weiter."), ("user", "danke, wiesenweg 9 hinterhaus, klingel karabag")), ["Hatice", "Karabağ", "Wiesenweg 9", "karabag"], ["heizung geht wieder nicht", "ich leite das an den Hausmeister weiter."]),
    ("r14-conv-10", "conversation", "en", "holdout14", user("my German tax ID starts {t14_a}", "and ends {t14_b}, it's for the Kindergeld form"), ["{t14_a}", "{t14_b}"], ["it's for the Kindergeld form"]),
    ("r14-conv-11", "conversation", "de", "holdout14", turns(("user", "Ich heiße Abdulrahman Al-Mansouri, mein Antrag auf Einbürgerung ist seit einem Jahr offen."), ("assistant", "Herr Al-Mansouri, ich sehe nach."), ("user", "im Bescheid steht übrigens Abdul Rahman Almansuri, ist das schlimm?")), ["Abdulrahman", "Al-Mansouri", "Abdul Rahman", "Almansuri"], ["mein Antrag auf Einbürgerung ist seit einem Jahr offen.", "ist das schlimm?"]),
    ("r14-conv-12", "conversation", "en", "holdout14", {"messages": [{"role": "user", "content": "Hi, Zofia Lisowska-Pembroke here, I'd like to register my son's birth"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_rb", "type": "function", "function": {"name": "start_birth_registration", "arguments": json.dumps({"mother_surname": "LISOWSKA-PEMBROKE"})}}]}, {"role": "tool", "tool_call_id": "call_rb", "content": "appointment offered: Thursday 10:30"}, {"role": "user", "content": "Thursday works. The baby is called Oskar Pembroke"}]}, ["Zofia", "Lisowska", "Pembroke", "Oskar"], ["start_birth_registration", "appointment offered: Thursday 10:30", "I'd like to register my son's birth"]),
    ("r14-conv-13", "conversation", "de", "holdout14", turns(("user", "Guten Tag, Dmytro Kovalenko, ich wohne jetzt in der Feldstraße 27"), ("assistant", "Guten Tag, Herr Kowalenko. Möchten Sie sich ummelden?"), ("user", "ja, und meine frau Oksana Kowalenko auch, im pass steht KOVALENKO")), ["Dmytro", "Kovalenko", "Kowalenko", "Oksana", "Feldstraße 27"], ["Möchten Sie sich ummelden?", "ich wohne jetzt in der"]),
    ("r14-conv-14", "conversation", "en", "holdout14", turns(("user", "Good morning, I'm Giuseppe Ferrante-Russo, calling about my late mother's council tax"), ("assistant", "I'm sorry for your loss, Mr Ferrante-Russo."), ("user", "thank you. her name was Carmela Russo, she lived at 5 Vicarage Close")), ["Giuseppe", "Ferrante", "Russo", "Carmela", "5 Vicarage Close"], ["calling about my late mother's council tax", "I'm sorry for your loss"]),
    ("r14-conv-15", "conversation", "de", "holdout14", {"messages": [{"role": "user", "content": "versichertennummer {kv14c}, bitte den reha-antrag weiterleiten"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_rh", "type": "function", "function": {"name": "reha_antrag_weiterleiten", "arguments": json.dumps({"kvnr": "{kv14clow}"})}}]}, {"role": "tool", "tool_call_id": "call_rh", "content": "an die Rentenversicherung übermittelt"}]}, ["{kv14c}", "{kv14clow}"], ["reha_antrag_weiterleiten", "bitte den reha-antrag weiterleiten", "an die Rentenversicherung übermittelt"]),
    ("r14-conv-16", "conversation", "en", "holdout14", turns(("user", "Hello, my name is Oluwafunmilayo Olatunji but please call me Funmi"), ("assistant", "Hello Funmi, how can I help?"), ("user", "Funmi again - my landlord Mr Olatunji is my uncle, does that matter for housing benefit?")), ["Oluwafunmilayo", "Olatunji", "Funmi"], ["how can I help?", "does that matter for housing benefit?"]),
    ("r14-stream-01", "stream", "de", "holdout14", {**user("Entwirf das Schreiben wegen der fehlenden Lohnabrechnungen"), "answer": {"content": "Herrn\nKemal Arıkan\nKirchweg 14\n34117 Kassel\n\nIhr Antrag auf Wohngeld\n\nSehr geehrter Herr Arıkan,\nleider fehlen noch die Lohnabrechnungen der letzten drei Monate."}}, ["Kemal", "Arıkan", "Kirchweg 14"], ["leider fehlen noch die Lohnabrechnungen der letzten drei Monate."]),
    ("r14-stream-02", "stream", "en", "holdout14", {**user("Update the caller's contact details in the CRM"), "answer": {"arguments": json.dumps({"contact_id": "C-88120", "first_name": "Favour", "last_name": "Ezeoke", "phone": "+44 7700 900 164", "email": "favour.ezeoke@yahoo.co.uk", "note": "prefers text messages"})}}, ["Favour", "Ezeoke", "900 164", "favour.ezeoke@yahoo.co.uk"], ["prefers text messages", "C-88120"]),
    ("r14-stream-03", "stream", "de", "holdout14", {**user("Fasse die Akte für die Vertretung zusammen"), "answer": {"content": "Zusammenfassung: Frau Irina Sokolowa (geb. 11.02.1984) bezieht seit 2024 Bürgergeld. Ihr Sohn Artjom Sokolow besucht die 7. Klasse. Die Steuer-ID {t14c} liegt vor, die Mietbescheinigung fehlt."}}, ["Irina", "Sokolowa", "11.02.1984", "Artjom", "Sokolow", "{t14c}"], ["die Mietbescheinigung fehlt."]),
    ("r14-stream-04", "stream", "en", "holdout14", {**user("Draft the acknowledgement letter for the parking bay request"), "answer": {"content": "Dear Ms Chiamaka Onuoha,\n\nThank you for your application for a disabled parking bay outside 22 Sycamore Road.\nWe will visit within four weeks.\n\nYours sincerely,\nHousing Adaptations Team"}}, ["Chiamaka", "Onuoha", "22 Sycamore Road"], ["Thank you for your application for a disabled parking bay", "Housing Adaptations Team"]),
    ("r14-stream-05", "stream", "de", "holdout14", {**user("Leg den Elterngeldantrag im Fachverfahren an"), "answer": {"arguments": json.dumps({"antragsteller": {"name": "Lorenzo Bellandi", "geburtsdatum": "1988-10-19", "rvnr": "{s14std}"}, "auszahlung": {"iban": "{i14c}"}, "leistung": "Elterngeld"}, ensure_ascii=False)}}, ["Lorenzo", "Bellandi", "1988-10-19", "{s14std}", "{i14c}"], ["Elterngeld"]),
    ("r14-stream-06", "stream", "en", "holdout14", {**user("Who asked for a callback about the road closure?"), "answer": {"content": "| Resident | Phone |\n|---|---|\n| Aleksandra Zawiślak-Byrne | 0151 496 0447 |\n| Tunde Bamgbose | 0151 496 0392 |\n\nBoth residents asked for a callback about the road closure."}}, ["Aleksandra", "Zawiślak", "Byrne", "496 0447", "Tunde", "Bamgbose", "496 0392"], ["Both residents asked for a callback about the road closure."]),
    ("r14-stream-07", "stream", "de", "holdout14", {**user("Ist mein Ausweis noch gültig?"), "answer": {"content": "Alles klar, Herr Mustafa Çakır: Ihr Personalausweis {id14} ist bis 2029 gültig. Wir rufen Sie unter 0231 58 94 27 an, sobald der Termin steht."}}, ["Mustafa", "Çakır", "{id14}", "58 94 27"], ["ist bis 2029 gültig.", "sobald der Termin steht."]),
    ("r14-stream-08", "stream", "en", "holdout14", {**user("Draft a reply to the son's phone call"), "answer": {"content": "Here is a draft:\n\nDear Mr Mulholland,\nthank you for calling about your father, Seamus Mulholland (date of birth 02/03/1941). We have passed his details to the occupational therapy team.\n\nKind regards"}}, ["Mulholland", "Seamus", "02/03/1941"], ["We have passed his details to the occupational therapy team."]),
    ("r14-stream-09", "stream", "de", "holdout14", {**user("Meld den Pflegefall an die Pflegekasse"), "answer": {"arguments": json.dumps({"versicherte": "Gertrud Szymaniak", "kvnr": "{kv14}", "pflegegrad": 2, "kontakt_tochter": "0209 17 38 44"}, ensure_ascii=False)}}, ["Gertrud", "Szymaniak", "{kv14}", "17 38 44"], ["pflegegrad"]),
    ("r14-stream-10", "stream", "en", "holdout14", {**user("Did the booking go through?"), "answer": {"content": "Your booking is confirmed. Card: Visa {v14b}, cardholder TATIANA VOLKOVA. A receipt has been sent to t.volkova@mail.ru."}}, ["{v14b}", "TATIANA", "VOLKOVA", "t.volkova@mail.ru"], ["Your booking is confirmed."]),
    ("r14-stream-11", "stream", "de", "holdout14", {**user("Schreib eine Aktennotiz zu dem Anruf"), "answer": {"content": "Aktennotiz: Anruf von Herrn Babajide Oyelowo – er ist umgezogen nach Schillerplatz 3, 09111 Chemnitz, neue Nummer 0371 44 82 19 06. Er bittet um Rückruf wegen der Kita-Gebühren."}}, ["Babajide", "Oyelowo", "Schillerplatz 3", "44 82 19 06"], ["Er bittet um Rückruf wegen der Kita-Gebühren."]),
    ("r14-stream-12", "stream", "en", "holdout14", {**user("Check whether she is on the electoral register"), "answer": {"arguments": json.dumps({"register": "electoral", "query": {"surname": "Truong", "forenames": "Minh Anh", "date_of_birth": "1999-04-27", "postcode": "NE6 5XA"}})}}, ["Truong", "Minh Anh", "1999-04-27"], ["electoral"]),
    ("r14-stream-13", "stream", "de", "holdout14", {**user("Antworte der Antragstellerin wegen der Steuer-ID"), "answer": {"content": "Sehr geehrte Frau Țăranu,\nIhre Steuer-ID {t14plain} haben wir übernommen. Den Bescheid senden wir an andreea.taranu@web.de.\nMit freundlichen Grüßen"}}, ["Țăranu", "{t14plain}", "andreea.taranu@web.de"], ["haben wir übernommen."]),
    ("r14-stream-14", "stream", "en", "holdout14", {**user("Which ID can she bring to give notice of marriage?"), "answer": {"content": "Ms Lea Hartwig-Quinn (DOB 17/05/1994) can use her German passport {pass14} for the marriage notice."}}, ["Lea", "Hartwig", "Quinn", "17/05/1994", "{pass14}"], ["for the marriage notice."]),
    # ------------------------------------------------------------------ hold-out round 15
    # Written after round 14's fixes and committed before their first run; their writer
    # never ran the redaction on them. The back office of German and British/Irish
    # administrations: e-mails with quoted replies and signatures, forwarded mail headers,
    # OCR'd letters and forms with words broken over lines and odd spacing, form fields
    # pasted from PDFs, calendar invites, XMeld/XSozial-like XML, spreadsheet rows with tabs,
    # call-centre transcripts with speaker labels and timestamps, SMS-style lower case, case
    # notes with abbreviations, names of many origins, double-barrelled and word-like names;
    # request fields (tools, tool_choice, json_schema descriptions, examples and enums, stop,
    # user, safety_identifier, prediction, tool messages, image_url query strings, embeddings
    # input arrays).
    ("r15-req-01", "request", "de", "holdout15", {**user("Prüf bitte, ob die Person aus der Rückfrage noch im Bezirk gemeldet ist."), "tools": [{"type": "function", "function": {"name": "xmeld_auskunft", "description": "Fragt das Melderegister per XMeld ab. Erwartet ein Personen-Fragment, etwa <person><familienname>Eroğlu</familienname><vorname>Gülsüm</vorname><geburtsdatum>1969-11-23</geburtsdatum></person>.", "parameters": {"type": "object", "properties": {"fragment": {"type": "string"}}, "required": ["fragment"]}}}], "tool_choice": {"type": "function", "function": {"name": "xmeld_auskunft"}}}, ["Eroğlu", "Gülsüm", "1969-11-23"], ["xmeld_auskunft", "Fragt das Melderegister per XMeld ab.", "Prüf bitte, ob die Person aus der Rückfrage noch im Bezirk gemeldet ist."]),
    ("r15-req-02", "request", "en", "holdout15", {"messages": [{"role": "user", "content": "Assign the forwarded email to a caseworker.\n\nFrom: Catriona NicAonghais <catriona.nicaonghais@btinternet.com>\nSent: 03 February 2026 09:14\nTo: Council Tax\nSubject: Single person discount after my husband moved out\n\nPlease remove him from the bill from 1 January."}], "response_format": {"type": "json_schema", "json_schema": {"name": "caseworker_assignment", "schema": {"type": "object", "properties": {"caseworker": {"type": "string", "description": "One of this week's team: Fionnuala Ní Dhubhghaill (Tue-Thu) or Donncha Ó Súilleabháin (Mon, Fri)", "enum": ["ni_dhubhghaill", "o_suilleabhain", "unassigned"]}, "reason": {"type": "string"}}, "required": ["caseworker"]}}}}, ["Catriona", "NicAonghais", "catriona.nicaonghais@btinternet.com", "Fionnuala", "Ní Dhubhghaill", "ni_dhubhghaill", "Donncha", "Ó Súilleabháin", "o_suilleabhain"], ["caseworker_assignment", "Please remove him from the bill from 1 January.", "unassigned"]),
    ("r15-req-03", "request", "de", "holdout15", {"messages": [{"role": "user", "content": "Bitte formuliere die Antwort zu Ende:\n\n> Am 03.02.2026 um 14:12 schrieb Katharina Wolf <kathi.wolf@t-online.de>:\n> Ich warte seit sechs Wochen auf den Bescheid zum Bildungspaket.\n> Gruß K. Wolf\n\nSehr geehrte Frau Wolf,\n"}], "stop": ["\n> Am ", "Mit freundlichen Grüßen\nJens Sommer"], "safety_identifier": "bildung-jens.sommer"}, ["Katharina", "Wolf", "kathi.wolf@t-online.de", "Jens", "Sommer", "jens.sommer"], ["Bitte formuliere die Antwort zu Ende:", "Ich warte seit sechs Wochen auf den Bescheid zum Bildungspaket."]),
    ("r15-req-04", "request", "en", "holdout15", {"input": ["[00:00:04] AGENT: Good morning, Revenues and Benefits, you're speaking to Precious.", "[00:00:09] CALLER: hiya, it's Chukwuemeka Ibekwe-Hale, I'm ringing about my housing benefit", "[00:00:21] AGENT: Can you confirm the first line of your address?", "[00:00:25] CALLER: 14 Tannery Row", "[00:00:31] AGENT: And your National Insurance number?", "[00:00:36] CALLER: {nino15}"]}, ["Precious", "Chukwuemeka", "Ibekwe", "Hale", "14 Tannery Row", "{nino15}"], ["Revenues and Benefits", "Can you confirm the first line of your address?", "I'm ringing about my housing benefit"]),
    ("r15-req-05", "request", "de", "holdout15", {"messages": [{"role": "user", "content": "Was will die Absenderin der letzten Mail im Postfach?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_pf1", "type": "function", "function": {"name": "postfach_lesen", "arguments": json.dumps({"postfach": "wohngeld", "anzahl": 1})}}]}, {"role": "tool", "tool_call_id": "call_pf1", "content": "Von: Bogdana Melnyk <bogdana.melnyk@gmx.de>\nGesendet: Montag, 2. Februar 2026 08:47\nAn: Wohngeldstelle\nBetreff: WG: Nachweis Mietzahlung\n\nanbei der Nachweis, die Miete für die Whg. in der Rosenaustraße 31 zahlt seit Januar mein Bruder Taras.\n\n-----Ursprüngliche Nachricht-----\nVon: Hausverwaltung am Ring\nBetreff: Nachweis Mietzahlung"}]}, ["Bogdana", "Melnyk", "bogdana.melnyk@gmx.de", "Rosenaustraße 31", "Taras"], ["postfach_lesen", "Betreff: WG: Nachweis Mietzahlung", "Was will die Absenderin der letzten Mail im Postfach?"]),
    ("r15-req-06", "request", "en", "holdout15", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Read the scanned page and list any missing evidence."}, {"type": "image_url", "image_url": {"url": "https://docs.council.example/scan/page.png?ref=HB-77120&claimant=Nguyen+Van+Long&dob=1968-02-14&ni={nino15plain}&page=3", "detail": "high"}}]}]}, ["Nguyen", "Van+Long", "1968-02-14", "{nino15plain}"], ["Read the scanned page and list any missing evidence.", "docs.council.example/scan/page.png?ref=HB-77120"]),
    ("r15-req-07", "request", "de", "holdout15", {**user("Bereinige diesen OCR-Text, ändere sonst nichts:\n\nAn das Ordnungs amt\nAb sender: Wal ter Brenn eisen, Kirch gasse 5, 55116 Mainz\nIch bean trage einen Bewoh nerpark ausweis für das Kenn zeichen MZ-WB 412."), "prediction": {"type": "content", "content": "An das Ordnungsamt\nAbsender: Walter Brenneisen, Kirchgasse 5, 55116 Mainz\nIch beantrage einen Bewohnerparkausweis für das Kennzeichen MZ-WB 412."}}, ["Wal ter", "Brenn eisen", "Kirch gasse 5", "Walter", "Brenneisen", "Kirchgasse 5", "MZ-WB 412"], ["Bereinige diesen OCR-Text, ändere sonst nichts:", "Ich beantrage einen Bewohnerparkausweis"]),
    ("r15-req-08", "request", "en", "holdout15", {"messages": [{"role": "user", "content": "Book the home visit we discussed and invite the OT"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_cal1", "type": "function", "function": {"name": "calendar_create_event", "arguments": json.dumps({"title": "Home visit – adaptations assessment", "start": "2026-02-10T10:00", "location": "7 Rose Hill, Oxford OX4 4HT", "attendees": ["hope.adebayo@council.example", "clodagh.niloingsigh@gmail.com"], "notes": "Resident: Mrs Clodagh Ní Loingsigh, uses a wheelchair, ring twice"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_cal1", "content": "event created, id EV-20417"}]}, ["7 Rose Hill", "hope.adebayo", "clodagh.niloingsigh@gmail.com", "Clodagh", "Ní Loingsigh"], ["calendar_create_event", "Home visit – adaptations assessment", "event created, id EV-20417"]),
    ("r15-req-09", "request", "de", "holdout15", {**user("Lies aus dem Antrag die Antragstellerin aus"), "response_format": {"type": "json_schema", "json_schema": {"name": "antrag_kinderzuschlag", "schema": {"type": "object", "properties": {"antragstellerin": {"type": "string", "description": "Im Format Nachname, Vorname – so wie im Feld 'Name, Vorname' des PDF", "examples": ["Kurtuluş-Bauer, Sibel"]}, "status": {"type": "string", "enum": ["vollständig", "unvollständig", "bewilligt"]}}}}}}, ["Kurtuluş", "Bauer", "Sibel"], ["antrag_kinderzuschlag", "Lies aus dem Antrag die Antragstellerin aus", "unvollständig"]),
    ("r15-req-10", "request", "en", "holdout15", {"messages": [{"role": "user", "content": "Tidy up this note for the file: spoke w/ mr o'donoghue-reilly re arrears, he's paying £40/wk from 1st march, dob 03/11/59, ni no {nino15low}"}], "user": "aoife.mcgillycuddy@council.example"}, ["aoife.mcgillycuddy", "o'donoghue", "reilly", "03/11/59", "{nino15low}"], ["Tidy up this note for the file:", "he's paying £40/wk from 1st march"]),
    ("r15-req-11", "request", "de", "holdout15", {"input": ["Fr. Sommer (geb. 02.09.1948) lebt allein, Pflegegrad 2, Tochter kümmert sich.", "Hr. Abdi Nuur, Whg. Lindenhof 6, bittet um Rückruf: 0176 31 58 04 27", "Widerspruch gegen Bescheid vom 12.01. eingegangen, Frist notiert."]}, ["Sommer", "02.09.1948", "Abdi", "Nuur", "Lindenhof 6", "31 58 04 27"], ["Widerspruch gegen Bescheid vom 12.01. eingegangen, Frist notiert.", "Pflegegrad 2"]),
    ("r15-req-12", "request", "en", "holdout15", {**user("Reply to the resident about the bulky item collection"), "tools": [{"type": "function", "function": {"name": "send_reply", "description": "Sends the reply by email. Always end with the signature:\nKind regards,\nMairéad Brown\nCustomer Services Officer\nDublin City Council | 01 222 4471", "parameters": {"type": "object", "properties": {"body": {"type": "string"}, "to": {"type": "string", "default": "ciaran.obroin@eircom.net"}}}}}], "tool_choice": "auto"}, ["Mairéad", "Brown", "222 4471", "ciaran.obroin@eircom.net"], ["send_reply", "Customer Services Officer", "Reply to the resident about the bulky item collection"]),
    ("r15-req-13", "request", "de", "holdout15", {"messages": [{"role": "user", "content": "Wann endet der Bewilligungszeitraum in BG-2026-00813?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_xs1", "type": "function", "function": {"name": "xsozial_abruf", "arguments": json.dumps({"aktenzeichen": "BG-2026-00813"})}}]}, {"role": "tool", "tool_call_id": "call_xs1", "content": "<leistungsfall><aktenzeichen>BG-2026-00813</aktenzeichen><leistungsempfaenger><familienname>Hoffmann-Nguyen</familienname><vorname>Thi Lan</vorname><geburtsdatum>1986-05-09</geburtsdatum><anschrift><strasse>Mühlweg 22</strasse><plz>99084</plz></anschrift></leistungsempfaenger><bewilligung><von>2025-09-01</von><bis>2026-02-28</bis></bewilligung></leistungsfall>"}]}, ["Hoffmann", "Nguyen", "Thi Lan", "1986-05-09", "Mühlweg 22"], ["xsozial_abruf", "Wann endet der Bewilligungszeitraum in BG-2026-00813?"]),
    ("r15-req-14", "request", "en", "holdout15", {**user("Fix only the typos in this letter, keep everything else"), "prediction": {"type": "content", "content": "Dear Mr MacÌomhair,\n\nRe: Housing application HA-55102\n\nWe recieved you're application for 12 Harbour Brae, Ullapool, for yourself and Ms Ealasaid Rothach. An officer will contact you within 10 working days.\n\nYours sincerely\nKirsty Ferguson\nHousing Options"}}, ["MacÌomhair", "12 Harbour Brae", "Ealasaid", "Rothach", "Kirsty", "Ferguson"], ["Fix only the typos in this letter, keep everything else", "Re: Housing application HA-55102", "An officer will contact you within 10 working days."]),
    ("r15-req-15", "request", "de", "holdout15", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Ist auf dem Foto der Kontoauszug vollständig lesbar?"}, {"type": "image_url", "image_url": {"url": "https://upload.jobcenter-example.de/nachweis.jpg?von=emine.tasdemir90%40web.de&name=Emine%20Tasdemir&iban={i15plain}&sig=a81f09"}}]}]}, ["emine.tasdemir90", "Emine", "Tasdemir", "{i15plain}"], ["Ist auf dem Foto der Kontoauszug vollständig lesbar?", "upload.jobcenter-example.de/nachweis.jpg"]),
    ("r15-req-16", "request", "en", "holdout15", {"messages": [{"role": "user", "content": "Can you book a Romanian interpreter for Tuesday's appointment?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_int1", "type": "function", "function": {"name": "book_interpreter", "arguments": json.dumps({"language": "Romanian", "client": "Mihaela Dumitrescu-Pop", "client_phone": "07700 900 583", "appointment": "2026-02-17T14:00", "address": "31 Gorse Lane, Swindon"})}}]}, {"role": "tool", "tool_call_id": "call_int1", "content": "booked: interpreter ref INT-3390"}]}, ["Mihaela", "Dumitrescu", "Pop", "900 583", "31 Gorse Lane"], ["book_interpreter", "booked: interpreter ref INT-3390", "Can you book a Romanian interpreter for Tuesday's appointment?"]),
    ("r15-fmt-01", "formats", "de", "holdout15", user("Steuer-ID lt. Scan vom Antrag: {t15ocr} – da sind komische Leerzeichen drin, ist die trotzdem gültig?"), ["{t15ocr}"], ["Steuer-ID lt. Scan vom Antrag:", "da sind komische Leerzeichen drin, ist die trotzdem gültig?"]),
    ("r15-fmt-02", "formats", "de", "holdout15", user("Rentenvers.-Nr. (vom Kunden handschriftl. ergänzt): {s15plain}\nbitte im Vorgang nachtragen, der Rest vom Formular ist ok"), ["{s15plain}"], ["bitte im Vorgang nachtragen", "der Rest vom Formular ist ok"]),
    ("r15-fmt-03", "formats", "de", "holdout15", user("hab die nummer von der karte abgetippt: {kv15low} passt das so für den antrag? die schrift war winzig"), ["{kv15low}"], ["passt das so für den antrag?", "die schrift war winzig"]),
    ("r15-fmt-04", "formats", "de", "holdout15", user("IBAN (aus dem PDF kopiert, Zeilenumbruch drin):\n{i15wrap}\nBitte für die Erstattung hinterlegen."), ["{i15wrap}"], ["aus dem PDF kopiert, Zeilenumbruch drin", "Bitte für die Erstattung hinterlegen."]),
    ("r15-fmt-05", "formats", "de", "holdout15", user("Rückrufnummer der Bürgerin: 0 30 / 6 18 42 - 57, tagsüber besser mobil 0 15 22 - 7 40 19 83, sie arbeitet im Schichtdienst"), ["6 18 42 - 57", "7 40 19 83"], ["tagsüber besser mobil", "sie arbeitet im Schichtdienst"]),
    ("r15-fmt-06", "formats", "de", "holdout15", user("lt. Geburtsurkunde geb. 3.II.1961, der Ehemann *14.07.58 – reicht das für die Rentenauskunft oder brauchen wir die Originale?"), ["3.II.1961", "14.07.58"], ["reicht das für die Rentenauskunft", "oder brauchen wir die Originale?"]),
    ("r15-fmt-07", "formats", "de", "holdout15", user("Ausweisnr. {id15} (mit Kuli auf den Antrag geschrieben, schlecht lesbar), Reisepass {pass15}. Welche Nummer tragen wir ein?"), ["{id15}", "{pass15}"], ["schlecht lesbar", "Welche Nummer tragen wir ein?"]),
    ("r15-fmt-08", "formats", "de", "holdout15", user("E-Mail bitte mit Unterstrichen: ayse_demir_78@web.de, nicht mit Punkt! Die letzte Post kam zurück."), ["ayse_demir_78@web.de"], ["nicht mit Punkt!", "Die letzte Post kam zurück."]),
    ("r15-fmt-09", "formats", "en", "holdout15", user("ni no: {nino15low} (copied from his handwritten form, might be wrong) - can you check the format?"), ["{nino15low}"], ["might be wrong", "can you check the format?"]),
    ("r15-fmt-10", "formats", "en", "holdout15", user("NHS no {nhs15} and his Irish PPS no {ppsn15}, he moved over from Ireland last year and has no GP yet"), ["{nhs15}", "{ppsn15}"], ["moved over from Ireland last year", "has no GP yet"]),
    ("r15-fmt-11", "formats", "en", "holdout15", user("call back on +44 (0)7700 900 518 or the landline 0044 113 496 0127 after 5pm, thanks"), ["900 518", "496 0127"], ["call back on", "after 5pm, thanks"]),
    ("r15-fmt-12", "formats", "en", "holdout15", user("refund to {gb15low} pls, copied it from my banking app so it should be right"), ["{gb15low}"], ["copied it from my banking app", "so it should be right"]),
    ("r15-fmt-13", "formats", "en", "holdout15", user("D.O.B. 7th Feb '84 – the system wants DD/MM/YYYY, so is it 07/02/1984?"), ["7th Feb '84", "07/02/1984"], ["the system wants DD/MM/YYYY"]),
    ("r15-fmt-14", "formats", "en", "holdout15", user("visa debit {v15} exp 11/28 for the replacement bin, and if it declines use the mastercard {mc15}"), ["{v15}", "{mc15}"], ["for the replacement bin", "and if it declines use the mastercard"]),
    ("r15-fmt-15", "formats", "en", "holdout15", user("IBAN {ie15} – it's an Irish account, is that ok for the grant payment?"), ["{ie15}"], ["it's an Irish account", "is that ok for the grant payment?"]),
    ("r15-fmt-16", "formats", "en", "holdout15", user("my email is grzegorz(dot)sobczak82(at)o2(dot)pl - the council one bounced twice"), ["grzegorz(dot)sobczak82"], ["my email is", "the council one bounced twice"]),
    ("r15-str-01", "structured", "de", "holdout15", user("Bitte fasse den Mailverlauf für die Akte zusammen.\n\nSehr geehrte Frau Umeh-Brandt,\nvielen Dank für Ihre Nachricht. Die Ummeldung ist erfasst.\n\nMit freundlichen Grüßen\nStefanie Lüdtke\nBürgeramt Mitte\nTel. 0421 361-5 88 02\n\n> Am 03.02.2026 um 09:41 schrieb Ngozi Umeh-Brandt <ngozi.umeh@posteo.de>:\n> Guten Tag, ich bin zum 1. Februar in die Lessingstraße 14 umgezogen.\n> Brauche ich einen Termin?"), ["Umeh", "Brandt", "Stefanie", "Lüdtke", "361-5 88 02", "Ngozi", "ngozi.umeh@posteo.de", "Lessingstraße 14"], ["Bitte fasse den Mailverlauf für die Akte zusammen.", "Die Ummeldung ist erfasst.", "Bürgeramt Mitte"]),
    ("r15-str-02", "structured", "de", "holdout15", user("Von: Frank Weber <frank.weber@stadtwerke-example.de>\nGesendet: Dienstag, 3. Februar 2026 11:02\nAn: Poststelle\nCc: Lisa Rose\nBetreff: AW: Zählerstand Whg. 5\n\nDer Mieter Hr. Yusuf Kaplan hat den Zählerstand bis heute nicht gemeldet.\n\nWer ist bei uns dafür zuständig?"), ["Frank", "Weber", "frank.weber@stadtwerke-example.de", "Lisa", "Rose", "Yusuf", "Kaplan"], ["Betreff: AW: Zählerstand Whg. 5", "hat den Zählerstand bis heute nicht gemeldet.", "Wer ist bei uns dafür zuständig?"]),
    ("r15-str-03", "structured", "de", "holdout15", user("Text aus dem Scanner:\n\nAb sender: Maria Gonçal-\nves-Huber\nBrückenstr aße 7, 8 6 1 5 0 Augsburg\n\nWiderspruch gegen den Bescheid vom 14.01.2026\nHiermit lege ich gegen den o. g. Be-\nscheid Widerspruch ein, da meine Toch-\nter Ana Sofia nicht mehr bei mir wohnt.\nMit freund-\nlichen Grüßen M. Gonçalves-Huber\n\nWas genau wird angefochten?"), ["Maria", "Gonçal-\nves", "Huber", "Brückenstr aße 7", "Ana Sofia", "Gonçalves"], ["Widerspruch gegen den Bescheid vom 14.01.2026", "Was genau wird angefochten?"]),
    ("r15-str-04", "structured", "de", "holdout15", user("Name, Vorname: Papadopoulou, Eleni\nGeburtsname: Stavridou\nGeburtsdatum: 28.06.1993\nAnschrift (Straße, Hausnr.): Am Anger 3a\nTelefon (freiwillig): 0176 40 91 22 58\nAntrag auf: Wohnberechtigungsschein\nHaushaltsgröße: 2\n\nWelche Felder fehlen noch im Formular?"), ["Papadopoulou", "Eleni", "Stavridou", "28.06.1993", "Am Anger 3a", "40 91 22 58"], ["Antrag auf: Wohnberechtigungsschein", "Welche Felder fehlen noch im Formular?"]),
    ("r15-str-05", "structured", "de", "holdout15", user("<xmeld:person>\n  <familienname>Mazurkiewicz</familienname>\n  <geburtsname>Wrona</geburtsname>\n  <vornamen>Zbigniew Piotr</vornamen>\n  <geburtsdatum>1958-10-02</geburtsdatum>\n  <geschlecht>m</geschlecht>\n  <anschrift>\n    <strasse>Auf der Höhe</strasse>\n    <hausnummer>11</hausnummer>\n    <postleitzahl>57072</postleitzahl>\n  </anschrift>\n</xmeld:person>\nIst die Person laut diesem Datensatz noch gemeldet?"), ["Mazurkiewicz", "Wrona", "Zbigniew", "Piotr", "1958-10-02", "Auf der Höhe"], ["Ist die Person laut diesem Datensatz noch gemeldet?", "<geschlecht>m</geschlecht>"]),
    ("r15-str-06", "structured", "de", "holdout15", user("Az.\tName\tVorname\tStraße\tBetrag\nWG-2210\tWinter\tWolfgang\tTulpenweg 8\t212,00\nWG-2211\tBraun\tHoa\tTalstraße 19\t187,50\nWG-2212\tAydemir\tMerve\tAm Bahndamm 2\t240,00\nBitte die Summe der Beträge berechnen."), ["Winter", "Wolfgang", "Tulpenweg 8", "Braun", "Hoa", "Talstraße 19", "Aydemir", "Merve", "Am Bahndamm 2"], ["WG-2210", "Bitte die Summe der Beträge berechnen."]),
    ("r15-str-07", "structured", "de", "holdout15", user("Betreff: Anhörung Hr. Moldovan (Az. 32.1-4471)\nOrt: Raum 2.114\nBeginn: Do 12.02.2026 10:00\nEnde: Do 12.02.2026 11:00\nOrganisator: Wiebke Hansen-Ahrens\nTeilnehmer: Vasile Moldovan; Dolmetscherin Fr. Oana Rusu; Lars Petersen (Rechtsamt)\n\nFormuliere eine Erinnerung an alle Teilnehmer."), ["Moldovan", "Wiebke", "Hansen", "Ahrens", "Vasile", "Oana", "Rusu", "Lars", "Petersen"], ["Az. 32.1-4471", "Ort: Raum 2.114", "Formuliere eine Erinnerung an alle Teilnehmer."]),
    ("r15-str-08", "structured", "de", "holdout15", user("AN: Hr. Mykola Lysenko, geb. 04.10.1977\nWhg.: Sonnenstr. 2, 3. OG re.\nEhefr.: Fr. Olena H., geb. Marchenko\nKdr.: 2 (6 u. 9 J.)\nTel.: 0151/23 77 41 09\nVorgang: Erstantrag BüG, Unterlagen unvollst.\n\nWas fehlt typischerweise beim Erstantrag?"), ["Mykola", "Lysenko", "04.10.1977", "Sonnenstr. 2", "Olena", "Marchenko", "23 77 41 09"], ["Vorgang: Erstantrag BüG, Unterlagen unvollst.", "Kdr.: 2 (6 u. 9 J.)", "Was fehlt typischerweise beim Erstantrag?"]),
    ("r15-str-09", "structured", "en", "holdout15", user("Summarise the thread for the complaints log.\n\nHi Tiernan,\nthanks for getting back to us. The refund was issued on 30 January.\nBest wishes,\nNaomi Hope\nRevenues Officer\n0117 496 0532\n\nOn Tue, 3 Feb 2026 at 16:20, Tiernan Mac an tSaoir <tiernan.macantsaoir@gmail.com> wrote:\n> I still haven't had the refund for the months I was away.\n> Tiernan"), ["Tiernan", "Naomi", "Hope", "496 0532", "Mac an tSaoir", "tiernan.macantsaoir@gmail.com"], ["Summarise the thread for the complaints log.", "The refund was issued on 30 January.", "Revenues Officer"]),
    ("r15-str-10", "structured", "en", "holdout15", user("From: Olumide Adebisi-Hart <o.adebisihart@outlook.com>\nSent: 02 February 2026 18:55\nTo: Housing Options\nSubject: FW: notice to quit\n\nsee below, what do i do??\n\n---------- Original message ----------\nFrom: Lettings <lettings@agent.example>\nDear Mr Adebisi-Hart,\nyour tenancy at Flat 2, 58 Ferndale Road will end on 31 March 2026.\n\nIs this a valid section 21 notice?"), ["Olumide", "Adebisi", "Hart", "o.adebisihart@outlook.com", "58 Ferndale Road"], ["Subject: FW: notice to quit", "Is this a valid section 21 notice?"]),
    ("r15-str-11", "structured", "en", "holdout15", user("OCR output of the scanned form:\nS U R N A M E   M c L A U G H L I N\nF O R E N A M E ( S )   C a i t r í o n a   B r i d\nD A T E  O F  B I R T H   1 4 / 0 9 / 1 9 6 6\nN I  N O   {nino15ocr}\n\nTranscribe this into plain fields."), ["M c L A U G H L I N", "C a i t r í o n a", "B r i d", "1 4 / 0 9 / 1 9 6 6", "{nino15ocr}"], ["OCR output of the scanned form:", "Transcribe this into plain fields."]),
    ("r15-str-12", "structured", "en", "holdout15", user("Surname ____Jabłońska-Doyle____ Forename(s) ____Marta Ewa____\nDate of birth (DD/MM/YYYY) __22/07/1989__\nAddress ___16 Quarry Street, Hamilton ML3 7AR___\nNational Insurance number ___{nino15}___\nAre you in receipt of Universal Credit? [X] Yes [ ] No\n\nWhich fields are missing on this form?"), ["Jabłońska", "Doyle", "Marta Ewa", "22/07/1989", "16 Quarry Street", "{nino15}"], ["Are you in receipt of Universal Credit?", "Which fields are missing on this form?"]),
    ("r15-str-13", "structured", "en", "holdout15", user("00:00:02 Agent (Sade): Good afternoon, Parking Services.\n00:00:06 Caller: hi, it's about a PCN, my name's Dragoș Munteanu\n00:00:12 Agent (Sade): Can I take the vehicle registration and the first line of your address?\n00:00:19 Caller: KY19 XRT, and it's 9 Wharf Street\n00:00:27 Agent (Sade): Thanks, I can see the PCN was issued on Friday.\n\nWrite a short case note from this call."), ["Sade", "Dragoș", "Munteanu", "KY19 XRT", "9 Wharf Street"], ["Parking Services", "I can see the PCN was issued on Friday.", "Write a short case note from this call."]),
    ("r15-str-14", "structured", "en", "holdout15", user("Ref\tSurname\tForename\tDOB\tMobile\nCT-1021\tO'Callaghan\tNiamh\t03/03/1990\t07700 900 281\nCT-1022\tOgundipe\tTobi\t19/11/1985\t07700 900 947\nCT-1023\tPham\tBao Ngoc\t05/08/2001\t\nSort these by date of birth, oldest first."), ["O'Callaghan", "Niamh", "03/03/1990", "900 281", "Ogundipe", "Tobi", "19/11/1985", "900 947", "Pham", "Bao Ngoc", "05/08/2001"], ["CT-1021", "Sort these by date of birth, oldest first."]),
    ("r15-str-15", "structured", "en", "holdout15", user("Meeting: Safeguarding strategy discussion\nWhen: Wednesday, 11 February 2026 14:00-15:00\nWhere: Teams\nOrganiser: Ruth Baker\nRequired: Eoghan Mac Lochlainn; Dr Amara Kamara-Lewis\nRe: Kayden Pryce (DOB 08/06/2017), 4 Chapel Row\n\nDraft the agenda for this meeting."), ["Ruth", "Baker", "Eoghan", "Mac Lochlainn", "Amara", "Kamara", "Lewis", "Kayden", "Pryce", "08/06/2017", "4 Chapel Row"], ["Safeguarding strategy discussion", "Where: Teams", "Draft the agenda for this meeting."]),
    ("r15-str-16", "structured", "en", "holdout15", user("CN 03/02: HV to Mrs Grace Bello-Thornton (DOB 12.12.1954), NI no {nino15}, lives alone at 27 Elm Grove. Son Segun visits wkly. Reports falls x2 since Xmas. Plan: OT referral, pendant alarm.\nTurn this into a referral summary."), ["Grace", "Bello", "Thornton", "12.12.1954", "{nino15}", "27 Elm Grove", "Segun"], ["Plan: OT referral, pendant alarm.", "Reports falls x2 since Xmas.", "Turn this into a referral summary."]),
    ("r15-conv-01", "conversation", "de", "holdout15", turns(("user", "hallo hier is frau ağaoğlu, die mit dem kita antrag"), ("assistant", "Guten Tag, Frau Ağaoğlu. Wie kann ich helfen?"), ("user", "mein vorname is zeynep, und mein mann deniz ağaoglu hat gestern schon angerufen wegen dem platz")), ["ağaoğlu", "zeynep", "deniz", "ağaoglu"], ["die mit dem kita antrag", "Wie kann ich helfen?", "hat gestern schon angerufen wegen dem platz"]),
    ("r15-conv-02", "conversation", "de", "holdout15", turns(("user", "Die Bürgerin hat auf unsere Mail geantwortet:\n\n> Am 02.02.2026 schrieb Standesamt:\n> Bitte senden Sie uns noch die Geburtsurkunde.\n\nhab ich doch schon geschickt!!! gruß R. Wolf"), ("assistant", "Soll ich eine Antwort entwerfen? Wie heißt die Bürgerin mit vollem Namen?"), ("user", "Renate Wolf, Akte GU-3318, geb. 19.05.1963")), ["Wolf", "Renate", "19.05.1963"], ["Bitte senden Sie uns noch die Geburtsurkunde.", "Akte GU-3318", "Soll ich eine Antwort entwerfen?"]),
    ("r15-conv-03", "conversation", "de", "holdout15", {"messages": [{"role": "user", "content": "öffne die akte BA-2207"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_ak1", "type": "function", "function": {"name": "akte_oeffnen", "arguments": json.dumps({"az": "BA-2207"})}}]}, {"role": "tool", "tool_call_id": "call_ak1", "content": json.dumps({"antragsteller": "Sultani, Ahmad Zia", "geb": "1994-01-17", "anschrift": "Schützenstraße 40, 48143 Münster", "status": "in Bearbeitung"}, ensure_ascii=False)}, {"role": "assistant", "content": "Die Akte ist geöffnet, Status: in Bearbeitung."}, {"role": "user", "content": "schreib ahmad zia kurz, dass der termin auf donnerstag verschoben ist"}]}, ["Sultani", "Ahmad Zia", "1994-01-17", "Schützenstraße 40"], ["akte_oeffnen", "öffne die akte BA-2207", "dass der termin auf donnerstag verschoben ist"]),
    ("r15-conv-04", "conversation", "de", "holdout15", user("auf dem scan vom antrag steht die steuer-id {t15_a}", "der rest ist verwischt, ich glaub {t15_b}", "kannst du prüfen ob das so stimmen kann?"), ["{t15_a}", "{t15_b}"], ["der rest ist verwischt, ich glaub", "kannst du prüfen ob das so stimmen kann?"]),
    ("r15-conv-05", "conversation", "de", "holdout15", turns(("user", "hallo ich heise Wojtek Wiśniewski-Hahn und brauch ne meldebescheinigung"), ("assistant", "Gern. Welchen Namen soll ich eintragen, so wie im Pass?"), ("user", "sorry, im pass steht Wojciech WISNIEWSKI-HAHN, Wojtek sagen nur alle")), ["Wojtek", "Wiśniewski", "Hahn", "Wojciech", "WISNIEWSKI"], ["brauch ne meldebescheinigung", "Welchen Namen soll ich eintragen, so wie im Pass?"]),
    ("r15-conv-06", "conversation", "de", "holdout15", turns(("system", "Eingehender Anruf von +49 171 5 82 93 17 – im CRM: Dimitrios Kalogeropoulos, Gewerbe 'Imbiss am Markt'"), ("user", "Herr K. will wissen, ob sein Gewerbe schon abgemeldet ist"), ("assistant", "Dazu brauche ich die Anschrift der Betriebsstätte."), ("user", "er sagt Hafenstraße 61, seit Dezember zu")), ["5 82 93 17", "Dimitrios", "Kalogeropoulos", "Hafenstraße 61"], ["ob sein Gewerbe schon abgemeldet ist", "Dazu brauche ich die Anschrift der Betriebsstätte."]),
    ("r15-conv-07", "conversation", "de", "holdout15", turns(("user", "Versicherungsnummer {s15std}"), ("assistant", "Danke. Und Ihre Krankenversichertennummer?"), ("user", "{kv15}, steht auf der Karte oben rechts")), ["{s15std}", "{kv15}"], ["Und Ihre Krankenversichertennummer?", "steht auf der Karte oben rechts"]),
    ("r15-conv-08", "conversation", "de", "holdout15", turns(("user", "Hallo, Drossel hier. Mein Nachbar, Herr Bernd Specht, lässt seinen Hund frei laufen."), ("assistant", "Danke, Frau Drossel. In welcher Straße ist das?"), ("user", "bei uns Am Weiher, ich wohne Am Weiher 10, Herr Specht gegenüber")), ["Drossel", "Bernd", "Specht", "Am Weiher 10"], ["lässt seinen Hund frei laufen.", "In welcher Straße ist das?"]),
    ("r15-conv-09", "conversation", "en", "holdout15", turns(("user", "hi its roisin ni fhlannagain, moved to 3 harbour view last wk"), ("assistant", "Thanks Róisín, I'll update your address."), ("user", "ta. my partner cormac is on the tenancy too")), ["roisin", "ni fhlannagain", "3 harbour view", "Róisín", "cormac"], ["I'll update your address.", "is on the tenancy too"]),
    ("r15-conv-10", "conversation", "en", "holdout15", turns(("system", "Live call transcript follows. Caller ID: 07700 900 364."), ("user", "[14:02:11] Caller: yeah hi, it's Mr Ogunbiyi, Kolawole Ogunbiyi"), ("assistant", "Thanks, Mr Ogunbiyi. How can I help today?"), ("user", "[14:02:40] Caller: my mum, Abike, had a fall and needs a care assessment")), ["900 364", "Ogunbiyi", "Kolawole", "Abike"], ["Live call transcript follows.", "had a fall and needs a care assessment", "How can I help today?"]),
    ("r15-conv-11", "conversation", "en", "holdout15", turns(("user", "the letter says Mr Duc Tran but my name is Tran Minh Duc"), ("assistant", "Thanks for telling me. Which part is your family name?"), ("user", "Tran is the family name, Minh Duc is my given name. my wife is Le Thi Thu")), ["Duc", "Tran", "Minh", "Le Thi Thu"], ["Which part is your family name?", "is the family name", "is my given name."]),
    ("r15-conv-12", "conversation", "en", "holdout15", {"messages": [{"role": "user", "content": "find the resident at 22 Rowan Close please"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_crm9", "type": "function", "function": {"name": "crm_find_resident", "arguments": json.dumps({"address": "22 Rowan Close"})}}]}, {"role": "tool", "tool_call_id": "call_crm9", "content": json.dumps({"name": "Agnieszka Grant", "dob": "1961-04-30", "nhs_number": "{nhs15}", "flags": ["hearing impaired"]})}, {"role": "user", "content": "ok, text agnieszka that the OT will call on monday"}]}, ["22 Rowan Close", "Agnieszka", "Grant", "1961-04-30", "{nhs15}"], ["crm_find_resident", "that the OT will call on monday", "hearing impaired"]),
    ("r15-conv-13", "conversation", "en", "holdout15", user("NI number is {nino15_a}", "sorry hit enter, the rest is {nino15_b}", "it's for the pension credit form"), ["{nino15_a}", "{nino15_b}"], ["sorry hit enter, the rest is", "it's for the pension credit form"]),
    ("r15-conv-14", "conversation", "en", "holdout15", turns(("user", "Is mise Seonag NicIlleathain - Joan MacLean in English. I need a blue badge form."), ("assistant", "Thank you. Which name should the form be in?"), ("user", "use MacLean on the letter please, Joan is fine")), ["Seonag", "NicIlleathain", "Joan", "MacLean"], ["I need a blue badge form.", "Which name should the form be in?", "on the letter please"]),
    ("r15-conv-15", "conversation", "en", "holdout15", turns(("user", "I'm calling for my neighbour, Mrs Joy Hill of 5 Meadow Bank. She can't get to the phone."), ("assistant", "Thank you. Is there a family member we can contact?"), ("user", "her son Rich Hill but he's abroad, his mobile is 07700 900 722")), ["Joy", "Hill", "5 Meadow Bank", "Rich", "900 722"], ["I'm calling for my neighbour", "Is there a family member we can contact?", "but he's abroad"]),
    ("r15-conv-16", "conversation", "en", "holdout15", turns(("user", "I'm applying for the home energy grant, do you need my PPS number?"), ("assistant", "Yes, please give your PPS number and the IBAN for the payment."), ("user", "PPS {ppsn15}, IBAN {ie15}, the account is in the name of Colm and Dervla Ó Flaithearta")), ["{ppsn15}", "{ie15}", "Colm", "Dervla", "Ó Flaithearta"], ["do you need my PPS number?", "please give your PPS number and the IBAN for the payment."]),
    ("r15-stream-01", "stream", "de", "holdout15", {**user("Schreib die Antwort auf die Mail und lass das Zitat drunter"), "answer": {"content": "Sehr geehrter Herr Yılmazer,\n\nvielen Dank für Ihre Nachricht. Der Antrag auf Sondernutzung ist eingegangen und wird bis Ende Februar bearbeitet.\n\nMit freundlichen Grüßen\n\n> Am 03.02.2026 um 17:05 schrieb Orhan Yılmazer <o.yilmazer@gmx.de>:\n> Wie lange dauert die Genehmigung für den Stand vor meinem Laden?"}}, ["Yılmazer", "Orhan", "o.yilmazer@gmx.de"], ["Der Antrag auf Sondernutzung ist eingegangen", "Schreib die Antwort auf die Mail und lass das Zitat drunter"]),
    ("r15-stream-02", "stream", "de", "holdout15", {**user("Leg die Anmeldung aus dem Formular im Fachverfahren an"), "answer": {"arguments": json.dumps({"vorgang": "Anmeldung", "person": {"familienname": "Petrescu", "vornamen": "Ilinca Maria", "geburtsdatum": "1979-08-21", "anschrift": "Gutenbergstraße 56"}, "einzugsdatum": "2026-02-01"}, ensure_ascii=False)}}, ["Petrescu", "Ilinca Maria", "1979-08-21", "Gutenbergstraße 56"], ["einzugsdatum", "Leg die Anmeldung aus dem Formular im Fachverfahren an"]),
    ("r15-stream-03", "stream", "de", "holdout15", {**user("Mach aus dem OCR-Text einen sauberen Absatz"), "answer": {"content": "Absender ist Herr Henryk Zieliński, Gartenweg 9, 04109 Leipzig. Er beantragt die Erstattung der Hundesteuer, weil sein Hund im Dezember verstorben ist. Rückfragen per Telefon unter 0341 2 19 84 73."}}, ["Henryk", "Zieliński", "Gartenweg 9", "2 19 84 73"], ["Er beantragt die Erstattung der Hundesteuer", "Mach aus dem OCR-Text einen sauberen Absatz"]),
    ("r15-stream-04", "stream", "de", "holdout15", {**user("Mach mir eine Zeile für die Auszahlungsliste, tabgetrennt"), "answer": {"content": "Hier die Zeile für die Auszahlungsliste:\n\nWG-3012\tAslan\tMelek\t{i15std}\t318,00"}}, ["Aslan", "Melek", "{i15std}"], ["Hier die Zeile für die Auszahlungsliste:", "WG-3012"]),
    ("r15-stream-05", "stream", "de", "holdout15", {**user("Schreib eine kurze Aktennotiz zum Anruf"), "answer": {"content": "AN: Hr. Võ Quang Vinh, geb. 30.05.1972, Whg. Bergstr. 17, 2. OG – Tel. 0341 9 27 48 56. Rückruf erbeten wegen Wohngeld, Unterlagen liegen vollständig vor."}}, ["Võ", "Quang Vinh", "30.05.1972", "Bergstr. 17", "9 27 48 56"], ["Rückruf erbeten wegen Wohngeld, Unterlagen liegen vollständig vor.", "Schreib eine kurze Aktennotiz zum Anruf"]),
    ("r15-stream-06", "stream", "de", "holdout15", {**user("Leg die Anhörung im Kalender an"), "answer": {"arguments": json.dumps({"titel": "Anhörung Ordnungswidrigkeit", "beginn": "2026-02-19T09:30", "ort": "Zimmer 104", "teilnehmer": ["annika.sommer@landratsamt-example.de", "Olufemi Ajayi", "Dolmetscher Yoruba"]}, ensure_ascii=False)}}, ["annika.sommer", "Olufemi", "Ajayi"], ["Anhörung Ordnungswidrigkeit", "Zimmer 104"]),
    ("r15-stream-07", "stream", "de", "holdout15", {**user("Welche Daten liegen für den Elterngeldantrag schon vor?"), "answer": {"content": "Für Frau Daria Savchuk liegen vor: Steuer-ID {t15std}, Personalausweis {id15}, Geburtsurkunde des Kindes. Es fehlt noch der Nachweis über das Einkommen vor der Geburt."}}, ["Daria", "Savchuk", "{t15std}", "{id15}"], ["Es fehlt noch der Nachweis über das Einkommen vor der Geburt.", "Welche Daten liegen für den Elterngeldantrag schon vor?"]),
    ("r15-stream-08", "stream", "de", "holdout15", {**user("Schreib dem Bürger kurz zurück, dass wir ihn anrufen"), "answer": {"content": "Hallo Herr Ferreira da Silva,\n\nwir rufen Sie am Donnerstag zwischen 9 und 11 Uhr unter 0178 3 39 20 84 an.\n\nViele Grüße\nJana Sommerfeld\nSachbearbeitung Elterngeld"}}, ["Ferreira", "da Silva", "3 39 20 84", "Jana", "Sommerfeld"], ["wir rufen Sie am Donnerstag zwischen 9 und 11 Uhr", "Sachbearbeitung Elterngeld"]),
    ("r15-stream-09", "stream", "en", "holdout15", {**user("Draft a reply and keep her original message quoted below"), "answer": {"content": "Dear Ms Ndukwe,\n\nThank you for getting in touch. We have corrected your council tax bill and a new one will follow by post.\n\nKind regards\n\nOn Mon, 2 Feb 2026 at 10:12, Nneka Ndukwe <nneka.ndukwe@gmail.com> wrote:\n> my council tax bill is wrong, I live alone"}}, ["Ndukwe", "Nneka", "nneka.ndukwe@gmail.com"], ["We have corrected your council tax bill", "Draft a reply and keep her original message quoted below"]),
    ("r15-stream-10", "stream", "en", "holdout15", {**user("Create the housing benefit claim from the form"), "answer": {"arguments": json.dumps({"claim_type": "housing_benefit", "surname": "Ó Dónaill", "forenames": "Pádraig Seán", "nino": "{nino15}", "address": "11 Strand Road, Derry"}, ensure_ascii=False)}}, ["Ó Dónaill", "Pádraig Seán", "{nino15}", "11 Strand Road"], ["housing_benefit", "Create the housing benefit claim from the form"]),
    ("r15-stream-11", "stream", "en", "holdout15", {**user("Summarise the call for the case file"), "answer": {"content": "Call summary: Mrs Ileana Georgescu-Marsh (07700 900 219) rang about her son's school transport. Agent Hope took the call. The bus has not turned up three times this month; she asked for a callback from the transport team."}}, ["Ileana", "Georgescu", "Marsh", "900 219", "Hope"], ["The bus has not turned up three times this month", "Summarise the call for the case file"]),
    ("r15-stream-12", "stream", "en", "holdout15", {**user("Confirm the refund details to the resident"), "answer": {"content": "We will refund £86.40 to the account {gb15} held by Thanh Huong Hoang. Please allow five working days."}}, ["{gb15}", "Thanh Huong", "Hoang"], ["Please allow five working days.", "Confirm the refund details to the resident"]),
    ("r15-stream-13", "stream", "en", "holdout15", {**user("Write the calendar invite for the home visit"), "answer": {"content": "Subject: Home visit – stair lift assessment\nWhen: Monday 16 February 2026, 11:00\nWhere: 6 Bramble Close\nAttendees: Ewan Forbes (OT); Mrs Efe Omoregie (resident)\nNotes: ring the side door bell"}}, ["6 Bramble Close", "Ewan", "Forbes", "Efe", "Omoregie"], ["Notes: ring the side door bell", "stair lift assessment"]),
    ("r15-stream-14", "stream", "en", "holdout15", {**user("Draft the referral letter to the GP"), "answer": {"content": "Re: Mr Kyriakos Antoniou, DOB 09/01/1949, NHS number {nhs15}\n\nDear Dr Whitcombe,\nwe are referring the above resident for a falls assessment following a home visit."}}, ["Kyriakos", "Antoniou", "09/01/1949", "{nhs15}", "Whitcombe"], ["we are referring the above resident for a falls assessment", "Draft the referral letter to the GP"]),
    ("r15-stream-15", "stream", "en", "holdout15", {**user("Update her contact record"), "answer": {"arguments": json.dumps({"contact_id": "C-30911", "first_name": "Summer", "last_name": "Lockhart", "email": "summer.lockhart@hotmail.co.uk", "preferred_contact": "email"})}}, ["Summer", "Lockhart", "summer.lockhart@hotmail.co.uk"], ["C-30911", "preferred_contact"]),
    ("r15-stream-16", "stream", "en", "holdout15", {**user("Put the callback list into a tab-separated table"), "answer": {"content": "Surname\tForename\tPostcode\tPhone\nMorrison\tIsla\tG12 8QQ\t0141 496 0377\nNic Ghiolla Bhríde\tMáire\tBT48 6DQ\t028 7126 0914"}}, ["Morrison", "Isla", "496 0377", "Nic Ghiolla Bhríde", "Máire", "7126 0914"], ["Surname\tForename\tPostcode\tPhone", "Put the callback list into a tab-separated table"]),
    # ------------------------------------------------------------------ hold-out round 16
    # Written after round 15's fixes and committed before their first run; their writer
    # never ran the redaction on them. Voice, multilingual and front-end traffic:
    # speech-to-text transcripts of phone calls (numbers and dates spoken as words or digit
    # by digit, fillers, names spelled letter by letter or with a spelling alphabet),
    # messages mixing German or English with Turkish, Polish, Arabic (transliterated),
    # Ukrainian or Romanian, Leichte Sprache and plain-English answers, JSON from web forms
    # and chat widgets (nested arrays, camelCase keys, hidden fields), Bescheide with
    # Aktenzeichen and Rechtsbehelfsbelehrung, AU-Bescheinigungen and fit notes, school and
    # childcare forms, transfer purposes with names, c/o and Postfach addresses, parcel
    # notifications, Markdown and HTML answers; request fields (tools with nested parameter
    # schemas, tool_choice naming a function, json_schema descriptions, examples, defaults
    # and enums, stop, user, safety_identifier, prediction, tool messages, image_url query
    # strings, embeddings input arrays).
    ("r16-req-01", "request", "de", "holdout16", {**user("Merk das Kind für einen Kita-Platz ab August vor, Unterlagen sind vollständig."), "tools": [{"type": "function", "function": {"name": "kita_vormerkung_anlegen", "description": "Legt eine Vormerkung im Kita-Portal an.", "parameters": {"type": "object", "properties": {"kind": {"type": "object", "description": "Angaben zum Kind", "properties": {"vorname": {"type": "string", "examples": ["Ada Nur"]}, "geburtsdatum": {"type": "string", "format": "date", "examples": ["2023-04-17"]}}}, "sorgeberechtigte": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string", "default": "Karakoçlu, Ayşenur"}, "telefon": {"type": "string", "default": "0157 38 26 91 04"}}}}}, "required": ["kind"]}}}], "tool_choice": "auto"}, ["Ada Nur", "2023-04-17", "Karakoçlu", "Ayşenur", "38 26 91 04"], ["kita_vormerkung_anlegen", "Legt eine Vormerkung im Kita-Portal an.", "Merk das Kind für einen Kita-Platz ab August vor"]),
    ("r16-req-02", "request", "en", "holdout16", {"messages": [{"role": "user", "content": "Does the fit note cover the whole of February?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_fn1", "type": "function", "function": {"name": "fetch_fit_note", "arguments": json.dumps({"employee_id": "EMP-40719"})}}]}, {"role": "tool", "tool_call_id": "call_fn1", "content": "Statement of Fitness for Work\nPatient: Mr Fiifi Amponsah-Dunmore\nDate of birth: 19/08/1976\nNHS number: {nhs16}\nI assessed your case on: 02/02/2026\nCondition: lower back pain\nThis will be the case for: 4 weeks\nDoctor: Dr Meenakshi Venkataraghavan, Elmfield Surgery"}], "tool_choice": {"type": "function", "function": {"name": "fetch_fit_note"}}}, ["Fiifi", "Amponsah", "Dunmore", "19/08/1976", "{nhs16}", "Meenakshi", "Venkataraghavan"], ["fetch_fit_note", "Does the fit note cover the whole of February?", "Statement of Fitness for Work"]),
    ("r16-req-03", "request", "de", "holdout16", {**user("Zieh aus dem Bescheid Aktenzeichen, Frist und zuständige Stelle heraus."), "response_format": {"type": "json_schema", "json_schema": {"name": "bescheid_auszug", "description": "Für die Akte von Frau Sevgül Gençaslan-Lamm, Weidenstieg 12", "schema": {"type": "object", "properties": {"aktenzeichen": {"type": "string", "examples": ["51.3-EG-2026/0147"]}, "sachbearbeitung": {"type": "string", "enum": ["Bertram Eichhorn", "Nawal Boukhris", "offen"], "default": "Bertram Eichhorn"}, "widerspruchsfrist_tage": {"type": "integer", "default": 30}}, "required": ["aktenzeichen"]}}}}, ["Sevgül", "Gençaslan", "Lamm", "Weidenstieg 12", "Bertram", "Eichhorn", "Nawal", "Boukhris"], ["bescheid_auszug", "Zieh aus dem Bescheid Aktenzeichen, Frist und zuständige Stelle heraus.", "51.3-EG-2026/0147"]),
    ("r16-req-04", "request", "en", "holdout16", {"messages": [{"role": "system", "content": "You answer in plain English: short sentences, one idea per sentence."}, {"role": "user", "content": "Explain the council tax reduction letter to Mr Bogusław Ciesielski of Flat 3, 27 Cutlers Street. He reads English as a second language."}], "stop": ["\nYours sincerely,\nGwen Saltmarsh"], "user": "gwen.saltmarsh@council.example", "safety_identifier": "ctr-bciesielski-1983"}, ["Bogusław", "Ciesielski", "27 Cutlers Street", "Gwen", "Saltmarsh", "gwen.saltmarsh", "bciesielski"], ["You answer in plain English: short sentences, one idea per sentence.", "He reads English as a second language."]),
    ("r16-req-05", "request", "de", "holdout16", {**user("Schreib den Brief in Leichter Sprache. Ändere nur, was nötig ist."), "prediction": {"type": "content", "content": "Hallo Herr Przybylak.\nSie wohnen jetzt in der Fasanenstraße 41.\nDas haben wir gelesen.\nIhr Sohn Bartek geht ab März in die Kita Sonnenblume.\nDas kostet nichts.\nFragen? Rufen Sie Frau Walburga Wachtel an.\nDie Nummer ist: 0351 4 88 27 30."}}, ["Przybylak", "Fasanenstraße 41", "Bartek", "Walburga", "Wachtel", "4 88 27 30"], ["Schreib den Brief in Leichter Sprache.", "Das kostet nichts.", "Ändere nur, was nötig ist."]),
    ("r16-req-06", "request", "en", "holdout16", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Is this parcel locker notice genuine or a phishing text?"}, {"type": "image_url", "image_url": {"url": "https://parcel-notify.example.co.uk/card.png?recipient=Chinwendu%20Okeagu&addr=88%20Welland%20Road&mob=07700900461&locker=LK-2291&pin=448201"}}]}]}, ["Chinwendu", "Okeagu", "88%20Welland%20Road", "900461"], ["Is this parcel locker notice genuine or a phishing text?", "parcel-notify.example.co.uk/card.png"]),
    ("r16-req-07", "request", "de", "holdout16", {"input": ["anrufer äh ja guten tag mein name ist gorczyński radomir ich ruf an wegen dem wohngeld", "agentin können sie mir ihre steuer id sagen", "anrufer ja das ist {t16words}", "anrufer ich wohn in der äh kranichweg vierzehn also kranichweg 14 in erfurt", "agentin danke ich leite das weiter"]}, ["gorczyński", "radomir", "{t16words}", "kranichweg vierzehn", "kranichweg 14"], ["ich ruf an wegen dem wohngeld", "agentin danke ich leite das weiter"]),
    ("r16-req-08", "request", "en", "holdout16", {"messages": [{"role": "user", "content": "What did the visitor ask in the web chat?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_wc1", "type": "function", "function": {"name": "get_chat_transcript", "arguments": json.dumps({"sessionId": "wc-7f3a91"})}}]}, {"role": "tool", "tool_call_id": "call_wc1", "content": json.dumps({"sessionId": "wc-7f3a91", "visitor": {"displayName": "Zainab", "hiddenFields": {"fullName": "Zainab Ashraf-Barker", "email": "zainab.ab@outlook.com", "postcode": "LS8 2QT"}}, "messages": [{"from": "visitor", "text": "hi can I get a school place for my son Idris for september"}, {"from": "bot", "text": "Which year group is he going into?"}]})}]}, ["Zainab", "Ashraf", "Barker", "zainab.ab@outlook.com", "Idris"], ["get_chat_transcript", "Which year group is he going into?", "What did the visitor ask in the web chat?"]),
    ("r16-req-09", "request", "de", "holdout16", {"messages": [{"role": "user", "content": "Bis wann kann gegen den Bescheid Widerspruch eingelegt werden?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_bs1", "type": "function", "function": {"name": "dokument_abrufen", "arguments": json.dumps({"aktenzeichen": "ELG-2026-03318"})}}]}, {"role": "tool", "tool_call_id": "call_bs1", "content": "Bescheid über Elterngeld\nAktenzeichen: ELG-2026-03318\nFrau Oleksandra Hordiienko, Am Pfarrgarten 9, 06108 Halle (Saale)\nIhr Antrag vom 12.01.2026 wird bewilligt. Kind: Zlata Hordiienko, geb. 28.11.2025.\nRechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden."}], "tool_choice": {"type": "function", "function": {"name": "dokument_abrufen"}}}, ["Oleksandra", "Hordiienko", "Am Pfarrgarten 9", "Zlata", "28.11.2025"], ["dokument_abrufen", "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.", "ELG-2026-03318"]),
    ("r16-req-10", "request", "en", "holdout16", {**user("Extract the caller's details from the voicemail transcript: hi this is um Iwan Prothero calling about the missed bin collection at 5 Maes y Llan my number is oh seven seven hundred nine hundred two eight one thanks"), "response_format": {"type": "json_schema", "json_schema": {"name": "voicemail_fields", "schema": {"type": "object", "properties": {"caller_name": {"type": "string", "examples": ["Bronwen Gwilliam"]}, "issue": {"type": "string", "enum": ["missed_collection", "damaged_bin", "other"]}, "callback": {"type": "string", "description": "UK number in digits, e.g. 07700 900 318"}}, "required": ["issue"]}}}}, ["Iwan", "Prothero", "5 Maes y Llan", "nine hundred two eight one", "Bronwen", "Gwilliam", "900 318"], ["voicemail_fields", "missed_collection", "calling about the missed bin collection"]),
    ("r16-req-11", "request", "de", "holdout16", {"messages": [{"role": "user", "content": "Übersetze die Nachricht ins Deutsche und antworte kurz:\n\nMerhaba, ben Songül Taşdelen-Oruç. Oğlum Alperen için okul kaydı yapmak istiyorum. Adresimiz Möwenstraße 63, telefon 0162 57 30 84 19."}], "stop": ["\n\nSongül"], "user": "schulamt-ute.grunwald", "safety_identifier": "sb-ute.grunwald"}, ["Songül", "Taşdelen", "Oruç", "Alperen", "Möwenstraße 63", "57 30 84 19", "ute.grunwald"], ["Übersetze die Nachricht ins Deutsche und antworte kurz:", "için okul kaydı yapmak istiyorum"]),
    ("r16-req-12", "request", "en", "holdout16", {**user("Update the markdown table: Lorna moved to 14 Quince Walk, everything else stays"), "prediction": {"type": "content", "content": "| Tenant | Address | Phone |\n|---|---|---|\n| Lorna Cartwright | 9 Mill Lane | 0113 496 0781 |\n| Lech Pietrzykowski | 2 Hollins Court | 0113 496 0254 |"}}, ["Lorna", "14 Quince Walk", "Cartwright", "9 Mill Lane", "496 0781", "Lech", "Pietrzykowski", "2 Hollins Court", "496 0254"], ["everything else stays", "| Tenant | Address | Phone |"]),
    ("r16-req-13", "request", "de", "holdout16", {"messages": [{"role": "user", "content": [{"type": "text", "text": "Ist die AU-Bescheinigung auf dem Foto vollständig ausgefüllt?"}, {"type": "image_url", "image_url": {"url": "https://portal.personalamt-example.de/upload/au.jpg?ma=Dragoljub%20Jeli%C4%87&kv={kv16}&von=2026-02-02&bis=2026-02-13&token=9c1e"}}]}]}, ["Dragoljub", "Jeli%C4%87", "{kv16}"], ["Ist die AU-Bescheinigung auf dem Foto vollständig ausgefüllt?", "portal.personalamt-example.de/upload/au.jpg"]),
    ("r16-req-14", "request", "en", "holdout16", {"input": ["caller: yeah the surname is Szczygielska S for Sierra Z for Zulu C for Charlie Z for Zulu Y for Yankee G for Golf", "caller: first name Kasia, well Katarzyna on the passport", "agent: and the date of birth", "caller: twenty third of June nineteen ninety", "agent: thank you, I'll update the blue badge record"]}, ["Szczygielska", "S for Sierra Z for Zulu C for Charlie Z for Zulu Y for Yankee G for Golf", "Kasia", "Katarzyna", "twenty third of June nineteen ninety"], ["I'll update the blue badge record", "agent: and the date of birth"]),
    ("r16-req-15", "request", "de", "holdout16", {"messages": [{"role": "user", "content": "Trag die neue Postanschrift ein, der Bürger ist vorübergehend bei seiner Schwester."}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_ad1", "type": "function", "function": {"name": "anschrift_aendern", "arguments": json.dumps({"person_id": "EW-118204", "anschrift": {"zeile1": "Herrn Florin Ungureanu", "zeile2": "c/o Daniela Ungureanu-Kraft", "strasse": "Birkenallee 27", "plz": "34117", "ort": "Kassel"}, "postfach": "Postfach 10 12 44"}, ensure_ascii=False)}}]}, {"role": "tool", "tool_call_id": "call_ad1", "content": "Anschrift geändert, gültig ab 2026-02-09"}]}, ["Florin", "Ungureanu", "Daniela", "Kraft", "Birkenallee 27", "10 12 44"], ["anschrift_aendern", "Anschrift geändert, gültig ab 2026-02-09", "EW-118204"]),
    ("r16-req-16", "request", "en", "holdout16", {**user("Book the interpreter for the parents' evening"), "tools": [{"type": "function", "function": {"name": "schedule_interpreter_slot", "description": "Books a community interpreter.", "parameters": {"type": "object", "properties": {"language": {"type": "string", "enum": ["Polish", "Ukrainian", "Arabic", "Romanian"]}, "attendees": {"type": "array", "description": "e.g. [{\"role\": \"parent\", \"name\": \"Halyna Vakulenko\"}, {\"role\": \"teacher\", \"name\": \"Mr Ieuan Rowlands\"}]", "items": {"type": "object", "properties": {"role": {"type": "string", "enum": ["parent", "teacher"]}, "name": {"type": "string"}}}}}}}}], "tool_choice": {"type": "function", "function": {"name": "schedule_interpreter_slot"}}}, ["Halyna", "Vakulenko", "Ieuan", "Rowlands"], ["schedule_interpreter_slot", "Books a community interpreter.", "Book the interpreter for the parents' evening"]),
    ("r16-fmt-01", "formats", "de", "holdout16", user("Transkript Hotline, Anruferin liest ihre Steuer-ID vor: äh {t16words} hab ich das richtig gesagt"), ["{t16words}"], ["Transkript Hotline", "hab ich das richtig gesagt"]),
    ("r16-fmt-02", "formats", "de", "holdout16", user("Spracherkennung hat die Ziffern einzeln erkannt: steuer id {t16each} bitte wieder zusammensetzen und prüfen"), ["{t16each}"], ["Spracherkennung hat die Ziffern einzeln erkannt:", "bitte wieder zusammensetzen und prüfen"]),
    ("r16-fmt-03", "formats", "de", "holdout16", user("rentenversicherungsnummer laut anruf {s16voice} äh der buchstabe in der mitte ist groß"), ["{s16voice}"], ["rentenversicherungsnummer laut anruf", "der buchstabe in der mitte ist groß"]),
    ("r16-fmt-04", "formats", "de", "holdout16", user("Versichertennummer buchstabiert am Telefon: {kv16alpha}. Bitte in die Pflegeberatung übernehmen."), ["{kv16alpha}"], ["Versichertennummer buchstabiert am Telefon:", "Bitte in die Pflegeberatung übernehmen."]),
    ("r16-fmt-05", "formats", "de", "holdout16", user("iban hab ich mitgeschrieben wie sie es gesagt hat {i16stt} bank ist die sparkasse"), ["{i16stt}"], ["iban hab ich mitgeschrieben wie sie es gesagt hat", "bank ist die sparkasse"]),
    ("r16-fmt-06", "formats", "de", "holdout16", user("Rückrufnummer aus der Mailbox: null eins sieben zwo, vier vier, achtundsechzig, einunddreißig, null neun – bitte als Ziffern notieren"), ["vier vier, achtundsechzig, einunddreißig, null neun"], ["Rückrufnummer aus der Mailbox:", "bitte als Ziffern notieren"]),
    ("r16-fmt-07", "formats", "de", "holdout16", user("geburtsdatum laut anruf am dritten märz neunzehnhundertachtundsiebzig, die tochter am elften elften zweitausendzwölf. schreib beides als TT.MM.JJJJ"), ["dritten märz neunzehnhundertachtundsiebzig", "elften elften zweitausendzwölf"], ["schreib beides als TT.MM.JJJJ", "geburtsdatum laut anruf"]),
    ("r16-fmt-08", "formats", "de", "holdout16", user("Pan Sobieraj schreibt: proszę o przelew na konto {pl16}, PESEL {pesel16}. Kann man auf ein polnisches Konto überweisen?"), ["Sobieraj", "{pl16}", "{pesel16}"], ["Kann man auf ein polnisches Konto überweisen?", "proszę o przelew na konto"]),
    ("r16-fmt-09", "formats", "en", "holdout16", user("from the voicemail transcript, NI number: {nino16voice} - can you turn that into the normal format?"), ["{nino16voice}"], ["from the voicemail transcript", "can you turn that into the normal format?"]),
    ("r16-fmt-10", "formats", "en", "holdout16", user("um the NHS number she read out was {nhs16voice} is that a valid one"), ["{nhs16voice}"], ["the NHS number she read out was", "is that a valid one"]),
    ("r16-fmt-11", "formats", "en", "holdout16", user("agent note: card number read out as {v16each}, expiry oh nine twenty-eight - do NOT store, just check the length"), ["{v16each}"], ["agent note:", "do NOT store, just check the length"]),
    ("r16-fmt-12", "formats", "en", "holdout16", user("callback number from the speech to text: oh seven seven double oh nine double oh six three one - is that a full mobile number?"), ["nine double oh six three one"], ["callback number from the speech to text", "is that a full mobile number?"]),
    ("r16-fmt-13", "formats", "en", "holdout16", user("DOB per the transcript: the fourteenth of February nineteen seventy-two. and her partner was born on the 3rd of Sept 1969. Put both in DD/MM/YYYY."), ["fourteenth of February nineteen seventy-two", "3rd of Sept 1969"], ["Put both in DD/MM/YYYY.", "DOB per the transcript:"]),
    ("r16-fmt-14", "formats", "en", "holdout16", user("Для виплати / for the payment: IBAN {ua16}, РНОКПП {rnokpp16}. She's asking whether the resettlement grant can go to her Ukrainian account."), ["{ua16}", "{rnokpp16}"], ["for the payment:", "can go to her Ukrainian account"]),
    ("r16-fmt-15", "formats", "en", "holdout16", user("Kimlik no: {tck16}, IBAN: {tr16} - he wants the deposit refund sent to his account in Turkey, is that allowed?"), ["{tck16}", "{tr16}"], ["he wants the deposit refund sent to his account in Turkey", "is that allowed?"]),
    ("r16-fmt-16", "formats", "en", "holdout16", user("email from the call: m dot ezeagu underscore eighty seven at gmail dot com, please write it properly"), ["ezeagu underscore eighty seven"], ["email from the call:", "please write it properly"]),
    ("r16-str-01", "structured", "de", "holdout16", user("Das Kontaktformular hat diese Daten geschickt, worum geht es?\n" + json.dumps({"formId": "ummeldung-v3", "fields": {"firstName": "Mirela", "lastName": "Ștefănescu-Pîrvu", "birthDate": "1990-07-04", "newAddress": {"street": "Talweg", "houseNo": "18", "zip": "79098"}, "children": [{"firstName": "Tudor", "birthDate": "2018-02-11"}]}, "hidden": {"csrf": "a8f2c1", "refUser": "mirela.pirvu@gmx.net"}}, ensure_ascii=False, indent=1)), ["Mirela", "Ștefănescu", "Pîrvu", "1990-07-04", "Talweg", "Tudor", "2018-02-11", "mirela.pirvu@gmx.net"], ["Das Kontaktformular hat diese Daten geschickt, worum geht es?", "ummeldung-v3"]),
    ("r16-str-02", "structured", "de", "holdout16", user("Ordne die Zahlungseingänge den Fällen zu:\n\nBuchungstag;Auftraggeber;IBAN;Verwendungszweck;Betrag\n03.02.2026;Çelikkol, Derya;{i16std};Kita Beitrag Feb Kind Leyla Çelikkol KT-2207;182,00\n03.02.2026;Wendrich-Zabłocki J.;{i16plain};Mahngebühr Az 33.4-1187 Jan Wendrich-Zabłocki;5,00"), ["Çelikkol", "Derya", "{i16std}", "Leyla", "Wendrich", "Zabłocki", "{i16plain}"], ["Ordne die Zahlungseingänge den Fällen zu:", "KT-2207", "Az 33.4-1187"]),
    ("r16-str-03", "structured", "de", "holdout16", user("Arbeitsunfähigkeitsbescheinigung (Ausfertigung für den Arbeitgeber)\nName, Vorname des Versicherten: Brückner, Irmtraud\ngeb. am 14.09.1967\nVersicherten-Nr.: {kv16}\nArbeitsunfähig seit: 02.02.2026\nvoraussichtlich arbeitsunfähig bis einschließlich: 13.02.2026\nErstbescheinigung\nArzt: Dr. med. Tarek Al-Hourani, Praxis am Markt\n\nAb wann muss die Entgeltfortzahlung geprüft werden?"), ["Brückner", "Irmtraud", "14.09.1967", "{kv16}", "Tarek", "Al-Hourani"], ["Ab wann muss die Entgeltfortzahlung geprüft werden?", "Erstbescheinigung"]),
    ("r16-str-04", "structured", "de", "holdout16", user("<form id=\"schulanmeldung\">\n<input type=\"hidden\" name=\"sachbearbeiter\" value=\"g.sandvik\">\n<label>Kind</label><input name=\"kind\" value=\"Elias Nyarko-Bredow\">\n<label>Geburtsdatum</label><input name=\"geb\" value=\"17.05.2020\">\n<label>Erziehungsberechtigte</label><input name=\"eltern\" value=\"Adjoa Nyarko, Till Bredow\">\n<label>Anschrift</label><input name=\"adresse\" value=\"Amselgrund 5\">\n</form>\nWelche Pflichtfelder fehlen für die Schulanmeldung?"), ["g.sandvik", "Elias", "Nyarko", "Bredow", "17.05.2020", "Adjoa", "Till", "Amselgrund 5"], ["Welche Pflichtfelder fehlen für die Schulanmeldung?", "<label>Geburtsdatum</label>"]),
    ("r16-str-05", "structured", "de", "holdout16", user("Erklär mir diesen Bescheid in Leichter Sprache:\n\nLandratsamt Beispielkreis – Ausländerbehörde\nAz.: 32-AB-5581/25\nHerrn Hamidullah Sadat\nc/o Zarghuna Noorzai\nLindenring 30\n\nBescheid\n1. Ihre Aufenthaltserlaubnis wird bis 31.01.2028 verlängert.\n2. Die Gebühr beträgt 93,00 EUR.\n\nRechtsbehelfsbelehrung\nGegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim Verwaltungsgericht erhoben werden."), ["Hamidullah", "Sadat", "Zarghuna", "Noorzai", "Lindenring 30"], ["Erklär mir diesen Bescheid in Leichter Sprache:", "Az.: 32-AB-5581/25", "Die Gebühr beträgt 93,00 EUR."]),
    ("r16-str-06", "structured", "de", "holdout16", user("Ist diese SMS echt?\n\nDHL: Ihre Sendung 00340434161094021187 liegt bereit. Empfänger: Zdzisław Mikołajczak-Roth, Postnummer 817 364 529, Packstation 143, Abholcode 4471. Gültig bis 10.02."), ["Zdzisław", "Mikołajczak", "Roth", "817 364 529"], ["Ist diese SMS echt?", "Packstation 143"]),
    ("r16-str-07", "structured", "de", "holdout16", user("Chat-Widget-Export, bitte auf Deutsch zusammenfassen:\n" + json.dumps({"conversation": [{"author": "visitor", "body": "Salam, ana ismi Youssef El Amrani, saken fi Kastanienweg 7. Bghit nbeddel l'adresse dyali."}, {"author": "visitor", "body": "Și soția mea, Georgiana El Amrani, are nevoie de un termen."}, {"author": "agent", "body": "Gerne, ich buche zwei Termine im Bürgerbüro."}], "meta": {"userAgent": "Mozilla/5.0", "pageUrl": "/buergerbuero/termine"}}, ensure_ascii=False)), ["Youssef", "El Amrani", "Kastanienweg 7", "Georgiana"], ["Chat-Widget-Export, bitte auf Deutsch zusammenfassen:", "Gerne, ich buche zwei Termine im Bürgerbüro.", "/buergerbuero/termine"]),
    ("r16-str-08", "structured", "de", "holdout16", user("| Feld | Eintrag |\n|---|---|\n| Kind | Lina Marie Brösel |\n| geb. | 02.10.2022 |\n| Mutter | Tamara Brösel, geb. Zhukova |\n| Tel. Mutter | 0176 22 81 47 90 |\n| Abholberechtigt | Oma Gisela Brösel, Herr Ahmet Sarıgül |\n| Allergien | Erdnüsse |\n\nErstelle daraus die Abholliste für die Gruppe Igel."), ["Lina Marie", "Brösel", "02.10.2022", "Tamara", "Zhukova", "22 81 47 90", "Gisela", "Ahmet", "Sarıgül"], ["Erstelle daraus die Abholliste für die Gruppe Igel.", "| Allergien | Erdnüsse |"]),
    ("r16-str-09", "structured", "en", "holdout16", user("The contact form posted this. What does the resident need?\n" + json.dumps({"form": "report-a-problem", "payload": {"reporter": {"givenName": "Oluwatoyin", "familyName": "Akinwale-Crossley", "contact": {"email": "toyin.ac@yahoo.co.uk", "phone": "07700 900 674"}}, "location": {"line1": "41 Brindley Way", "postcode": "B16 8QT"}, "issue": {"type": "fly_tipping", "details": "mattresses dumped behind the garages"}}, "_hidden": {"utmSource": "newsletter", "sessionUser": "takinwale"}})), ["Oluwatoyin", "Akinwale", "Crossley", "toyin.ac@yahoo.co.uk", "900 674", "41 Brindley Way", "takinwale"], ["What does the resident need?", "fly_tipping", "mattresses dumped behind the garages"]),
    ("r16-str-10", "structured", "en", "holdout16", user("Fit note (copy for employer)\nPatient: Ms Muireann Scanlon-Shah\nDOB: 22/03/1985\nNHS no.: {nhs16}\nI assessed your case on 29/01/2026 and, because of the following condition: post-operative recovery, I advise you that you may be fit for work taking into account the following advice: phased return to work, amended duties.\nThis will be the case for 6 weeks.\nGP: Dr Ikenna Nwagbara, Riverside Medical Practice\n\nWhat adjustments should HR offer?"), ["Muireann", "Scanlon", "Shah", "22/03/1985", "{nhs16}", "Ikenna", "Nwagbara"], ["What adjustments should HR offer?", "phased return to work, amended duties."]),
    ("r16-str-11", "structured", "en", "holdout16", user("<table>\n<tr><th>Pupil</th><td>Poppy-Mae Hebblethwaite</td></tr>\n<tr><th>DOB</th><td>09/07/2019</td></tr>\n<tr><th>Parent/carer</th><td>Mrs Bethan Hebblethwaite (mother), Mr Jacek Szewczuk (stepfather)</td></tr>\n<tr><th>Address</th><td>17 Tenter Fold, Halifax</td></tr>\n<tr><th>Sibling at school</th><td>yes, Igor Szewczuk, Year 4</td></tr>\n</table>\nDoes the sibling rule apply to this in-year admission?"), ["Poppy-Mae", "Hebblethwaite", "09/07/2019", "Bethan", "Jacek", "Szewczuk", "17 Tenter Fold", "Igor"], ["Does the sibling rule apply to this in-year admission?", "<tr><th>Sibling at school</th>"]),
    ("r16-str-12", "structured", "en", "holdout16", user("Match these payments to accounts:\n\nDate,Payer,Reference,Amount\n02/02/2026,MS B KRAWCZYK,CT REF 4411 LEOKADIA KRAWCZYK FLAT 2,96.00\n02/02/2026,R & J EZENWA,PARKING PERMIT RAPHAEL EZENWA 12 LAPWING RISE,45.00\n03/02/2026,Bill Sterling,RENT 7 COOPERAGE MEWS,410.00"), ["KRAWCZYK", "LEOKADIA", "EZENWA", "RAPHAEL", "12 LAPWING RISE", "Bill", "Sterling", "7 COOPERAGE MEWS"], ["Match these payments to accounts:", "Date,Payer,Reference,Amount", "CT REF 4411"]),
    ("r16-str-13", "structured", "en", "holdout16", user("Change of address notification\nName: Mr Aurelian Popa\nOld address: 63 Granby Street, Leicester\nNew correspondence address: c/o Ms Corina Popa-Lyons, PO Box 4172, Leicester LE1 9ZZ\nFrom: 16/02/2026\nReason: temporary stay with family\n\nWhich records need updating?"), ["Aurelian", "Popa", "63 Granby Street", "Corina", "Lyons", "Box 4172"], ["Which records need updating?", "Reason: temporary stay with family"]),
    ("r16-str-14", "structured", "en", "holdout16", user("Your parcel is ready for collection\n\nHi Ivy Mason,\nyour parcel from Bloom & Wild is waiting at Parcel Locker 'Tesco Extra Hulme', locker 27.\nCollection code: 583 019\nDelivery address on file: 6 Stretford Road, Manchester M15 5JX\nMobile: 07700 900 852\n\nIs this a scam? I never ordered flowers."), ["Ivy", "Mason", "6 Stretford Road", "900 852"], ["Is this a scam? I never ordered flowers.", "Your parcel is ready for collection"]),
    ("r16-str-15", "structured", "en", "holdout16", user("Interpreter notes from the housing appointment (PL/EN):\n- Klient: Lucjan Dąbrowski, ur. 12.04.1981 / born 12 April 1981\n- Mieszka u brata, Wacław Dąbrowski, 29 Alma Terrace / lives with brother\n- Tel: 07700 900 137\n- Potrzebuje mieszkania dla 3 osób / needs housing for 3 people\n\nWrite this up as a case note in English."), ["Lucjan", "Dąbrowski", "12.04.1981", "12 April 1981", "Wacław", "29 Alma Terrace", "900 137"], ["Write this up as a case note in English.", "needs housing for 3 people"]),
    ("r16-str-16", "structured", "en", "holdout16", user("**Call transcript (auto)**\n\n**Caller:** hi um it's about my daughter's free school meals\n**Agent:** can I take the child's name\n**Caller:** yeah Nia N I A surname Ogunsanya O G U N S A N Y A\n**Agent:** and date of birth\n**Caller:** um second of may twenty seventeen\n\nSummarise the request in one line."), ["Nia", "N I A", "Ogunsanya", "O G U N S A N Y A", "second of may twenty seventeen"], ["Summarise the request in one line.", "it's about my daughter's free school meals"]),
    ("r16-conv-01", "conversation", "de", "holdout16", turns(("user", "Transkript Teil 1: anruferin sagt ihr name ist äh Teodozja Wrzesińska W wie Wilhelm R wie Richard Z wie Zacharias"), ("assistant", "Danke. Soll ich den Namen so ins Formular übernehmen?"), ("user", "ja und geburtsdatum neunter august neunzehnhundertneunundachtzig, sie wohnt Ahornstraße elf")), ["Teodozja", "Wrzesińska", "W wie Wilhelm R wie Richard Z wie Zacharias", "neunter august neunzehnhundertneunundachtzig", "Ahornstraße elf"], ["Transkript Teil 1:", "Soll ich den Namen so ins Formular übernehmen?"]),
    ("r16-conv-02", "conversation", "de", "holdout16", turns(("user", "Ich heiße Iryna Ostapchuk. Мій син Андрій ходить до третього класу. Ich brauche Hilfe mit dem Formular für das Mittagessen."), ("assistant", "Gerne. Ich erkläre es in Leichter Sprache. Wie alt ist Ihr Sohn?"), ("user", "Андрій ist 8. Sein Nachname ist auch Ostapchuk. Meine Nummer: 0152 09 47 61 38")), ["Iryna", "Ostapchuk", "Андрій", "09 47 61 38"], ["Ich erkläre es in Leichter Sprache.", "Ich brauche Hilfe mit dem Formular für das Mittagessen."]),
    ("r16-conv-03", "conversation", "de", "holdout16", user("Meine IBAN ist {i16_a}", "sorry, zu früh abgeschickt: {i16_b}", "Kontoinhaber ist mein Mann, Tolga Boztepe"), ["{i16_a}", "{i16_b}", "Tolga", "Boztepe"], ["zu früh abgeschickt:", "Kontoinhaber ist mein Mann"]),
    ("r16-conv-04", "conversation", "de", "holdout16", {"messages": [{"role": "user", "content": "Hat Frau Jagielska schon einen Bescheid zur Schülerbeförderung bekommen?"}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_sb2", "type": "function", "function": {"name": "vorgang_suchen", "arguments": json.dumps({"nachname": "Jagielska"})}}]}, {"role": "tool", "tool_call_id": "call_sb2", "content": json.dumps({"treffer": [{"az": "SB-26-0412", "antragstellerin": "K. Jagielska", "kind": "Malwina Jagielska", "anschrift": "Kiefernweg 3", "status": "beschieden"}]}, ensure_ascii=False)}, {"role": "assistant", "content": "Ja, der Bescheid zu SB-26-0412 ist ergangen."}, {"role": "user", "content": "Gut, dann schick Bronisława bitte eine Kopie an k.jagielska@posteo.de"}]}, ["Jagielska", "Malwina", "Kiefernweg 3", "Bronisława", "k.jagielska@posteo.de"], ["vorgang_suchen", "SB-26-0412", "ist ergangen."]),
    ("r16-conv-05", "conversation", "de", "holdout16", turns(("user", "Bună ziua, sunt A.-M. Vlădescu. Ich habe einen Brief vom Jobcenter bekommen und verstehe ihn nicht."), ("assistant", "Gerne helfe ich. Was steht im Betreff des Briefs?"), ("user", "Einladung zum Termin am 18.02. Anca-Mirela Vlădescu, Kundennummer 412D087152. Locuiesc în Quittenweg 58.")), ["A.-M. Vlădescu", "Vlădescu", "Anca-Mirela", "412D087152", "Quittenweg 58"], ["Was steht im Betreff des Briefs?", "verstehe ihn nicht."]),
    ("r16-conv-06", "conversation", "de", "holdout16", turns(("user", "Marhaba, ana Rasha Khoury-Wendt. Ich möchte mein Kind in der Kita anmelden."), ("assistant", "Willkommen! Wie heißt Ihr Kind und wann ist es geboren?"), ("user", "Ibni ismuhu Yazan, geboren am 5. Juni 2023. Wir wohnen Gerberstraße 71, mein Mann Kjell Wendt arbeitet tagsüber.")), ["Rasha", "Khoury", "Wendt", "Yazan", "5. Juni 2023", "Gerberstraße 71", "Kjell"], ["Ich möchte mein Kind in der Kita anmelden.", "Wie heißt Ihr Kind und wann ist es geboren?"]),
    ("r16-conv-07", "conversation", "de", "holdout16", user("Steuer-ID für den Kinderzuschlag: {t16std}", "und die Rentenversicherungsnummer {s16std}", "beides von meiner Frau, Jolanta Maj"), ["{t16std}", "{s16std}", "Jolanta", "Maj"], ["Steuer-ID für den Kinderzuschlag:", "beides von meiner Frau"]),
    ("r16-conv-08", "conversation", "de", "holdout16", turns(("user", "Nachricht vom AB: hier ist Hedda Kiebitz, äh, ich ruf wegen meinem Vater an, Otto Kiebitz, der liegt seit Montag im Klinikum"), ("assistant", "Soll ich eine Notiz für die Pflegeberatung anlegen?"), ("user", "ja, und sie will zurückgerufen werden unter null drei vier eins, fünf fünf, zwo acht, sechzehn")), ["Hedda", "Kiebitz", "Otto", "fünf fünf, zwo acht, sechzehn"], ["Soll ich eine Notiz für die Pflegeberatung anlegen?", "der liegt seit Montag im Klinikum"]),
    ("r16-conv-09", "conversation", "en", "holdout16", turns(("user", "transcript: caller says surname is Mbatha-Pennock, M for Mike B for Bravo A for Alpha T for Tango H for Hotel A for Alpha"), ("assistant", "Thanks. Shall I search the council tax records for that name?"), ("user", "yes, first name Nokuthula, she lives at 58 Furnace Lane")), ["Mbatha", "Pennock", "M for Mike B for Bravo A for Alpha T for Tango H for Hotel A for Alpha", "Nokuthula", "58 Furnace Lane"], ["transcript: caller says surname is", "Shall I search the council tax records for that name?"]),
    ("r16-conv-10", "conversation", "en", "holdout16", turns(("user", "Dzień dobry, I need help with the school uniform grant. Mam dwoje dzieci, Oliwia i Tymon."), ("assistant", "Of course. What is your name and address?"), ("user", "Danuta Wieczorkiewicz, 4 Nettle Bank, and my NI is {nino16}")), ["Oliwia", "Tymon", "Danuta", "Wieczorkiewicz", "4 Nettle Bank", "{nino16}"], ["I need help with the school uniform grant.", "What is your name and address?"]),
    ("r16-conv-11", "conversation", "en", "holdout16", user("card for the school trip payment: {mc16}", "name on card Crystal Lane", "oh and her NI number if you need it {nino16plain}"), ["{mc16}", "Crystal", "Lane", "{nino16plain}"], ["card for the school trip payment:", "oh and her NI number if you need it"]),
    ("r16-conv-12", "conversation", "en", "holdout16", {"messages": [{"role": "user", "content": "As-salamu alaykum, my name is Waqas Janjua-Mirza, I applied for a blue badge for my mother Fatima Begum."}, {"role": "assistant", "content": None, "tool_calls": [{"id": "call_bb3", "type": "function", "function": {"name": "badge_application_status", "arguments": json.dumps({"applicant": "Fatima Begum", "dob": "1948-12-01"})}}]}, {"role": "tool", "tool_call_id": "call_bb3", "content": "status: awaiting GP evidence; reference BB-58120"}, {"role": "user", "content": "inshallah the GP letter comes this week, Dr Nasreen Gondal said she sent it"}]}, ["Waqas", "Janjua", "Mirza", "Fatima", "Begum", "1948-12-01", "Nasreen", "Gondal"], ["badge_application_status", "status: awaiting GP evidence; reference BB-58120"]),
    ("r16-conv-13", "conversation", "en", "holdout16", turns(("user", "can you explain this to my dad in simple words, he's Quach Van Tuan and the letter is about his pension credit"), ("assistant", "Yes. I will use short sentences. What does the letter say?"), ("user", "it says they will pay him from 2 March to his account {gb16}, and they need his NI number {nino16} checked")), ["Quach Van Tuan", "{gb16}", "{nino16}"], ["I will use short sentences.", "the letter is about his pension credit"]),
    ("r16-conv-14", "conversation", "en", "holdout16", turns(("user", "I'm moving in with my sister for a bit, can you send my post c/o her?"), ("assistant", "Yes. Please give the name and address for the c/o line."), ("user", "c/o Bríd Cunnane-Fox, 31 Lough Street, Sligo. my own name is Éabha Cunnane and my mobile is 087 917 4432")), ["Bríd", "Cunnane", "Fox", "31 Lough Street", "Éabha", "917 4432"], ["I'm moving in with my sister for a bit", "Please give the name and address for the c/o line."]),
    ("r16-conv-15", "conversation", "en", "holdout16", turns(("user", "Bună, I need to register my baby's birth. Numele ei este Bianca-Luminița Moldoveanu."), ("assistant", "Congratulations! When and where was she born?"), ("user", "on the twenty-ninth of January at St Mary's, and the father is Sorin Moldoveanu, we live at 15 Crane Street")), ["Bianca-Luminița", "Moldoveanu", "twenty-ninth of January", "Sorin", "15 Crane Street"], ["I need to register my baby's birth.", "When and where was she born?"]),
    ("r16-conv-16", "conversation", "en", "holdout16", turns(("user", "Доброго дня. I'm Viktoriia Zozulia, I'm on the Homes for Ukraine scheme."), ("assistant", "Hello Viktoriia. How can I help?"), ("user", "the thank-you payment for my host, Mr Alan Pegg, should go to his account but the letter went to me at 23 Raglan Road")), ["Viktoriia", "Zozulia", "Alan", "Pegg", "23 Raglan Road"], ["I'm on the Homes for Ukraine scheme.", "How can I help?"]),
    ("r16-stream-01", "stream", "de", "holdout16", {**user("Fass das Telefonat als Markdown-Notiz zusammen"), "answer": {"content": "## Telefonnotiz\n\n- **Anruferin:** Dilara Koçak-Reimann\n- **Rückruf:** 0176 51 08 93 27\n- **Anliegen:** Ummeldung nach *Sperberweg 44*, Termin im Bürgerbüro gewünscht\n- **Nächster Schritt:** Terminvorschlag per SMS"}}, ["Dilara", "Koçak", "Reimann", "51 08 93 27", "Sperberweg 44"], ["## Telefonnotiz", "Terminvorschlag per SMS", "Fass das Telefonat als Markdown-Notiz zusammen"]),
    ("r16-stream-02", "stream", "de", "holdout16", {**user("Erzeuge den HTML-Baustein für die Bestätigungsmail"), "answer": {"content": "<p>Sehr geehrte Frau Mihailović,</p>\n<p>Ihr Antrag auf Kinderbetreuung für <strong>Luka Mihailović</strong> (geb. 04.03.2022) ist eingegangen.</p>\n<p>Aktenzeichen: <code>KB-2026-0771</code></p>"}}, ["Mihailović", "Luka", "04.03.2022"], ["KB-2026-0771", "Erzeuge den HTML-Baustein für die Bestätigungsmail"]),
    ("r16-stream-03", "stream", "de", "holdout16", {**user("Erkläre dem Bürger den Bescheid in Leichter Sprache"), "answer": {"content": "Hallo Herr Ercan Yazıcıoğlu.\nSie bekommen Wohngeld.\nDas Geld kommt jeden Monat auf Ihr Konto.\nIhr Konto ist: {i16std}.\nSie wohnen in der Brunnengasse 8.\nStimmt das nicht?\nDann rufen Sie uns an."}}, ["Ercan", "Yazıcıoğlu", "{i16std}", "Brunnengasse 8"], ["Sie bekommen Wohngeld.", "Dann rufen Sie uns an."]),
    ("r16-stream-04", "stream", "de", "holdout16", {**user("Bereite die Erstattung vor"), "answer": {"arguments": json.dumps({"empfaenger": "Roksana Ptaszyńska", "iban": "{i16plain}", "betrag": "48,50", "verwendungszweck": "Erstattung Kitagebühr Jan 2026 Kind Nela Ptaszyńska KT-3381"}, ensure_ascii=False)}}, ["Roksana", "Ptaszyńska", "{i16plain}", "Nela"], ["verwendungszweck", "Bereite die Erstattung vor"]),
    ("r16-stream-05", "stream", "de", "holdout16", {**user("Übersetze die Nachricht der Mutter ins Deutsche"), "answer": {"content": "Übersetzung: „Guten Tag, ich bin Nurcan Kahveci. Meine Tochter Ecrin ist seit Montag krank, die Krankmeldung vom Kinderarzt Dr. Felix Auer bringe ich morgen. Sie erreichen mich unter 0157 62 19 40 83.“"}}, ["Nurcan", "Kahveci", "Ecrin", "Felix", "Auer", "62 19 40 83"], ["Übersetze die Nachricht der Mutter ins Deutsche", "ist seit Montag krank"]),
    ("r16-stream-06", "stream", "de", "holdout16", {**user("Mach aus dem Anruf-Transkript einen Datensatz"), "answer": {"arguments": json.dumps({"anrufer": {"vorname": "Gernot", "nachname": "Ostertag"}, "steuer_id": "{t16plain}", "geburtsdatum": "1961-03-03", "rueckruf": "0361 7 40 58 92", "anliegen": "Grundsteuer"}, ensure_ascii=False)}}, ["Gernot", "Ostertag", "{t16plain}", "1961-03-03", "7 40 58 92"], ["Grundsteuer", "Mach aus dem Anruf-Transkript einen Datensatz"]),
    ("r16-stream-07", "stream", "de", "holdout16", {**user("Liste die offenen AU-Meldungen als Tabelle"), "answer": {"content": "| Mitarbeiter/in | AU von | AU bis |\n|---|---|---|\n| Kerstin Hülsmann | 02.02.2026 | 06.02.2026 |\n| Vuk Dragojević | 03.02.2026 | 20.02.2026 |\n\nBeide AU-Bescheinigungen liegen als eAU vor."}}, ["Kerstin", "Hülsmann", "Vuk", "Dragojević"], ["Beide AU-Bescheinigungen liegen als eAU vor.", "| Mitarbeiter/in | AU von | AU bis |"]),
    ("r16-stream-08", "stream", "de", "holdout16", {**user("Wie lautet die korrekte Postanschrift für den Bescheid?"), "answer": {"content": "Die Anschrift lautet:\n\nHerrn\nEttore Greco\nc/o Pflegedienst Lebensbaum\nz. Hd. Frau Ursula Pröbstl\nPostfach 12 03 58\n45117 Essen\n\nBitte den Bescheid per Einschreiben senden."}}, ["Ettore", "Greco", "Ursula", "Pröbstl", "12 03 58"], ["Bitte den Bescheid per Einschreiben senden.", "c/o Pflegedienst Lebensbaum"]),
    ("r16-stream-09", "stream", "en", "holdout16", {**user("Summarise the voicemail as a markdown note"), "answer": {"content": "### Voicemail\n\n* **Caller:** Costel Cristea\n* **Callback:** 07700 900 593\n* **Address:** 71 Saltash Road\n* **Request:** replacement recycling box, the old one was stolen"}}, ["Costel", "Cristea", "900 593", "71 Saltash Road"], ["### Voicemail", "replacement recycling box, the old one was stolen"]),
    ("r16-stream-10", "stream", "en", "holdout16", {**user("Generate the confirmation email body in HTML"), "answer": {"content": "<p>Dear Mr Olaniyan-Pike,</p>\n<p>Your application for a residents' parking permit for <b>14 Merlin Court</b> has been approved.</p>\n<p>Permit number: <code>RP-60218</code><br>Vehicle owner: Folake Olaniyan-Pike</p>"}}, ["Olaniyan", "Pike", "14 Merlin Court", "Folake"], ["RP-60218", "has been approved.", "Generate the confirmation email body in HTML"]),
    ("r16-stream-11", "stream", "en", "holdout16", {**user("Explain the fit note to the employee in plain English"), "answer": {"content": "Hello Ruaridh Fenwick.\nYour doctor, Dr Anjali Mehta, says you can work again.\nYou can start with short days.\nYour NHS number is {nhs16}.\nIf you have questions, ask your manager."}}, ["Ruaridh", "Fenwick", "Anjali", "Mehta", "{nhs16}"], ["You can start with short days.", "If you have questions, ask your manager."]),
    ("r16-stream-12", "stream", "en", "holdout16", {**user("Submit the nursery funding form"), "answer": {"arguments": json.dumps({"formType": "funded_childcare_30h", "child": {"firstName": "Rafael", "lastName": "Mendes-Oakley", "dateOfBirth": "2022-09-14"}, "parents": [{"fullName": "Beatriz Mendes", "niNumber": "{nino16plain}"}, {"fullName": "Sam Oakley"}], "provider": "Little Acorns Nursery"})}}, ["Rafael", "Mendes", "Oakley", "2022-09-14", "Beatriz", "{nino16plain}", "Sam"], ["funded_childcare_30h", "Little Acorns Nursery"]),
    ("r16-stream-13", "stream", "en", "holdout16", {**user("Translate the tenant's Polish message into English"), "answer": {"content": "Translation: \"Hello, my name is Genowefa Sobolewska. I live at 19 Tinsley Court, flat 4. The heating has not worked since Friday. My son Kamil will be at home on Tuesday. Phone: 07700 900 406.\""}}, ["Genowefa", "Sobolewska", "19 Tinsley Court", "Kamil", "900 406"], ["The heating has not worked since Friday.", "Translate the tenant's Polish message into English"]),
    ("r16-stream-14", "stream", "en", "holdout16", {**user("Tell the resident how the direct debit works"), "answer": {"content": "Your direct debit is set up. We will collect £42.10 on the 1st of each month from account {gb16}, account holder Mr Clive Attwater, 8 Priory Walk. Your reference is INV-77305."}}, ["{gb16}", "Clive", "Attwater", "8 Priory Walk"], ["Your direct debit is set up.", "INV-77305", "Tell the resident how the direct debit works"]),
    ("r16-stream-15", "stream", "en", "holdout16", {**user("Clean up the speech-to-text transcript"), "answer": {"content": "Caller: Hi, it's Fiachra Ó Tuathail, that's O-T-U-A-T-H-A-I-L. I'm calling about my daughter Aoibhinn's school transport. We live at 42 Glebe Road. My number is 086 203 7719."}}, ["Fiachra", "Ó Tuathail", "O-T-U-A-T-H-A-I-L", "Aoibhinn", "42 Glebe Road", "203 7719"], ["I'm calling about my daughter", "Clean up the speech-to-text transcript"]),
    ("r16-stream-16", "stream", "en", "holdout16", {**user("Log the chat as a support ticket"), "answer": {"arguments": json.dumps({"ticket": {"channel": "web_chat", "category": "school_admissions", "contacts": [{"name": "Shabnam Haidari", "email": "shabnam.haidari@icloud.com", "phone": "07700 900 918"}], "summary": "Parent asks about Year 7 appeal deadline for her son Omid"}})}}, ["Shabnam", "Haidari", "shabnam.haidari@icloud.com", "900 918", "Omid"], ["school_admissions", "Parent asks about Year 7 appeal deadline"]),
]


def fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, filled in names.items():
            value = value.replace("{" + key + "}", filled)
        return value
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    return value


def main() -> None:
    rng = random.Random(SEED)
    lines = []
    for case_id, category, lang, split, body, secrets, keep in CASES:
        names = values(rng)
        names.update(split_values(names))
        names.update(round4_values(names))
        names.update(round5_values(names))
        names.update(round6_values(names))
        names.update(round7_values(names))
        names.update(round8_values(names))
        names.update(round9_values(names))
        names.update(round10_values(names))
        names.update(round11_values(names))
        names.update(round12_values(names))
        names.update(round13_values(names))
        names.update(round14_values(names))
        names.update(round15_values(names))
        names.update(round16_values(names))
        body = dict(body)
        answer = body.pop("answer", None)
        case = {
            "id": case_id,
            "category": category,
            "lang": lang,
            "split": split,
            "body": fill(body, names),
            "secrets": fill(secrets, names),
            "keep": fill(keep, names),
        }
        if answer is not None:
            case["answer"] = fill(answer, names)
        raw = json.dumps([case["body"], case.get("answer")], ensure_ascii=False)
        for secret in case["secrets"] + case["keep"]:
            assert secret in raw or json.dumps(secret, ensure_ascii=False)[1:-1] in raw, (case_id, secret)
        lines.append(json.dumps(case, ensure_ascii=False))
    (HERE / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases")


if __name__ == "__main__":
    main()
