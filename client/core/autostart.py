"""Start at login (XDG autostart): write or remove ~/.config/autostart/im.attend.Attend.desktop."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from client import APP_ID, APP_NAME
from client.core.profile import atomic_write_text

log = logging.getLogger(__name__)

MARKER = "X-Attend-Autostart=true"
_EXEC_RESERVED = '"`$\\'


def autostart_file(env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """$XDG_CONFIG_HOME/autostart/im.attend.Attend.desktop (default ~/.config)."""
    env = os.environ if env is None else env
    config = env.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    base = Path(config) if config and os.path.isabs(config) else (home or Path.home()) / ".config"
    return base / "autostart" / f"{APP_ID}.desktop"


def launch_command(profile_dir: Path | None = None) -> list[str]:
    """How to start this very installation again: the bundle's binary, or Python -m client."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-m", "client"]
    if profile_dir is not None:
        command += ["--profile", str(profile_dir.expanduser().absolute())]
    return command


def quote_exec_arg(arg: str) -> str:
    """One Exec= argument, quoted as the Desktop Entry spec requires."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    escaped = "".join("\\" + c if c in _EXEC_RESERVED else c for c in arg)
    # Inside a desktop file value, a backslash itself is escaped once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(quote_exec_arg(a) for a in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=XMPP chat that shows who is really at their keyboard\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        f"{MARKER}\n"
    )


def is_enabled(path: Path | None = None) -> bool:
    path = path or autostart_file()
    try:
        return MARKER in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def set_enabled(enabled: bool, command: Sequence[str], path: Path | None = None) -> bool:
    """Make the autostart entry match ``enabled``; True if the file now says what was asked.

    Only a file this app wrote (it carries MARKER) is ever replaced or removed: an entry the
    user wrote by hand under the same name is left alone. Disabling removes the entry only if
    it starts this same command: a run with another profile (``make demo``, a test) must not
    undo the autostart that the user's everyday profile asked for.
    """
    path = path or autostart_file()
    exists = path.exists()
    ours = is_enabled(path)
    try:
        if enabled:
            if exists and not ours:
                log.info("autostart: %s was not written by Attend; leaving it", path)
                return False
            text = desktop_entry(command)
            if not ours or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(path, text)
                log.info("autostart: wrote %s", path)
            return True
        if ours:
            if path.read_text(encoding="utf-8") != desktop_entry(command):
                log.info("autostart: %s starts another profile; leaving it", path)
                return True
            path.unlink()
            log.info("autostart: removed %s", path)
            return True
        # Someone else's entry under our name still starts the app; say so.
        return not exists
    except OSError as exc:
        log.warning("autostart: cannot update %s: %s", path, exc.strerror or exc)
        return False
