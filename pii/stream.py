"""Redaction across SSE chunk boundaries.

A :class:`StreamRedactor` holds back the last ``holdback`` characters of what it has
received: a personal value shorter than the hold-back that is still arriving lies wholly
inside the held-back tail, so no fragment of it is emitted before it is complete and
recognised. Text is emitted only when the buffer has grown by ``min_emit`` characters, which
keeps the number of analyses per stream low. The last ``context`` characters already
emitted are kept (in memory only) as left context, so cues such as "Mein Name ist" still
work when the name arrives in a later chunk.

The analysis windows depend only on the text, never on how it was cut into chunks: a window
is analysed when exactly ``holdback + min_emit`` characters are pending (more when a value
straddled the previous cut). So the same text redacts the same whether it arrives in
1-character chunks or whole (:func:`redact_as_stream`); a text no longer than
``holdback + min_emit`` is one window, redacted exactly as ``RedactionSession.redact`` does.

Limit: a single value longer than ``holdback`` (e.g. a long base64 blob) can be emitted in
parts; each part is still analysed.
"""

from __future__ import annotations

from pii.engine import Finding, RedactionSession

DEFAULT_HOLDBACK = 64
DEFAULT_CONTEXT = 64
DEFAULT_MIN_EMIT = 32


class StreamRedactor:
    """Redacts a text that arrives in chunks, bound to one request's session.

    Args:
        session: the request's session (placeholders are shared with the prompt).
        language: language of the stream; ``None`` detects it per analysis window.
        holdback: characters always held back; longer than any value to protect.
        context: characters of already-emitted text kept as left context.
        min_emit: buffer growth that triggers an analysis.
    """

    def __init__(
        self,
        session: RedactionSession,
        *,
        language: str | None = None,
        holdback: int = DEFAULT_HOLDBACK,
        context: int = DEFAULT_CONTEXT,
        min_emit: int = DEFAULT_MIN_EMIT,
    ) -> None:
        self._session = session
        self._language = language
        self._holdback = holdback
        self._context = context
        self._min_emit = min_emit
        self._tail = ""
        self._pending = ""
        self._need = holdback + min_emit
        self._closed = False

    def feed(self, chunk: str) -> str:
        """Adds ``chunk``; returns the redacted text that is safe to emit now (maybe "").

        Raises:
            PiiEngineError: detection failed; the stream must be aborted.
        """
        self._pending += chunk
        out = []
        while len(self._pending) >= self._need:
            out.append(self._emit(final=False))
        return "".join(out)

    def flush(self) -> str:
        """Returns the redacted rest at the end of the stream."""
        if self._closed:
            return ""
        self._closed = True
        return self._emit(final=True)

    def _emit(self, *, final: bool) -> str:
        size = len(self._pending) if final else self._need
        window = self._tail + self._pending[:size]
        rest = self._pending[size:]
        offset = len(self._tail)
        findings = self._session.redactor.analyze(window, language=self._language)
        findings = [f for f in findings if f.end > offset]
        cut = len(window) if final else len(window) - self._holdback
        for finding in findings:
            if finding.start < cut < finding.end:
                cut = finding.start
        cut = max(cut, offset)
        text = window[offset:cut]
        # A value that began in already-emitted text cannot be recalled; redact what is left.
        emitted = [
            Finding(f.entity_type, max(f.start, offset) - offset, f.end - offset, f.score)
            for f in findings
            if f.end <= cut or (f.start < offset and cut > offset)
        ]
        emitted = [
            Finding(f.entity_type, f.start, min(f.end, len(text)), f.score)
            for f in emitted
            if f.start < len(text)
        ]
        out = self._session.apply(text, self._session.assign(text, emitted))
        self._tail = window[:cut][-self._context :] if self._context else ""
        self._pending = window[cut:] + rest
        # No progress (a value straddles the cut): the next window takes more text.
        self._need = (
            self._holdback + self._min_emit if cut > offset else self._need + self._min_emit
        )
        return out


def redact_as_stream(session: RedactionSession, text: str, *, min_emit: int) -> str:
    """``text`` redacted exactly as a :class:`StreamRedactor` redacts it in any chunking.

    Raises:
        PiiEngineError: detection failed.
    """
    redactor = StreamRedactor(session, min_emit=min_emit)
    return redactor.feed(text) + redactor.flush()
