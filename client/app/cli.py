"""Command-line interface: options, and the commands that run without a window."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from client import APP_NAME, __version__
from client.core.accounts import (
    DEFAULT_RESOURCE,
    AccountConfig,
    check_ca_file,
    validate_bare_jid,
)
from client.core.profile import (
    AccountStore,
    Profile,
    SettingsStore,
    StoreError,
    UnknownAccountError,
)
from client.core.settings import SCHEMA, UnknownSettingError, setting

if TYPE_CHECKING:
    from client.services.secrets import SecretStore

# Commands never touch Qt; this module must stay importable without PySide6 (start-up time).
PREFIX = "attend"
USAGE_ERROR = 2
FAILURE = 1


class _Failure(Exception):
    """A command cannot go ahead; the message is the one line the user sees."""

    def __init__(self, message: str, status: int = FAILURE) -> None:
        super().__init__(message)
        self.status = status


def _usage(message: str) -> _Failure:
    return _Failure(message, USAGE_ERROR)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's default prints the whole usage block; one line is easier to read and grep.
        self.exit(USAGE_ERROR, f"{PREFIX}: error: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (1-65535)")
    return port


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--help` and `--version` never open a window."""
    parser = _Parser(
        prog="python -m client",
        usage="%(prog)s [OPTIONS] [xmpp:URI ...]\n       %(prog)s [OPTIONS] COMMAND ...",
        description=(
            f"{APP_NAME}: a desktop XMPP client that shows who is really at their keyboard."
        ),
        epilog=(
            "Without a command, the app window opens. xmpp: URIs given on the command line"
            " (e.g. xmpp:bob@example.org or xmpp:bob@example.org?message) open a chat with that"
            " address; if the app already runs with this profile, it takes them over."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="keep every file the app reads or writes (settings, accounts, history, logs)"
        " under DIR",
    )
    parser.add_argument(
        "--log-level",
        default=None,
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log verbosity, overriding the log.level setting (passwords are always redacted)",
    )
    # prog given: argparse would otherwise build the commands' usage from the custom one above.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)

    account = commands.add_parser("account", help="add, list, remove, enable or disable accounts")
    account_commands = account.add_subparsers(dest="account_command", metavar="ACTION")
    account_commands.required = True
    add = account_commands.add_parser("add", help="add an account")
    add.add_argument("jid", metavar="JID", help="the account address, e.g. alice@example.org")
    add.add_argument("--server", metavar="HOST", help="connect to HOST instead of looking it up")
    add.add_argument("--port", type=_port, metavar="N", help="server port (needs --server)")
    add.add_argument(
        "--direct-tls", action="store_true", help="TLS from the first byte (port 5223 by default)"
    )
    add.add_argument("--ca-file", metavar="PEM", help="trust the CA certificate(s) in PEM")
    add.add_argument(
        "--resource", default=DEFAULT_RESOURCE, metavar="R", help="resource name for this device"
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password (one line) from standard input and save it in the system keyring;"
        " without it the app asks for the password at each start",
    )
    account_commands.add_parser("list", help="list accounts (never shows passwords)")
    for action, text in (
        ("remove", "remove an account and its saved password"),
        ("enable", "connect this account at start"),
        ("disable", "keep this account but do not connect it"),
    ):
        sub = account_commands.add_parser(action, help=text)
        sub.add_argument("jid", metavar="JID")

    config = commands.add_parser("config", help="read or change settings")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_commands.required = True
    get = config_commands.add_parser("get", help="print one setting")
    get.add_argument("key", metavar="KEY")
    set_ = config_commands.add_parser("set", help="change one setting")
    set_.add_argument("key", metavar="KEY")
    set_.add_argument("value", metavar="VALUE")
    config_commands.add_parser("list", help="every setting with its value and meaning")
    return parser


def run_command(args: argparse.Namespace) -> int | None:
    """Run a windowless command and return its exit status, or None to start the app."""
    command = getattr(args, "command", None)
    if command is None:
        return None
    _setup_logging()
    profile = Profile.resolve(args.profile)
    handlers: dict[str, Callable[[argparse.Namespace, Profile], None]] = {
        "account": _account,
        "config": _config,
    }
    try:
        handlers[command](args, profile)
        sys.stdout.flush()  # here, so a closed pipe is reported by the except below
    except _Failure as exc:
        _error(str(exc))
        return exc.status
    except StoreError as exc:
        _error(str(exc))
        return FAILURE
    except BrokenPipeError:
        # `... | head` closed the pipe: stop quietly, and keep Python's exit flush from failing too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILURE
    return 0


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{PREFIX}: {record.levelname.lower()}: {record.getMessage()}"


def _setup_logging() -> None:
    root = logging.getLogger()
    if not any(isinstance(h.formatter, _OneLineFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLineFormatter())
        root.addHandler(handler)
    root.setLevel(logging.WARNING)
    # Commands report keyring failures themselves, in one line; the service's log would repeat it.
    logging.getLogger("client.services.secrets").setLevel(logging.CRITICAL)


def _error(message: str) -> None:
    print(f"{PREFIX}: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"{PREFIX}: warning: {message}", file=sys.stderr)


def _open_secrets() -> SecretStore:
    # keyring costs ~0.1 s to import: only the commands that need it pay for it.
    from client.services.secrets import SecretStore  # noqa: PLC0415

    return SecretStore()


def _bare_jid(text: str) -> str:
    try:
        return validate_bare_jid(text)
    except ValueError as exc:
        raise _usage(str(exc)) from None


def _account(args: argparse.Namespace, profile: Profile) -> None:
    store = AccountStore(profile.accounts_file)
    action: str = args.account_command
    if action == "add":
        _account_add(args, store)
    elif action == "list":
        accounts = store.load()
        if not accounts:
            # On stderr: stdout stays a clean list (empty), for scripts.
            print(
                f"{PREFIX}: no accounts yet (add one with: python -m client account add JID)",
                file=sys.stderr,
            )
        for account in accounts:
            print(_describe_account(account))
    elif action == "remove":
        _account_remove(_bare_jid(args.jid), store)
    else:
        jid = _bare_jid(args.jid)
        store.load()
        found = store.get(jid)
        if found is None:
            raise _Failure(str(UnknownAccountError(jid)))
        enabled = action == "enable"
        if found.enabled != enabled:
            store.replace(dataclasses.replace(found, enabled=enabled))
            store.save()


def _account_add(args: argparse.Namespace, store: AccountStore) -> None:
    try:
        account = AccountConfig(
            jid=args.jid,
            resource=args.resource,
            server_host=args.server,
            port=args.port,
            direct_tls=args.direct_tls,
            ca_file=check_ca_file(args.ca_file) if args.ca_file is not None else None,
            remember_password=args.password_stdin,
        )
    except ValueError as exc:
        raise _usage(str(exc)) from None
    store.load()
    if store.get(account.jid) is not None:
        raise _Failure(f"account {account.jid} already exists (remove it first to change it)")
    secrets = None
    if args.password_stdin:
        secrets = _open_secrets()
        if not secrets.available:
            raise _Failure(
                f"cannot save the password: {secrets.unavailable_reason}; nothing was changed"
                " (add the account without --password-stdin to be asked for it at each start)"
            )
        password = _read_password()
        if not secrets.set_password_sync(account.jid, password):
            raise _Failure(f"{secrets.last_error}; nothing was changed")
    store.add(account)
    try:
        store.save()
    except StoreError:
        if secrets is not None:
            # The account was not written: don't leave its password behind in the keyring.
            secrets.delete_password_sync(account.jid)
        raise


def _read_password() -> str:
    # At a terminal, don't echo it; otherwise take exactly one line (a pipe, a file).
    line = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise _usage("--password-stdin got no password (expected one line on standard input)")
    return password


def _account_remove(jid: str, store: AccountStore) -> None:
    store.load()
    try:
        account = store.remove(jid)
    except UnknownAccountError as exc:
        raise _Failure(str(exc)) from None
    store.save()
    secrets = _open_secrets()
    if secrets.available:
        if not secrets.delete_password_sync(jid):
            _warn(f"the account was removed but its saved password was not: {secrets.last_error}")
    elif account.remember_password:
        _warn(
            "the account was removed but its saved password could not be deleted: "
            f"{secrets.unavailable_reason}"
        )


def _describe_account(account: AccountConfig) -> str:
    if account.address is None:
        server = "auto"
    else:
        host, port = account.address
        server = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    parts = [
        account.jid,
        f"resource={account.resource}",
        f"server={server}",
        f"tls={'direct' if account.direct_tls else 'starttls'}",
        "enabled" if account.enabled else "disabled",
        f"password={'saved' if account.remember_password else 'ask'}",
    ]
    if account.ca_file:
        parts.append(f"ca-file={account.ca_file}")
    if account.pinned_cert_sha256:
        parts.append(f"pinned-sha256={account.pinned_cert_sha256}")
    return "  ".join(parts)


def _config(args: argparse.Namespace, profile: Profile) -> None:
    store = SettingsStore(profile.settings_file)
    action: str = args.config_command
    if action == "list":
        settings = store.load()
        for spec in SCHEMA:
            text = settings.get_text(spec.key)
            kind = "|".join(spec.choices) if spec.kind == "enum" else spec.kind
            default = spec.format(spec.default)
            print(f"{spec.key} = {text if text else '""'}")
            print(f"    {spec.doc} ({kind}, default {default if default else '""'})")
        return
    # Check the key (and value) before reading the file: bad input must change nothing.
    try:
        spec = setting(args.key)
        value = spec.parse_text(args.value) if action == "set" else None
    except (UnknownSettingError, ValueError) as exc:
        raise _usage(str(exc)) from None
    settings = store.load()
    if action == "get":
        print(settings.get_text(spec.key))
        return
    settings.set(spec.key, value)
    store.save(settings)
