"""Fixtures for the platform tests: real X servers and private buses."""

from tests.fixtures.dbus import fake_desktop, private_buses, session_conn, system_conn  # noqa: F401
from tests.fixtures.xvfb import xvfb_display  # noqa: F401 - a fixture, registered by import
