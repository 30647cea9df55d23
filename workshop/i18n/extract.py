"""Every marked message in the code, found by Babel's extractors in the Python sources and Jinja templates.

Shared by `python -m workshop.i18n.update` (which writes the template and the catalogues) and the tests
(which check them). Besides the message, Babel hands over where it stands (file and line), its context
(`_p("Schritt", "Abstimmen")`) and the comment above it that starts with `Translators:`, which the template
carries to the translator (`#.` in the `.po` file, the note beside the text in Poedit or Weblate).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.extract import extract_from_dir

from workshop.i18n.messages import CONTEXT_SEPARATOR

PACKAGE = Path(__file__).resolve().parents[1]  # workshop/
# `_(text)`, `n_(singular, plural, n)`, `_p(context, text)`, `np_(context, singular, plural, n)`
KEYWORDS = {"_": None, "n_": (1, 2), "_p": ((1, "c"), 2), "np_": ((1, "c"), 2, 3)}
COMMENT_TAGS = ["Translators:"]
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
# The templates' own settings, and no silent skipping of a template that does not parse.
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}}

# Messages from these parts reach participants: the phone pages (web/), every domain error and label a
# phone can be shown (core/), the printed QR handout (qr.py), voting slips (slipprint.py) and the small groups'
# cards (groupcards.py). Each phone language must translate them all.
PARTICIPANT_SOURCES = ("core/", "web/", "qr.py", "slipprint.py", "groupcards.py")

Key = str | tuple[str, str]  # a msgid, or (msgid, msgid_plural); in a context, the msgid is "context\x04msgid"


def key_of(msgid: str, plural: str | None = None, context: str | None = None) -> Key:
    """The one key a message has in the extraction, the catalogues and the tests."""
    single = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid
    return single if plural is None else (single, plural)


@dataclass
class Found:
    """One marked message: the files (relative to workshop/) that use it, where, and what it says to translators."""

    msgid: str
    plural: str | None
    context: str | None = None
    locations: list[str] = field(default_factory=list)
    lines: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return key_of(self.msgid, self.plural, self.context)

    @property
    def for_participants(self) -> bool:
        return any(location.startswith(PARTICIPANT_SOURCES) for location in self.locations)

    @property
    def references(self) -> list[str]:
        """`workshop/core/models.py:35`, as the catalogues name them."""
        return [f"workshop/{path}:{line}" for path, line in self.lines]


def extract(package: Path = PACKAGE) -> dict[Key, Found]:
    """Every message marked with `_()`, `n_()`, `_p()` or `np_()` under `package`, in the order Babel finds them."""
    found: dict[Key, Found] = {}
    for filename, lineno, message, comments, context in extract_from_dir(
            package, METHODS, OPTIONS, KEYWORDS, COMMENT_TAGS, directory_filter=_wanted, strip_comment_tags=True):
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        entry = found.setdefault(key_of(msgid, plural, context), Found(msgid, plural, context))
        if filename not in entry.locations:
            entry.locations.append(filename)
        if (filename, lineno) not in entry.lines:  # the same message twice on one line is one reference
            entry.lines.append((filename, lineno))
        entry.comments += [comment for comment in comments if comment not in entry.comments]
    return found


def _wanted(dirpath: str) -> bool:
    return Path(dirpath).name not in {"__pycache__", "locale"}


def participant_messages(found: dict[Key, Found]) -> Iterator[Found]:
    return (entry for entry in found.values() if entry.for_participants)
