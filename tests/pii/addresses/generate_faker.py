# ruff: noqa: E501  (sentence tables read best on one line each)
"""Generates holdout_faker.jsonl and holdout_faker2.jsonl: addresses from Faker, a generator this project did not write.

Usage:
    .venv/bin/python tests/pii/addresses/generate_faker.py

Faker (installed with polyfactory; only this script needs it) writes the addresses in its own
formats for en_US, en_GB and de_DE: US military addresses, UK envelopes with the town and the
postcode on lines of their own and flats without a house number ("Flat 37\\nBennett Mall\\n
East Harrietport\\nN8 8HN"), German "Drubinstraße 47-26\\n06690 Groß-Gerau". Half of them
stand as an envelope block under a name, half inside a sentence with their line breaks turned
into commas. Written and run after the recognizer was finished: a hold-out of formats nobody
tuned for (bench/RESULTS_PII.md, "Addresses and dates").
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from faker import Faker

HERE = Path(__file__).parent
SEED = 2020
# holdout_faker2: new draws from the same formats, made after the fixes that holdout_faker's
# first run prompted (UK flats without house number, two-word German towns, FM/MH/PW), so
# the fixed recognizer meets Faker text it has not seen.
SEED_2 = 4711
SENTENCES = {
    "en": ["My home address is {A}.", "Please post the decision to {A}.", "I have lived at {A} for two years.",
           "The applicant resides at {A}."],
    "de": ["Meine Anschrift lautet {A}.", "Bitte senden Sie den Bescheid an {A}.", "Ich wohne seit zwei Jahren in der {A}.",
           "Die Antragstellerin wohnt {A}."],
}
ENVELOPES = {
    "en": ["Kind regards,\n{N}\n{A}", "From:\n{N}\n{A}\n\nDear Sir or Madam,"],
    "de": ["Mit freundlichen Grüßen\n{N}\n{A}", "Absender:\n{N}\n{A}\n\nSehr geehrte Damen und Herren,"],
}


def sample(fake: Faker, rng: random.Random, lang: str, envelope: bool) -> dict[str, object]:
    address = fake.address()
    if envelope:
        frame = rng.choice(ENVELOPES[lang])
        name = fake.name()
        before, after = frame.split("{A}")
        before = before.replace("{N}", name)
        spans = [{"start": before.index(name), "end": before.index(name) + len(name), "label": "PERSON"}]
    else:
        address = address.replace("\n", ", ")
        before, after = rng.choice(SENTENCES[lang]).split("{A}")
        spans = []
    spans.append({"start": len(before), "end": len(before) + len(address), "label": "ADDRESS"})
    family = "faker-envelope" if envelope else "faker-sentence"
    return {"lang": lang, "source": f"address-{family}", "text": before + address + after, "spans": spans}


def main() -> None:
    for name, seed in (("holdout_faker", SEED), ("holdout_faker2", SEED_2)):
        rng = random.Random(seed)
        samples = []
        for locale, lang in (("en_US", "en"), ("en_GB", "en"), ("de_DE", "de")):
            fake = Faker(locale)
            fake.seed_instance(seed)
            for i in range(100):
                samples.append(sample(fake, rng, lang, envelope=i % 2 == 0))
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for i, item in enumerate(samples):
                line = {"id": f"{name}-{i:04d}", **item}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{name}.jsonl: {len(samples)} messages")


if __name__ == "__main__":
    main()
