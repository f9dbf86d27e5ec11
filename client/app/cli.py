"""Command-line interface: options, and the commands that run without a window."""

from __future__ import annotations

import argparse
from pathlib import Path

from client import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; `--help` and `--version` never open a window."""
    parser = argparse.ArgumentParser(
        prog="python -m client",
        description=f"{APP_NAME}: a desktop XMPP client that shows who is really at their keyboard.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="keep every file the app reads or writes (settings, accounts, history, logs) under DIR",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log verbosity (passwords are always redacted)",
    )
    return parser


def run_command(args: argparse.Namespace) -> int | None:
    """Run a windowless command and return its exit status, or None to start the app."""
    del args
    return None
