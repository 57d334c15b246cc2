"""A regex scan tried only where one of its literal beginnings occurs: the same matches.

Patterns that open with a look-behind and an alternation of cue words in any case
(``(?<![\\w-])(?i:agent|officer|...)``) give the regex engines nothing to skip ahead with:
they try the whole pattern at every character (~50-100 µs per 1 KB text each). Every match
of such a pattern begins with one of a few literal strings (``literal_prefixes``: "agent",
"offi", ...). :class:`AnchoredScan` finds those with ``str.find`` in the lower-cased text
and tries the pattern (``match``) only there, in order, skipping candidates inside a match
found, which is what ``finditer`` returns (leftmost, non-overlapping; the patterns never
match the empty string).

The lower-cased text stands in for case-insensitive matching only where that is exact:
``text.lower()`` has one character per character of ``text`` and each character the
patterns' ``(?i)`` letters match lowers to that letter, except the characters of
``CASE_SPECIAL`` (dotted and dotless i, long s, ...: tests/unit/pii/test_anchored_scan.py
checks all of Unicode for both engines). A text holding one of them is scanned as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# What an anchor may hold: tab and the printable characters up to U+024F (Latin, with
# Latin-1 and Latin Extended-A/B) that lower-case to themselves, but for three that match
# other letters under (?i): dotless i ("I"), long s ("S"), micro sign (Greek mu).
ANCHOR_ALPHABET = frozenset(
    c
    for c in map(chr, (9, *range(0x20, 0x250)))
    if (c == "\t" or c.isprintable()) and c.lower() == c and c not in "ıſµ"
)
# Characters that some character of ANCHOR_ALPHABET matches under (?i), in re or regex,
# and that do not lower-case to it.
CASE_SPECIAL = "İıſ\ua7dc\U0001df95"
_CASE_SPECIAL = re.compile(f"[{CASE_SPECIAL}]")
# Anchors are cut to this many characters (shorter: fewer anchors to look for).
ANCHOR_CHARS = 5
# regex-module properties (\p{Lu}), read as \d by the stdlib parser that reads the prefixes:
# a class ends a prefix anyway, and \d is one inside and outside brackets and never reduced
# to a literal as a one-letter set would be.
_REGEX_CLASSES = re.compile(r"\\[pP]\{\w+\}")


@functools.lru_cache(maxsize=8)
def lowered(text: str) -> str | None:
    """``text.lower()`` when it lines up with ``text`` for the anchors, else None."""
    if _CASE_SPECIAL.search(text) is not None:
        return None
    lower = text.lower()
    return lower if len(lower) == len(text) else None


def literal_prefixes(source: str, flags: int = 0) -> tuple[frozenset[str], frozenset[str]]:
    """Strings one of which every match of the pattern ``source`` begins with: (lower-case
    prefixes to find in the lower-cased text, prefixes to find as written).

    Raises:
        ValueError: some match may begin otherwise (no literal, or a letter outside
            ANCHOR_ALPHABET).
    """
    parsed = _parser.parse(_REGEX_CLASSES.sub(r"\\d", source), flags)
    found, _ = _prefixes(list(parsed), bool(parsed.state.flags & sre.SRE_FLAG_IGNORECASE))
    if not found or any(not text for text, _ in found):
        raise ValueError(f"no literal beginning for every match of {source[:60]!r}")
    lower = {text[:ANCHOR_CHARS].lower() for text, exact in found if not exact}
    as_written = {text[:ANCHOR_CHARS] for text, exact in found if exact}
    return _shortest(lower), _shortest(as_written)


def _shortest(prefixes: set[str]) -> frozenset[str]:
    """The prefixes without those that begin with another one (found there anyway)."""
    return frozenset(p for p in prefixes if not any(q != p and p.startswith(q) for q in prefixes))


Prefix = tuple[str, bool]  # text, True when matched as written (no IGNORECASE)


def _prefixes(items: list[tuple[Any, Any]], ignore_case: bool) -> tuple[set[Prefix], bool]:
    """Prefixes of a sequence of parsed items, and whether each is all of its match."""
    found: set[Prefix] = {("", True)}
    for index, (op, av) in enumerate(items):
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero width
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0:
            # optional: the match begins with the repeated part or with what follows it
            first, _ = _prefixes(list(av[2]), ignore_case)
            rest, _ = _prefixes(items[index + 1 :], ignore_case)
            return _join(found, first | rest), False
        if op is sre.LITERAL:
            char = chr(av)
            if char.lower() not in ANCHOR_ALPHABET:
                return found, False
            found = {(text + char, exact and not ignore_case) for text, exact in found}
        elif op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            inner_case = (ignore_case or bool(add_flags & sre.SRE_FLAG_IGNORECASE)) and not (
                del_flags & sre.SRE_FLAG_IGNORECASE
            )
            inner, complete = _prefixes(list(sub), inner_case)
            found = _join(found, inner)
            if not complete:
                return found, False
        elif op is sre.BRANCH:
            inner = set()
            complete = True
            for alternative in av[1]:
                alt, alt_complete = _prefixes(list(alternative), ignore_case)
                inner |= alt
                complete = complete and alt_complete
            found = _join(found, inner)
            if not complete:
                return found, False
        else:
            return found, False
        if all(len(text) >= ANCHOR_CHARS for text, _ in found):
            return {(text[:ANCHOR_CHARS], exact) for text, exact in found}, False
    return found, True


def alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source ("a|(b|c)|[|]" -> a, (b|c), [|])."""
    parts: list[str] = []
    depth = 0
    class_first = -1  # inside brackets: the index of the first character of the set
    start = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if class_first >= 0:
            if char == "]" and index > class_first:  # "[]...]", "[^]...]" hold a "]"
                class_first = -1
        elif char == "[":
            class_first = index + 2 if source.startswith("^", index + 1) else index + 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    return parts


def may_begin_with(alternative: str, word: str) -> bool:
    """False when no match of the case-insensitive ``alternative`` can begin where a word
    lower-casing to ``word`` (no character of CASE_SPECIAL in it) stands: none of its
    literal prefixes begins with the word or is the beginning of it."""
    prefixes = _lower_case_prefixes(alternative)
    return prefixes is None or any(p.startswith(word) or word.startswith(p) for p in prefixes)


@functools.cache
def _lower_case_prefixes(alternative: str) -> tuple[str, ...] | None:
    """The literal prefixes of the case-insensitive ``alternative`` in lower case; None
    when it has none."""
    try:
        lower, as_written = literal_prefixes(f"(?i:{alternative})")
    except ValueError:
        return None
    return (*lower, *(p.lower() for p in as_written))


def _join(found: set[Prefix], inner: set[Prefix]) -> set[Prefix]:
    return {(a + b, exact_a and exact_b) for a, exact_a in found for b, exact_b in inner}


class AnchoredScan:
    """``finditer`` of ``pattern`` (``re`` or ``regex``, never matching the empty string),
    tried only where one of its literal prefixes occurs."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern
        # re.IGNORECASE and regex.IGNORECASE are the same bit
        self.lower, self.as_written = literal_prefixes(
            pattern.pattern, pattern.flags & re.IGNORECASE
        )

    def finditer(self, text: str) -> Iterator[Any]:
        """The matches ``self.pattern.finditer(text)`` yields, in order."""
        lower = lowered(text)
        if lower is None:
            return self.pattern.finditer(text)  # type: ignore[no-any-return]
        starts = set()
        for anchors, haystack in ((self.lower, lower), (self.as_written, text)):
            for anchor in anchors:
                find = haystack.find
                at = find(anchor)
                while at >= 0:
                    starts.add(at)
                    at = find(anchor, at + 1)
        if not starts:
            return iter(())
        return self._matches(text, sorted(starts))

    def _matches(self, text: str, starts: list[int]) -> Iterator[Any]:
        match = self.pattern.match
        end = 0
        for start in starts:
            if start < end:
                continue
            found = match(text, start)
            if found is not None:
                yield found
                end = max(found.end(), start + 1)
