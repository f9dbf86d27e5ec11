"""Run the Qt tools that PySide6-Essentials ships (lupdate, lrelease, rcc) on any OS."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def qt_tool(name: str) -> list[str]:
    """The command prefix that runs ``pyside6-<name>`` with this interpreter.

    Going through PySide6's own wrapper finds the binary inside the wheel on every platform
    (bin/, Scripts\\ and libexec/ differ), with no reliance on PATH or on the venv's scripts.
    """
    code = (
        "import sys; from PySide6.scripts import pyside_tool as t; "
        f"sys.argv[0] = 'pyside6-{name}'; t.{name}()"
    )
    return [sys.executable, "-c", code]


def run_tool(name: str, *args: str, quiet: bool = True) -> None:
    """Run a Qt tool; on failure show its output and raise SystemExit."""
    out = subprocess.run(
        [*qt_tool(name), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"pyside6-{name} failed (exit status {out.returncode})")
    if not quiet:
        sys.stdout.write(out.stdout)
