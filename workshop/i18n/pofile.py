"""Writing a catalogue the way GNU gettext writes it, so translators' tools have nothing to rewrap.

Babel reads `.po` files well, but its writer wraps long strings its own way: `msgcat`, Poedit and Weblate
(all built on gettext's rules) rewrote hundreds of lines on first save. This writer lays entries out as
gettext's `write-po.c` does, at its default page width of 79 columns:

- `keyword "text"` on one line when it fits (or when the text offers no place to break); else `keyword ""`
  and the text in quoted lines of at most 79 columns, each broken after the last opportunity that fits.
  A text with a line break inside always takes the long form, one quoted line (or more) per line of text.
- Break opportunities follow Unicode's line breaking (UAX #14) as gettext's libunistring applies it: after
  spaces (which stay at the end of the line), after a hyphen or a slash before a letter, around an em dash,
  never inside a number, after an escape sequence, before closing punctuation, or next to a quotation mark
  or an ellipsis that is not after a space. Widths are terminal columns:
  combining marks and invisible format characters (the Persian ZWNJ, isolates) take none.
- References are `#: file:line`, as many to a line as fit in 79 columns; extracted comments (`#.`) and the
  header comment are written as they are.

`tests/test_catalogues.py` runs `msgcat` on every catalogue and the template: it must change nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PAGE_WIDTH = 79
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
            "\f": "\\f", "\v": "\\v"}

# Line-breaking classes (UAX #14) of the characters that are not plain letters or digits.
_CLASSES = {
    " ": "SP", "-": "HY", "/": "SY", "\u2014": "B2", "\u2013": "BA", "\u2010": "BA", "|": "BA", "\t": "BA",
    "\u2026": "IN", "\u2025": "IN", "(": "OP", "[": "OP", "{": "OP", "\u201e": "OP", "\u201a": "OP",
    "\u00a1": "OP", "\u00bf": "OP", ")": "CP", "]": "CP", "}": "CL", ".": "IS", ",": "IS", ":": "IS", ";": "IS",
    "\u060c": "IS", "!": "EX", "?": "EX", "\u061f": "EX", "\u061b": "EX", '"': "QU", "'": "QU", "\u00ab": "QU",
    "\u00bb": "QU", "\u201c": "QU", "\u201d": "QU", "\u2018": "QU", "\u2019": "QU", "\u2039": "QU",
    "\u203a": "QU", "%": "PO", "\u2030": "PO", "\u00b0": "PO", "\u066a": "PO", "\u20ac": "PR", "$": "PR",
    "\u00a3": "PR", "+": "PR", "\\": "PR", "\u00a0": "GL", "\u202f": "GL", "\u2007": "GL", "\u200b": "ZW",
    "\u200d": "CM", "\n": "BK",
}
_CLOSING = frozenset({"CL", "CP", "EX", "IS", "SY"})
_NO_BREAK_BEFORE = _CLOSING | {"QU", "BA", "HY", "IN", "GL", "CM", "BK", "ZW"}


def _class(char: str) -> str:
    found = _CLASSES.get(char)
    if found is not None:
        return found
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return "CM"
    if category == "Nd":
        return "NU"
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "ID"
    return "AL"


def _width(char: str) -> int:
    if char in _ESCAPES:
        return len(_ESCAPES[char])
    if unicodedata.category(char) in ("Mn", "Me", "Cf") or char == "\u200b":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _may_break(text: str, index: int) -> bool:
    """Whether a line may break before `text[index]` (0 < index < len(text))."""
    current = _class(text[index])
    if current == "SP" or text[index - 1] in _ESCAPES:  # gettext keeps an escape sequence with what follows
        return False
    if text[index - 1] == " ":  # after spaces, unless closing punctuation follows or an opening one came before
        if current in _CLOSING:
            return False
        before = index - 1
        while before > 0 and text[before] == " ":
            before -= 1
        base = _class(text[before])
        return not (base == "OP" or base == "QU" and current == "OP" or base == "B2" and current == "B2")
    if current in _NO_BREAK_BEFORE:
        return False
    before = index - 1
    while before > 0 and _class(text[before]) == "CM":  # a combining mark belongs to its base
        before -= 1
    previous = _class(text[before])
    if previous == "ZW":
        return True
    if previous in ("OP", "QU", "GL") or (previous == "B2" and current == "B2"):
        return False
    letters = ("AL", "NU", "CM")
    if previous in letters and current in ("AL", "NU", "OP", "PR", "PO"):
        return False
    if previous in ("HY", "IS", "SY", "PR", "PO", "CL", "CP") and current == "NU":
        return False
    if previous in ("PR", "PO") and current in ("AL", "OP"):
        return False
    if previous in ("CL", "CP") and current in ("PO", "PR"):
        return False
    return not (previous == "CP" and current == "AL")


def _lines(text: str, start: int) -> tuple[list[str], bool]:
    """One line of text (no line break inside) as escaped pieces of lines, starting at column `start`;
    and whether it had to be broken."""
    pieces: list[str] = []
    begin = 0
    for index in range(1, len(text)):
        if _may_break(text, index):
            pieces.append(text[begin:index])
            begin = index
    pieces.append(text[begin:])
    lines: list[str] = []
    line, column, broken = "", start, False
    for piece in pieces:
        width = sum(_width(char) for char in piece)
        if line and column + width + 1 > PAGE_WIDTH:  # 1: the closing quote
            lines.append(line)
            line, column, broken = "", 1, True
        line += _escape(piece)
        column += width
    lines.append(line)
    return lines, broken


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def string_lines(keyword: str, value: str) -> list[str]:
    """`keyword "value"` as gettext lays it out."""
    parts = value.splitlines(keepends=True) or [""]
    if len(parts) == 1:
        lines, broken = _lines(parts[0], len(keyword) + 2)
        if not broken:
            return [f'{keyword} "{lines[0]}"']
    out = [f'{keyword} ""']
    for part in parts:
        out += [f'"{line}"' for line in _lines(part, 1)[0]]
    return out


def reference_lines(references: Iterable[str]) -> list[str]:
    """`#: a.py:1 b.py:2`, wrapped at the page width."""
    lines: list[str] = []
    line = "#:"
    for reference in references:
        if line != "#:" and len(line) + 1 + len(reference) > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += f" {reference}"
    if line != "#:":
        lines.append(line)
    return lines


@dataclass
class Entry:
    """One message as written: its comments, references, flags, context, ids and translations."""

    msgid: str
    msgstr: str | Sequence[str] = ""
    msgid_plural: str | None = None
    context: str | None = None
    comments: Sequence[str] = ()  # from the sources (`#.`)
    translator_comments: Sequence[str] = ()  # the translator's own (`# `)
    references: Sequence[str] = ()
    flags: Sequence[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"# {comment}".rstrip() for comment in self.translator_comments]
        out += [f"#. {line}".rstrip() for comment in self.comments for line in comment.splitlines() or [""]]
        out += reference_lines(self.references)
        if self.flags:
            out.append("#, " + ", ".join(self.flags))
        if self.context is not None:
            out += string_lines("msgctxt", self.context)
        out += string_lines("msgid", self.msgid)
        if self.msgid_plural is None:
            out += string_lines("msgstr", self.msgstr if isinstance(self.msgstr, str) else self.msgstr[0])
        else:
            out += string_lines("msgid_plural", self.msgid_plural)
            forms = [self.msgstr] if isinstance(self.msgstr, str) else list(self.msgstr)
            for index, form in enumerate(forms):
                out += string_lines(f"msgstr[{index}]", form)
        return out


def render(header_comment: Sequence[str], header: Sequence[tuple[str, str]], entries: Iterable[Entry], *,
           fuzzy_header: bool = False) -> bytes:
    """The catalogue's bytes: the header comment, the header entry, then the entries, a blank line apart."""
    head = Entry(msgid="", msgstr="".join(f"{key}: {value}\n" for key, value in header),
                 translator_comments=header_comment, flags=["fuzzy"] if fuzzy_header else [])
    blocks = [head.lines(), *(entry.lines() for entry in entries)]
    return ("\n\n".join("\n".join(block) for block in blocks) + "\n").encode("utf-8")
