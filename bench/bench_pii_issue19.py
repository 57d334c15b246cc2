"""Issue 19 quality: leaks per category on the labelled cases (tests/pii/issue19/).

Usage:
    .venv/bin/python bench/bench_pii_issue19.py [--show-errors]

Each case's body goes the gateway's way, in process: decoded into the closed request schema
(``gateway.openai_api``), reduced to the upstream body, then every string redacted by
``gateway.pipeline.redact_request`` (two passes, conversation memory, code-name checks).
A secret is *hidden* when the body that would be sent upstream does not contain it in any
spelling (case, whitespace and ``.-_/`` separators ignored); a refused request (400) hides
everything and keeps nothing. A keep-string is *kept* when it reaches the upstream as it
was (over-redaction otherwise). Streaming parity: for every case's first user text, the
upstream's tool call quoting the redacted text is restored non-streamed and streamed in
1-5 character chunks; parity means equal arguments.

A case may also carry the model's ``answer`` (``{"content": ...}`` or
``{"arguments": ...}``, category ``stream``): it is redacted as the gateway redacts an
answer, non-streamed and streamed in 1-5 character chunks; a secret there is hidden when
none of those outputs contains it, a keep-string of the answer kept when all do (a
keep-string of the request is checked in the upstream body, as in every other case), and
parity means the streamed outputs equal the non-streamed one.

Reported per category and split (``tune``: used while building; ``holdout``: round 1,
written after building, its leaks' general causes then fixed; ``holdout2``: written after
those fixes, evaluated once, never tuned on; ``holdout3``: written after the fixes of
round 2, evaluated once, its two leak classes then fixed in general; ``holdout4``: written
after that and committed before its one evaluation, its leak classes then fixed in general,
so seen; ``holdout5``: written after round 4's fixes and committed before its first run;
``holdout6``: written after round 5's first run and committed before its own first run;
``holdout7``: written after round 6's fixes and committed before its first run;
``holdout8``: written after round 7's fixes and committed before its first run;
``holdout9``: written after round 8's fixes and committed before its first run;
``holdout10``: written after round 9's fixes and committed before its first run;
``holdout11``: written after round 10's fixes and committed before its first run;
``holdout12``: written after round 11's fixes and committed before its first run;
``holdout13``: written after round 12's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout14``: written after round 13's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout15``: written after round 14's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout16``: written after round 15's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout17``: written after round 16's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout18``: written after round 17's fixes and committed before its first run (its
writer never ran the redaction on it);
``holdout19``: written after round 17's fixes, beside round 18, and committed before its
first run (its writer never ran the redaction on it);
``holdout20``: written after round 19's fixes, beside round 21, and committed before its
first run (its writer never ran the redaction on it);
``holdout21``: written after round 19's fixes, beside round 20, and committed before its
first run (its writer never ran the redaction on it);
``holdout22``: written after the fixes of rounds 20 and 21 and committed before its first
run (its writer never ran the redaction on it);
``holdout23``: written after round 22's fixes and committed before its first run (its
writer never ran the redaction on it);
bench/RESULTS_PII.md keeps each round's first figure).

``--corpus`` also prints the precision and the hidden rate on the existing PII corpus
(``tests/pii/corpus``, 4 decimals), so over-redaction can be compared before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import msgspec

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gateway.errors import BadRequestError  # noqa: E402
from gateway.openai_api import (  # noqa: E402
    ChatCompletionRequest,
    EmbeddingsRequest,
    embeddings_body,
    map_embeddings_text,
    map_request_text,
    map_response_text,
    upstream_body,
)
from gateway.pipeline import redact_request  # noqa: E402
from gateway.streaming import (  # noqa: E402
    PlaceholderStreamRestorer,
    StreamedChoices,
    answer_mappers,
)
from pii.engine import PLACEHOLDER, PresidioRedactor, build_redactor  # noqa: E402
from pii.evaluation import Sample, Span, evaluate, load_corpus  # noqa: E402
from pii.types import PiiConfig  # noqa: E402

CASES = ROOT / "tests" / "pii" / "issue19" / "cases.jsonl"
CORPUS = ROOT / "tests" / "pii" / "corpus"
_SEPARATORS = re.compile(r"[\s.\-_/\\]")


def compact(text: str) -> str:
    return _SEPARATORS.sub("", text).lower()


def leaked(secret: str, out: str) -> bool:
    """``secret`` reaches ``out``, also with separators between its characters ("jana @ web .
    de", "D E 8 9 …"). A secret of letters only counts where it stands as a word, spaced or
    not: its compact form inside another word is no leak ("Ben" in "daten stehen oben",
    "Enno" in "meinen notizen")."""
    if not secret.isalpha():
        return compact(secret) in compact(out)
    spaced = r"[\s.\-_/\\]*".join(re.escape(ch) for ch in secret)
    return re.search(rf"(?i)(?<![^\W\d_]){spaced}(?![^\W\d_])", out) is not None


def sent_upstream(redactor: PresidioRedactor, body: dict[str, Any]) -> str | None:
    """The JSON the upstream would receive, or None when the request is refused."""
    session = redactor.new_session()
    try:
        if "input" in body:
            request = msgspec.convert({"model": "m", **body}, EmbeddingsRequest)
            out = redact_request(embeddings_body(request), map_embeddings_text, session, set())
        else:
            chat = msgspec.convert({"model": "m", **body}, ChatCompletionRequest)
            out = redact_request(upstream_body(chat), map_request_text, session, set())
    except (BadRequestError, msgspec.ValidationError):
        # The gateway answers both with 400 (a field the closed schema does not know, or a
        # value it refuses): nothing is forwarded.
        return None
    return msgspec.json.encode(out).decode()


def stream_parity(redactor: PresidioRedactor, text: str) -> bool:
    """Streamed tool-call arguments restored equal to non-streamed ones (chunks of 1-5)."""
    session = redactor.new_session()
    redacted = session.redact(text)
    allowed = frozenset(m.group(0) for m in PLACEHOLDER.finditer(redacted))

    def restore(value: str) -> str:
        return PLACEHOLDER.sub(
            lambda m: session.restore(m.group(0)) if m.group(0) in allowed else m.group(0), value
        )

    arguments = json.dumps({"note": redacted, "n": 1}, ensure_ascii=False)
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [call]}}]}
    plain = map_response_text(map_response_text(answer, answer_mappers(session)), restore)
    expected = json.loads(plain["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    for size in range(1, 6):
        choices = StreamedChoices(session)
        restorer = PlaceholderStreamRestorer(restore)
        pieces = [arguments[i : i + size] for i in range(0, len(arguments), size)]
        events = [
            {
                "choices": [
                    {
                        "index": 0,
                        "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]},
                        "finish_reason": None,
                    }
                ]
            }
            for p in pieces
        ] + [{"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]
        streamed = ""
        chunks = [c for e in events for c in choices.redact_event(e)] + choices.flush()
        for chunk in chunks:
            for choice in restorer.apply(chunk)["choices"]:
                for delta_call in choice.get("delta", {}).get("tool_calls") or []:
                    streamed += delta_call.get("function", {}).get("arguments", "")
        if json.loads(streamed) != expected:
            return False
    return True


def answer_outputs(redactor: PresidioRedactor, answer: dict[str, str]) -> list[str]:
    """The caller's view of a redacted answer: non-streamed, then streamed (chunks 1-5)."""
    field = "content" if "content" in answer else "arguments"
    text = answer[field]
    if field == "content":
        message: dict[str, Any] = {"role": "assistant", "content": text}
    else:
        call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": text}}
        message = {"role": "assistant", "tool_calls": [call]}
    plain = map_response_text(
        {"choices": [{"index": 0, "message": message}]}, answer_mappers(redactor.new_session())
    )["choices"][0]["message"]
    outputs = [
        plain["content"] if field == "content" else plain["tool_calls"][0]["function"]["arguments"]
    ]
    for size in range(1, 6):
        choices = StreamedChoices(redactor.new_session())
        events = []
        for i in range(0, len(text), size):
            piece = text[i : i + size]
            delta: dict[str, Any] = (
                {"content": piece}
                if field == "content"
                else {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
            )
            events.append({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        streamed = ""
        for chunk in [c for e in events for c in choices.redact_event(e)] + choices.flush():
            for choice in chunk["choices"]:
                streamed += choice["delta"].get("content", "")
                for delta_call in choice["delta"].get("tool_calls") or []:
                    streamed += delta_call.get("function", {}).get("arguments", "")
        outputs.append(streamed)
    return outputs


def first_user_text(body: dict[str, Any]) -> str:
    if "input" in body:
        return str(body["input"][0])
    for message in body["messages"]:
        content = message.get("content")
        if message["role"] == "user" and isinstance(content, str):
            return content
        if message["role"] == "user" and isinstance(content, list):
            return " ".join(p.get("text", "") for p in content)
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--corpus", action="store_true", help="also the PII corpus precision")
    args = parser.parse_args()
    redactor = build_redactor(PiiConfig())
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    rows: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for case in cases:
        row = rows[(case["category"], case["split"])]
        row["cases"] += 1
        sent = sent_upstream(redactor, case["body"])
        row["refused"] += sent is None
        outputs = answer_outputs(redactor, case["answer"]) if "answer" in case else []
        for secret in case["secrets"]:
            row["secrets"] += 1
            seen = [sent] if sent is not None else []
            if any(leaked(secret, out) for out in [*seen, *outputs]):
                row["leaked"] += 1
                errors.append(f"LEAK {case['id']}: {secret!r}")
        for keep in case["keep"]:
            row["keeps"] += 1
            escaped = json.dumps(keep, ensure_ascii=False)[1:-1]
            answer_text = json.dumps(case.get("answer"), ensure_ascii=False)
            in_answer = keep in answer_text or escaped in answer_text
            where = outputs if in_answer else ([sent] if sent is not None else [])
            if where and all(keep in out or escaped in out for out in where):
                row["kept"] += 1
            else:
                errors.append(f"LOST {case['id']}: {keep!r}")
        if outputs:
            row["stream_cases"] += 1
            if all(out == outputs[0] for out in outputs):
                row["stream_parity"] += 1
            else:
                errors.append(f"STREAM {case['id']} (answer)")
        text = first_user_text(case["body"])
        if text and PLACEHOLDER.search(text) is None:
            row["stream_cases"] += 1
            if stream_parity(redactor, text):
                row["stream_parity"] += 1
            else:
                errors.append(f"STREAM {case['id']}")
    print(
        "| category | split | cases | secrets | leaked | recall (hidden) "
        "| keep-strings kept | refused | streamed tool-call parity |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for (category, split), row in sorted(rows.items()):
        recall = 1 - row["leaked"] / row["secrets"] if row["secrets"] else 1.0
        print(
            f"| {category} | {split} | {row['cases']} | {row['secrets']} | {row['leaked']} | "
            f"{recall:.3f} | {row['kept']}/{row['keeps']} | {row['refused']} | "
            f"{row['stream_parity']}/{row['stream_cases']} |"
        )
    if args.show_errors:
        print("\n".join(errors))
    if args.corpus:
        samples = load_corpus(sorted(CORPUS.glob("*.jsonl")))

        def predict(sample: Sample) -> list[Span]:
            found = redactor.analyze(sample.text, language=sample.lang)
            return [Span(f.start, f.end, f.entity_type) for f in found]

        report = evaluate(samples, predict)
        print(
            f"\nPII corpus ({len(samples)} messages): precision {report.precision:.4f}, "
            f"hidden {report.hidden_rate:.4f}, PERSON precision "
            f"{report.score('PERSON').precision:.4f} recall {report.score('PERSON').recall:.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
