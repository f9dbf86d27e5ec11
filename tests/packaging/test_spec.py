"""The PyInstaller spec, read as macOS would: an .app that claims the xmpp: URL scheme."""

from __future__ import annotations

import plistlib
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import client

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "attend.spec"


class Recorder:
    def __init__(self, calls: dict[str, Any], name: str) -> None:
        self.calls, self.name = calls, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls[self.name] = (args, kwargs)
        return types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[])


def run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    """Execute the spec with PyInstaller's build classes recorded instead of run."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda name, filter=None: [f"{name}.x"]  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda name: [(f"{name}.dist-info", ".")]  # type: ignore[attr-defined]
    for name, module in (
        ("PyInstaller", types.ModuleType("PyInstaller")),
        ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
        ("PyInstaller.utils.hooks", hooks),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    prebuilt: list[list[str]] = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: prebuilt.append(cmd))
    monkeypatch.setattr(sys, "platform", platform)
    calls: dict[str, Any] = {}
    spec_globals: dict[str, Any] = {"SPECPATH": str(SPEC.parent), "__file__": str(SPEC)}
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        spec_globals[name] = Recorder(calls, name)
    exec(compile(SPEC.read_text(), str(SPEC), "exec"), spec_globals)
    calls["prebuilt"] = prebuilt
    return calls


def test_macos_app_bundle_claims_the_xmpp_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = run_spec(monkeypatch, "darwin")
    _args, bundle = calls["BUNDLE"]
    assert bundle["name"] == "Attend.app"
    assert bundle["bundle_identifier"] == "im.attend.Attend"
    assert bundle["icon"].endswith("im.attend.Attend.icns")
    assert bundle["argv_emulation"] is False
    plist = plistlib.loads(plistlib.dumps(bundle["info_plist"]))
    assert plist["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["xmpp"]
    assert plist["CFBundleShortVersionString"] == client.__version__
    assert calls["EXE"][1]["console"] is False


def test_every_platform_ships_the_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    for platform, icon in (("linux", None), ("win32", ".ico")):
        calls = run_spec(monkeypatch, platform)
        assert "BUNDLE" not in calls
        exe = calls["EXE"][1]
        assert exe["name"] == "attend"
        assert (exe["icon"] is None) if icon is None else exe["icon"].endswith(icon)
        datas = calls["Analysis"][1]["datas"]
        assert any(src.endswith("client/data/attend.rcc") for src, _dest in datas)
        assert any("slixmpp.plugins" in h for h in calls["Analysis"][1]["hiddenimports"])
        tools = [Path(cmd[1]).name for cmd in calls["prebuilt"]]
        assert tools == ["build_resources.py", "make_icons.py"]
