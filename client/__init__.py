"""Attend: a desktop XMPP client that honestly shows who is at their keyboard."""

APP_NAME = "Attend"
APP_ID = "im.attend.Attend"
ORG_NAME = "Attend"
__version__ = "0.1.0"
