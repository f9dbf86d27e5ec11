"""Search hits as one line of plain text around the first match, with the matched spans."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from client.core.chat_text import ELLIPSIS, display_char

SNIPPET_CHARS = 160
CONTEXT_CHARS = 40
# A body can be as large as a server lets a stanza be; matches are looked for in this much.
SCAN_CHARS = 300_000
# Words as SQLite's unicode61 tokenizer sees them, near enough: letters, digits and marks
# ("_" and punctuation separate words).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str  # one line, plain text, never markup
    spans: tuple[tuple[int, int], ...]  # (start, length) of each match in ``text``


def fold(text: str) -> str:
    """Case and diacritics removed, as the search index compares words ("Café" → "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_words(text: str) -> list[str]:
    """The folded words of a search, split where the index splits them ("can't" → can, t)."""
    return _WORD.findall(fold(text))


def match_spans(body: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, length) of every word of ``body`` that starts with one of ``words``; where no
    word does (the LIKE fallback matches inside words), of every plain occurrence."""
    if not words:
        return []
    scanned = body[:SCAN_CHARS]
    spans = [
        (m.start(), m.end() - m.start())
        for m in _WORD.finditer(scanned)
        if any(fold(m.group()).startswith(w) for w in words)
    ]
    if spans:
        return spans
    lowered = scanned.casefold()
    if len(lowered) != len(scanned):  # "ß" → "ss": offsets would no longer line up
        return []
    for word in words:
        start = lowered.find(word)
        while start >= 0:
            spans.append((start, len(word)))
            start = lowered.find(word, start + len(word))
    return sorted(spans)


def snippet(
    body: str, words: list[str], width: int = SNIPPET_CHARS, context: int = CONTEXT_CHARS
) -> Snippet:
    """One line of ``body`` around its first match: whitespace runs as one space, controls
    shown as symbols, combining-mark pile-ups thinned, "…" where it was cut."""
    spans = match_spans(body, words)
    start = 0
    if spans and spans[0][0] > context:
        start = spans[0][0] - context
        # Begin at a word if one starts nearby, not in the middle of one.
        space = body.find(" ", start, spans[0][0])
        if 0 <= space < start + context // 2:
            start = space + 1
    end = min(len(body), start + width)
    out: list[str] = [ELLIPSIS] if start > 0 else []
    where: dict[int, int] = {}  # index in body → index in out
    combining = 0
    for i in range(start, end):
        where[i] = len(out)
        c = body[i]
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            combining = 0
            continue
        piece, combining = display_char(c, combining)
        if piece:
            out.append(piece)
    where[end] = len(out)
    if end < len(body):
        out.append(ELLIPSIS)
    shown: list[tuple[int, int]] = []
    for span_start, length in spans:
        if span_start < start or span_start >= end:
            continue
        first = where[span_start]
        last = where[min(end, span_start + length)]
        if last > first:
            shown.append((first, last - first))
    return Snippet("".join(out), tuple(shown))
