"""The board's column titles: one strip above all columns, drawn line by line.

A theme's long name wraps to two lines, which a column's border title cannot hold. A title widget of its own
above each column (in a box with the column) tripled the board's widgets: a board of 40 themes and 1,000
ideas took ~25 % longer to its first frame, and a phone's idea that changed the inbox's count laid out the
whole screen again. This strip is one widget, docked at the top of the board: it draws each column's title
over the column, scrolls with the board, and repaints only itself when a title or the focus changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class Titled(Protocol):
    """A column as the strip sees it: where it lies in the board, and its title."""

    title_text: str
    virtual_region: Region


class ColumnTitles(Widget):
    """Each column's title over the column, in as many lines as the highest title (`show_lines`)."""

    COMPONENT_CLASSES = {"column-titles--title"}
    DEFAULT_CSS = """
    ColumnTitles { dock: top; width: 100%; height: 1; }
    ColumnTitles > .column-titles--title { text-style: bold; color: $text-muted; }
    """

    def __init__(self, columns: Callable[[], Sequence[Titled]], scroll_x: Callable[[], float]) -> None:
        """`columns`: the columns left to right; `scroll_x`: how far the board is scrolled sideways."""
        super().__init__()
        self._columns = columns
        self._scroll_x = scroll_x

    def show_lines(self, lines: int) -> None:
        """Every title as high as the highest, so the columns start level."""
        if self.styles.height is None or self.styles.height.value != lines:
            self.styles.height = lines
        self.refresh()

    def region_of(self, column: Titled) -> Region:
        """Where `column`'s title is drawn on the screen (its full width, the strip's height)."""
        region = self.region
        left = region.x + column.virtual_region.x - round(self._scroll_x())
        return Region(left, region.y, column.virtual_region.width, region.height)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        title = base + self.get_component_rich_style("column-titles--title")
        base = Style(bgcolor=base.bgcolor)  # spaces in the background colour alone, as a padded Static draws them
        width = self.size.width
        scroll = round(self._scroll_x())
        segments: list[Segment] = []
        x = 0
        for column in self._columns():
            region = column.virtual_region
            if not region.width:
                continue
            if region.x >= scroll + width:
                break
            lines = column.title_text.split("\n")
            # One cell of padding on the left, as the columns' own text has; the name cut to the room left.
            text = set_cell_size(lines[y], region.width - 1).rstrip() if y < len(lines) else ""
            segments += [Segment(" " * (region.x - x + 1), base), Segment(text, title),
                         Segment(" " * (region.width - 1 - cell_len(text)), base)]
            x = region.right
        return Strip(segments).simplify().crop_extend(scroll, scroll + width, base)
