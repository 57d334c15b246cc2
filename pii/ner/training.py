"""Rebuilds the shipped name-detector weights from the NER corpora (``leitplanke pii train``).

Splits (fixed; the hold-outs are never used for training or tuning):

========  ===========================================  =======================================
language  trained on                                   held out (reported in the model card)
========  ===========================================  =======================================
de        GermEval 2014 dev sentences 1-1320 (60 %),    GermEval dev sentences 1761-2200
          LER dev, WikiANN-de train, generated          (last 20 %), LER test, WikiANN-de dev
en        WikiANN-en train, WNUT17 train + dev,         WNUT17 test, WikiANN-en dev
          generated
========  ===========================================  =======================================

GermEval dev sentences 1321-1760 (de) and the last 10 % of WikiANN-en train (en) are the
tuning splits (feature and parameter choices), with ``citizen-tune`` in both languages: every
fifth of the project's citizen-service templates (pii/ner/templates/, see its README), filled
with other seeded names and never trained on.
"Generated" training sentences: the citizen-service messages of the project's PII corpus
(tests/pii/corpus/{de,en}.jsonl) with their names replaced by names of many origins
(pii/ner/name_pools.py and the extra lists), and the other four fifths of the templates
filled the same way (languages in ``TEMPLATE_LANGUAGES``: English; German measured
2026-12-07 and not taken, see MODEL_CARD.md, "Choices").
Augmented copies: multi-token names cut to their surname, lower-/upper-cased sentences.
For the languages in ``pii.ner.model.NET_LANGUAGES`` the net averaged with the CRF
(``pii.ner.net_training``) is trained after it on the same split; that needs torch, which
is no dependency of the package (``TORCH_HINT``).
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pycrfsuite

from pii.lexicon import load_lexicon
from pii.ner.corpus import (
    PERSON,
    LabelledSentence,
    entities,
    is_word,
    read_corpus,
    recased,
)
from pii.ner.features import Featurizer, Token, capitalised, tokenize
from pii.ner.model import (
    EXTRA_FIRST_NAMES_FILE,
    EXTRA_SURNAMES_FILE,
    GFDL_FILE,
    LANGUAGES,
    MODEL_DIR,
    NAMES_FILE,
    NET_LANGUAGES,
    WORLD_FIRST_NAMES_FILE,
    build_lexicons,
    build_model,
    cluster_path,
    model_path,
    net_path,
    read_words,
)
from pii.ner.name_pools import FIRST_NAMES, MULTI_PART_SURNAMES, SURNAMES

SEED = 20261206
GERMEVAL_TRAIN_END = 1320
GERMEVAL_TUNE_END = 1760
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
LOWER_COPY_SHARE = 0.3
UPPER_COPY_SHARE = 0.1
SURNAME_COPY_SHARE = 0.5
# Copies of each generated message with names, and the share of their names drawn from the
# extra (Faker) name lists instead of the pools (chosen on the tuning splits; English keeps
# the recipe of its shipped model, see EXTRA_NAME_LANGUAGES and MODEL_CARD.md).
GENERATED_COPIES = {"de": 6, "en": 3}
EXTRA_NAME_SHARE = {"de": 0.5, "en": 0.0}
COMMON_MIN_COUNT = 3
# The project's citizen-service templates (pii/ner/templates/, see its README): languages
# trained on them, copies per template with names (different names each) and per template
# without, the tuning split (every TEMPLATE_TUNE_EVERY-th template, never trained on, filled
# with other seeded names, half of them from the extra lists) and its copies. Off for the
# shipped models: both languages gained on citizen-tune, but English leaked names in the
# issue-19 bench and German lost precision and raised over-redaction on GermEval's tuning
# split (MODEL_CARD.md, "Choices"); the copies below are the recipes measured.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_LANGUAGES: frozenset[str] = frozenset({"en"})
TEMPLATE_COPIES = {"de": 4, "en": 12}
# Share of the template names drawn from the extra name lists.
TEMPLATE_EXTRA_NAME_SHARE = {"de": 0.5, "en": 0.5}
TEMPLATE_NEGATIVE_COPIES = {"de": 2, "en": 3}
TEMPLATE_TUNE_EVERY = 5
TEMPLATE_TUNE_COPIES = 5
TEMPLATE_TUNE_EXTRA_SHARE = 0.5
TEMPLATE_TUNE_SPLIT = "citizen-tune"
TITLES = {
    "de": ("Frau", "Herr", "Dr.", "Frau Dr.", "Prof."),
    "en": ("Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms."),
}
_SLOT = re.compile(r"\{(FULL|FIRST|SURNAME|TITLE_SURNAME|full|first|surname)\}")
# Share of LER dev (the end) moved from training to a tuning split "ler-dev-tune" (court
# text: one-word signature lines); 0 for the shipped models, set by bench/ner_experiments.py
# --ler-tune and bench/ner_tune_precision.py --ler-tune.
LER_TUNE_SHARE = 0.0


@dataclass(slots=True)
class Splits:
    """Training, tuning and hold-out sentences of one language."""

    train: list[LabelledSentence] = field(default_factory=list)
    tune: dict[str, list[LabelledSentence]] = field(default_factory=dict)
    holdout: dict[str, list[LabelledSentence]] = field(default_factory=dict)


def load_splits(corpora: Path, language: str, project_root: Path) -> Splits:
    """The fixed splits of ``language`` (see the module docstring)."""
    splits = Splits()
    if language == "de":
        germeval = read_corpus(corpora / "germeval2014" / "NER-de-dev.tsv", "germeval")
        splits.train += germeval[:GERMEVAL_TRAIN_END]
        ler_dev = read_corpus(corpora / "ler" / "ler_dev.conll", "conll")
        ler_cut = len(ler_dev) - round(len(ler_dev) * LER_TUNE_SHARE)
        splits.train += ler_dev[:ler_cut]
        if ler_cut < len(ler_dev):
            splits.tune["ler-dev-tune"] = ler_dev[ler_cut:]
        splits.train += read_corpus(corpora / "wikiann-de" / "train", "wikiann")
        splits.tune["germeval-tune"] = germeval[GERMEVAL_TRAIN_END:GERMEVAL_TUNE_END]
        splits.holdout["germeval-holdout"] = germeval[GERMEVAL_TUNE_END:]
        splits.holdout["ler-test"] = read_corpus(corpora / "ler" / "ler_test.conll", "conll")
        splits.holdout["wikiann-de-dev"] = read_corpus(corpora / "wikiann-de" / "dev", "wikiann")
    else:
        wikiann = read_corpus(corpora / "wikiann-en" / "train", "wikiann")
        cut = len(wikiann) * 9 // 10
        splits.train += wikiann[:cut]
        splits.train += read_corpus(corpora / "wnut17" / "wnut17train.conll", "conll")
        splits.train += read_corpus(corpora / "wnut17" / "emerging.dev.conll", "conll")
        splits.tune["wikiann-en-tune"] = wikiann[cut:]
        splits.holdout["wnut17-test"] = read_corpus(
            corpora / "wnut17" / "emerging.test.annotated", "conll"
        )
        splits.holdout["wikiann-en-dev"] = read_corpus(corpora / "wikiann-en" / "dev", "wikiann")
    corpus_file = project_root / "tests" / "pii" / "corpus" / f"{language}.jsonl"
    generated = generated_sentences(
        corpus_file,
        random.Random(SEED),
        copies=GENERATED_COPIES[language],
        extra_share=EXTRA_NAME_SHARE[language],
    )
    splits.train += generated
    _add_templates(splits, language)
    return splits


def _add_templates(splits: Splits, language: str) -> None:
    """The citizen-service templates: every ``TEMPLATE_TUNE_EVERY``-th one (by index) is the
    tuning split ``citizen-tune``; the others are training sentences when ``language`` is in
    ``TEMPLATE_LANGUAGES``."""
    path = TEMPLATE_DIR / f"{language}.txt"
    if not path.exists():
        return
    templates = read_templates(path)
    tune = templates[TEMPLATE_TUNE_EVERY - 1 :: TEMPLATE_TUNE_EVERY]
    splits.tune[TEMPLATE_TUNE_SPLIT] = template_sentences(
        tune,
        language,
        random.Random(SEED + 1),
        copies=TEMPLATE_TUNE_COPIES,
        negative_copies=1,
        extra_share=TEMPLATE_TUNE_EXTRA_SHARE,
    )
    if language in TEMPLATE_LANGUAGES:
        train = [t for i, t in enumerate(templates) if (i + 1) % TEMPLATE_TUNE_EVERY]
        splits.train += template_sentences(
            train,
            language,
            random.Random(SEED),
            copies=TEMPLATE_COPIES[language],
            negative_copies=TEMPLATE_NEGATIVE_COPIES[language],
            extra_share=TEMPLATE_EXTRA_NAME_SHARE[language],
        )


def person_only(sentence: LabelledSentence) -> LabelledSentence:
    """Keeps the PER tags, everything else becomes ``O`` (see the model card: learning
    LOC/ORG/MISC beside PER cost precision on the tuning split and doubled the time)."""
    tags = tuple(t if t.endswith("-" + PERSON) else "O" for t in sentence.tags)
    return LabelledSentence(sentence.tokens, tags)


def surname_copy(sentence: LabelledSentence) -> LabelledSentence | None:
    """The sentence with every multi-token name cut to its last token ("Dobrindt sagte")."""
    names = [(s, e) for kind, s, e in entities(sentence.tags) if kind == PERSON and e - s >= 2]
    if not names:
        return None
    tokens: list[str] = []
    tags: list[str] = []
    pos = 0
    for start, end in names:
        tokens += sentence.tokens[pos:start]
        tags += sentence.tags[pos:start]
        tokens.append(sentence.tokens[end - 1])
        tags.append("B-" + PERSON)
        pos = end
    tokens += sentence.tokens[pos:]
    tags += sentence.tags[pos:]
    return LabelledSentence(tuple(tokens), tuple(tags))


def augment(sentences: Iterable[LabelledSentence], rng: random.Random) -> list[LabelledSentence]:
    """Originals plus surname-cut and lower/upper-cased copies of sentences with names."""
    out: list[LabelledSentence] = []
    for sentence in sentences:
        out.append(sentence)
        if not any(t != "O" for t in sentence.tags):
            continue
        if rng.random() < SURNAME_COPY_SHARE:
            cut = surname_copy(sentence)
            if cut is not None:
                out.append(cut)
        draw = rng.random()
        if draw < LOWER_COPY_SHARE:
            out.append(replace(sentence, tokens=tuple(t.lower() for t in sentence.tokens)))
        elif draw < LOWER_COPY_SHARE + UPPER_COPY_SHARE:
            out.append(replace(sentence, tokens=tuple(t.upper() for t in sentence.tokens)))
    return out


@cache
def _extra_names() -> tuple[list[str], list[str]]:
    """The extra first names and surnames (sorted, so draws are seeded and stable)."""
    return (
        sorted(read_words(MODEL_DIR / EXTRA_FIRST_NAMES_FILE)),
        sorted(read_words(MODEL_DIR / EXTRA_SURNAMES_FILE)),
    )


def random_name(rng: random.Random, token_count: int, extra_share: float = 0.0) -> str:
    """A name of about ``token_count`` tokens from the pools of many origins.

    With ``extra_share`` > 0 that share of the names comes from the extra name lists
    (Faker's first names and surnames of about 80 locales).
    """
    if extra_share and rng.random() < extra_share:
        first_names, surnames = _extra_names()
        if token_count <= 1:
            return rng.choice(first_names) if rng.random() < 0.4 else rng.choice(surnames)
        return f"{rng.choice(first_names)} {rng.choice(surnames)}"
    surname = _pool_surname(rng)
    if token_count <= 1:
        return rng.choice(FIRST_NAMES) if rng.random() < 0.4 else surname
    return f"{rng.choice(FIRST_NAMES)} {surname}"


def _pool_surname(rng: random.Random) -> str:
    """A surname of the pools: multi-part (15 %), double-barrelled (10 % of the rest), plain."""
    if rng.random() < 0.15:
        return rng.choice(MULTI_PART_SURNAMES)
    if rng.random() < 0.1:
        return f"{rng.choice(SURNAMES)}-{rng.choice(SURNAMES)}"
    return rng.choice(SURNAMES)


def generated_sentences(
    corpus_file: Path, rng: random.Random, *, copies: int = 3, extra_share: float = 0.0
) -> list[LabelledSentence]:
    """Messages of the project's PII corpus with their names swapped for pool names.

    Each message with names gives ``copies`` sentences, each without names one.
    """
    if not corpus_file.exists():
        return []
    out: list[LabelledSentence] = []
    for line in corpus_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        people = sorted((s["start"], s["end"]) for s in raw["spans"] if s["label"] == "PERSON")
        for _ in range(copies if people else 1):
            text, names = _swap_names(raw["text"], people, rng, extra_share)
            out.append(_label(tokenize(text), names))
    return out


def read_templates(path: Path) -> list[str]:
    """The templates of a file: one a line; blank lines and ``#`` comments skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def template_sentences(
    templates: Iterable[str],
    language: str,
    rng: random.Random,
    *,
    copies: int,
    negative_copies: int,
    extra_share: float,
) -> list[LabelledSentence]:
    """The templates filled with names: ``copies`` sentences (other names each) per template
    with a slot, ``negative_copies`` per template without."""
    out: list[LabelledSentence] = []
    for template in templates:
        count = copies if _SLOT.search(template) else negative_copies
        out += [fill_template(template, language, rng, extra_share) for _ in range(count)]
    return out


def fill_template(
    template: str, language: str, rng: random.Random, extra_share: float = 0.0
) -> LabelledSentence:
    """One template with its slots filled and the names tagged.

    ``{FULL}`` first name and surname, ``{FIRST}``, ``{SURNAME}``, ``{TITLE_SURNAME}`` a
    title of ``TITLES`` (never tagged) and a surname; a lower-case slot gives the name in
    lower case. A name glued to letters ("{FIRST}'s", "{SURNAME}s") tags the whole word;
    slots separated by one space ("{FIRST} {SURNAME}") are one name.
    """
    parts: list[str] = []
    names: list[tuple[int, int]] = []
    pos = length = 0
    for match in _SLOT.finditer(template):
        parts.append(template[pos : match.start()])
        length += match.start() - pos
        slot = match.group(1)
        name = _slot_name(slot.upper(), rng, extra_share)
        if slot.islower():
            name = name.lower()
        if slot == "TITLE_SURNAME":
            title = rng.choice(TITLES[language]) + " "
            parts.append(title)
            length += len(title)
        tail = re.match(r"(?:['’]?\w+)?", template[match.end() :])
        end = length + len(name) + (len(tail.group(0)) if tail else 0)
        if names and names[-1][1] + 1 == length and parts[-1] == " ":
            names[-1] = (names[-1][0], end)  # "{FIRST} {SURNAME}" is one name
        else:
            names.append((length, end))
        parts.append(name)
        length += len(name)
        pos = match.end()
    parts.append(template[pos:])
    return _label(tokenize("".join(parts)), names)


def _slot_name(slot: str, rng: random.Random, extra_share: float) -> str:
    extra = bool(extra_share) and rng.random() < extra_share
    first_names, surnames = _extra_names() if extra else (FIRST_NAMES, SURNAMES)
    first = rng.choice(first_names)
    if slot == "FIRST":
        return first
    surname = rng.choice(surnames) if extra else _pool_surname(rng)
    return f"{first} {surname}" if slot == "FULL" else surname


def _swap_names(
    text: str, people: list[tuple[int, int]], rng: random.Random, extra_share: float
) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    names: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for start, end in people:
        if start < pos:
            continue
        parts.append(text[pos:start])
        length += start - pos
        name = random_name(rng, len(text[start:end].split()), extra_share)
        names.append((length, length + len(name)))
        parts.append(name)
        length += len(name)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), names


def _label(tokens: list[Token], names: list[tuple[int, int]]) -> LabelledSentence:
    tags: list[str] = []
    previous = -1
    for token in tokens:
        inside = next(
            (n for n, (s, e) in enumerate(names) if s <= token.start and token.end <= e), -1
        )
        if inside < 0:
            tags.append("O")
        else:
            tags.append(("I-" if inside == previous else "B-") + PERSON)
        previous = inside
    return LabelledSentence(tuple(t.text for t in tokens), tuple(tags))


def harvest_names(sentences: Iterable[LabelledSentence]) -> tuple[Counter[str], Counter[str]]:
    """Capitalised words inside person names, and every capitalised word, with counts."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for sentence in sentences:
        person_tokens = {
            i for kind, s, e in entities(sentence.tags) if kind == PERSON for i in range(s, e)
        }
        for i, token in enumerate(sentence.tokens):
            if len(token) < 2 or not token[:1].isupper() or not token.replace("-", "").isalpha():
                continue
            word = capitalised(token)
            total[word] += 1
            if i in person_tokens:
                inside[word] += 1
    return inside, total


def name_list(
    inside: Counter[str], total: Counter[str], function_words: frozenset[str]
) -> frozenset[str]:
    """Words that are part of a person name in at least half of their occurrences."""
    return frozenset(w for w, n in inside.items() if n * 2 >= total[w] and w not in function_words)


def common_words(sentences: Iterable[LabelledSentence]) -> frozenset[str]:
    """Lower-case words seen at least ``COMMON_MIN_COUNT`` times written in lower case."""
    counts: Counter[str] = Counter(
        t for s in sentences for t in s.tokens if t.isalpha() and t.islower()
    )
    return frozenset(w for w, n in counts.items() if n >= COMMON_MIN_COUNT)


@dataclass(frozen=True, slots=True)
class PersonScore:
    """Entity-level scores of the PER class on a labelled set."""

    gold: int
    caught: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        """Gold names whose every token was tagged as a name."""
        return self.caught / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Predicted names lying mostly inside gold names."""
        return self.correct / self.predicted if self.predicted else 1.0


def score_model(
    find: Callable[[list[Token]], list[tuple[int, int, float]]],
    sentences: Iterable[LabelledSentence],
) -> PersonScore:
    """Scores a token-level name finder on labelled sentences (one text per sentence).

    A name is caught when all its word tokens are tagged (punctuation inside a gold name,
    as in WikiANN's "Séverine ( singer )", is no personal data).
    """
    gold = caught = predicted = correct = 0
    for sentence in sentences:
        tokens = [Token(t, 0, 0) for t in sentence.tokens]
        names = [(s, e) for kind, s, e in entities(sentence.tags) if kind == PERSON]
        found = find(tokens)
        tagged = {i for s, e, _ in found for i in range(s, e)}
        person_tokens = {i for s, e in names for i in range(s, e)}
        gold += len(names)
        caught += sum(
            all(i in tagged for i in range(s, e) if is_word(sentence.tokens[i])) for s, e in names
        )
        for s, e, _ in found:
            predicted += 1
            correct += sum(i in person_tokens for i in range(s, e)) * 2 >= e - s
    return PersonScore(gold, caught, predicted, correct)


def cased_variants(sentences: list[LabelledSentence]) -> dict[str, list[LabelledSentence]]:
    """The same sentences lower-cased and upper-cased (case-robustness figures)."""
    return {
        "lower": [recased(s, "lower") for s in sentences],
        "upper": [recased(s, "upper") for s in sentences],
    }


def train_language(
    language: str,
    splits: Splits,
    out_dir: Path,
    *,
    limit: int | None = None,
    params: dict[str, object] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, object]:
    """Trains, saves and scores the model of ``language``; returns its metrics."""
    rng = random.Random(SEED)
    base = load_lexicon()
    train = [person_only(s) for s in splits.train]
    rng.shuffle(train)
    if limit is not None:
        train = train[:limit]
    # Jackknifed name list: a training sentence sees the names harvested from the *other*
    # half only, so the CRF learns how far to trust the list on names it has never seen.
    halves = (train[0::2], train[1::2])
    counts = [harvest_names(h) for h in halves]
    pool = frozenset(FIRST_NAMES) | frozenset(SURNAMES)
    common_nouns = base.nouns - base.first_names - base.surnames
    name_sets = [(name_list(i, t, base.function_words) - common_nouns) | pool for i, t in counts]
    shipped_names = frozenset().union(*name_sets)
    lexicons = build_lexicons(language, out_dir)
    lexicons = replace(lexicons, common=common_words(train))
    started = time.monotonic()
    trainer = pycrfsuite.Trainer(verbose=False)
    for index, half in enumerate(halves):
        featurizer = Featurizer(replace(lexicons, names=name_sets[1 - index]))
        for sentence in augment(half, rng):
            trainer.append(featurizer.items(list(sentence.tokens)), list(sentence.tags))
    trainer.set_params({**CRF_PARAMS, **(params or {})})
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path(language, out_dir)))
    seconds = time.monotonic() - started
    _write_words(out_dir / f"{language}.common.txt", lexicons.common)
    _merge_names(out_dir / NAMES_FILE, shipped_names)
    log(f"{language}: trained on {len(train)} sentences (+ copies) in {seconds:.0f} s")
    metrics: dict[str, object] = {
        "language": language,
        "train_sentences": len(train),
        "train_seconds": round(seconds),
        "params": {**CRF_PARAMS, **(params or {})},
    }
    if language in NET_LANGUAGES:
        metrics["net"] = train_net_weights(language, splits.train, out_dir, limit=limit, log=log)
    return score_language(language, splits, out_dir, metrics, log=log)


def torch_missing() -> bool:
    """True when torch, needed to train the nets of ``NET_LANGUAGES``, is not installed."""
    return importlib.util.find_spec("torch") is None


TORCH_HINT = (
    "training the name detector's net needs torch (training only, no dependency of the "
    "gateway): .venv/bin/pip install torch==2.13.0"
)


def train_net_weights(
    language: str,
    sentences: list[LabelledSentence],
    out_dir: Path,
    *,
    limit: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, object]:
    """Trains the net of ``language`` (pii.ner.net_training) into ``out_dir``; its figures.

    Raises:
        ModuleNotFoundError: torch is not installed (``TORCH_HINT``).
    """
    if torch_missing():
        raise ModuleNotFoundError(TORCH_HINT)
    from pii.ner.net_training import check_export, train_net

    net = train_net(language, sentences, limit=limit, log=log)
    path = net_path(language, out_dir)
    net.save(path)
    difference = check_export(net, path, Featurizer(build_lexicons(language)), sentences)
    log(f"{language} net: {net.stats}; numpy tagger vs torch max difference {difference:.1e}")
    return dict(net.stats)


def score_language(
    language: str,
    splits: Splits,
    out_dir: Path,
    metrics: dict[str, object],
    *,
    log: Callable[[str], None] = print,
) -> dict[str, object]:
    """Scores the model in ``out_dir`` on the tuning and hold-out splits (as shipped)."""
    model = build_model(language, out_dir)
    scores: dict[str, dict[str, float | int]] = {}
    for name, sentences in {**splits.tune, **splits.holdout}.items():
        variants = {"mixed": sentences, **cased_variants(sentences)}
        for case, variant in variants.items():
            score = score_model(model.find_tokens, variant)
            key = f"{name}/{case}"
            scores[key] = {
                "gold": score.gold,
                "recall": round(score.recall, 3),
                "precision": round(score.precision, 3),
            }
            log(
                f"  {key}: recall {score.recall:.3f} precision {score.precision:.3f} "
                f"({score.gold} names)"
            )
    metrics = {
        **metrics,
        "name_probability": model.threshold,
        "uncased_name_probability": model.uncased_threshold,
        "strict_lone_words": model.strict_lone_words,
        "scores": scores,
    }
    (out_dir / f"{language}.metrics.json").write_text(
        json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return metrics


def _write_words(path: Path, words: Iterable[str]) -> None:
    path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")


def _merge_names(path: Path, names: frozenset[str]) -> None:
    """The name list is shared by both languages: training one adds to it."""
    existing = set()
    if path.exists():
        existing = {w for w in path.read_text(encoding="utf-8").splitlines() if w}
    _write_words(path, existing | names)


def train(
    corpora: Path,
    project_root: Path,
    *,
    languages: Iterable[str] = LANGUAGES,
    out_dir: Path = MODEL_DIR,
    limit: int | None = None,
    log: Callable[[str], None] = print,
) -> list[dict[str, object]]:
    """Rebuilds the models of ``languages`` into ``out_dir`` (seeded, deterministic).

    The word lists a model reads but training does not write (the extra and world name
    lists, the world list's licence, the cluster tables) are copied from the shipped models
    into a new ``out_dir`` first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if out_dir.resolve() != MODEL_DIR.resolve():
        inputs = [EXTRA_FIRST_NAMES_FILE, EXTRA_SURNAMES_FILE, WORLD_FIRST_NAMES_FILE, GFDL_FILE]
        inputs += [cluster_path(language).name for language in languages]
        for name in inputs:
            if (MODEL_DIR / name).exists() and not (out_dir / name).exists():
                shutil.copyfile(MODEL_DIR / name, out_dir / name)
    names_file = out_dir / NAMES_FILE
    if names_file.exists() and set(languages) == set(LANGUAGES):
        names_file.unlink()
    return [
        train_language(
            language, load_splits(corpora, language, project_root), out_dir, limit=limit, log=log
        )
        for language in languages
    ]
