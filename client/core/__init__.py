"""Pure Python: state, policy, time parsing; no Qt, no slixmpp."""
