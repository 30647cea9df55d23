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
# Characters that show nothing but are not categories Cf or whitespace: default-ignorable code points
# (combining grapheme joiner, Khmer and Mongolian invisible marks, variation selectors, reserved ranges) and
# blank-looking letters and symbols (Hangul fillers, the blank braille pattern). Text of only these is empty.
_INVISIBLE_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2065, 0x2065),
                     (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
                     (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
# Invisible characters that mean nothing at either end of a text, so they are trimmed like spaces. Joiners
# (ZWJ, ZWNJ), variation selectors, tags and bidi marks are kept wherever they stand: they belong to the
# emoji, word or right-to-left line beside them.
_EDGE_FILLERS = "\u00ad\u115f\u1160\u180e\u200b\u2060\u2800\u3164\ufeff\uffa0"


def clean_text(value: object, *, max_length: int = IDEA_MAX, what: str = _("Der Text"),
               multiline: bool = True, required: bool = True) -> str:
    """Normalise (NFC, trimmed, \\r\\n → \\n) and check text; raise InvalidInput with a readable reason."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("{what} muss Text sein."), what=what)
    text = _trim(unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")))
    if not any(_visible(char) for char in text):
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


def _trim(text: str) -> str:
    """Spaces and meaningless invisible fillers off both ends (a phone's keyboard or a paste adds them)."""
    previous = None
    while text != previous:
        previous, text = text, text.strip().strip(_EDGE_FILLERS)
    return text


def _visible(char: str) -> bool:
    """Whether the character shows something: text of only spaces, format characters (ZWSP, BOM, soft
    hyphen …) and blank-looking fillers is empty however long it is."""
    if char.isspace() or unicodedata.category(char) == "Cf":
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _INVISIBLE_RANGES)
