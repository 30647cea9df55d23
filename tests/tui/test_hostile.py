"""Participants' text is shown as text: markup, escapes and odd characters never style, break or crash a screen."""

from __future__ import annotations

import pytest

from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.picker import SessionPicker

from .conftest import wait_for

HOSTILE = [
    "[/]",  # attack: a closing markup tag with nothing open (Rich/Textual markup would raise)
    "[bold red]laut[/bold red] [link=http://evil.example]klick[/link]",  # attack: styling and links
    "$accent $text [@click=app.quit]beenden[/]",  # attack: Textual variables and an action link
    "مرحبا [b]عالم[/b] 123",  # attack: right-to-left text around markup
    "W" * 280,  # attack: one endless word, wider than any column
    "erste Zeile\nzweite Zeile\n\n\nvierte",  # attack: line breaks in a sticky note
]


@pytest.mark.parametrize("size", [(120, 40)])
async def test_hostile_text_everywhere(make, home, session_service, size):
    device = session_service.devices.join()
    for number, text in enumerate(HOSTILE):
        session_service.phones.submit_idea(device.id, f"h{number}", text)
    theme = session_service.themes.create(HOSTILE[0])
    session_service.themes.create(HOSTILE[2])
    session_service.settings.set_question("critique", HOSTILE[1])
    session_service.measures.promote("theme", theme.id, responsible=HOSTILE[0], partners=[HOSTILE[2]])
    session_service.settings.update(title=HOSTILE[1], venue=HOSTILE[0])
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.pause()
        inbox = app.screen.query_one("#board").columns[0]
        shown = [" ".join(str(option.prompt).split()) for option in inbox.options]  # as read, across its wrapping
        assert any("[bold red]laut[/bold red]" in prompt for prompt in shown)
        for keys, screen in ((("m",), None), (("escape", "l"), EventLogScreen), (("escape", "w"), MeasuresScreen),
                             (("escape", "b"), None), (("b", "j"), None), (("escape", "o"), SessionPicker)):
            await pilot.press(*keys)
            await pilot.pause()
            if screen is not None:
                await wait_for(pilot, lambda screen=screen: isinstance(app.screen, screen))
            app.export_screenshot()
        assert app.is_running
