"""The redactor: Presidio analysis plus consistent, restorable placeholders.

``build_redactor`` loads everything once at start-up; each HTTP request gets its own
:class:`RedactionSession`, whose placeholder mapping lives only in memory.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from pii import word_frequency
from pii.analyzer import LeanAnalyzerEngine, match_patterns_without_timeout
from pii.context import FastContextEnhancer
from pii.coordinated_names import coordinated_names
from pii.errors import (
    ENGINE_FAILED,
    MAPPING_INVALID,
    MISSING_SECRET,
    PiiConfigError,
    PiiEngineError,
    PiiError,
    TextTooLargeError,
)
from pii.language import detect_language
from pii.name_edges import widened_names
from pii.ner.model import may_hold_lower_case_name
from pii.nlp import build_nlp_engine
from pii.normalize import (
    NormalizedText,
    canonical,
    has_disguised_email,
    has_spoken_digits,
    normalize,
)
from pii.operators import Crypto, OperatorName, parse_operators
from pii.recognizers.national_ids import ENTITY_TYPES as NATIONAL_ID_TYPES
from pii.recognizers.nicknames import bracketed_nicknames
from pii.recognizers.path_name import may_hold_path_name
from pii.recognizers.record_numbers import ENTITY_TYPES as RECORD_NUMBER_TYPES
from pii.registry import build_registry
from pii.script_forms import bracketed_script_names
from pii.structured import scan_structured, sql_literal_columns
from pii.types import DetectedEntity, PiiConfig

PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*?)_(\d+|h[0-9a-f]{16}|e[A-Za-z0-9_-]{20,})>")
MAPPING_AAD = "LEITPLANKE_MAPPING"
# When two findings overlap, the more specific entity wins a score tie.
_PRIORITY = {
    "IBAN_CODE": 9,
    "CREDIT_CARD": 9,
    "EMAIL_ADDRESS": 9,
    "DE_TAX_ID": 8,
    "DE_SOCIAL_SECURITY": 8,
    "DE_HEALTH_INSURANCE": 8,
    "UK_NINO": 8,
    "CH_AHV": 8,
    **dict.fromkeys(NATIONAL_ID_TYPES, 8),
    **dict.fromkeys(RECORD_NUMBER_TYPES, 8),
    "DE_ID_CARD": 7,
    "DE_PASSPORT": 7,
    "PHONE_NUMBER": 6,
    "IP_ADDRESS": 6,
    "ADDRESS": 5,
    "DATE_OF_BIRTH": 5,
    "PERSON": 4,
}


# Every recognizer needs one of these: a digit (all identifiers), a capital letter (names,
# places, plates), "@" or a spelled-out "at" (e-mail), a non-ASCII character (disguises), or
# digits spoken as words ("oh seven seven hundred …"),
# a cue before a lower-case name ("lg marlene"), or a personal key ("nachname: kowalczyk").
_CANDIDATE_CHARS = re.compile(r"[0-9A-Z@]|[^\x00-\x7f]")
_LOWER_CASE_CUES = re.compile(
    r"(?i)\b(?:heisse|name|lg|vg|mfg|gruss|regards|cheers|thanks|best|sincerely|hier"
    # family nouns before a lower-case name ("my partner dawn", "meine frau rosa")
    r"|partner(?:in)?|son|daughter|wife|husband|sohn|tochter|frau|mann|ehefrau|ehemann)\b"
)

# What keyed data needs: "key: value", lines, "</tag>", "key=value" (forms, SQL "set x = 'y'"),
# a quoted SQL literal ("values ('koch')"), a form's dotted leader ("nachname .... koch").
_STRUCTURE_MARKS = re.compile(r"[:\n=']|</|\.\.\.\.|\. \. \.|……")


def may_contain_personal_data(text: str) -> bool:
    """Fast path: False only when no recognizer could match anything in ``text``."""
    return (
        _CANDIDATE_CHARS.search(text) is not None
        or has_disguised_email(text)
        or has_spoken_digits(text)
        or _LOWER_CASE_CUES.search(text) is not None
        or (_STRUCTURE_MARKS.search(text) is not None and bool(scan_structured(text)))
        or may_hold_lower_case_name(text)
        or may_hold_path_name(text)
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """A detected value before a placeholder is assigned (offsets in the original)."""

    entity_type: str
    start: int
    end: int
    score: float


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per group of overlapping findings, covering all of them.

    The group's type and score are those of its best finding (higher score, then priority,
    then longer); its span is the union of the group's spans, so no part of a finding is
    left in clear because another one overlapped it ("Frau Mei KIM": the first-name rule's
    "Mei" scores higher than the detector's "Mei KIM", and "KIM" went out as it was).
    """
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    groups: list[list[Finding]] = []
    end = -1
    for finding in ordered:
        if groups and finding.start < end:
            groups[-1].append(finding)
            end = max(end, finding.end)
        else:
            groups.append([finding])
            end = finding.end
    return [_covering(group) for group in groups]


def _covering(group: list[Finding]) -> Finding:
    best = min(
        group,
        key=lambda f: (-f.score, -_PRIORITY.get(f.entity_type, 0), -(f.end - f.start), f.start),
    )
    start = min(f.start for f in group)
    end = max(f.end for f in group)
    if (start, end) == (best.start, best.end):
        return best
    return Finding(best.entity_type, start, end, best.score)


class Redactor(Protocol):
    """What sessions and the gateway need of an analysis engine.

    ``PresidioRedactor`` is the real one; ``tests/fakes.py`` has a fake for the fail-closed
    branches of the pipelines. Sessions (``RedactionSession``) are built on any Redactor.
    """

    @property
    def config(self) -> PiiConfig: ...

    @property
    def crypto(self) -> Crypto | None: ...

    def entity_types(self) -> frozenset[str]: ...

    def new_session(self) -> RedactionSession: ...

    def ping(self) -> bool: ...

    def analyze(
        self, text: str, *, language: str | None = None, keep: bool = True
    ) -> list[Finding]: ...

    def operator_for(self, entity_type: str) -> OperatorName: ...


class PresidioRedactor:
    """Thread-safe, read-only analysis engine shared by all sessions."""

    def __init__(self, *, analyzer: AnalyzerEngine, config: PiiConfig) -> None:
        self._analyzer = analyzer
        self._config = config
        self._operators = parse_operators(config.entity_operators, config.placeholder_salt)
        self._crypto = Crypto(config.placeholder_salt) if config.placeholder_salt else None
        self._entities: dict[str, list[str]] = {
            language: sorted(
                {
                    e
                    for r in analyzer.registry.get_recognizers(language, all_fields=True)
                    for e in r.supported_entities
                }
            )
            for language in config.languages
        }

    @property
    def config(self) -> PiiConfig:
        """The configuration this redactor was built with."""
        return self._config

    def entity_types(self) -> frozenset[str]:
        """Every entity type some recognizer of a configured language detects."""
        return frozenset(e for entities in self._entities.values() for e in entities)

    def new_session(self) -> RedactionSession:
        """Starts the placeholder mapping of one request."""
        return RedactionSession(self)

    def resume_session(self, exported: str) -> RedactionSession:
        """A session continuing a mapping from :meth:`RedactionSession.export_mapping`.

        Raises:
            PiiError: the export is not authentic under the configured secret.
            PiiConfigError: no secret is configured.
        """
        session = RedactionSession(self)
        session._load_mapping(exported)
        return session

    def ping(self) -> bool:
        """True when a tiny analysis finds a known e-mail address (readiness)."""
        try:
            found = self.analyze(
                "Mail: ping@example.org", language=self._config.languages[0], keep=False
            )
        except PiiError:
            return False
        return any(f.entity_type == "EMAIL_ADDRESS" for f in found)

    def choose_language(self, text: str, language: str | None) -> str:
        """The requested language if supported, else the detected one."""
        languages = self._config.languages
        if language in languages:
            return language
        return detect_language(text, languages, languages[0])

    def analyze(
        self, text: str, *, language: str | None = None, keep: bool = True
    ) -> list[Finding]:
        """Finds personal values in ``text`` (offsets refer to ``text``).

        Args:
            text: the text to analyse.
            language: ``"de"``/``"en"``; ``None`` or unsupported: detected per text.
            keep: drop findings whose type is configured with the ``keep`` operator.

        Raises:
            TextTooLargeError: ``text`` exceeds ``max_text_chars``.
            PiiEngineError: any failure inside the analysis (fail closed).
        """
        limit = self._config.max_text_chars
        if len(text) > limit:
            raise TextTooLargeError(length=len(text), limit=limit)
        if not text.strip() or not may_contain_personal_data(text):
            return []
        try:
            chosen = self.choose_language(text, language)
            normalized = normalize(text)
            results = self._analyzer.analyze(
                text=normalized.text,
                language=chosen,
                entities=self._entities[chosen],
                score_threshold=self._config.score_threshold,
            )
            findings = _to_findings(results, normalized)
            findings.extend(_script_forms(text, findings))
            findings.extend(_bracketed_nicknames(text, findings))
            findings.extend(_name_columns(text, findings))
            findings.extend(_names_beside(coordinated_names, text, findings, chosen))
            findings.extend(_names_beside(widened_names, text, findings, chosen))
            if keep:  # before the overlaps: a kept type must not swallow a finding beside it
                findings = [f for f in findings if self._operators.get(f.entity_type) != "keep"]
            return resolve_overlaps(findings)
        except PiiError:
            raise
        except Exception as exc:  # fail closed on anything from presidio/spacy
            raise PiiEngineError(ENGINE_FAILED) from exc

    def operator_for(self, entity_type: str) -> OperatorName:
        """The configured operator of an entity type (``replace`` by default)."""
        return self._operators.get(entity_type, "replace")

    @property
    def crypto(self) -> Crypto | None:
        """Keyed hashing/encryption, when a secret is configured."""
        return self._crypto


def _to_findings(results: list[RecognizerResult], normalized: NormalizedText) -> list[Finding]:
    findings = []
    for result in results:
        if result.end <= result.start:
            continue
        start, end = normalized.to_original(result.start, result.end)
        findings.append(Finding(result.entity_type, start, end, float(result.score)))
    return findings


def _script_forms(text: str, findings: list[Finding]) -> list[Finding]:
    """A name's own-script form in brackets after it ("Zhang Weiling (张伟玲)")."""
    if "(" not in text and "（" not in text:
        return []
    persons = {(f.start, f.end): f.score for f in findings if f.entity_type == "PERSON"}
    return [
        Finding("PERSON", start, end, max(persons.values()))
        for start, end in bracketed_script_names(text, persons)
    ]


def _bracketed_nicknames(text: str, findings: list[Finding]) -> list[Finding]:
    """A nickname in brackets right after a name ("Seraphin (Finni)", ``pii.recognizers.
    nicknames.bracketed_nicknames``)."""
    if "(" not in text:
        return []
    persons = {(f.start, f.end): f.score for f in findings if f.entity_type == "PERSON"}
    return [
        Finding("PERSON", start, end, max(persons.values()))
        for start, end in bracketed_nicknames(text, persons)
    ]


# A cell of a name column: one to three capitalised words of letters ("Fromm", "Stanisława
# Maria", "O'Neill-Baptiste").
_NAME_CELL = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:[ ][^\W\d_]+(?:['’\-][^\W\d_]+)*){0,2}")


_SQL_INSERT_HINT = re.compile(r"(?i)\binsert\b")


def _name_columns(text: str, findings: list[Finding]) -> list[Finding]:
    """The other name-shaped cells of a column of SQL rows without column names in which
    one cell is a PERSON ("('Wawrzyniak', …), ('Fromm', …)": Fromm, a word too, is a name
    there): a table's column holds one kind of value."""
    if _SQL_INSERT_HINT.search(text) is None:
        return []
    persons = [f for f in findings if f.entity_type == "PERSON"]
    found = []
    for cells in sql_literal_columns(text):
        named = [p for p in persons for start, end in cells if p.start <= start and end <= p.end]
        if not named:
            continue
        score = min(p.score for p in named)
        for start, end in cells:
            value = text[start:end]
            if value[:1].isupper() and _NAME_CELL.fullmatch(value) is not None:
                found.append(Finding("PERSON", start, end, score))
    return found


# A step over the words beside the PERSON findings: (text, persons as (start, end, score),
# every finding's (start, end), language) -> new (start, end, score) names.
NameStep = Callable[
    [str, list[tuple[int, int, float]], list[tuple[int, int]], str], list[tuple[int, int, float]]
]


def _names_beside(
    step: NameStep, text: str, findings: list[Finding], language: str
) -> list[Finding]:
    """New PERSON findings of a step that reads the words beside the PERSON findings: names
    joined to one by a comma, "and" or "or" (``pii.coordinated_names``), a found name's first
    name or middle initials left outside it (``pii.name_edges``)."""
    persons = [(f.start, f.end, f.score) for f in findings if f.entity_type == "PERSON"]
    if not persons:
        return []
    taken = [(f.start, f.end) for f in findings]
    return [
        Finding("PERSON", start, end, score)
        for start, end, score in step(text, persons, taken, language)
    ]


class RedactionSession:
    """Per-request placeholders; the same value gets the same placeholder everywhere."""

    def __init__(self, redactor: Redactor) -> None:
        self._redactor = redactor
        self._lock = threading.Lock()
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._next_index: Counter[str] = Counter()
        self._counts: Counter[str] = Counter()
        # (type, value as written) -> its comparison key: a value repeated in the request
        # (the answer quoting the prompt) is canonicalised once (phone numbers are parsed).
        self._keys: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def redactor(self) -> Redactor:
        """The shared engine of this session."""
        return self._redactor

    @property
    def entity_counts(self) -> dict[str, int]:
        """Entity type -> occurrences redacted so far (never the values)."""
        with self._lock:
            return dict(self._counts)

    def detect(self, text: str, *, language: str | None = None) -> list[DetectedEntity]:
        """Finds personal values and assigns their placeholders (without rewriting).

        Raises:
            TextTooLargeError: the text exceeds the configured limit.
            PiiEngineError: detection failed.
        """
        findings = self._redactor.analyze(text, language=language)
        try:
            return self.assign(text, findings)
        except Exception as exc:
            raise PiiEngineError(ENGINE_FAILED) from exc

    def assign(self, text: str, findings: list[Finding]) -> list[DetectedEntity]:
        """Gives each finding of ``text`` its session placeholder."""
        with self._lock:
            return [
                DetectedEntity(
                    entity_type=f.entity_type,
                    start=f.start,
                    end=f.end,
                    score=f.score,
                    placeholder=self._placeholder(f.entity_type, text[f.start : f.end]),
                )
                for f in findings
            ]

    def redact(self, text: str, *, language: str | None = None) -> str:
        """Replaces every personal value in ``text`` with its placeholder.

        Raises:
            TextTooLargeError: the text exceeds the configured limit.
            PiiEngineError: detection failed; nothing may be forwarded.
        """
        entities = self.detect(text, language=language)
        try:
            return self.apply(text, entities)
        except Exception as exc:  # fail closed: never hand back a half-redacted text
            raise PiiEngineError(ENGINE_FAILED) from exc

    def apply(self, text: str, entities: list[DetectedEntity]) -> str:
        """Rewrites ``text`` with the placeholders of ``entities`` (sorted, disjoint)."""
        parts: list[str] = []
        pos = 0
        with self._lock:
            for entity in entities:
                parts.append(text[pos : entity.start])
                parts.append(entity.placeholder)
                pos = entity.end
                self._counts[entity.entity_type] += 1
        parts.append(text[pos:])
        return "".join(parts)

    def pseudonymize(self, entity_type: str, value: str) -> str:
        """Replaces a whole value known to be personal (e.g. a participant ``name`` field)."""
        with self._lock:
            self._counts[entity_type] += 1
            return self._placeholder(entity_type, value)

    def _placeholder(self, entity_type: str, value: str) -> str:
        key = self._keys.get((entity_type, value))
        if key is None:
            key = self._keys[entity_type, value] = (entity_type, canonical(entity_type, value))
        existing = self._by_value.get(key)
        if existing is not None:
            return existing
        operator = self._redactor.operator_for(entity_type)
        crypto = self._redactor.crypto
        if operator == "mask":
            return "*" * len(value)
        if operator == "hash" and crypto is not None:
            placeholder = f"<{entity_type}_h{crypto.digest(entity_type, value)}>"
        elif operator == "encrypt" and crypto is not None:
            placeholder = f"<{entity_type}_e{crypto.encrypt(entity_type, value)}>"
        else:
            self._next_index[entity_type] += 1
            placeholder = f"<{entity_type}_{self._next_index[entity_type]}>"
        self._by_value[key] = placeholder
        self._by_placeholder[placeholder] = value
        return placeholder

    def restore(self, text: str) -> str:
        """Replaces this session's placeholders (and authentic encrypted ones) by values."""
        crypto = self._redactor.crypto

        def substitute(match: re.Match[str]) -> str:
            placeholder = match.group(0)
            with self._lock:
                value = self._by_placeholder.get(placeholder)
            if value is None and crypto is not None and match.group(2).startswith("e"):
                value = crypto.decrypt(match.group(1), match.group(2)[1:])
            return placeholder if value is None else value

        return PLACEHOLDER.sub(substitute, text)

    def export_mapping(self) -> str:
        """The placeholder mapping, encrypted under the configured secret, for persisting.

        Raises:
            PiiConfigError: no secret (``PiiConfig.placeholder_salt``) is configured.
        """
        crypto = self._redactor.crypto
        if crypto is None:
            raise PiiConfigError(MISSING_SECRET.format(operator="export_mapping"))
        with self._lock:
            state = {"values": self._by_placeholder, "next": dict(self._next_index)}
            return crypto.encrypt(MAPPING_AAD, json.dumps(state, ensure_ascii=False))

    def _load_mapping(self, token: str) -> None:
        crypto = self._redactor.crypto
        if crypto is None:
            raise PiiConfigError(MISSING_SECRET.format(operator="resume_session"))
        plain = crypto.decrypt(MAPPING_AAD, token)
        if plain is None:
            raise PiiError(MAPPING_INVALID)
        state = json.loads(plain)
        with self._lock:
            for placeholder, value in state["values"].items():
                entity = PLACEHOLDER.fullmatch(placeholder)
                if entity is not None:
                    self._by_placeholder[placeholder] = value
                    key = (entity.group(1), canonical(entity.group(1), value))
                    self._by_value[key] = placeholder
            self._next_index.update(state["next"])

    def known_values(self) -> list[str]:
        """The original values redacted in this session (for the streaming guard)."""
        with self._lock:
            return list(self._by_placeholder.values())


def build_redactor(config: PiiConfig) -> PresidioRedactor:
    """Loads Presidio with the offline NLP engine and Leitplanke's recognizers (slow).

    Raises:
        PiiEngineError: Presidio or spaCy could not be set up.
        PiiConfigError: the configuration is invalid.
    """
    parse_operators(config.entity_operators, config.placeholder_salt)
    match_patterns_without_timeout()
    try:
        analyzer = LeanAnalyzerEngine(
            registry=build_registry(config),
            nlp_engine=build_nlp_engine(
                config.languages, config.nlp_cache_dir, config.spacy_ner_model
            ),
            supported_languages=list(config.languages),
            context_aware_enhancer=FastContextEnhancer(),
        )
        # The word lists the name rules consult load now (~0.3 s), not in the first request.
        word_frequency.warm()
    except PiiError:
        raise
    except Exception as exc:
        raise PiiEngineError(ENGINE_FAILED) from exc
    return PresidioRedactor(analyzer=analyzer, config=config)
