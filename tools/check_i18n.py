"""Fail when a shipped catalogue is incomplete or stale; run by `make lint` (so by `make test`).

Checks every i18n/attend_<lang>.ts:
- no unfinished, obsolete or vanished entries, no empty translations;
- every plural message has exactly the language's number of forms, none empty;
- %1..%9 placeholders and the & accelerator survive translation;
and that the catalogues hold exactly the strings the source has now: lupdate is run into a
temporary copy and compared, so a string added (or removed) in client/ without `make i18n`
fails here.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from i18n import PLURAL_FORMS, TS_DIR, lupdate, ts_path

_PLACEHOLDER = re.compile(r"%(\d)")
# An accelerator is a single & before a character; "&&" is a literal ampersand.
_ACCELERATOR = re.compile(r"(?<!&)&(?!&)(?=\S)")


@dataclass(frozen=True, order=True)
class Key:
    context: str
    source: str
    comment: str
    numerus: bool

    def __str__(self) -> str:
        comment = f" ({self.comment})" if self.comment else ""
        return f"{self.context}: {self.source!r}{comment}"


def read_catalogue(path: Path) -> tuple[str, dict[Key, ET.Element]]:
    root = ET.parse(path).getroot()
    messages: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = Key(
                name,
                message.findtext("source") or "",
                message.findtext("comment") or "",
                message.get("numerus") == "yes",
            )
            messages[key] = message
    return root.get("language") or "", messages


def _accelerators(text: str) -> int:
    return len(_ACCELERATOR.findall(text))


def check_messages(path: Path, expected_language: str) -> list[str]:
    """Problems in one catalogue's own entries."""
    problems: list[str] = []
    language, messages = read_catalogue(path)
    if language != expected_language:
        problems.append(f"{path.name}: language is {language!r}, expected {expected_language!r}")
    forms_wanted = PLURAL_FORMS[expected_language]
    for key, message in messages.items():
        translation = message.find("translation")
        if translation is None:
            problems.append(f"{path.name}: {key}: no translation element")
            continue
        kind = translation.get("type")
        if kind in ("obsolete", "vanished"):
            problems.append(f"{path.name}: {key}: {kind} (no longer in the source; `make i18n`)")
            continue
        if kind == "unfinished":
            problems.append(f"{path.name}: {key}: unfinished (translate it)")
            continue
        if key.numerus:
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if len(forms) != forms_wanted:
                problems.append(
                    f"{path.name}: {key}: {len(forms)} plural forms, {expected_language}"
                    f" needs {forms_wanted}"
                )
            texts = forms
        else:
            texts = [translation.text or ""]
        for text in texts:
            if not text.strip():
                problems.append(f"{path.name}: {key}: empty translation")
                continue
            if set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(key.source)):
                problems.append(f"{path.name}: {key}: placeholders differ in {text!r}")
            if _accelerators(key.source) != _accelerators(text):
                problems.append(f"{path.name}: {key}: the & shortcut marker differs in {text!r}")
    return problems


def check_extraction() -> list[str]:
    """Strings in the source that the catalogues lack, and catalogue strings the source lost."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="attend-i18n-check-") as tmp:
        fresh_dir = Path(tmp)
        for language in PLURAL_FORMS:
            if ts_path(language).exists():
                shutil.copy(ts_path(language), ts_path(language, fresh_dir))
        lupdate(sorted(PLURAL_FORMS), fresh_dir, keep_vanished=True)
        for language in sorted(PLURAL_FORMS):
            shipped = ts_path(language)
            if not shipped.exists():
                problems.append(f"{shipped.name}: missing (run `make i18n`)")
                continue
            _, have = read_catalogue(shipped)
            _, fresh = read_catalogue(ts_path(language, fresh_dir))
            current = {
                key
                for key, message in fresh.items()
                if (t := message.find("translation")) is None
                or t.get("type") not in ("vanished", "obsolete")
            }
            for key in sorted(current - have.keys()):
                problems.append(f"{shipped.name}: {key}: in the source but not extracted")
            for key in sorted(have.keys() - current):
                problems.append(f"{shipped.name}: {key}: no longer in the source")
    return problems


def main() -> int:
    problems: list[str] = []
    for language in sorted(PLURAL_FORMS):
        if ts_path(language).exists():
            problems += check_messages(ts_path(language), language)
    problems += check_extraction()
    if problems:
        for line in problems:
            print(f"check_i18n: {line}", file=sys.stderr)
        print(
            f"check_i18n: {len(problems)} problem(s). `make i18n` extracts new strings into"
            f" {TS_DIR.name}/*.ts (as unfinished); translate them there, see README",
            file=sys.stderr,
        )
        return 1
    counts = {lang: len(read_catalogue(ts_path(lang))[1]) for lang in sorted(PLURAL_FORMS)}
    print("check_i18n: ok (" + ", ".join(f"{k}: {v} strings" for k, v in counts.items()) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
