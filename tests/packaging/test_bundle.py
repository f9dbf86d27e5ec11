"""The PyInstaller bundle signs in to the test server and quits cleanly (`make bundle-test`).

Skipped unless ATTEND_BUNDLE names the bundle's directory (building it takes a while, so
`make test` does not); `make bundle-test` builds it and sets the variable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.prosody import ProsodyServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import smoke_test  # noqa: E402

BUNDLE = os.environ.get("ATTEND_BUNDLE", "")
pytestmark = [
    pytest.mark.prosody,
    pytest.mark.skipif(not BUNDLE, reason="set ATTEND_BUNDLE=dist/attend (make bundle-test)"),
]


def binary() -> Path:
    path = Path(BUNDLE) / ("attend.exe" if sys.platform == "win32" else "attend")
    assert path.is_file(), f"no bundle at {path}"
    return path


def bundle_env(home: Path) -> dict[str, str]:
    """The smoke test's environment, with the test keyring selected through keyring's config
    file: a frozen app ignores PYTHONPATH, but keyring's keyring-path setting still works."""
    env = smoke_test.app_env(home)
    del env["PYTHON_KEYRING_BACKEND"]
    config = Path(env["XDG_CONFIG_HOME"]) / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text(
        f"[backend]\ndefault-keyring=tests.keyring_backends.JsonFileKeyring\nkeyring-path={ROOT}\n"
    )
    env["ATTEND_TEST_KEYRING_FILE"] = str(home / "keyring.json")
    return env


def test_version_and_clean_start_without_accounts() -> None:
    smoke_test.smoke(binary())


def test_bundle_signs_in_and_quits_cleanly(
    tmp_path: Path, prosody: ProsodyServer, make_account: object
) -> None:
    jid, password = make_account("bundle")  # type: ignore[operator]
    env = bundle_env(tmp_path / "home")
    profile = tmp_path / "profile"
    add = subprocess.run(
        [str(binary()), "--profile", str(profile), "account", "add", jid,
         "--server", "127.0.0.1", "--port", str(prosody.c2s_port),
         "--ca-file", str(prosody.ca_file), "--password-stdin"],
        input=password + "\n", capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    assert password in (tmp_path / "home" / "keyring.json").read_text()
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(binary()), "--profile", str(profile)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    log = profile / "logs" / "attend.log"
    try:
        smoke_test.wait_for_log(log, f"{jid}: online", proc, 60)
        print(f"signed in {time.monotonic() - started:.1f} s after launch")
        err = smoke_test.quit_cleanly(proc, log)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert f"{jid}: offline" in log.read_text()
    assert smoke_test.unexpected_lines(err) == [], err
