"""Wiring between the xmpp, platform and model layers on the shared qasync loop."""
