"""Account settings (address, server, TLS) and the checks for a valid bare JID (RFC 7622 basics)."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_RESOURCE = "Attend"
STARTTLS_PORT = 5222
DIRECT_TLS_PORT = 5223
_MAX_PART_BYTES = 1023
_FORBIDDEN_LOCAL = frozenset("\"&'/:<>@")
_DOMAIN_PUNCTUATION = frozenset("-._")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def _bad(text: str, reason: str) -> ValueError:
    return ValueError(f"{text!r} is not a valid account address: {reason}")


def _check_no_controls(text: str, part: str, whole: str) -> None:
    for char in text:
        if char.isspace():
            raise _bad(whole, f"the {part} must not contain spaces")
        if unicodedata.category(char).startswith("C"):
            raise _bad(whole, f"the {part} must not contain control or unassigned characters")


def validate_bare_jid(text: str) -> str:
    """``text`` as a normalised bare JID `name@example.org`; ValueError saying what is wrong."""
    jid = unicodedata.normalize("NFC", text.strip())
    if not jid:
        raise ValueError("an account address is needed, like name@example.org")
    local, at, domain = jid.partition("@")
    if "/" in jid:
        raise _bad(jid, "an account address has no /resource part (the resource is set separately)")
    if not at:
        raise _bad(jid, "it needs the form name@example.org")
    if not local:
        raise _bad(jid, "nothing before the '@'")
    _check_no_controls(local, "name before '@'", jid)
    for char in local:
        if char in _FORBIDDEN_LOCAL:
            raise _bad(jid, f"the name before '@' must not contain {char}")
    if _utf8_len(local) > _MAX_PART_BYTES:
        raise _bad(jid, f"the name before '@' is longer than {_MAX_PART_BYTES} bytes")
    return f"{local.lower()}@{_validate_domain(domain, jid)}"


def _validate_domain(domain: str, whole: str) -> str:
    # RFC 7622 §3.2: a trailing dot is dropped; domains compare case-insensitively.
    domain = domain.removesuffix(".").lower()
    if not domain:
        raise _bad(whole, "nothing after the '@'")
    if "@" in domain:
        raise _bad(whole, "more than one '@'")
    _check_no_controls(domain, "server part after '@'", whole)
    if _utf8_len(domain) > _MAX_PART_BYTES:
        raise _bad(whole, f"the server part is longer than {_MAX_PART_BYTES} bytes")
    if domain.startswith("["):
        try:
            if not domain.endswith("]"):
                raise ValueError
            ipaddress.IPv6Address(domain[1:-1])
        except ValueError:
            raise _bad(whole, f"{domain} is not an IPv6 address in brackets") from None
        return domain
    if ":" in domain:
        raise _bad(whole, "a port does not belong in the address (set the server port separately)")
    for label in domain.split("."):
        if not label:
            raise _bad(whole, "the server part has an empty label (two dots in a row?)")
        for char in label:
            if not (char.isalnum() or char in _DOMAIN_PUNCTUATION):
                raise _bad(whole, f"the server part must not contain {char}")
    return domain


def validate_resource(text: str) -> str:
    """A resource (the per-device part after `/`): non-empty, printable, at most 1023 bytes."""
    resource = unicodedata.normalize("NFC", text.strip())
    if not resource:
        raise ValueError("the resource must not be empty")
    if any(unicodedata.category(c).startswith("C") for c in resource):
        raise ValueError(f"the resource {text!r} must not contain control characters")
    if _utf8_len(resource) > _MAX_PART_BYTES:
        raise ValueError(f"the resource is longer than {_MAX_PART_BYTES} bytes")
    return resource


def validate_server_host(text: str) -> str:
    """A host name or IP address to connect to instead of the domain's SRV records."""
    host = text.strip().removesuffix(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not host or len(host) > 253:
        raise ValueError(f"server host {text!r} must be a host name or IP address")
    for label in host.split("."):
        if not label or not all(c.isalnum() or c in "-_" for c in label):
            raise ValueError(f"server host {text!r} is not a valid host name or IP address")
    return host


def normalise_sha256_fingerprint(text: str) -> str:
    """`AB:CD:..` or `abcd..` as 64 lowercase hex digits; ValueError otherwise."""
    digits = re.sub(r"[\s:]", "", text).lower()
    if not _SHA256_HEX.fullmatch(digits):
        raise ValueError("a pinned certificate fingerprint must be a SHA-256 hash: 64 hex digits")
    return digits


def check_ca_file(path: str) -> str:
    """The absolute path of a readable PEM file with at least one certificate; else ValueError."""
    import ssl  # noqa: PLC0415 - only here: keeps ssl off the start-up path (cold start)

    full = os.path.abspath(os.path.expanduser(path))
    try:
        with open(full, "rb") as pem:
            data = pem.read()
    except OSError as exc:
        raise ValueError(f"cannot read CA file {path}: {exc.strerror or exc}") from None
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise ValueError(f"CA file {path} is not a PEM file with a certificate in it")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cafile=full)
    except ssl.SSLError as exc:
        raise ValueError(f"CA file {path} has no certificate that can be read ({exc})") from None
    if not context.cert_store_stats().get("x509"):
        raise ValueError(f"CA file {path} has no certificate in it")
    return full


@dataclass(frozen=True)
class AccountConfig:
    """One account as stored on disk. Never holds a password (that lives in the system keyring)."""

    jid: str
    resource: str = DEFAULT_RESOURCE
    server_host: str | None = None
    port: int | None = None
    direct_tls: bool = False
    ca_file: str | None = None
    enabled: bool = True
    remember_password: bool = False
    pinned_cert_sha256: str | None = None

    def __post_init__(self) -> None:
        # Normalise in place so two spellings of one account compare (and de-duplicate) equal.
        object.__setattr__(self, "jid", validate_bare_jid(self.jid))
        object.__setattr__(self, "resource", validate_resource(self.resource))
        if self.server_host is not None:
            object.__setattr__(self, "server_host", validate_server_host(self.server_host))
            if self.port is None:
                # slixmpp ignores a host given without a port, so always store both.
                default = DIRECT_TLS_PORT if self.direct_tls else STARTTLS_PORT
                object.__setattr__(self, "port", default)
        elif self.port is not None:
            raise ValueError("a server port needs a server host as well")
        if self.port is not None and not 1 <= self.port <= 65535:
            raise ValueError(f"server port {self.port} is out of range (1-65535)")
        if self.ca_file is not None and not self.ca_file.strip():
            raise ValueError("the CA file path must not be empty")
        if self.pinned_cert_sha256 is not None:
            pin = normalise_sha256_fingerprint(self.pinned_cert_sha256)
            object.__setattr__(self, "pinned_cert_sha256", pin)

    @property
    def address(self) -> tuple[str, int] | None:
        """(host, port) to connect to, or None to look the domain up (SRV)."""
        if self.server_host is None or self.port is None:
            return None
        return self.server_host, self.port

    def to_json_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json_dict(cls, data: Mapping[str, object]) -> AccountConfig:
        """An account read from disk; ValueError naming the field if anything is off."""
        if "password" in data:
            # Never echo it: just say it is not used.
            log.warning(
                "ignoring a password field in the accounts file: passwords live in the keyring"
            )
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            kind = _FIELD_TYPES[f.name]
            if value is None and f.name in _OPTIONAL_FIELDS:
                kwargs[f.name] = None
            elif isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
                kwargs[f.name] = value
            else:
                raise ValueError(f"account field {f.name!r} has a bad value {value!r}")
        if "jid" not in kwargs:
            raise ValueError("an account entry has no 'jid'")
        for key in sorted(data.keys() - _FIELD_TYPES.keys() - {"password"}):
            log.warning("ignoring unknown account field %r", key)
        return cls(**kwargs)


_FIELD_TYPES: dict[str, type] = {
    "jid": str,
    "resource": str,
    "server_host": str,
    "port": int,
    "direct_tls": bool,
    "ca_file": str,
    "enabled": bool,
    "remember_password": bool,
    "pinned_cert_sha256": str,
}
_OPTIONAL_FIELDS = frozenset({"server_host", "port", "ca_file", "pinned_cert_sha256"})
