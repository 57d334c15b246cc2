"""Presidio analyzer + anonymizer HTTP service for LiteLLM's Presidio guardrail (benchmark only).

LiteLLM's guardrail calls Presidio's REST API (``POST /analyze``, ``POST /anonymize``), as
served by Microsoft's presidio-analyzer / presidio-anonymizer containers. Those containers
download spaCy models, which is impossible here, so this app serves the same two endpoints
with the same request/response shapes from stock ``AnalyzerEngine``/``AnonymizerEngine``
built on the *same offline blank spaCy pipelines* Leitplanke uses (``pii/nlp.py``) and with
Leitplanke's German recognizer registry (``pii/registry.py``), so both gateways detect the
same entities and the comparison measures the architecture, not different recognizers.

Runs in bench/litellm/.venv (never the project's venv):
    PYTHONPATH=. bench/litellm/.venv/bin/uvicorn --factory presidio_server:create_app \
        --app-dir bench/litellm --port 5002 --workers 2
"""

from __future__ import annotations

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from pii.nlp import nlp_engine_configuration
from pii.registry import build_registry
from pii.types import PiiConfig


def create_app() -> Starlette:
    config = PiiConfig()
    nlp = NlpEngineProvider(
        nlp_configuration=nlp_engine_configuration(config.languages, config.nlp_cache_dir)
    ).create_engine()
    analyzer = AnalyzerEngine(
        nlp_engine=nlp,
        registry=build_registry(config),
        supported_languages=list(config.languages),
    )
    anonymizer = AnonymizerEngine()

    def analyze(body: dict[str, Any]) -> list[dict[str, Any]]:
        results = analyzer.analyze(
            text=body["text"],
            language=body.get("language", "de"),
            entities=body.get("entities"),
            score_threshold=body.get("score_threshold"),
        )
        return [r.to_dict() for r in results]

    def anonymize(body: dict[str, Any]) -> dict[str, Any]:
        results = [RecognizerResult.from_json(r) for r in body.get("analyzer_results", [])]
        operators = {
            name: OperatorConfig.from_json(op)
            for name, op in (body.get("anonymizers") or {}).items()
        }
        result = anonymizer.anonymize(
            text=body["text"], analyzer_results=results, operators=operators or None
        )
        return {
            "text": result.text,
            "items": [
                {
                    "start": i.start,
                    "end": i.end,
                    "entity_type": i.entity_type,
                    "text": i.text,
                    "operator": i.operator,
                }
                for i in result.items
            ],
        }

    # Presidio's own services are synchronous Flask apps; CPU work runs in Starlette's
    # thread pool here, like gunicorn's sync workers would.
    async def analyze_endpoint(request: Request) -> JSONResponse:
        from starlette.concurrency import run_in_threadpool

        return JSONResponse(await run_in_threadpool(analyze, await request.json()))

    async def anonymize_endpoint(request: Request) -> JSONResponse:
        from starlette.concurrency import run_in_threadpool

        return JSONResponse(await run_in_threadpool(anonymize, await request.json()))

    async def health(_: Request) -> JSONResponse:
        return JSONResponse("Presidio service is up")

    return Starlette(
        routes=[
            Route("/analyze", analyze_endpoint, methods=["POST"]),
            Route("/anonymize", anonymize_endpoint, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
