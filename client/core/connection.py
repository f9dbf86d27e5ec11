"""Connection state as the user sees it, and the reconnect backoff policy."""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass


class ConnectionState(enum.StrEnum):
    OFFLINE = "offline"
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"
    ERROR = "error"


class ErrorKind(enum.StrEnum):
    """Why a connection stopped; decides whether retrying can help."""

    AUTH = "auth"  # wrong password: retrying would only lock the account
    CERTIFICATE = "certificate"  # needs the user's decision
    NETWORK = "network"  # transient: retry with backoff
    CONFLICT = "conflict"  # another client took our resource
    NO_PASSWORD = "no-password"  # nothing to sign in with


RETRYABLE = frozenset({ErrorKind.NETWORK})


@dataclass(frozen=True)
class CertificateInfo:
    """The server certificate that failed verification, for an explicit trust decision."""

    sha256: str  # colon-separated upper-case hex, as browsers show it
    subject: str
    issuer: str
    not_after: str
    reason: str


@dataclass(frozen=True)
class ConnectionStatus:
    state: ConnectionState
    detail: str = ""
    retry_in: float | None = None
    error: ErrorKind | None = None
    certificate: CertificateInfo | None = None
    resumed: bool = False


@dataclass
class Backoff:
    """Capped exponential backoff with full jitter; reset after a successful sign-in.

    Full jitter (a random delay in [base/2, cap]) keeps many clients from reconnecting to a
    restarted server in lockstep.
    """

    base: float = 1.0
    factor: float = 2.0
    cap: float = 300.0
    rng: Callable[[], float] = random.random
    attempts: int = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * self.factor**self.attempts)
        self.attempts += 1
        return ceiling / 2 + (ceiling / 2) * self.rng()

    def reset(self) -> None:
        self.attempts = 0


def format_fingerprint(digest: bytes) -> str:
    return ":".join(f"{b:02X}" for b in digest)
