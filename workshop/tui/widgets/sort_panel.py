"""Sort mode's panel: one unsorted idea at a time, large, and the keys that put it into a theme."""

from __future__ import annotations

from dataclasses import dataclass

from rich.align import Align
from rich.console import Group
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from workshop.tui import actions
from workshop.tui.bidi import wrap_visual


class SortPanel(Widget, can_focus=True):
    """Focused while sort mode is on, so its keys come first (`actions.SORTING`); the board's actions do the work."""

    DEFAULT_CSS = """
    SortPanel { height: auto; max-height: 14; border: thick $accent; background: $boost; padding: 0 2;
                margin: 0 1; display: none; }
    SortPanel.-on { display: block; }
    """
    BINDINGS = actions.bindings(actions.Group.SORT)

    @dataclass
    class NameStarted(Message):
        """A capital letter was typed: the name of a new theme for the idea shown begins with it."""

        character: str

    def on_key(self, event: events.Key) -> None:
        # A capital letter starts the name of a new theme right away (German nouns start with one): "Wohnen⏎"
        # makes the theme and puts the idea in, without `n` first.
        character = event.character or ""
        if len(character) == 1 and character.isalpha() and character.isupper():
            event.stop()
            event.prevent_default()
            self.post_message(self.NameStarted(character))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._where = ""
        self._progress = ""

    def show(self, text: str, where: str, progress: str) -> None:
        if (text, where, progress) != (self._text, self._where, self._progress):
            self._text, self._where, self._progress = text, where, progress
            self.refresh(layout=True)

    def render(self) -> Group:
        # The idea large: on a line of its own, bold and in the accent colour, with room around it.
        width = max(20, (self.content_size.width or 64) - 8)
        idea = Text("\n".join(wrap_visual(self._text, width)), style=f"bold {self.app.theme_variables['accent']}",
                    justify="center")
        return Group(Text(self._progress, style="dim"), Text(""), Align.center(idea), Text(""),
                     Text(self._where, style="italic dim", justify="center"))
