"""The facilitator's writes run in order off the event loop; a refused one gives its text back to the field."""

from __future__ import annotations

from workshop.tui.screens.board import BoardScreen

from .conftest import burst, typed, wait_for


async def test_a_refused_idea_comes_back_to_the_field(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        session_service.steps.go_to("realisation", "plan")  # no ideas are collected here: the store refuses
        field = app.screen.query_one("#new-idea")
        burst(app, "n", *typed("Noch eine"), "enter")
        await wait_for(pilot, lambda: app.writes.pending == 0 and field.value == "Noch eine")
        assert all(idea.text != "Noch eine" for idea in session_service.read.ideas())
        # Attack: a text over the limit is refused before it leaves the field.
        field.value = "x" * 501
        burst(app, "enter")
        await wait_for(pilot, lambda: any("500" in str(note.message) for note in app._notifications))
        assert field.value == "x" * 501
