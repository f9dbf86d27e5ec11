"""The XDG autostart entry: written and removed under $XDG_CONFIG_HOME, never someone else's."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from client.core import autostart


def test_location_follows_xdg_config_home(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    expected = tmp_path / "cfg" / "autostart" / "im.attend.Attend.desktop"
    assert autostart.autostart_file(env) == expected
    # A relative value is invalid (XDG spec): ~/.config instead.
    home = tmp_path / "home"
    expected = home / ".config" / "autostart" / "im.attend.Attend.desktop"
    assert autostart.autostart_file({"XDG_CONFIG_HOME": "rel"}, home) == expected
    assert autostart.autostart_file({}, home) == expected


def test_default_is_the_test_home() -> None:
    # tests/conftest.py points XDG_CONFIG_HOME at a temporary directory.
    assert str(autostart.autostart_file()).startswith(os.environ["XDG_CONFIG_HOME"])


def test_enable_writes_a_valid_entry_and_disable_removes_it(tmp_path: Path) -> None:
    path = tmp_path / "autostart" / "im.attend.Attend.desktop"
    command = ["/opt/my apps/python3", "-m", "client", "--profile", '/tmp/a "b" $c 100%']
    assert autostart.set_enabled(True, command, path)
    text = path.read_text()
    exec_line = 'Exec="/opt/my apps/python3" -m client --profile "/tmp/a \\\\"b\\\\" \\\\$c 100%%"'
    assert exec_line in text
    assert autostart.is_enabled(path)
    if shutil.which("desktop-file-validate"):
        out = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
        )
        assert out.returncode == 0, out.stdout + out.stderr
    assert autostart.set_enabled(True, command, path)  # idempotent
    assert autostart.set_enabled(False, command, path)
    assert not path.exists()
    assert autostart.set_enabled(False, command, path)  # nothing to remove is fine


def test_another_profile_does_not_remove_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "autostart" / "im.attend.Attend.desktop"
    everyday = ["/usr/bin/attend"]
    assert autostart.set_enabled(True, everyday, path)
    demo = ["/usr/bin/attend", "--profile", "/tmp/attend-demo/profile"]
    assert autostart.set_enabled(False, demo, path)
    assert path.read_text() == autostart.desktop_entry(everyday)


def test_a_users_own_entry_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "autostart" / "im.attend.Attend.desktop"
    path.parent.mkdir()
    mine = "[Desktop Entry]\nType=Application\nName=Attend\nExec=attend --my-flags\n"
    path.write_text(mine)
    assert not autostart.set_enabled(True, ["attend"], path)
    assert not autostart.set_enabled(False, ["attend"], path)
    assert path.read_text() == mine


def test_launch_command_runs_this_installation(tmp_path: Path) -> None:
    import sys

    assert autostart.launch_command() == [sys.executable, "-m", "client"]
    assert autostart.launch_command(tmp_path)[-2:] == ["--profile", str(tmp_path)]


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [("attend", "attend"), ("a b", '"a b"'), ("50%", "50%%"), ("x`y", '"x\\\\`y"'), ("", '""')],
)
def test_exec_quoting(arg: str, quoted: str) -> None:
    assert autostart.quote_exec_arg(arg) == quoted


def test_the_app_applies_the_setting_in_the_temp_home(tmp_path: Path) -> None:
    from client.ui.desktop import apply_autostart

    path = autostart.autostart_file()
    assert apply_autostart(True, tmp_path)
    assert f"--profile {tmp_path}" in path.read_text()
    assert apply_autostart(False, tmp_path)
    assert not path.exists()
