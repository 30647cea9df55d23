"""The text field of the edit dialogs: the cursor at the end of the text, nothing selected."""

from __future__ import annotations

from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import PromptDialog

from .conftest import wait_for


async def test_edit_dialogs_put_the_cursor_at_the_end(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("right", "E")
        assert isinstance(app.screen, PromptDialog)
        answer = app.screen.query_one("#answer")
        assert answer.cursor_position == len("Wohnen") and answer.selection.is_empty
        # Attack: the first Backspace must take one character, not the whole name.
        await pilot.press("backspace", "enter")
        await wait_for(pilot, lambda: session_service.read.themes()[0].name == "Wohne")
