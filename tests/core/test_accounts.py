"""Bare-JID validation, AccountConfig invariants (host+port together), JSON and CA-file checks."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest

from client.core.accounts import (
    AccountConfig,
    check_ca_file,
    normalise_sha256_fingerprint,
    validate_bare_jid,
    validate_server_host,
)


@pytest.mark.parametrize(
    ("text", "jid"),
    [
        ("alice@example.org", "alice@example.org"),
        ("  alice@example.org ", "alice@example.org"),
        ("Alice@Example.ORG", "alice@example.org"),
        ("alice@example.org.", "alice@example.org"),
        ("al.ice+tag@sub.example.org", "al.ice+tag@sub.example.org"),
        ("jürgen@münchen.example", "jürgen@münchen.example"),
        ("bob@localhost", "bob@localhost"),
        ("bob@127.0.0.1", "bob@127.0.0.1"),
        ("bob@[::1]", "bob@[::1]"),
        ("x" * 1023 + "@example.org", "x" * 1023 + "@example.org"),
    ],
)
def test_valid_bare_jids(text: str, jid: str) -> None:
    assert validate_bare_jid(text) == jid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "account address is needed"),
        ("alice", "name@example.org"),
        ("example.org", "name@example.org"),
        ("@example.org", "nothing before the '@'"),
        ("alice@", "nothing after the '@'"),
        ("alice@example.org/phone", "no /resource part"),
        ("al ice@example.org", "must not contain spaces"),
        ("al\tice@example.org", "must not contain spaces"),
        ("al\x00ice@example.org", "control"),
        ('a"b@example.org', 'must not contain "'),
        ("a&b@example.org", "must not contain &"),
        ("a'b@example.org", "must not contain '"),
        ("a:b@example.org", "must not contain :"),
        ("a<b@example.org", "must not contain <"),
        ("a>b@example.org", "must not contain >"),
        ("a@b@example.org", "more than one '@'"),
        ("alice@example.org:5222", "a port does not belong"),
        ("alice@exa mple.org", "must not contain spaces"),
        ("alice@example..org", "empty label"),
        ("alice@.example.org", "empty label"),
        ("alice@exam!ple.org", "must not contain !"),
        ("alice@[not-ipv6]", "not an IPv6 address"),
        ("x" * 1024 + "@example.org", "longer than 1023 bytes"),
        ("é" * 512 + "@example.org", "longer than 1023 bytes"),
        ("alice@" + "a" * 1024, "longer than 1023 bytes"),
    ],
)
def test_invalid_bare_jids_get_a_one_line_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        validate_bare_jid(text)
    assert "\n" not in str(info.value)


def test_defaults() -> None:
    account = AccountConfig("Alice@Example.org")
    assert account.jid == "alice@example.org"
    assert account.resource == "Attend"
    assert (account.server_host, account.port, account.address) == (None, None, None)
    assert account.enabled is True
    assert account.direct_tls is False
    assert account.remember_password is False


def test_host_alone_gets_the_default_port() -> None:
    assert AccountConfig("a@b.org", server_host="xmpp.b.org").address == ("xmpp.b.org", 5222)
    direct = AccountConfig("a@b.org", server_host="xmpp.b.org", direct_tls=True)
    assert direct.address == ("xmpp.b.org", 5223)
    explicit = AccountConfig("a@b.org", server_host="127.0.0.1", port=15222)
    assert explicit.address == ("127.0.0.1", 15222)


def test_port_without_host_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a server host"):
        AccountConfig("a@b.org", port=5222)


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_port_out_of_range(port: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        AccountConfig("a@b.org", server_host="h", port=port)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("XMPP.Example.org", "xmpp.example.org"),
        ("::1", "::1"),
        ("[::1]", "::1"),
        ("10.0.0.1", "10.0.0.1"),
    ],
)
def test_server_host(text: str, host: str) -> None:
    assert validate_server_host(text) == host


@pytest.mark.parametrize("text", ["", "a b", "host:5222", "a..b", "x/y"])
def test_bad_server_host(text: str) -> None:
    with pytest.raises(ValueError, match="server host"):
        validate_server_host(text)


def test_fingerprint_is_normalised() -> None:
    colons = ":".join(["AB"] * 32)
    assert normalise_sha256_fingerprint(colons) == "ab" * 32
    account = AccountConfig("a@b.org", pinned_cert_sha256=colons)
    assert account.pinned_cert_sha256 == "ab" * 32
    with pytest.raises(ValueError, match="64 hex digits"):
        AccountConfig("a@b.org", pinned_cert_sha256="abcd")


def test_bad_resource() -> None:
    with pytest.raises(ValueError, match="resource must not be empty"):
        AccountConfig("a@b.org", resource="  ")
    with pytest.raises(ValueError, match="control"):
        AccountConfig("a@b.org", resource="pho\nne")


def test_json_round_trip_and_password_is_never_read(caplog: pytest.LogCaptureFixture) -> None:
    account = AccountConfig(
        "a@b.org", resource="laptop", server_host="h.b.org", port=5223, direct_tls=True,
        ca_file="/etc/ca.pem", enabled=False, remember_password=True,
        pinned_cert_sha256="cd" * 32,
    )  # fmt: skip
    data = account.to_json_dict()
    assert "password" not in data
    assert AccountConfig.from_json_dict(data) == account
    with caplog.at_level(logging.WARNING):
        loaded = AccountConfig.from_json_dict({**data, "password": "hunter2", "colour": "red"})
    assert loaded == account
    assert "hunter2" not in caplog.text
    assert "password field" in caplog.text
    assert "colour" in caplog.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "no 'jid'"),
        ({"jid": "a@b.org", "port": "5222", "server_host": "h"}, "'port'"),
        ({"jid": "a@b.org", "enabled": "yes"}, "'enabled'"),
        ({"jid": "a@b.org", "port": True, "server_host": "h"}, "'port'"),
        ({"jid": "a@b.org", "resource": None}, "'resource'"),
        ({"jid": "nope"}, "name@example.org"),
    ],
)
def test_bad_json_entries(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AccountConfig.from_json_dict(data)


@pytest.fixture(scope="module")
def pem_cert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ca")
    cert = directory / "ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", str(directory / "ca.key"), "-out", str(cert), "-days", "2",
         "-subj", "/CN=Attend test CA"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert


def test_ca_file_accepts_a_pem_certificate(pem_cert: Path) -> None:
    assert check_ca_file(str(pem_cert)) == str(pem_cert)


def test_ca_file_refusals(pem_cert: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"cannot read CA file .*No such file"):
        check_ca_file(str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match=r"cannot read CA file .*directory"):
        check_ca_file(str(tmp_path))
    key_only = tmp_path / "key.pem"
    key_only.write_bytes((pem_cert.parent / "ca.key").read_bytes())
    with pytest.raises(ValueError, match="not a PEM file with a certificate"):
        check_ca_file(str(key_only))
    garbled = tmp_path / "garbled.pem"
    garbled.write_text(
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(ValueError, match="no certificate that can be read"):
        check_ca_file(str(garbled))
