"""Chat text made safe: bodies XML can carry, and display text that cannot freeze a view."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

# Outgoing: the escaped body must fit in the smallest stanza limit servers commonly use
# (64 KiB; Prosody's default is 256 KiB). A stanza over the limit makes the server close the
# stream, and our outbox would then re-send it after every reconnect, forever.
MAX_BODY_BYTES = 48_000

# Display: one message shows at most this much; the stored body is never cut.
DISPLAY_CHARS = 4_000
DISPLAY_LINES = 60
# Zalgo text stacks hundreds of combining marks on one letter; a few are real-world usage.
MAX_COMBINING = 6

ELLIPSIS = "…"
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")
# ASCII that display_text() would change: controls other than "\n".
_ASCII_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class BodyError(ValueError):
    """A message the user typed cannot be sent as it is; the message is one line."""


def clean_outgoing(text: str) -> str:
    """``text`` as a chat body: characters XML 1.0 cannot carry removed, line ends unified,
    surrounding blank lines dropped. BodyError when nothing is left or it is too long."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body = "".join(c for c in text if _xml_char(c)).strip("\n")
    if not body.strip():
        raise BodyError("the message is empty")
    size = len(escape(body).encode("utf-8"))
    if size > MAX_BODY_BYTES:
        raise BodyError(
            f"the message is too long ({size:,} bytes; at most {MAX_BODY_BYTES:,} can be sent)"
        )
    return body


def _xml_char(c: str) -> bool:
    """XML 1.0 §2.2 Char, minus the discouraged C1 controls and noncharacters."""
    code = ord(c)
    if code < 0x20:
        return c in "\t\n"
    if 0x7F <= code <= 0x9F:
        return False
    if 0xD800 <= code <= 0xDFFF:
        return False
    return code not in (0xFFFE, 0xFFFF)


@dataclass(frozen=True, slots=True)
class DisplayText:
    text: str
    truncated: bool


def display_text(
    body: str, max_chars: int = DISPLAY_CHARS, max_lines: int = DISPLAY_LINES
) -> DisplayText:
    """``body`` ready to paint as plain text: control characters made visible, combining-mark
    pile-ups thinned, and cut to ``max_chars`` characters and ``max_lines`` lines."""
    if (
        len(body) <= max_chars
        and body.isascii()
        and body.count("\n") < max_lines
        and not _ASCII_CONTROLS.search(body)
    ):
        # Most messages: nothing to change, and no character-by-character loop in Python
        # (laying out thousands of rows of scroll-back at once spent half its time here).
        return DisplayText(body, False)
    out: list[str] = []
    lines = 1
    combining = 0
    truncated = False
    # Look at a bounded prefix only: a 1 MB body must not cost a full scan per repaint.
    for c in body[: max_chars * 4]:
        if len(out) >= max_chars:
            truncated = True
            break
        if c == "\n" or c in _LINE_SEPARATORS:
            lines += 1
            if lines > max_lines:
                truncated = True
                break
            out.append("\n")
            combining = 0
            continue
        if c == "\t":
            out.append("    ")
            combining = 0
            continue
        piece, combining = display_char(c, combining)
        if piece:
            out.append(piece)
    else:
        truncated = len(body) > max_chars * 4
    text = "".join(out)
    if truncated:
        text = text.rstrip() + ELLIPSIS
    return DisplayText(text, truncated)


def display_char(c: str, combining: int) -> tuple[str, int]:
    """How one character of someone else's text is shown, and the combining-mark run after it.

    Controls become their visible symbols (U+2400 block: ␀ ␛ ␡), C1 controls and lone
    surrogates U+FFFD, and a pile-up of combining marks is thinned to MAX_COMBINING: shown
    as-is they would hide text, reorder nothing useful, or paint far outside their line.
    """
    code = ord(c)
    if code < 0x20:
        return chr(0x2400 + code), 0
    if code == 0x7F:
        return "\u2421", combining
    if 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return "\ufffd", combining
    if unicodedata.category(c) in ("Mn", "Me"):
        combining += 1
        return ("" if combining > MAX_COMBINING else c), combining
    return c, 0


def elide_line(text: str, max_chars: int = 80) -> str:
    """One line for tab titles, notifications and lists: whitespace runs become one space,
    controls are made visible, the result is cut to ``max_chars`` with an ellipsis."""
    flat = " ".join(text[: max_chars * 8].split())
    shown = display_text(flat, max_chars=max_chars, max_lines=1).text
    if len(flat) > max_chars and not shown.endswith(ELLIPSIS):
        shown += ELLIPSIS
    return shown


def isolate(text: str) -> str:
    """Wrap ``text`` in Unicode FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, so right-to-left
    text (or a stray override character) cannot reorder what is printed around it."""
    return f"\u2068{text}\u2069"
