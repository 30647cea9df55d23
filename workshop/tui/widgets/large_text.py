"""Text in large type for the terminal projector: letters drawn with the bundled font, four pixels a cell.

A terminal has one size of letter; a room needs bigger ones. The text is drawn with Pillow in the bundled
DejaVu Sans (Latin, Cyrillic, Arabic and Persian; right-to-left text shaped, see `workshop.textshape`),
without anti-aliasing, and each 2×2 block of pixels becomes one quadrant character (`▖▗▘▝▚▞▌▐▀▄█…`), so
a line of text is six or seven rows high. It wraps at word boundaries to the width it is given after layout; if
the large lines would need more rows than `max_rows` (a long question on a small terminal), it shows
the text in ordinary bold letters instead, wrapped, never clipped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from workshop import textshape
from workshop.tui.display import visual

if TYPE_CHECKING:
    from PIL import ImageFont

QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"  # index: top-left 1, top-right 2, bottom-left 4, bottom-right 8
SIZES = (12, 10)  # the font's sizes in pixels, tried in turn: a line is about 7 or 6 rows high


@lru_cache(maxsize=4)
def _font(pixels: int) -> ImageFont.FreeTypeFont:
    return textshape.font(pixels, bold=True)


@lru_cache(maxsize=64)
def large_lines(text: str, width: int, pixels: int = SIZES[0]) -> tuple[str, ...] | None:
    """`text` as rows of quadrant characters at most `width` cells wide; None if a word alone is wider."""
    from PIL import Image, ImageDraw

    font = _font(pixels)
    measure = ImageDraw.Draw(Image.new("1", (1, 1)))
    measure.fontmode = "1"
    lines = textshape.wrap(measure, text, font, width * 2)
    top, bottom = _line_box(pixels)
    height = bottom - top + (bottom - top) % 2
    rows: list[str] = []
    for line in lines:
        line_width = int(textshape.line_width(measure, line, font)) + 1
        if line_width > width * 2:
            return None
        image = Image.new("1", (width * 2, height), 0)
        draw = ImageDraw.Draw(image)
        draw.fontmode = "1"
        x = width * 2 - line_width if textshape.is_rtl(line) else 0  # right-to-left text starts at the right
        textshape.draw_line(draw, (x, -top), line, font, fill=1)
        rows.extend(_quadrant_rows(image))
    return tuple(_trimmed(rows))


@lru_cache(maxsize=4)
def _line_box(pixels: int) -> tuple[int, int]:
    """The pixel rows a line of text uses: from the top of an accented capital to the bottom of a descender."""
    from PIL import Image, ImageDraw

    _left, top, _right, bottom = ImageDraw.Draw(Image.new("1", (1, 1))).textbbox((0, 0), "ÄÉÖgjpy„", font=_font(pixels))
    return top, bottom


def _quadrant_rows(image) -> list[str]:
    pixels = image.load()
    width, height = image.size
    rows = []
    for y in range(0, height, 2):
        row = []
        for x in range(0, width, 2):
            index = ((1 if pixels[x, y] else 0) | (2 if x + 1 < width and pixels[x + 1, y] else 0)
                     | (4 if y + 1 < height and pixels[x, y + 1] else 0)
                     | (8 if x + 1 < width and y + 1 < height and pixels[x + 1, y + 1] else 0))
            row.append(QUADRANTS[index])
        rows.append("".join(row).rstrip())
    return rows


def _trimmed(rows: list[str]) -> list[str]:
    """Without the empty rows above the first and below the last line (the font's ascent and descent)."""
    while rows and not rows[0].strip():
        rows.pop(0)
    while rows and not rows[-1].strip():
        rows.pop()
    return rows


class LargeText(Widget):
    """A text in large type, wrapped to the widget's width; ordinary bold text when large does not fit."""

    DEFAULT_CSS = """
    LargeText { width: 1fr; height: auto; }
    """

    text: reactive[str] = reactive("", layout=True)
    max_rows: reactive[int] = reactive(12, layout=True)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(LargeText.text, text)

    def large(self, width: int) -> tuple[str, ...] | None:
        """The rows in large type for `width` cells, or None when they would not fit."""
        if not self.text.strip() or width < 8:
            return None
        for pixels in SIZES:
            rows = large_lines(self.text, width, pixels)
            if rows is not None and len(rows) <= self.max_rows:
                return rows
        return None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        rows = self.large(width)
        if rows is not None:
            return len(rows)
        return len(self._plain().wrap(self.app.console, max(1, width)))

    def render(self) -> Text:
        rows = self.large(self.content_size.width)
        if rows is None:
            return self._plain()
        return Text("\n".join(rows), no_wrap=True, overflow="crop")

    def _plain(self) -> Text:
        return Text(visual(self.text), style="bold")
