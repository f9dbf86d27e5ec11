"""OS signal sources (focus, idle, lock, sleep) via QtCore, QtDBus and ctypes; no widgets."""
