#!/bin/sh
# Print the path of a Python 3.12 or 3.13 interpreter (PySide6 6.12 is broken on 3.11; qasync < 3.14).
ok() { "$1" -c 'import sys; raise SystemExit(not ((3, 12) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; }
for cand in "${PYTHON:-}" python3.12 python3.13 python3 python; do
    [ -n "$cand" ] || continue
    path=$(command -v "$cand" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for path in "$root"/versions/3.12*/bin/python3 "$root"/versions/3.13*/bin/python3; do
    if [ -x "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
done
echo "error: Python 3.12 or 3.13 is required (3.11 crashes with PySide6 6.12)." >&2
echo "       Install it (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
