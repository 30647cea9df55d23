"""One line of text that repaints without a layout pass: the board updates several of them per refresh."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Line(Widget):
    """Like a one-line Static, but setting `text` to a new value only repaints this widget."""

    DEFAULT_CSS = """
    Line { height: 1; width: 1fr; }
    """

    text: reactive[Text] = reactive(Text, layout=False)

    def show(self, text: Text | str) -> None:
        value = text if isinstance(text, Text) else Text(text)
        if value != self.text:
            self.text = value

    def render(self) -> Text:
        text = self.text.copy()
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text
