"""XMPP protocol on slixmpp; no Qt."""
