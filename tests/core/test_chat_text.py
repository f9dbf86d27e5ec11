"""Outgoing bodies XML can carry; display text bounded whatever a contact sends."""

from __future__ import annotations

import time

import pytest

from client.core.chat_text import (
    DISPLAY_CHARS,
    MAX_BODY_BYTES,
    MAX_COMBINING,
    BodyError,
    DisplayText,
    clean_outgoing,
    display_text,
    elide_line,
    isolate,
)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("hello", "hello"),
        ("\n\nline one\r\nline two\n\n", "line one\nline two"),
        ("tab\there", "tab\there"),
        ("nul\x00 esc\x1b bell\x07", "nul esc bell"),
        ("c1\x85\x9f del\x7f", "c1 del"),
        ("nonchar\ufffe\uffff", "nonchar"),
        ("  indented", "  indented"),
        ("שלום e\u0301", "שלום e\u0301"),
    ],
)
def test_clean_outgoing(typed: str, sent: str) -> None:
    assert clean_outgoing(typed) == sent


@pytest.mark.parametrize("typed", ["", "   ", "\n\n", "\x00\x01", " \r\n "])
def test_empty_messages_are_refused(typed: str) -> None:
    with pytest.raises(BodyError, match="empty"):
        clean_outgoing(typed)


def test_too_long_is_refused_counting_xml_escaping() -> None:
    clean_outgoing("a" * MAX_BODY_BYTES)
    with pytest.raises(BodyError, match="too long"):
        clean_outgoing("a" * (MAX_BODY_BYTES + 1))
    with pytest.raises(BodyError, match="too long"):
        clean_outgoing("&" * (MAX_BODY_BYTES // 4))  # each becomes &amp;


def test_display_makes_controls_visible_and_keeps_text() -> None:
    shown = display_text("a\x00b\x1b[31mc\x7fd\x9fe\tf")
    assert shown.text == "a␀b␛[31mc␡d\ufffde    f"
    assert not shown.truncated
    assert display_text("שלום\u2028مرحبا").text == "שלום\nمرحبا"


def test_display_thins_combining_pileups() -> None:
    zalgo = "Z" + "\u0301" * 1000 + "a" + "\u0308" * 3
    shown = display_text(zalgo).text
    assert shown == "Z" + "\u0301" * MAX_COMBINING + "a" + "\u0308" * 3


def test_display_is_bounded_in_chars_and_lines() -> None:
    long = display_text("x" * 1_000_000)
    assert long.truncated
    assert len(long.text) == DISPLAY_CHARS + 1
    assert long.text.endswith("…")
    tall = display_text("line\n" * 1000, max_lines=5)
    assert tall.truncated
    assert tall.text.count("\n") == 4
    assert not display_text("short").truncated


def test_display_of_hostile_megabyte_is_fast() -> None:
    hostile = ("\u0301" * 50 + "\x00\u202e" + "ب" * 20 + "\n") * 20_000
    start = time.perf_counter()
    for _ in range(10):
        display_text(hostile)
    elapsed = (time.perf_counter() - start) / 10
    assert elapsed < 0.5  # very generous; typically a few ms


def test_elide_line() -> None:
    assert elide_line("one\ntwo   three") == "one two three"
    assert elide_line("x" * 100, 10) == "x" * 10 + "…"
    assert elide_line("a\x00b") == "a␀b"
    assert isolate("مرحبا") == "\u2068مرحبا\u2069"


@pytest.mark.parametrize(
    ("body", "shown", "truncated"),
    [
        ("plain ascii", "plain ascii", False),
        ("two\nlines", "two\nlines", False),
        ("tab\there", "tab    here", False),
        ("bell\x07 del\x7f", "bell\u2407 del\u2421", False),
        ("\n" * 59, "\n" * 59, False),
        ("x\n" * 60, "x\n" * 59 + "x…", True),
        ("x" * 4000, "x" * 4000, False),
        ("x" * 4001, "x" * 4000 + "…", True),
    ],
)
def test_display_of_plain_ascii_takes_the_short_way_to_the_same_result(
    body: str, shown: str, truncated: bool
) -> None:
    assert display_text(body) == DisplayText(shown, truncated)
