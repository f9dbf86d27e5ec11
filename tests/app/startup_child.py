"""Runs the app as `python -m client` would, noting what was loaded when its window first showed."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from client.app import main as app_main


def run(profile: str, out: str) -> int:
    """Start, close the window while the rest is still loading, write what was seen to ``out``."""
    seen: dict[str, Any] = {}
    wait = app_main.Shell._wait_until_exposed

    def wait_and_look(shell: app_main.Shell) -> None:
        wait(shell)
        window = shell.window
        handle = window.windowHandle()
        seen["exposed"] = handle is not None and handle.isExposed()
        seen["page"] = window.centralWidget().currentWidget().objectName()  # type: ignore[attr-defined]
        seen["chat_actions_enabled"] = window.new_chat_action.isEnabled()
        seen["modules_at_expose"] = sorted(sys.modules)
        window.close()  # nobody listens yet: the app must still quit once it is built

    app_main.Shell._wait_until_exposed = wait_and_look  # type: ignore[method-assign]
    status = app_main.main(["--profile", profile])
    seen["status"] = status
    seen["modules_at_exit"] = sorted(sys.modules)
    seen["handler_filters"] = [
        [type(f).__name__ for f in handler.filters] for handler in logging.getLogger().handlers
    ]
    with open(out, "w", encoding="utf-8") as file:
        json.dump(seen, file)
    return status


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2]))
