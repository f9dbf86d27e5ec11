"""Start-up order: the window is on screen before slixmpp, the keyring and the services load."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from client.core.accounts import AccountConfig
from client.core.profile import AccountStore, Profile
from tests.app.test_app import BAD_OUTPUT, ROOT, app_env

# What the app needs once it runs, but the first window must not wait for (README: Performance).
LOADED_AFTER_THE_WINDOW = (
    "asyncio",
    "qasync",
    "slixmpp",
    "keyring",
    "pygments",
    "client.xmpp.session",
    "client.services.accounts",
    "client.services.secrets",
    "client.services.chat_service",
    "client.services.activity_service",
)


def start_and_close_early(profile: Path, out: Path) -> tuple[dict[str, Any], str]:
    """The app's run as the child saw it, and its stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.app.startup_child", str(profile), str(out)],
        cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    return seen, proc.stderr


def loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize("with_account", [False, True])
def test_window_is_shown_before_the_rest_loads_and_a_quit_meanwhile_is_kept(
    tmp_path: Path, with_account: bool
) -> None:
    profile = Profile.in_directory(tmp_path / "profile")
    profile.ensure_dirs()
    if with_account:
        store = AccountStore(profile.accounts_file)
        store.load()
        # Disabled: shown in the roster pane, never connected (no server in this test).
        store.add(AccountConfig(jid="me@example.org", enabled=False))
        store.save()

    seen, stderr = start_and_close_early(tmp_path / "profile", tmp_path / "seen.json")

    assert seen["exposed"]
    early = seen["modules_at_expose"]
    assert not [name for name in LOADED_AFTER_THE_WINDOW if loaded(early, name)]
    # The roster pane is there from the start when there are accounts, and only then.
    assert seen["page"] == ("roster_widget" if with_account else "empty_roster_page")
    assert loaded(early, "client.ui.roster_view") == with_account
    assert loaded(early, "client.models.roster_model") == with_account
    # Not wired to the chat window yet, so not clickable yet.
    assert seen["chat_actions_enabled"] is False

    # Closed while loading: the app still came up fully, then shut down the usual way.
    assert seen["status"] == 0
    assert loaded(seen["modules_at_exit"], "slixmpp")
    log = (profile.log_dir / "attend.log").read_text()
    accounts = 1 if with_account else 0
    assert log.index(f"started with {accounts} account(s)") < log.index("disconnecting")
    assert log.index("disconnecting") < log.index("bye")
    # Redaction is on every handler before slixmpp could log anything.
    assert seen["handler_filters"] == [["RedactingFilter"], ["RedactingFilter"]]
    lines = [ln for ln in stderr.splitlines() if " INFO " not in ln]
    assert not [ln for ln in lines if any(bad in ln for bad in BAD_OUTPUT)], stderr


@pytest.mark.skipif(importlib.util.find_spec("pygments") is None, reason="pygments not installed")
def test_the_app_never_loads_pygments_for_slixmpp(tmp_path: Path) -> None:
    """slixmpp would colour its DEBUG log with it: start-up time, and escape codes in the file."""
    seen, _stderr = start_and_close_early(tmp_path / "profile", tmp_path / "seen.json")
    assert loaded(seen["modules_at_exit"], "slixmpp")
    assert not loaded(seen["modules_at_exit"], "pygments")


def test_pygments_stays_importable_for_everyone_else() -> None:
    code = (
        "import sys\n"
        "from client.app.main import _import_slixmpp_without_pygments\n"
        "_import_slixmpp_without_pygments()\n"
        "from slixmpp.xmlstream.tostring import highlight\n"
        "assert highlight('<a/>') == '<a/>', highlight\n"
        "assert 'pygments' not in sys.modules\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('pygments') is not None:\n"
        "    import pygments\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=app_env(), check=True, timeout=60)
