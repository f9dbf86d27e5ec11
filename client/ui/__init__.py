"""Widgets: the only layer that may import PySide6.QtWidgets."""
