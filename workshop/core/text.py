"""Validation of text typed by people: one place decides what an idea, a title or a name may be."""

from __future__ import annotations

import unicodedata

from workshop.core.errors import InvalidInput
from workshop.i18n import _, n_

IDEA_MAX = 500
TITLE_MAX = 200
FIELD_MAX = 2000

# Bidirectional overrides and isolates can make text display differently from what is stored
# ("Trojan source"); letters of right-to-left scripts need none of them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: object, *, max_length: int = IDEA_MAX, what: str = _("Der Text"),
               multiline: bool = True, required: bool = True) -> str:
    """Normalise (NFC, trimmed, \\r\\n → \\n) and check text; raise InvalidInput with a readable reason."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("{what} muss Text sein."), what=what)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        if required:
            raise InvalidInput(_("{what} ist leer."), what=what)
        return ""
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" and multiline:
            continue
        if char == "\t":
            continue
        if category in ("Cc", "Cs") or char in _BIDI_CONTROLS or category == "Cn" and _is_noncharacter(char):
            raise InvalidInput(_("{what} enthält unzulässige Steuerzeichen."), what=what)
    text = text.replace("\t", " ")
    if len(text) > max_length:
        raise InvalidInput(n_("{what} ist zu lang ({length} Zeichen, höchstens {limit}).",
                              "{what} ist zu lang ({length} Zeichen, höchstens {limit}).", len(text)),
                           what=what, length=len(text), limit=max_length)
    return text


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
