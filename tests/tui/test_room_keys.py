"""The room's keys on every screen: `.` blanks the projector (never when typed into an idea), `B` opens the
projector page in the browser, or says why it cannot."""

from __future__ import annotations

from workshop.core.room import room_of
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.projector import ProjectorScreen

from .conftest import wait_for
from .test_projector import grid


async def test_full_stop_blanks_the_projector_until_pressed_again(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("full_stop")  # on the board, before the projector is even open
        assert room_of(app.home).blank
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        await pilot.pause()
        assert grid(app).strip() == "", "nothing at all on a blanked projector"
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: "Kritik — Sammeln" in grid(app))
        assert not room_of(app.home).blank


async def test_typing_a_full_stop_into_an_idea_does_not_blank(make, session_service):
    """Attack: a sentence typed on the board must stay text, not a projector switch."""
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("n", "E", "n", "d", "e", "full_stop", "enter")
        await wait_for(pilot, lambda: any(idea.text == "Ende." for idea in session_service.read.ideas()))
        assert not room_of(app.home).blank


async def test_shift_b_opens_the_projector_page_in_the_browser(make, session_service, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    app = make(session="integrationsplan", serve=True, host="127.0.0.1", port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        await pilot.press("B")
        await wait_for(pilot, lambda: bool(opened))
        assert opened == [f"http://127.0.0.1:{app.server.port}/beamer"]
        await app.stop_server()


async def test_shift_b_without_a_server_says_why(make, session_service, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url) or True)
    app = make(session="integrationsplan")  # serve=False
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("B")
        await wait_for(pilot, lambda: any("Server" in str(note.message) for note in app._notifications))
        assert opened == []
