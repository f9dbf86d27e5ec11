"""Build and check the Debian package from the PyInstaller bundle (`make deb`).

    python packaging/linux/build_deb.py [BUNDLE_DIR] [OUT_DIR]   (default dist/attend, dist)

Layout: the bundle in /opt/attend, /usr/bin/attend -> /opt/attend/attend, the desktop entry,
AppStream metainfo and icons under /usr/share. Depends lists the Debian packages owning the
shared libraries the bundle links to outside itself (found with ldd and dpkg -S). The result
is then checked: dpkg-deb -I and -c, and the unpacked binary's --version.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from client import APP_ID, APP_NAME, __version__  # noqa: E402

LINUX = ROOT / "packaging" / "linux"
PACKAGE = "attend"
PREFIX = Path("opt") / PACKAGE
SVG = ROOT / "resources" / "icons" / "attend" / "scalable" / "apps" / f"{APP_ID}.svg"
DESCRIPTION = f"""\
Description: XMPP chat that shows who is really at their keyboard
 {APP_NAME} is a desktop XMPP client for people who live in their contact list.
 It shows which contacts are at their keyboard, idle, away or long gone, with
 the time since when, and tells others no more about you than you allow.
 .
 This package contains a self-contained build (Python and Qt included)
 installed under /{PREFIX}."""


def run(*command: str, **kw: object) -> str:
    out = subprocess.run(command, capture_output=True, text=True, check=False, **kw)  # type: ignore
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stdout}{out.stderr}")
    return str(out.stdout)


# Qt plugins that Qt loads only if their libraries are there, and does without otherwise: what
# they link to is recommended, not required (the GTK theme plugin alone would pull in GTK 3).
OPTIONAL_PLUGINS = (
    "platformthemes", "platforminputcontexts", "egldeviceintegrations", "printsupport",
    "sqldrivers", "tls", "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration", "generic",
)  # fmt: skip


def external_libraries(bundle: Path) -> tuple[set[str], set[str]]:
    """System libraries that ELF files in ``bundle`` load: (required, only for optional plugins)."""
    required: set[str] = set()
    optional: set[str] = set()
    inside = str(bundle.resolve())
    # At run time PyInstaller's bootloader puts _internal first on the library path, so the
    # copies bundled there win over the system's: resolve the same way.
    env = {**os.environ, "LD_LIBRARY_PATH": str(bundle / "_internal")}
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        is_optional = any(part in OPTIONAL_PLUGINS for part in path.relative_to(bundle).parts)
        out = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, check=False, env=env
        )
        for line in out.stdout.splitlines():
            parts = line.split("=>")
            if len(parts) != 2:
                continue
            target = parts[1].split("(")[0].strip()
            if target.startswith("/") and not os.path.realpath(target).startswith(inside):
                (optional if is_optional else required).add(target)
    return required, optional - required


def owning_packages(libraries: set[str]) -> list[str]:
    """The Debian packages that ship ``libraries`` (by path, or by resolved path)."""
    packages: set[str] = set()
    for lib in sorted(libraries):
        candidates = {lib, os.path.realpath(lib)}
        candidates |= {c.replace("/usr/lib/", "/lib/", 1) for c in list(candidates)}
        candidates |= {c.replace("/lib/", "/usr/lib/", 1) for c in list(candidates)}
        owner = None
        for candidate in sorted(candidates):
            out = subprocess.run(
                ["dpkg", "-S", candidate], capture_output=True, text=True, check=False
            )
            if out.returncode == 0:
                owner = out.stdout.split(":")[0].strip()
                break
        if owner is None:
            raise SystemExit(f"no Debian package ships {lib}; install it from a package first")
        packages.add(owner)
    return sorted(packages)


def stage(bundle: Path, icons: Path, root: Path) -> None:
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / PACKAGE).symlink_to(f"/{PREFIX}/{PACKAGE}")
    share = root / "usr" / "share"
    for source, target in (
        (LINUX / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"),
        (LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml"),
        (SVG, share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for png in sorted((icons / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        target = share / "icons" / "hicolor" / png.relative_to(icons / "hicolor")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {APP_NAME}\n\n"
        "Files: *\nCopyright: Attend contributors\nLicense: GPL-3.0-or-later\n"
        " On Debian systems the full text is in /usr/share/common-licenses/GPL-3.\n"
        " The bundle under /opt/attend also contains Python, Qt (LGPL-3.0), PySide6,\n"
        " slixmpp, qasync and keyring under their own licences.\n"
    )
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        # Debian wants 755 directories and executables, 644 for the rest, root-owned.
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)


def control(root: Path, depends: list[str], recommends: list[str]) -> str:
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    arch = run("dpkg", "--print-architecture").strip()
    fields = [
        f"Package: {PACKAGE}",
        f"Version: {__version__}",
        f"Architecture: {arch}",
        "Maintainer: Attend contributors <attend@localhost>",
        f"Installed-Size: {size // 1024}",
        f"Depends: {', '.join(depends)}",
        *([f"Recommends: {', '.join(recommends)}"] if recommends else []),
        "Suggests: gnome-keyring | kwalletmanager",
        "Section: net",
        "Priority: optional",
        DESCRIPTION,
    ]
    return "\n".join(fields) + "\n"


def build(bundle: Path, out_dir: Path) -> Path:
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"no bundle at {bundle} (run `make bundle` first)")
    with tempfile.TemporaryDirectory(prefix="attend-deb-") as tmp:
        icons = Path(tmp) / "icons"
        run(sys.executable, str(ROOT / "tools" / "make_icons.py"), str(icons))
        root = Path(tmp) / "root"
        stage(bundle, icons, root)
        required, optional = external_libraries(root / PREFIX)
        depends = owning_packages(required)
        recommends = [p for p in owning_packages(optional) if p not in depends]
        (root / "DEBIAN").mkdir(mode=0o755)
        (root / "DEBIAN" / "control").write_text(control(root, depends, recommends))
        arch = run("dpkg", "--print-architecture").strip()
        out_dir.mkdir(parents=True, exist_ok=True)
        deb = out_dir / f"{PACKAGE}_{__version__}_{arch}.deb"
        # zstd: several times faster than xz for ~200 MB, and dpkg reads it since Debian 12.
        run("dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(root), str(deb))
    return deb


def check(deb: Path) -> None:
    """What `make deb` promises: the metadata, the file list, and a binary that runs."""
    info = run("dpkg-deb", "-I", str(deb))
    for field in (f"Package: {PACKAGE}", f"Version: {__version__}", "Depends: "):
        if field not in info:
            raise SystemExit(f"{deb.name}: control lacks {field!r}:\n{info}")
    listing = run("dpkg-deb", "-c", str(deb))
    expected = (
        f"./usr/bin/{PACKAGE} -> /{PREFIX}/{PACKAGE}",
        f"./{PREFIX}/{PACKAGE}",
        f"./usr/share/applications/{APP_ID}.desktop",
        f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        f"./usr/share/icons/hicolor/48x48/apps/{APP_ID}.png",
        "client/data/attend.rcc",
    )
    for needle in expected:
        if needle not in listing:
            raise SystemExit(f"{deb.name}: no {needle!r} in dpkg-deb -c")
    if " root/root " not in listing or any(
        " root/root " not in line for line in listing.splitlines() if line
    ):
        raise SystemExit(f"{deb.name}: files not owned by root")
    with tempfile.TemporaryDirectory(prefix="attend-deb-check-") as tmp:
        run("dpkg-deb", "-x", str(deb), tmp)
        version = run(str(Path(tmp) / PREFIX / PACKAGE), "--version", timeout=60).strip()
        if version != f"{APP_NAME} {__version__}":
            raise SystemExit(f"unpacked binary says {version!r}")
        if shutil.which("desktop-file-validate"):
            run(
                "desktop-file-validate",
                str(Path(tmp) / "usr/share/applications" / f"{APP_ID}.desktop"),
            )
    depends = next(line for line in info.splitlines() if " Depends:" in line).strip()
    files = len(listing.splitlines())
    print(f"deb: ok {deb} ({deb.stat().st_size / 1e6:.0f} MB, {files} entries)")
    print(f"deb: {depends}")
    print(f"deb: unpacked /{PREFIX}/{PACKAGE} --version: {version}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("bundle", type=Path, nargs="?", default=ROOT / "dist" / PACKAGE)
    parser.add_argument("out_dir", type=Path, nargs="?", default=ROOT / "dist")
    parser.add_argument("--check-only", type=Path, metavar="DEB", help="only check DEB")
    args = parser.parse_args(argv)
    deb = args.check_only or build(args.bundle, args.out_dir)
    check(deb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
