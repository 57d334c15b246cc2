"""English citizen-service sentences with Faker names: a TUNING set for the name rules.

Usage:
    .venv/bin/python bench/ner_en_sentences.py [N] [--model-dir DIR --features c|x|w]

Twenty sentence templates (council tax, housing, benefits, permits) filled with N seeded
Faker names (en_US, en_GB, en_IE, en_IN, en_AU, en_CA) and run through the gateway's real
redaction (``build_redactor(PiiConfig())``); prints the share of names fully redacted, the
PERSON findings outside the name, and the misses. Looked at while working (2026-12-07), so
it is a tuning set, not a hold-out; ``tests/pii/names_holdout/`` is the hold-out. With
``--model-dir`` an English variant of ``bench/ner_experiments.py`` replaces the shipped
model (``--features``: c = clusters, x = extra lists, w = word frequencies).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker

from pii.engine import build_redactor
from pii.ner import model as model_module
from pii.ner import recognizer
from pii.types import PiiConfig

TEMPLATES = (
    "Please call {n} back about the council tax reminder.",
    "{n} phoned to ask when the housing benefit will be paid.",
    "I am writing on behalf of my mother, {n}, who cannot use the portal.",
    "The caseworker spoke to {n} on Tuesday about the missed bin collection.",
    "Can you check whether {n} has renewed the parking permit?",
    "My name is {n} and I need a copy of my birth certificate.",
    "Dear {n}, thank you for your application for a blue badge.",
    "Summarise the complaint from {n} about the noise next door.",
    "{n} says the repair was never done.",
    "The tenant, {n}, reported damp in the bathroom.",
    "We received a letter from {n} yesterday.",
    "Forward this to {n} in the benefits team.",
    "Has {n} sent the payslips yet?",
    "According to {n}, the landlord refused to return the deposit.",
    "Hi, it's {n} again, any news on my universal credit claim?",
    "Appointment booked for {n} at 10:30 on Friday.",
    "Could {n} get help with the school transport form?",
    "Thanks {n}, we will look into it.",
    "The applicant {n} lives with two children.",
    "Reply to {n} and explain the appeal process.",
)
LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_AU", "en_CA")
SEED = 7


def _use_variant(model_dir: Path, features: str) -> None:
    if "c" in features:
        model_module.CLUSTER_LANGUAGES = model_module.CLUSTER_LANGUAGES | {"en"}
    if "x" in features:
        model_module.EXTRA_NAME_LANGUAGES = model_module.EXTRA_NAME_LANGUAGES | {"en"}
    if "w" in features:
        model_module.WORD_FREQUENCY_LANGUAGES = model_module.WORD_FREQUENCY_LANGUAGES | {"en"}
    variant = model_module.build_model("en", model_dir)
    shipped = model_module.load_model

    def load(language: str) -> model_module.NameModel:
        return variant if language == "en" else shipped(language)

    # The guard reads the model's own word lists, so replacing the model is enough.
    vars(recognizer)["load_model"] = load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", type=int, nargs="?", default=300)
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--features", default="")
    args = parser.parse_args()
    if args.model_dir is not None:
        _use_variant(args.model_dir, args.features)
    rng = random.Random(SEED)
    fakers = {locale: Faker(locale) for locale in LOCALES}
    for faker in fakers.values():
        faker.seed_instance(SEED)
    redactor = build_redactor(PiiConfig())
    caught = outside = 0
    misses: list[str] = []
    for _ in range(args.n):
        faker = fakers[rng.choice(LOCALES)]
        name = f"{faker.first_name()} {faker.last_name()}"
        text = rng.choice(TEMPLATES).format(n=name)
        found = redactor.new_session().detect(text, language="en")
        start = text.index(name)
        end = start + len(name)
        hidden = [False] * len(text)
        for entity in found:
            hidden[entity.start : entity.end] = [True] * (entity.end - entity.start)
        if all(hidden[i] for i in range(start, end) if text[i].isalnum()):
            caught += 1
        else:
            misses.append(text)
        outside += sum(
            e.entity_type == "PERSON" and (e.end <= start or e.start >= end) for e in found
        )
    print(f"recall {caught}/{args.n} = {caught / args.n:.3f}; PERSON findings outside: {outside}")
    for text in misses[:40]:
        print("  missed:", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
