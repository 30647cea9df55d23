"""The session's privacy settings from the facilitator's app: found in the command palette, kept in the file."""

from __future__ import annotations

from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.privacy import PrivacyDialog

from .conftest import type_text, wait_for


async def test_retention_and_contact_from_the_command_palette(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("ctrl+p")
        await type_text(pilot, "Datenschutz")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "abc")  # not a number: the integer field takes none of it
        await type_text(pilot, "14")
        await pilot.press("enter")
        await type_text(pilot, "integration@stadt.example")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        session = session_service.read.session()
        assert (session.retention_days, session.contact) == (14, "integration@stadt.example")


async def test_a_contact_that_is_no_address_is_refused_and_nothing_changes(make, session_service):
    """Attack: a name instead of an e-mail address as the withdrawal contact."""
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        app.action_privacy()
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        await pilot.press("enter")
        await type_text(pilot, "Frau Müller")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert (session_service.read.session().contact, session_service.read.session().retention_days) == ("", 30)
        assert any("Kontaktadresse" in str(note.message) for note in app._notifications)
