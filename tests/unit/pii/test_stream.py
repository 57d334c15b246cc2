"""Streaming: no fragment (>= 4 characters) of a personal value at any split position."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii.engine import PresidioRedactor
from pii.stream import StreamRedactor, redact_as_stream

TEXTS = [
    "Guten Tag! Mein Name ist Erika Mustermann, E-Mail erika.mustermann@example.de, "
    "IBAN DE89 3704 0044 0532 0130 00, Telefon +49 170 1234567. Mit freundlichen Grüßen\n"
    "Erika Mustermann",
    "Sie wohnen in der Musterstraße 12, 12345 Berlin, Steuer-ID 86095742719, geboren am "
    "14.02.1987. Rückruf unter 0171/7654321.",
    "Hello, my name is John Smith, card 4111 1111 1111 1111, mail j.smith [at] example [dot] org",
]
FRAGMENT = 4


def _values(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text)]


def _leaks(redactor: PresidioRedactor, text: str, output: str) -> set[str]:
    """Fragments of values in ``output`` that the one-shot redaction does not contain."""
    batch = redactor.new_session().redact(text)
    leaks = set()
    for value in _values(redactor, text):
        for i in range(len(value) - FRAGMENT + 1):
            fragment = value[i : i + FRAGMENT]
            if fragment in output and fragment not in batch:
                leaks.add(fragment)
    return leaks


def _stream(redactor: PresidioRedactor, chunks: list[str]) -> tuple[str, StreamRedactor]:
    session = redactor.new_session()
    stream = StreamRedactor(session)
    out = "".join(stream.feed(chunk) for chunk in chunks) + stream.flush()
    return out, stream


def _split(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def test_when_split_once_at_every_position_then_no_fragment_leaks(
    redactor: PresidioRedactor,
) -> None:
    text = TEXTS[0]
    leaking = {}
    for cut in range(len(text) + 1):
        out, _ = _stream(redactor, [text[:cut], text[cut:]])
        if leaks := _leaks(redactor, text, out):
            leaking[cut] = leaks

    assert leaking == {}


def test_when_fed_one_character_at_a_time_then_same_as_one_shot(
    redactor: PresidioRedactor,
) -> None:
    for text in TEXTS:
        out, _ = _stream(redactor, list(text))

        assert out == redactor.new_session().redact(text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_when_split_anywhere_many_times_then_no_fragment_leaks_and_restores(
    redactor: PresidioRedactor, data: st.DataObject
) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=30))
    session = redactor.new_session()
    stream = StreamRedactor(session)

    out = "".join(stream.feed(chunk) for chunk in _split(text, cuts)) + stream.flush()

    assert _leaks(redactor, text, out) == set()
    assert session.restore(out) == text


def test_when_stream_shares_session_then_prompt_placeholders_reused(
    redactor: PresidioRedactor,
) -> None:
    session = redactor.new_session()
    session.redact("Mein Name ist Erika Mustermann.")
    stream = StreamRedactor(session)
    answer = "Hallo Erika Mustermann, Ihr Antrag ist da. " * 3

    out = stream.feed(answer) + stream.flush()

    assert out.count("<PERSON_1>") == 3
    assert "<PERSON_2>" not in out


def test_when_flushed_twice_then_second_is_empty(redactor: PresidioRedactor) -> None:
    stream = StreamRedactor(redactor.new_session())
    stream.feed("Mail: max@example.org")

    assert stream.flush() == "Mail: <EMAIL_ADDRESS_1>"
    assert stream.flush() == ""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_when_cut_into_any_chunks_then_output_equals_whole_text_redaction(
    redactor: PresidioRedactor, data: st.DataObject
) -> None:
    # Several analysis windows (min_emit 32, hold-back 64): the windows depend on the text
    # only, so every chunking gives the one output redact_as_stream gives (issue 19 parity).
    text = " ".join(TEXTS)
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=60))
    session = redactor.new_session()
    stream = StreamRedactor(session)

    out = "".join(stream.feed(chunk) for chunk in _split(text, cuts)) + stream.flush()

    assert out == redact_as_stream(redactor.new_session(), text, min_emit=32)
