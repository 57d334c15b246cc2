"""PERSON in a URL path or a file name, written as code ("/claims/2026/ada-okafor/scan.jpg",
"lease_agreement_ada_okafor.pdf").

Prose cues (capitals, a title, a preposition) are missing there, so the rule is by words:
the path or file name is split on ``- _ . /``; two or more adjacent alphabetic parts of at
least three letters, each rare (pii.lexicon.is_ordinary_word false, or not in the word lists
at all beside a rare one) or a listed name, with at least one rare or listed-name part, are
a name. A single rare part stays (an id, a brand: "/docs/kubectl/"), so do ordinary words
("/downloads/annual-report-2025.pdf"), numbers and file extensions. Only the path of a URL
is read (its host is an address, its query is read by the other recognizers), and a path
without a scheme ("GET /users/jana.kowalczyk/documents": a "/" opening a token, two
segments at least); a file name is a run without spaces ending in a known extension.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pii.lexicon import Lexicon, is_listed_name, is_ordinary_word, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.word_frequency import is_known

SCORE = 0.7
MIN_LETTERS = 3
FILE_EXTENSIONS = frozenset(
    """
    pdf jpg jpeg png gif webp heic heif tif tiff bmp svg doc docx odt rtf txt csv xls xlsx ods
    ppt pptx odp zip eml msg json xml html htm md mp3 mp4 wav m4a ogg mov p7m p7s
    """.split()
)
_EXTENSIONS = "|".join(sorted(FILE_EXTENSIONS, key=len, reverse=True))
# The path of a URL: after the host, up to the query, the fragment or a space.
_URL_PATH = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s/?#]*(/[^\s?#\"'<>)\]]*)")
# A path without a scheme ("GET /users/jana.kowalczyk/documents", "ls /home/ewa_nowak/"):
# a "/" opening a token (not "und/oder", "km/h", "2024/25") and two segments at least.
_BARE_PATH = re.compile(r"(?<![^\s\"'(<\[=])/[^\s/?#\"'<>)\]]+(?:/[^\s?#\"'<>)\]]*)+")
# A file name (perhaps with a path before it): no spaces, a known extension at the end.
_FILE_NAME = re.compile(rf"(?i)(?<![^\s\"'(<\[=:,;])[^\s\"'<>()\[\]=:,;]+\.(?:{_EXTENSIONS})\b")
# What every _FILE_NAME match ends with: a cheap, linear search (it starts at a literal
# dot) that rules _FILE_NAME out before its backtracking scan from every non-space character.
_EXTENSION_AT_END = re.compile(rf"(?i)\.(?:{_EXTENSIONS})\b")
_PART = re.compile(r"[^-_./\\\s]+")
# A full date in a path segment or file name ("Hoxha_Arben_1988-02-17_vorderseite.jpg",
# "scan-17.02.1988-ada-okafor.pdf", "ada_okafor_19880217"): beside a name there, it is that
# person's (a date of birth, most often); alone ("/2026/05/", "report_2025-03-01.pdf") it
# stays. Year first or day first, one separator (or none, year first) throughout.
PATH_DATE = re.compile(
    r"(?<![0-9])(?:(?:19|20)\d{2}(?P<ymd>[-_.]?)(?:0[1-9]|1[0-2])(?P=ymd)(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[1-9]|[12]\d|3[01])(?P<dmy>[-_.])(?:0[1-9]|1[0-2])(?P=dmy)(?:19|20)\d{2})(?![0-9])"
)


def may_hold_path_name(text: str) -> bool:
    """False when ``text`` holds no URL path and no file name (the engine's fast path)."""
    return "/" in text or (_may_hold_file_name(text) and _FILE_NAME.search(text) is not None)


def _may_hold_file_name(text: str) -> bool:
    """False when no ``.extension`` occurs, so _FILE_NAME cannot match (same result, less
    work: about 0.05 ms per 1 KB text)."""
    return "." in text and _EXTENSION_AT_END.search(text) is not None


def _parts(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    return _PART.finditer(text, start, end)


class PathNameRecognizer(ScanRecognizer):
    """Names written as code in URL paths and file names (module docstring)."""

    ENTITIES = ("PERSON", "DATE_TIME")

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language)
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        if not may_hold_path_name(text):
            return
        spans: set[tuple[int, int]] = set()
        for match in _URL_PATH.finditer(text):
            spans.add(match.span(1))
        for match in _BARE_PATH.finditer(text):
            spans.add(match.span())
        for match in _FILE_NAME.finditer(text) if _may_hold_file_name(text) else ():
            if "://" not in text[max(0, match.start() - 10) : match.end()]:
                spans.add(match.span())
        for start, end in sorted(spans):
            for hit in self._names(text, start, end):
                yield hit
                yield from _dates_beside(text, start, end, hit)

    def _kind(self, word: str) -> str:
        """ "name" (rare or listed), "unlisted" (no ordinary word by the lists alone, only by
        its form), "" (an ordinary word, a number, an extension, too short)."""
        if len(word) < MIN_LETTERS or not word.isalpha() or word.lower() in FILE_EXTENSIONS:
            return ""
        if is_listed_name(word, self._lexicon) or not is_ordinary_word(word, self._lexicon):
            return "name"
        if not is_known(word) and word.capitalize() not in self._lexicon.nouns:
            return "unlisted"
        return ""

    def _names(self, text: str, start: int, end: int) -> Iterator[Hit]:
        """Runs of name-like parts inside one path segment: "/" ends a run, since a URL
        path's segments are owner and repository, folder and file ("/kubernetes/kubectl/"),
        not one name."""
        run: list[tuple[re.Match[str], str]] = []
        for part in [*_parts(text, start, end), None]:
            kind = self._kind(part.group()) if part is not None else ""
            if kind and run and part is not None:
                if "/" in text[run[-1][0].end() : part.start()]:
                    yield from self._run(run)
                    run = []
            if kind and part is not None:
                run.append((part, kind))
                continue
            yield from self._run(run)
            run = []

    @staticmethod
    def _run(run: list[tuple[re.Match[str], str]]) -> Iterator[Hit]:
        if len(run) >= 2 and any(kind == "name" for _, kind in run):
            yield "PERSON", run[0][0].start(), run[-1][0].end(), SCORE


def _dates_beside(text: str, start: int, end: int, name: Hit) -> Iterator[Hit]:
    """Full dates in the path segment (``/`` to ``/`` within ``start``-``end``) of a name."""
    segment_start = text.rfind("/", start, name[1]) + 1 or start
    segment_end = text.find("/", name[2], end)
    for date in PATH_DATE.finditer(text, segment_start, end if segment_end < 0 else segment_end):
        yield "DATE_TIME", date.start(), date.end(), SCORE
