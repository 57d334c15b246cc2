"""Personal-data detection and pseudonymization on Presidio.

Error hierarchy:
    PiiError                 base of everything this package raises
    ├── PiiEngineError       analyzer/anonymizer failed (callers fail closed)
    └── TextTooLargeError    a text exceeds ``PiiConfig.max_text_chars``
"""
