#!/usr/bin/env bash
# Creates bench/litellm/.venv with LiteLLM's proxy and Presidio, OUTSIDE the project's
# dependencies (never add litellm to pyproject.toml). Idempotent; ~2-4 minutes the first time.
# Pinned below 1.107: litellm 1.107.0 was a compromised release on PyPI.
#
#   bash bench/litellm/setup.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3.11}"
# The stamp names the dependency set: a venv made for an older set is topped up.
STAMP="$VENV/.installed-v2"
if [[ -f "$STAMP" ]]; then
    echo "litellm venv ready: $VENV"
    exit 0
fi
[[ -x "$VENV/bin/pip" ]] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
# Same Presidio and spaCy versions as the gateway, so the guardrail does comparable work;
# presidio_server.py imports the gateway's recognizer registry (pii/), hence its libraries
# (the name detector's CRF, word frequencies, German nouns, check digits).
"$VENV/bin/pip" install -q \
    "litellm[proxy]>=1.70,<1.107" \
    "presidio-analyzer==2.2.366" \
    "presidio-anonymizer==2.2.366" \
    "spacy>=3.7,<4" \
    "uvicorn>=0.30,<1" \
    "cryptography>=42" \
    "german-nouns>=1.2.5,<2" \
    "wordfreq==3.1.1" \
    "python-crfsuite==0.9.12" \
    "regex>=2023.0" \
    "phonenumbers>=8.13,<10" \
    "python-stdnum==2.2"
"$VENV/bin/pip" freeze > "$HERE/.venv/freeze.txt"
touch "$STAMP"
echo "litellm venv ready: $VENV ($(grep -i '^litellm==' "$HERE/.venv/freeze.txt"))"
