"""Composition root: builds the application and wires every layer together."""
