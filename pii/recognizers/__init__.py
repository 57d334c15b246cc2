"""Leitplanke's own Presidio recognizers, one per file.

``build_recognizers`` in :mod:`pii.registry` decides which of them (and which of
Presidio's predefined recognizers) run for each language.
"""
