"""The extraction helper (translate() wrappers spelled out) and the catalogue checks."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import check_i18n  # noqa: E402

import i18n  # noqa: E402

WRAPPED = """
from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("Ctx", text)


def _trn(text: str, n: int, note: str | None = None) -> str:
    return QCoreApplication.translate("Ctx", text, note, n)


def _maybe_plural(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Ctx", text, None, n)


def _clever(text: str, note: str = "") -> str:
    return QCoreApplication.translate("Ctx", text, note or None)


a = _tr("plain")
b = _tr(
    "over two lines"
)
c = _trn("%n files", 3, note="a comment")
d = _tr(some_variable)
e = _clever("left alone")
f = _trn("%n dirs", 2)
g = _maybe_plural("not a plural")
h = _maybe_plural("%n plural", count)
"""


def test_wrapper_calls_are_spelled_out_keeping_lines() -> None:
    out = i18n.spell_out_wrappers(WRAPPED)
    assert 'a = QCoreApplication.translate("Ctx", "plain")' in out
    assert 'QCoreApplication.translate("Ctx", "over two lines"' in out
    assert 'c = QCoreApplication.translate("Ctx", "%n files", "a comment", 3)' in out
    assert 'f = QCoreApplication.translate("Ctx", "%n dirs", None, 2)' in out
    assert 'g = QCoreApplication.translate("Ctx", "not a plural")' in out
    assert 'h = QCoreApplication.translate("Ctx", "%n plural", None, count)' in out
    assert 'e = _clever("left alone")' in out
    assert out.count("\n") == WRAPPED.count("\n")
    lines, original = out.splitlines(), WRAPPED.splitlines()
    for i, line in enumerate(original):
        if line.startswith(("c =", "d =")):
            assert lines[i].startswith(line[:4])


def _ts(tmp_path: Path, body: str, language: str = "pl") -> Path:
    path = tmp_path / f"attend_{language}.ts"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        f'<TS version="2.1" language="{language}" sourcelanguage="en">\n'
        f"<context><name>Ctx</name>{body}</context></TS>\n",
        encoding="utf-8",
    )
    return path


def test_check_finds_unfinished_obsolete_and_missing_plural_forms(tmp_path: Path) -> None:
    body = (
        "<message><source>a</source><translation type='unfinished'></translation></message>"
        "<message><source>b</source><translation type='vanished'>B</translation></message>"
        "<message numerus='yes'><source>%n x</source><translation>"
        "<numerusform>%n x1</numerusform><numerusform>%n x2</numerusform></translation></message>"
        "<message><source>&amp;Open %1</source><translation>Otwórz %2</translation></message>"
        "<message><source>ok</source><translation>dobrze</translation></message>"
    )
    problems = "\n".join(check_i18n.check_messages(_ts(tmp_path, body), "pl"))
    assert "'a': unfinished" in problems
    assert "'b': vanished" in problems
    assert "2 plural forms, pl needs 3" in problems
    assert "placeholders differ" in problems
    assert "shortcut marker differs" in problems
    assert "'ok'" not in problems
