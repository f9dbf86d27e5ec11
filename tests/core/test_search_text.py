"""Search snippets: the words found as the index finds them, one bounded line around them."""

from __future__ import annotations

import time

from client.core.search_text import fold, match_spans, query_words, snippet


def shown(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start : start + length] for start, length in spans]


def test_words_fold_case_and_diacritics_and_split_like_the_index() -> None:
    assert fold("Café ÉTÉ") == "cafe ete"
    assert query_words("  Can't  stop_now ") == ["can", "t", "stop", "now"]
    assert query_words('"*" OR ^') == ["or"]


def test_matches_are_word_starts_then_plain_occurrences() -> None:
    body = "Meeting at the café; we meet again. Unmeet."
    assert shown(body, tuple(match_spans(body, ["meet", "cafe"]))) == ["Meeting", "café", "meet"]
    # No word starts with it (the LIKE fallback matches inside words): plain occurrences.
    assert shown("100% sure_thing", tuple(match_spans("100% sure_thing", ["ure"]))) == ["ure"]
    assert match_spans("Straße", ["sse"]) == []  # folding changes the length: no guessing


def test_snippet_is_one_bounded_line_around_the_first_match() -> None:
    body = "lorem ipsum " * 40 + "the\nneedle\tis <b>here</b> \x00 " + "x" * 10_000
    cut = snippet(body, ["needle", "here"])
    assert cut.text.startswith("…")
    assert cut.text.endswith("…")
    assert len(cut.text) <= 162
    assert "\n" not in cut.text
    assert "\t" not in cut.text
    assert "the needle is <b>here</b> \u2400" in cut.text
    assert shown(cut.text, cut.spans) == ["needle", "here"]
    assert snippet("short", ["short"]).text == "short"
    assert snippet("", ["x"]).spans == ()


def test_hostile_bodies_stay_cheap_and_thin() -> None:
    zalgo = "Z" + "\u0301" * 50_000 + " needle"
    started = time.perf_counter()
    cut = snippet(zalgo, ["zal", "needle"])
    assert cut.text.count("\u0301") <= 6
    far = snippet("a " * 200_000 + "needle", ["needle"])
    assert time.perf_counter() - started < 2.0
    assert far.spans == ()  # past what is scanned: the line shows the start, no highlight
    assert far.text.startswith("a a")
