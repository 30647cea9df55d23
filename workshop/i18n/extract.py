"""Every marked message in the code, found by Babel's extractors in the Python sources and Jinja templates.

Shared by `python -m workshop.i18n.update` (which writes the catalogues) and the tests (which check them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.extract import extract_from_dir

PACKAGE = Path(__file__).resolve().parents[1]  # workshop/
KEYWORDS = {"_": None, "n_": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
# The templates' own settings, and no silent skipping of a template that does not parse.
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}}

# Messages from these parts reach participants: the phone pages (web/), every domain error and label a
# phone can be shown (core/), the printed QR handout (qr.py) and voting slips (slipprint.py). Each phone
# language must translate them all.
PARTICIPANT_SOURCES = ("core/", "web/", "qr.py", "slipprint.py")

Key = str | tuple[str, str]  # a msgid, or (msgid, msgid_plural)


@dataclass
class Found:
    """One marked message and the files (relative to workshop/) that use it."""

    msgid: str
    plural: str | None
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return self.msgid if self.plural is None else (self.msgid, self.plural)

    @property
    def for_participants(self) -> bool:
        return any(location.startswith(PARTICIPANT_SOURCES) for location in self.locations)


def extract(package: Path = PACKAGE) -> dict[Key, Found]:
    """Every message marked with `_()` or `n_()` under `package`, in the order Babel finds them."""
    found: dict[Key, Found] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            package, METHODS, OPTIONS, KEYWORDS, directory_filter=_wanted):
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        entry = found.setdefault((msgid if plural is None else (msgid, plural)), Found(msgid, plural))
        if filename not in entry.locations:
            entry.locations.append(filename)
    return found


def _wanted(dirpath: str) -> bool:
    return Path(dirpath).name not in {"__pycache__", "locale"}


def participant_messages(found: dict[Key, Found]) -> Iterator[Found]:
    return (entry for entry in found.values() if entry.for_participants)
