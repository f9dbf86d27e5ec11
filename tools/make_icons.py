"""Render the app icon SVG into PNGs, a Windows .ico and a macOS .icns (build artefacts).

`python tools/make_icons.py [OUT_DIR]` (default build/icons) writes:
- hicolor/<N>x<N>/apps/im.attend.Attend.png for the Linux package,
- im.attend.Attend.ico (16-256 px, PNG-compressed entries, as Windows Vista and later read),
- im.attend.Attend.icns (ic11-ic14 and ic07-ic10: 16@2x up to 512@2x, PNG payloads).
Qt renders the SVG; the two container formats are simple enough to write here, and Qt's own
image plugins read them back as a check.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "im.attend.Attend"
SVG = ROOT / "resources" / "icons" / "attend" / "scalable" / "apps" / f"{APP_ID}.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# icns element types, each holding a PNG of this many pixels.
ICNS_TYPES = (
    (b"ic11", 32),  # 16x16@2x
    (b"ic12", 64),  # 32x32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128x128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256x256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512x512@2x
)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + ICONDIRENTRYs + PNG payloads (sizes up to 256; 256 is stored as 0)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        edge = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns_file(chunks: list[tuple[bytes, bytes]]) -> bytes:
    """'icns' + total length, then (type, length incl. 8-byte header, PNG) per element."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in chunks)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_back(path: Path, fmt: bytes) -> list[int]:
    """Sizes Qt's own image plugin reads from ``path``: proof the file is well-formed."""
    reader = QImageReader(str(path), fmt)
    sizes = []
    for _ in range(max(1, reader.imageCount())):
        image = reader.read()
        if image.isNull():
            raise RuntimeError(f"Qt cannot read {path}: {reader.errorString()}")
        sizes.append(image.width())
        if not reader.jumpToNextImage():
            break
    return sizes


def build(out_dir: Path) -> list[Path]:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"cannot read {SVG}")
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = png_bytes(render(renderer, size))
        return cache[size]

    written: list[Path] = []
    for size in HICOLOR_SIZES:
        path = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(size))
        written.append(path)
    ico = out_dir / f"{APP_ID}.ico"
    ico.write_bytes(ico_file({size: png(size) for size in ICO_SIZES}))
    icns = out_dir / f"{APP_ID}.icns"
    icns.write_bytes(icns_file([(kind, png(size)) for kind, size in ICNS_TYPES]))
    written += [ico, icns]
    ico_sizes = read_back(ico, b"ico")
    if sorted(ico_sizes) != sorted(ICO_SIZES):
        raise RuntimeError(f"{ico} reads back as sizes {ico_sizes}")
    read_back(icns, b"icns")
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, nargs="?", default=ROOT / "build" / "icons")
    args = parser.parse_args(argv)
    for path in build(args.out_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
