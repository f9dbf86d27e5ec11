"""Fixtures for the platform tests: real X servers and private buses."""

from tests.fixtures.xvfb import xvfb_display  # noqa: F401 - a fixture, registered by import
