"""Validate the Linux desktop entry and AppStream metainfo; run by `make lint` (so `make test`).

Uses desktop-file-validate (desktop-file-utils) and `appstreamcli validate --no-net`
(appstream). Where a validator is not installed (not Debian/Ubuntu, no `make sysdeps`) that
check is skipped with a message saying so, and the exit status stays 0.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "im.attend.Attend.desktop"
METAINFO = LINUX / "im.attend.Attend.metainfo.xml"


def validators(desktop: Path = DESKTOP, metainfo: Path = METAINFO) -> list[tuple[str, list[str]]]:
    return [
        ("desktop-file-validate", ["desktop-file-validate", str(desktop)]),
        ("appstreamcli", ["appstreamcli", "validate", "--no-net", "--explain", str(metainfo)]),
    ]


def run(checks: list[tuple[str, list[str]]]) -> int:
    failed = 0
    for tool, command in checks:
        if shutil.which(tool) is None:
            print(
                f"check_desktop_files: SKIPPED {Path(command[-1]).name}: {tool} is not installed"
                " (Debian/Ubuntu: `make sysdeps` installs desktop-file-utils and appstream)"
            )
            continue
        out = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
        if out.returncode != 0:
            failed += 1
            print(f"check_desktop_files: {Path(command[-1]).name} is invalid:", file=sys.stderr)
            sys.stderr.write(out.stdout + out.stderr)
        else:
            print(f"check_desktop_files: ok {Path(command[-1]).name} ({tool})")
    return 1 if failed else 0


def main() -> int:
    return run(validators())


if __name__ == "__main__":
    raise SystemExit(main())
