"""The desktop entry and AppStream metainfo: validated, and saying what the app does."""

from __future__ import annotations

import configparser
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from client import APP_ID

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import check_desktop_files  # noqa: E402

DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"


def entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_handles_xmpp_uris() -> None:
    e = entry()
    assert e["MimeType"] == "x-scheme-handler/xmpp;"
    assert e["Exec"] == "attend %u"
    assert e["Icon"] == APP_ID
    assert "InstantMessaging" in e["Categories"].split(";")


def test_metainfo_names_the_desktop_file() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("releases/release").get("version") == __import__("client").__version__


@pytest.mark.parametrize("tool", ["desktop-file-validate", "appstreamcli"])
def test_validators_accept_the_files(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: make sysdeps)")
    checks = [c for c in check_desktop_files.validators() if c[0] == tool]
    assert check_desktop_files.run(checks) == 0


def test_validator_rejects_a_broken_entry(tmp_path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed")
    broken = tmp_path / "broken.desktop"
    broken.write_text(DESKTOP.read_text().replace("Type=Application\n", ""))
    checks = check_desktop_files.validators(desktop=broken)[:1]
    assert check_desktop_files.run(checks) == 1


def test_missing_validator_is_a_skip_not_a_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_desktop_files.run([("no-such-validator-x", ["no-such-validator-x", "f"])]) == 0
    assert "SKIPPED" in capsys.readouterr().out
