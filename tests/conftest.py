"""Test-wide setup: offscreen Qt by default, an isolated HOME/XDG, and the shared fixtures."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: no real display, no user session bus, no user config.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
_isolated = tempfile.mkdtemp(prefix="attend-test-home-")
for _var, _sub in (
    ("HOME", "home"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
):
    os.environ[_var] = os.path.join(_isolated, _sub)
    os.makedirs(os.environ[_var], exist_ok=True)
# Never talk to the developer's session bus or keyring.
os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(_isolated, "no-session-bus")
os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + os.path.join(_isolated, "no-system-bus")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("DISPLAY", None)
os.environ.pop("WAYLAND_DISPLAY", None)

pytest_plugins = ["tests.fixtures.prosody"]
