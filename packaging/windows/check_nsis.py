"""Compile the NSIS installer script against a dummy payload (`make nsis-check`).

The real payload is a Windows build (see .github/workflows/installers.yml); here only the
script is checked: makensis (Debian package nsis) must compile it without warnings into a
Windows executable.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from client import __version__  # noqa: E402

SCRIPT = ROOT / "packaging" / "windows" / "attend.nsi"


def compile_installer(out_dir: Path) -> Path:
    payload = out_dir / "payload"
    (payload / "_internal").mkdir(parents=True)
    (payload / "attend.exe").write_bytes(b"MZ dummy payload for checking the installer script\n")
    (payload / "_internal" / "base_library.zip").write_bytes(b"dummy\n")
    icons = out_dir / "icons"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_icons.py"), str(icons)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    setup = out_dir / f"Attend-{__version__}-setup.exe"
    out = subprocess.run(
        ["makensis", "-V2", "-WX",  # warnings are errors
         f"-DVERSION={__version__}", f"-DPAYLOAD={payload}",
         f"-DICON={icons / 'im.attend.Attend.ico'}", f"-DOUTFILE={setup}", str(SCRIPT)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"makensis failed (exit status {out.returncode})")
    if not setup.read_bytes().startswith(b"MZ"):
        raise SystemExit(f"{setup} is not a Windows executable")
    return setup


def main() -> int:
    if shutil.which("makensis") is None:
        print("nsis-check: makensis is not installed (Debian/Ubuntu: apt-get install nsis)")
        return 1
    with tempfile.TemporaryDirectory(prefix="attend-nsis-") as tmp:
        setup = compile_installer(Path(tmp))
        size = setup.stat().st_size
        print(f"nsis-check: ok, {SCRIPT.name} compiles ({size} bytes with a dummy payload)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
