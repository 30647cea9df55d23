"""A join address that wraps where a person reading it aloud would pause, never inside the join token."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

TOKEN_PATH = "/j/"


def url_lines(url: str, width: int) -> list[str]:
    """`url` in lines of at most `width` cells: whole if it fits, else broken after `/j/` (the token on a line of
    its own), the part before that at a `/` or `:`. Only what is longer than a line is cut."""
    if len(url) <= width or width <= 0:
        return [url]
    head, sep, token = url.rpartition(TOKEN_PATH)
    if not sep:
        return _fold(url, width)
    return [*_fold(head + sep, width), *_fold(token, width)]


def _fold(text: str, width: int) -> list[str]:
    lines = []
    while len(text) > width:
        cut = max(text.rfind("/", 0, width), text.rfind(":", 0, width)) + 1
        cut = cut if cut > 0 else width
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text] if text else lines


class JoinUrl(Widget):
    """Its height follows the lines the address needs at the width it gets."""

    DEFAULT_CSS = """
    JoinUrl { width: 100%; height: auto; }
    """

    url: reactive[str] = reactive("", layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(url_lines(self.url, width))

    def render(self) -> Text:
        return Text("\n".join(url_lines(self.url, self.size.width)), no_wrap=True, overflow="crop")
