"""Personal-data detection and pseudonymization on Presidio.

Public API (import from the submodules; nothing runs at import time):
    pii.engine.build_redactor(config) -> PresidioRedactor     load once at start-up (~1-2 s)
    PresidioRedactor.new_session() -> RedactionSession         one per request
    PresidioRedactor.ping() -> bool                            readiness
    RedactionSession.redact(text, language=None) -> str        placeholders such as <PERSON_1>
    RedactionSession.restore(text) -> str                      placeholders back to values
    RedactionSession.entity_counts -> dict[str, int]           types and counts, never values
    pii.stream.StreamRedactor(session).feed(chunk) / .flush()  SSE-safe streaming redaction

Error hierarchy (pii.errors):
    PiiError                 base of everything this package raises
    ├── PiiEngineError       analyzer/anonymizer failed (callers fail closed)
    ├── TextTooLargeError    a text exceeds ``PiiConfig.max_text_chars``
    └── PiiConfigError       invalid configuration (unknown operator, missing secret)
"""
