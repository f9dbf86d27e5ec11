"""Translation catalogues: extract strings with pyside6-lupdate, compile them with lrelease.

`python tools/i18n.py update` (= `make i18n`) refreshes i18n/attend_*.ts from client/**/*.py:
new strings arrive unfinished for translators, strings gone from the source are dropped.
`python tools/i18n.py compile DIR` writes DIR/attend_*.qm with pyside6-lrelease.

lupdate only sees literal ``QCoreApplication.translate("Context", "text", ...)`` calls. The
code base also uses one-line wrappers such as::

    def _tr(text: str) -> str:
        return QCoreApplication.translate("MainWindow", text)

so extraction runs on a temporary copy of the sources in which every call of such a wrapper is
spelled out as the translate() call it makes, keeping every line where it was.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt_tools import ROOT, run_tool

SOURCE_DIR = ROOT / "client"
TS_DIR = ROOT / "i18n"
CATALOGUE = "attend"
# Plural forms per language, as Qt counts them (numerusform entries in a .ts file).
PLURAL_FORMS = {"en": 2, "de": 2, "pl": 3}
TRANSLATE_NAMES = {"translate"}


def ts_path(language: str, directory: Path = TS_DIR) -> Path:
    return directory / f"{CATALOGUE}_{language}.ts"


def source_files() -> list[Path]:
    return sorted(SOURCE_DIR.rglob("*.py"), key=lambda p: p.relative_to(ROOT).as_posix())


@dataclass(frozen=True)
class _Wrapper:
    """A function whose whole body is ``return QCoreApplication.translate(<template>)``."""

    params: tuple[str, ...]
    defaults: dict[str, str]
    template: tuple[tuple[bool, str], ...]  # (is_parameter, parameter name or source text)


def _is_translate_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in TRANSLATE_NAMES


def _find_wrappers(tree: ast.Module, source: str) -> dict[str, _Wrapper]:
    wrappers: dict[str, _Wrapper] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        body = [
            s
            for s in node.body
            if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        ]
        if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
            continue
        call = body[0].value
        if not _is_translate_call(call) or not isinstance(call, ast.Call) or call.keywords:
            continue
        params = tuple(a.arg for a in node.args.args)
        if len(call.args) < 2:
            continue
        context, text = call.args[0], call.args[1]
        if not (isinstance(context, ast.Constant) and isinstance(context.value, str)):
            continue
        if not (isinstance(text, ast.Name) and text.id in params):
            continue
        template: list[tuple[bool, str]] = []
        for arg in call.args:
            if isinstance(arg, ast.Name) and arg.id in params:
                template.append((True, arg.id))
            elif any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(arg)):
                break  # an expression of the parameters: too clever to spell out
            else:
                template.append((False, ast.get_source_segment(source, arg) or "None"))
        if len(template) != len(call.args):
            continue
        defaults = {
            a.arg: ast.get_source_segment(source, d) or "None"
            for a, d in zip(
                node.args.args[len(node.args.args) - len(node.args.defaults) :],
                node.args.defaults,
                strict=True,
            )
        }
        wrappers[node.name] = _Wrapper(params, defaults, tuple(template))
    return wrappers


def _offset(lines: list[str], lineno: int, col: int) -> int:
    """Character offset of ast's (1-based line, UTF-8 byte column) in the joined source."""
    before = sum(len(line) for line in lines[: lineno - 1])
    return before + len(lines[lineno - 1].encode()[:col].decode())


def spell_out_wrappers(source: str) -> str:
    """``source`` with each call of a translate() wrapper replaced by that translate() call.

    Line numbers stay the same (a shorter replacement is padded with newlines inside the
    parentheses), so lupdate's messages point at the real lines.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    wrappers = _find_wrappers(tree, source)
    if not wrappers:
        return source
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        wrapper = wrappers.get(node.func.id)
        if wrapper is None or node.end_lineno is None or node.end_col_offset is None:
            continue
        given = dict(zip(wrapper.params, node.args, strict=False))
        given.update({k.arg: k.value for k in node.keywords if k.arg is not None})
        values: dict[str, str] = dict(wrapper.defaults)
        for name, arg in given.items():
            values[name] = ast.get_source_segment(source, arg) or "None"
        if any(is_param and name not in values for is_param, name in wrapper.template):
            continue
        args = [values[part] if is_param else part for is_param, part in wrapper.template]
        # Arguments the call left at the wrapper's defaults are dropped from the end, so
        # `_tr("x")` for `def _tr(text, n=-1)` is not mistaken for a plural (any 4th argument
        # makes lupdate write a numerus message).
        explicit = [(not is_param) or part in given for is_param, part in wrapper.template]
        while len(args) > 2 and (not explicit[len(args) - 1] or args[-1] == "None"):
            args.pop()
        text = "QCoreApplication.translate(" + ", ".join(args) + ")"
        start = _offset(lines, node.lineno, node.col_offset)
        end = _offset(lines, node.end_lineno, node.end_col_offset)
        missing = source[start:end].count("\n") - text.count("\n")
        if missing > 0:
            text = text[:-1] + "\n" * missing + ")"
        edits.append((start, end, text))
    # Innermost calls never contain a wrapper call themselves in practice; apply from the end.
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def lupdate(languages: list[str], ts_dir: Path, *, keep_vanished: bool = False) -> None:
    """Merge the current source strings into ``ts_dir``'s catalogues (created when missing)."""
    with tempfile.TemporaryDirectory(prefix="attend-lupdate-") as tmp:
        copies: list[str] = []
        for path in source_files():
            rel = path.relative_to(ROOT)
            target = Path(tmp) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(spell_out_wrappers(path.read_text(encoding="utf-8")), "utf-8")
            copies.append(str(target))
        for language in languages:
            ts = ts_path(language, ts_dir)
            args = [*copies, "-ts", str(ts), "-locations", "none", "-silent"]
            args += ["-source-language", "en", "-target-language", language]
            if not keep_vanished:
                args.append("-no-obsolete")
            if language == "en":
                # The source strings are English: only plural forms need an English catalogue.
                args.append("-pluralonly")
            run_tool("lupdate", *args)


def update() -> None:
    TS_DIR.mkdir(exist_ok=True)
    lupdate(sorted(PLURAL_FORMS), TS_DIR)
    print(f"updated {', '.join(ts_path(lang).name for lang in sorted(PLURAL_FORMS))}")
    print("new strings are marked unfinished: translate them (Qt Linguist or any editor), then")
    print("run `python tools/check_i18n.py`")


def compile_catalogues(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language in sorted(PLURAL_FORMS):
        qm = out_dir / f"{CATALOGUE}_{language}.qm"
        run_tool("lrelease", "-silent", str(ts_path(language)), "-qm", str(qm))
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="refresh i18n/*.ts from the source (make i18n)")
    compile_ = commands.add_parser("compile", help="compile i18n/*.ts into DIR/*.qm")
    compile_.add_argument("out_dir", type=Path, nargs="?", default=TS_DIR)
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    else:
        for qm in compile_catalogues(args.out_dir):
            print(f"wrote {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
