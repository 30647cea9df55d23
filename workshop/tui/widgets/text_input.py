"""An input that edits what it shows: on focus the cursor goes to the end and nothing is selected.

Textual's `Input` selects all of its text when it gets focus, so the first key typed into an edit
dialog replaced the whole text ("Wohnen" + " für alle" became "für alle"), and the first Backspace
wiped an idea.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class TextInput(Input):
    """`Input` with the cursor at the end and no selection whenever it is focused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.cursor_position = len(self.value)
