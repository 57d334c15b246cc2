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
STAMP="$VENV/.installed"
if [[ -f "$STAMP" ]]; then
    echo "litellm venv ready: $VENV"
    exit 0
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
# Same Presidio and spaCy versions as the gateway, so the guardrail does comparable work.
"$VENV/bin/pip" install -q \
    "litellm[proxy]>=1.70,<1.107" \
    "presidio-analyzer==2.2.366" \
    "presidio-anonymizer==2.2.366" \
    "spacy>=3.7,<4" \
    "uvicorn>=0.30,<1"
"$VENV/bin/pip" freeze > "$HERE/.venv/freeze.txt"
touch "$STAMP"
echo "litellm venv ready: $VENV ($(grep -i '^litellm==' "$HERE/.venv/freeze.txt"))"
