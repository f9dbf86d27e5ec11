"""`python -m client account|config ...` for real, as subprocesses: output, exit codes, files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from client import APP_ID
from client.core.settings import SCHEMA
from tests.keyring_backends import FILE_ENV

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-Pässword with spaces "
TEST_KEYRING = "tests.keyring_backends.JsonFileKeyring"


class Cli:
    """Runs the CLI against one profile directory, with a test keyring in a file (or none)."""

    def __init__(self, tmp_path: Path) -> None:
        self.profile = tmp_path / "profile"
        self.keyring_dir = tmp_path / "keyring"
        self.keyring_dir.mkdir()
        self.keyring_file = self.keyring_dir / "passwords.json"
        self.use_keyring = True

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        # Inherits conftest's isolation: private HOME/XDG, unreachable D-Bus, fail keyring.
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        if self.use_keyring:
            env.update({"PYTHON_KEYRING_BACKEND": TEST_KEYRING, FILE_ENV: str(self.keyring_file)})
        return subprocess.run(
            [sys.executable, "-m", "client", "--profile", str(self.profile), *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def ok(self, *args: str, stdin: str | None = None) -> str:
        result = self.run(*args, stdin=stdin)
        assert (result.returncode, result.stderr) == (0, ""), result
        return result.stdout

    def passwords(self) -> dict[str, str]:
        if not self.keyring_file.exists():
            return {}
        data: dict[str, str] = json.loads(self.keyring_file.read_text())
        return data

    def accounts(self) -> list[dict[str, object]]:
        data = json.loads((self.profile / "config" / "accounts.json").read_text())
        accounts: list[dict[str, object]] = data["accounts"]
        return accounts

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the profile and the test keyring, to show a command changed nothing."""
        files = {}
        for base in (self.profile, self.keyring_dir):
            if base.exists():
                for path in sorted(base.rglob("*")):
                    files[str(path)] = path.read_bytes() if path.is_file() else b"<dir>"
        return files


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ca")
    cert = directory / "ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(directory / "ca.key"), "-out", str(cert), "-days", "2",
         "-subj", "/CN=Attend test CA"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert


def assert_one_error_line(result: subprocess.CompletedProcess[str], status: int, text: str) -> None:
    assert result.returncode == status, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("attend: error: "), lines[0]
    assert text in lines[0]
    assert result.stdout == ""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_add_with_password_then_list(cli: Cli) -> None:
    cli.ok("account", "add", "Alice@Example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert cli.passwords() == {f"{APP_ID} alice@example.org": PASSWORD}
    accounts_file = cli.profile / "config" / "accounts.json"
    assert mode(accounts_file) == 0o600
    assert mode(accounts_file.parent) == 0o700
    assert cli.accounts() == [
        {
            "jid": "alice@example.org",
            "resource": "Attend",
            "server_host": None,
            "port": None,
            "direct_tls": False,
            "ca_file": None,
            "enabled": True,
            "remember_password": True,
            "pinned_cert_sha256": None,
        }
    ]
    assert cli.ok("account", "list") == (
        "alice@example.org  resource=Attend  server=auto  tls=starttls  enabled  password=saved\n"
    )
    # The password is in the (test) keyring and nowhere under the profile.
    for path in cli.profile.rglob("*"):
        if path.is_file():
            assert PASSWORD.strip().encode() not in path.read_bytes(), path


def test_add_with_server_options(cli: Cli, pem: Path) -> None:
    cli.ok("account", "add", "a@b.org", "--server", "XMPP.b.org", "--resource", "laptop")
    cli.ok("account", "add", "c@b.org", "--server", "h.b.org", "--direct-tls")
    cli.ok("account", "add", "d@b.org", "--server", "::1", "--port", "15222", "--ca-file", str(pem))
    assert cli.passwords() == {}
    assert cli.ok("account", "list").splitlines() == [
        "a@b.org  resource=laptop  server=xmpp.b.org:5222  tls=starttls  enabled  password=ask",
        "c@b.org  resource=Attend  server=h.b.org:5223  tls=direct  enabled  password=ask",
        f"d@b.org  resource=Attend  server=[::1]:15222  tls=starttls  enabled  password=ask"
        f"  ca-file={pem}",
    ]


def test_relative_ca_file_is_stored_absolute(cli: Cli, pem: Path) -> None:
    relative = os.path.relpath(pem, ROOT)
    cli.ok("account", "add", "a@b.org", "--ca-file", relative)
    assert cli.accounts()[0]["ca_file"] == str(pem)


@pytest.mark.parametrize(
    ("args", "stdin", "status", "message"),
    [
        (["account", "add", "not-a-jid"], None, 2, "it needs the form name@example.org"),
        (["account", "add", "a@b.org/phone"], None, 2, "no /resource part"),
        (["account", "add", "a b@c.org"], None, 2, "must not contain spaces"),
        (["account", "add", "a@b.org", "--port", "5222"], None, 2, "needs a server host"),
        (
            ["account", "add", "a@b.org", "--server", "h", "--port", "x"],
            None,
            2,
            "port must be a number",
        ),
        (
            ["account", "add", "a@b.org", "--server", "h", "--port", "70000"],
            None,
            2,
            "out of range",
        ),
        (
            ["account", "add", "a@b.org", "--ca-file", "/nonexistent/ca.pem"],
            None,
            2,
            "cannot read CA file",
        ),
        (["account", "add", "a@b.org", "--ca-file", "/"], None, 2, "cannot read CA file"),
        (["account", "add", "a@b.org", "--password-stdin"], "", 2, "got no password"),
        (["account", "add", "a@b.org", "--password-stdin"], "\n", 2, "got no password"),
        (["account", "add"], None, 2, "required: JID"),
        (["account"], None, 2, "required: ACTION"),
        (["account", "frobnicate"], None, 2, "invalid choice"),
        (["account", "remove", "bad"], None, 2, "name@example.org"),
        (["account", "enable", "nobody@b.org"], None, 1, "no account nobody@b.org"),
        (["account", "remove", "nobody@b.org"], None, 1, "no account nobody@b.org"),
        (["config", "get", "no.such.key"], None, 2, "unknown setting 'no.such.key'"),
        (["config", "set", "roster.sortt", "name"], None, 2, "did you mean roster.sort?"),
        (
            ["config", "set", "roster.sort", "random"],
            None,
            2,
            "must be one of status, name, activity",
        ),
        (["config", "set", "activity.away_after", "soon"], None, 2, "not a duration"),
        (["config", "set", "activity.away_after", "--", "-5m"], None, 2, "negative"),
        (["config", "set", "activity.auto_away", "perhaps"], None, 2, "true or false"),
        (["config", "set", "roster.sort"], None, 2, "required: VALUE"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    cli: Cli, args: list[str], stdin: str | None, status: int, message: str
) -> None:
    cli.ok("account", "add", "existing@b.org", "--password-stdin", stdin="pw\n")
    cli.ok("config", "set", "roster.sort", "name")
    before = cli.snapshot()
    assert_one_error_line(cli.run(*args, stdin=stdin), status, message)
    assert cli.snapshot() == before


def test_ca_file_that_is_not_a_certificate(cli: Cli, tmp_path: Path, pem: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes((pem.parent / "ca.key").read_bytes())
    result = cli.run("account", "add", "a@b.org", "--ca-file", str(key))
    assert_one_error_line(result, 2, "is not a PEM file with a certificate")
    assert not cli.profile.exists()


def test_duplicate_account_changes_nothing(cli: Cli) -> None:
    cli.ok("account", "add", "a@b.org", "--password-stdin", stdin="first\n")
    before = cli.snapshot()
    result = cli.run("account", "add", "A@B.org", "--password-stdin", stdin="second\n")
    assert_one_error_line(result, 1, "account a@b.org already exists")
    assert cli.snapshot() == before
    assert cli.passwords() == {f"{APP_ID} a@b.org": "first"}


def test_no_usable_keyring_writes_nothing(cli: Cli) -> None:
    cli.use_keyring = False  # conftest's fail backend: what a headless machine has
    result = cli.run("account", "add", "a@b.org", "--password-stdin", stdin="pw\n")
    assert_one_error_line(result, 1, "cannot save the password: no system keyring is available")
    assert not cli.profile.exists()
    # Without --password-stdin the account is added; the app will ask for the password.
    cli.ok("account", "add", "a@b.org")
    assert cli.accounts()[0]["remember_password"] is False


def test_keyring_that_refuses_writes_nothing(cli: Cli) -> None:
    (cli.keyring_dir / "refuse").touch()
    result = cli.run("account", "add", "a@b.org", "--password-stdin", stdin="pw\n")
    assert_one_error_line(result, 1, "could not save the password for a@b.org")
    assert "pw" not in result.stderr.replace("password", "")
    assert not cli.profile.exists()


def test_remove_deletes_the_keyring_entry(cli: Cli) -> None:
    cli.ok("account", "add", "a@b.org", "--password-stdin", stdin="pw-a\n")
    cli.ok("account", "add", "c@d.org", "--password-stdin", stdin="pw-c\n")
    cli.ok("account", "remove", "A@b.org")
    assert [a["jid"] for a in cli.accounts()] == ["c@d.org"]
    assert cli.passwords() == {f"{APP_ID} c@d.org": "pw-c"}


def test_remove_without_keyring_warns_about_the_left_password(cli: Cli) -> None:
    cli.ok("account", "add", "a@b.org", "--password-stdin", stdin="pw\n")
    cli.use_keyring = False
    result = cli.run("account", "remove", "a@b.org")
    assert result.returncode == 0
    assert result.stderr.startswith(
        "attend: warning: the account was removed but its saved password"
    )
    assert len(result.stderr.splitlines()) == 1
    assert cli.accounts() == []


def test_enable_and_disable(cli: Cli) -> None:
    cli.ok("account", "add", "a@b.org")
    cli.ok("account", "disable", "a@b.org")
    assert cli.accounts()[0]["enabled"] is False
    assert "  disabled  " in cli.ok("account", "list")
    before = cli.snapshot()
    cli.ok("account", "disable", "a@b.org")
    assert cli.snapshot() == before  # already disabled: file not rewritten
    cli.ok("account", "enable", "a@b.org")
    assert cli.accounts()[0]["enabled"] is True


def test_empty_list_says_so_on_stderr(cli: Cli) -> None:
    result = cli.run("account", "list")
    # stdout stays the (empty) list for scripts; the person at the terminal is told why.
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.splitlines() == [
        "attend: no accounts yet (add one with: python -m client account add JID)"
    ]
    assert not cli.profile.exists()


def test_help_mentions_xmpp_uris(cli: Cli) -> None:
    text = cli.ok("--help")
    assert text.startswith("usage: python -m client [OPTIONS] [xmpp:URI ...]\n")
    assert "xmpp: URIs given on the command line" in " ".join(text.split())
    # The commands' own usage is not built from the custom one above.
    assert cli.ok("account", "--help").startswith("usage: python -m client account ")


def test_damaged_accounts_file_is_reported_and_kept(cli: Cli) -> None:
    config = cli.profile / "config"
    config.mkdir(parents=True)
    (config / "accounts.json").write_text("{ this is not json")
    result = cli.run("account", "list")
    assert_one_error_line(result, 1, "accounts.json is damaged (not valid JSON")
    aside = list(config.glob("accounts.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_text() == "{ this is not json"
    assert aside[0].name in result.stderr


def test_config_get_set_list(cli: Cli) -> None:
    assert cli.ok("config", "get", "activity.away_after") == "5m\n"
    assert cli.ok("config", "get", "ui.language") == "\n"
    cli.ok("config", "set", "activity.away_after", "90")
    cli.ok("config", "set", "roster.sort", "Name")
    cli.ok("config", "set", "privacy.publish_idle", "no")
    assert cli.ok("config", "get", "activity.away_after") == "1m30s\n"
    settings_file = cli.profile / "config" / "settings.json"
    assert mode(settings_file) == 0o600
    assert json.loads(settings_file.read_text()) == {
        "activity.away_after": "1m30s",
        "privacy.publish_idle": False,
        "roster.sort": "name",
    }
    listing = cli.ok("config", "list").splitlines()
    assert len(listing) == 2 * len(SCHEMA)
    keys = [line.split(" = ")[0] for line in listing[::2]]
    assert keys == [spec.key for spec in SCHEMA]
    assert "roster.sort = name" in listing
    assert 'activity.away_message = ""' in listing
    assert "privacy.publish_idle = false" in listing
    doc = listing[listing.index("activity.away_after = 1m30s") + 1]
    assert doc.startswith("    Time without keyboard or mouse input")
    assert doc.endswith("(duration, default 5m)")


def test_bad_stored_setting_is_a_warning_not_a_failure(cli: Cli) -> None:
    config = cli.profile / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text('{"roster.sort": "sideways"}')
    result = cli.run("config", "get", "roster.sort")
    assert result.returncode == 0
    assert result.stdout == "status\n"
    assert result.stderr.startswith("attend: warning: ignoring a bad stored value")


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["config", "list"],
        ["account", "list"],
        ["account", "add", "a@b.org", "--password-stdin"],
    ],
)
def test_commands_never_import_qt(cli: Cli, args: list[str]) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND=TEST_KEYRING)
    env[FILE_ENV] = str(cli.keyring_file)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "client", "--profile", str(cli.profile), *args],
        cwd=ROOT, env=env, input="pw\n", capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "client.app.cli" in imported  # importtime really reported
    assert not {m for m in imported if m.split(".")[0] in ("PySide6", "shiboken6", "qasync")}
    # Commands that need no keyring do not pay for importing it either.
    assert ("keyring" in imported) == (args[-1] == "--password-stdin")


@pytest.mark.parametrize("unbuffered", [True, False])
def test_output_into_a_closed_pipe_is_quiet(cli: Cli, unbuffered: bool) -> None:
    # Like `... | head -n 1`, but the reader is already gone, so the outcome is not a race.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "client", "--profile", str(cli.profile), "config", "list"],
            cwd=ROOT, env=env, stdout=write_end,
            stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (1, "")
