"""Form fields for people who press ⏎: a dropdown that ⏎ does not open, and a text area that wraps.

In the measure form ⏎ saves from every field. A dropdown (`FormSelect`) opens with Space or Alt+↓, ↓ and ↑
move to the next and previous field as in the text fields, and typing the first letters of an option picks
it without opening anything. A text area (`WrappingText`) wraps long text at its width instead of scrolling
sideways; ⏎ in it saves the form, so a text gets no hard line break by accident.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import Select, TextArea

from workshop.i18n import _

TYPE_AHEAD_SECONDS = 0.8  # letters typed within this time of each other make one search


class FormSelect(Select[str], inherit_bindings=False):
    """`Select` opened by Space or Alt+↓ only; ⏎ goes to the form (save), ↓ ↑ to the next field, letters pick."""

    BINDINGS = [
        Binding("space,alt+down", "show_overlay", _("Auswahl öffnen"), show=False),
        Binding("down", "app.focus_next", _("Nächstes Feld"), show=False),
        Binding("up", "app.focus_previous", _("Voriges Feld"), show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed = ""
        self._typed_at = 0.0

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self.expanded or character is None or not character.isprintable() or character == " ":
            return
        now = time.monotonic()
        self._typed = (self._typed if now - self._typed_at < TYPE_AHEAD_SECONDS else "") + character
        self._typed_at = now
        event.stop()
        event.prevent_default()
        wanted = self._typed.casefold()
        for prompt, value in self._options:
            if value is not Select.NULL and str(prompt).casefold().startswith(wanted):
                self.value = value
                return
        self.app.bell()  # no option starts so: nothing changes, and the facilitator hears it


class WrappingText(TextArea):
    """A text field of a few lines that wraps; its text is one paragraph (⏎ belongs to the form)."""

    DEFAULT_CSS = """
    WrappingText { height: 2; min-height: 2; border: none; padding: 0; background: $boost; }
    WrappingText:focus { background: $boost; }
    """

    def __init__(self, text: str = "", *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         compact=True, placeholder=placeholder)

    @property
    def value(self) -> str:
        """The text as one paragraph: line breaks pasted in become spaces."""
        return " ".join(self.text.split())

    def on_focus(self) -> None:
        self.move_cursor(self.document.end)

    def action_cursor_down(self, select: bool = False) -> None:
        """↓ on the text's last line goes on to the next field, as it does in a one-line field."""
        if self.cursor_at_last_line and not select:
            self.screen.focus_next()
            return
        super().action_cursor_down(select)

    def action_cursor_up(self, select: bool = False) -> None:
        if self.cursor_at_first_line and not select:
            self.screen.focus_previous()
            return
        super().action_cursor_up(select)
