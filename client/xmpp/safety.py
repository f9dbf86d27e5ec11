"""Safety nets around slixmpp: handlers that never raise into it, and logs without secrets."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)


def guarded[**P](handler: Callable[P, Any]) -> Callable[P, Any]:
    """Catch, log and swallow every exception of an event handler.

    slixmpp answers a stanza whose handler raised with an error stanza to the sender, and if
    building that reply fails the connection drops (FIELD-NOTES §3). Bad input from the network
    must do neither.
    """
    if asyncio.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def run_async(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                await handler(*args, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("handler %s failed; input ignored", handler.__qualname__)

        return run_async

    @functools.wraps(handler)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            log.exception("handler %s failed; input ignored", handler.__qualname__)

    return run


def guarded_hook(hook: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """Like ``guarded`` for a hook that says whether it handled its input (False on failure)."""

    @functools.wraps(hook)
    def run(arg: Any) -> bool:
        try:
            return hook(arg)
        except Exception:
            log.exception("hook %s failed; input ignored", hook.__qualname__)
            return False

    return run


# SASL payloads (PLAIN carries the password in base64; SCRAM proofs are password-derived) and
# anything that looks like a password attribute.
_SECRET_PATTERNS = (
    re.compile(
        r"(<(auth|response|challenge|success)\b[^>]*>)[^<]*(</\2>)", re.IGNORECASE | re.DOTALL
    ),
    re.compile(r"(<password\b[^>]*>)[^<]*(</password>)", re.IGNORECASE),
)


def redact(text: str) -> str:
    text = _SECRET_PATTERNS[0].sub(r"\1[redacted]\3", text)
    return _SECRET_PATTERNS[1].sub(r"\1[redacted]\2", text)


class RedactingFilter(logging.Filter):
    """Strips SASL exchanges from log records (slixmpp logs every raw send at DEBUG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("slixmpp"):
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


_filter = RedactingFilter()


def install_log_redaction() -> None:
    """Attach the filter to every handler of the root logger and to slixmpp's loggers."""
    for name in ("slixmpp", "slixmpp.xmlstream.xmlstream", "slixmpp.basexmpp"):
        logger = logging.getLogger(name)
        if _filter not in logger.filters:
            logger.addFilter(_filter)
    for handler in logging.getLogger().handlers:
        if _filter not in handler.filters:
            handler.addFilter(_filter)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a burst of objects is built (a 20,000-item roster).

    The collector would otherwise run several full passes over a heap that only grows, each a
    visible stall of the UI thread (`make bench`); it runs normally again right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
