"""Seeded generators of policy inputs (valid, borderline and malformed) for tests and bench."""

from __future__ import annotations

import random
from typing import Any

_MISSING = object()


def _pick(rng: random.Random, *options: Any) -> Any:
    return options[rng.randrange(len(options))]


def _put(doc: dict[str, Any], key: str, value: Any) -> None:
    if value is not _MISSING:
        doc[key] = value


def access_input(rng: random.Random) -> Any:
    """One access input; about a third valid for the demo data, the rest varied."""
    if rng.random() < 0.35:
        return {
            "service": {"name": "demo-service", "role": "ai-service"},
            "model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
            "purpose": _pick(rng, "buergerservice", "antragsbearbeitung", "demo"),
            "pii": {
                "entity_types": rng.sample(["PERSON", "EMAIL_ADDRESS", "IBAN_CODE"], 2),
                "count": rng.randrange(0, 9),
                "special_categories": rng.sample(["health", "religion"], rng.randrange(0, 2)),
            },
            "request": {"kind": "chat.completions", "stream": rng.random() < 0.5},
        }
    if rng.random() < 0.03:
        return _pick(rng, "text", 3, [1, 2], None, True)
    service: Any = {}
    _put(
        service,
        "name",
        _pick(rng, "demo-service", "demo-service", "statistik-service", "nobody", "", 7, _MISSING),
    )
    _put(service, "role", _pick(rng, "ai-service", "ai-service", "citizen", None, _MISSING))
    model: Any = {}
    _put(model, "name", _pick(rng, "demo-model", "demo-model", "ext-model", "", None, _MISSING))
    _put(model, "hosting", _pick(rng, "internal", "internal", "external", "cloud", _MISSING))
    _put(model, "upstream", _pick(rng, "demo", _MISSING))
    pool = ["PERSON", "EMAIL_ADDRESS", "LOCATION", "DATE_TIME", "IBAN_CODE", "PHONE_NUMBER"]
    special_pool = ["health", "religion", "ethnicity", "trade_union", "biometric", "unknown"]
    pii: Any = {
        "entity_types": rng.sample(pool, rng.randrange(0, 4)),
        "count": rng.randrange(0, 9),
        "special_categories": rng.sample(special_pool, _pick(rng, 0, 0, 0, 1, 2)),
    }
    if rng.random() < 0.05:
        pii["entity_types"] = _pick(rng, "PERSON", [1], None)
    if rng.random() < 0.05:
        pii["special_categories"] = _pick(rng, "health", [True], {})
    if rng.random() < 0.3:
        pii["residual_identifiers"] = _pick(rng, 0, 1, 3, "1", None)
    request: Any = {"kind": "chat.completions", "stream": rng.random() < 0.5}
    if rng.random() < 0.3:
        request["redacted"] = _pick(rng, True, False, "yes")
    doc: dict[str, Any] = {}
    _put(doc, "service", service if rng.random() > 0.03 else "demo-service")
    _put(doc, "model", model if rng.random() > 0.03 else None)
    _put(
        doc,
        "purpose",
        _pick(
            rng,
            "buergerservice",
            "antragsbearbeitung",
            "demo",
            "statistik",
            "werbung",
            "",
            5,
            _MISSING,
        ),
    )
    _put(doc, "pii", pii if rng.random() > 0.03 else [])
    _put(doc, "request", request)
    return doc


def decision_input(rng: random.Random) -> Any:
    """One automated-decision input with boundary scores and malformed variants."""
    if rng.random() < 0.35:
        return {
            "service": {"name": "demo-service", "role": "ai-service"},
            "model": {"id": "wohngeld-demo", "version": "1.0.0"},
            "purpose": _pick(rng, "antragsbearbeitung", "demo"),
            "decision": {
                "score": _pick(rng, round(rng.random(), 4), 0.4, 0.6, 0.6000001, 0.7, 0.3999),
                "threshold": 0.5,
                "grey_zone": [0.4, 0.6],
                "legal_effect": rng.random() < 0.7,
            },
            "fairness": {"status": _pick(rng, "passing", "passing", "failing", "unknown")},
        }
    if rng.random() < 0.03:
        return _pick(rng, "text", 3, [1, 2], None)
    threshold = _pick(rng, 0.5, 0.5, 0.3, 0.7, 1.2, "0.5")
    score = _pick(
        rng,
        round(rng.random(), 3),
        round(rng.random(), 3),
        0.4,
        0.6,
        0.5,
        0.59999,
        0.60001,
        0.61,
        0.7,
        0.0,
        1.0,
        1,
        0,
        -0.1,
        1.5,
        "0.7",
        None,
    )
    decision: Any = {}
    _put(decision, "score", score)
    _put(decision, "threshold", threshold)
    _put(
        decision,
        "grey_zone",
        _pick(rng, [0.4, 0.6], [0.4, 0.6], [0.45, 0.55], [0, 0], [0.6, 0.4], [0.4], _MISSING),
    )
    _put(decision, "legal_effect", _pick(rng, True, True, False, "yes", _MISSING))
    doc: dict[str, Any] = {
        "service": {
            "name": _pick(rng, "demo-service", "demo-service", "statistik-service", "x", ""),
            "role": "ai-service",
        },
        "model": {
            "id": _pick(rng, "wohngeld-demo", "wohngeld-demo", "kindergeld", "", 3),
            "version": _pick(rng, "1.0.0", "1.0.0", "2", 1),
        },
        "decision": decision,
    }
    _put(doc, "purpose", _pick(rng, "antragsbearbeitung", "demo", "werbung", "", 1, _MISSING))
    _put(
        doc,
        "fairness",
        _pick(
            rng,
            {"status": "passing"},
            {"status": "passing"},
            {"status": "failing"},
            {"status": "unknown"},
            {"status": "great"},
            {},
            _MISSING,
        ),
    )
    return doc
