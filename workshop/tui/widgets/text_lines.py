"""Lines of text drawn only where they show: a long ranking costs what a screenful costs.

A `Static` lays out, wraps and renders its whole text whenever it is shown: the ranking of a vote on 180
single wishes held the app for 100–160 ms each time `s` opened it (`benchmarks/bench_soak.py`). The lines
here come wrapped to the width already (`result_bars.result_text`); only those in view are rendered, each
once until the text changes.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextLines(ScrollView, can_focus=True):
    """A scrollable block of ready-made lines (`update()` takes one Text with newlines)."""

    DEFAULT_CSS = """
    TextLines { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}

    @property
    def plain(self) -> str:
        """The text shown (all lines, also those out of view)."""
        return "\n".join(line.plain for line in self._lines)

    def update(self, text: Text) -> None:
        self._lines = list(text.split("\n", allow_blank=True))
        self._strips.clear()
        self.virtual_size = Size(max((line.cell_len for line in self._lines), default=0), len(self._lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = Strip(list(self._lines[index].render(self.app.console)))
        return strip.crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
