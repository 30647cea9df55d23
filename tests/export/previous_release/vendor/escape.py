"""Markdown escaping of people's text, so that it reads the same and can never start or end a structure.

Text from participants and facilitators lands in headings, list items and table cells. Escaped here,
it stays one line of inline text: it cannot open a heading, list, quote, table row or cell, code span,
link, HTML tag or comment (and with it a managed block), nor close one. Every escape is a backslash
before ASCII punctuation, which CommonMark and GFM render as the character itself.
"""

from __future__ import annotations

import re

# Markdown's line endings and the Unicode line/paragraph separators that editors show as breaks.
_BREAKS = re.compile(r"[\t\n\r\f\v\x85\u2028\u2029 ]+")
# Always escaped: code spans, emphasis, strikethrough, links and footnotes, HTML, table cells. Then `#` where
# it could start an ATX heading's closing sequence, `&` that would start an entity, and the colon of
# `:smile:`, which pandoc's gfm reads as an emoji. GFM's autolinks (pandoc's gfm reader makes them, so
# would GitHub) lose their trigger: the colon of `scheme://`, the dot of `www.`, every `@` of an address.
_ESCAPE = re.compile(r"[\\`*_~\[\]<>|@]|(?:(?<= )|^)#"
                     r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
                     r"|:(?=[a-z0-9_+-]+:)|:(?=//)|(?i:(?<=www))\.")
_LINE_START = re.compile(r"(?:[-+*=#>]|(?P<number>\d{1,9})[.)](?= |$))")


def one_line(text: str) -> str:
    """Whitespace runs (including line breaks) as one space, trimmed: how Markdown would read them."""
    return _BREAKS.sub(" ", text).strip()  # Markdown trims any Unicode space at a line's ends


def escape_inline(text: str) -> str:
    """`text` as inline Markdown on one line: safe at the start of a line, in a heading or a table cell."""
    text = one_line(text)
    if not text:
        return ""
    escaped = _ESCAPE.sub(r"\\\g<0>", text)
    match = _LINE_START.match(escaped)
    if match:
        # A list marker, quote, setext underline or heading at the start of a line: escape its mark.
        if match.group("number") is not None:
            cut = match.end() - 1
            escaped = escaped[:cut] + "\\" + escaped[cut:]
        elif not escaped.startswith("\\"):
            escaped = "\\" + escaped
    return escaped


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    """The reverse of `escape_inline` for text Werkstatt wrote (backslash escapes only)."""
    return _UNESCAPE.sub(r"\1", text)
