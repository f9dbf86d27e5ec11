"""Build client/data/attend.rcc: the icon theme from resources/ and the compiled catalogues.

The .rcc is a build artefact (not committed): `make` rebuilds it when an icon or a .ts
changes, and the wheel and the bundles ship it as package data. Inside it:
``:/icons/attend/...`` (an icon theme with index.theme) and ``:/i18n/attend_<lang>.qm``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt_tools import ROOT, run_tool

from i18n import compile_catalogues

ICONS = ROOT / "resources" / "icons"
OUTPUT = ROOT / "client" / "data" / "attend.rcc"


def qrc_text(entries: list[tuple[str, Path]]) -> str:
    lines = ['<!DOCTYPE RCC><RCC version="1.0">', "<qresource>"]
    for alias, path in entries:
        lines.append(f"  <file alias={quoteattr(alias)}>{escape(str(path))}</file>")
    lines += ["</qresource>", "</RCC>", ""]
    return "\n".join(lines)


def build(output: Path = OUTPUT) -> Path:
    with tempfile.TemporaryDirectory(prefix="attend-rcc-") as tmp:
        entries = [
            (path.relative_to(ROOT / "resources").as_posix(), path)
            for path in sorted(ICONS.rglob("*"))
            if path.is_file()
        ]
        for qm in compile_catalogues(Path(tmp) / "i18n"):
            entries.append((f"i18n/{qm.name}", qm))
        qrc = Path(tmp) / "attend.qrc"
        qrc.write_text(qrc_text(entries), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        # A running Attend maps the .rcc into memory: rewriting it in place would crash that
        # process with SIGBUS. Write a new file beside it and rename it over the old one.
        partial = output.with_name(f".{output.name}.partial")
        try:
            run_tool("rcc", "--binary", str(qrc), "-o", str(partial))
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    print(f"wrote {build(args.output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
