"""Child of test_secrets, run inside dbus-run-session: a private GNOME Keyring, then SecretStore.

Prints one JSON object with what it saw. Starts exactly one gnome-keyring-daemon and stops it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from client.services.secrets import SecretStore

SECRETS_NAME = "org.freedesktop.secrets"
JID = "alice@example.org"
PASSWORD = "correct horse ✓ battery"


def owner_pid() -> int | None:
    """The pid owning the Secret Service name on this (private) bus, without activating it."""
    with open_dbus_connection(bus="SESSION") as conn:
        try:
            reply = unwrap_msg(
                conn.send_and_get_reply(message_bus.GetConnectionUnixProcessID(SECRETS_NAME))
            )
        except DBusErrorResponse:
            return None
    return int(reply[0])


async def via_loop(store: SecretStore) -> dict[str, object]:
    opened = await SecretStore.open()
    return {
        "open_available": opened.available,
        "async_set": await store.set_password(JID, PASSWORD + "2"),
        "async_get": await store.get_password(JID),
        "async_delete": await store.delete_password(JID),
        "async_get_after_delete": await store.get_password(JID),
    }


def main() -> int:
    log = Path(os.environ["XDG_RUNTIME_DIR"]) / "gnome-keyring.log"
    with log.open("wb") as log_file:
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=log_file,
            stderr=log_file,
        )
    result: dict[str, object] = {"daemon_pid": daemon.pid}
    try:
        assert daemon.stdin is not None
        daemon.stdin.write(b"unlock-password")  # creates and unlocks a fresh login keyring
        daemon.stdin.close()
        deadline = time.monotonic() + 20
        # Wait until *our* daemon owns the name: calling earlier would let D-Bus activation start
        # a second one that nobody stops.
        while (owner := owner_pid()) != daemon.pid:
            if daemon.poll() is not None or time.monotonic() > deadline:
                result["error"] = f"daemon not ready (exit {daemon.poll()}, owner {owner})"
                print(json.dumps(result))
                return 1
            time.sleep(0.05)
        store = SecretStore()
        result.update(
            available=store.available,
            reason=store.unavailable_reason,
            backend=type(store._backend).__module__,
            get_before=store.get_password_sync(JID),
            set=store.set_password_sync(JID, PASSWORD),
            get=store.get_password_sync(JID),
            delete=store.delete_password_sync(JID),
            get_after_delete=store.get_password_sync(JID),
            delete_again=store.delete_password_sync(JID),
            last_error=store.last_error,
        )
        result.update(asyncio.run(via_loop(store)))
        store.set_password_sync(JID, PASSWORD)  # left in place: the parent checks it went to disk
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
    result["daemon_exit"] = daemon.returncode
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
