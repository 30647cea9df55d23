"""The session's privacy settings from the facilitator's app: found in the command palette, kept in the file;
a value the rules refuse keeps the dialog open with everything typed and says why in one German line."""

from __future__ import annotations

from contextlib import asynccontextmanager

from textual.widgets import Input, Label

from workshop.core.privacy import signup_consent
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.privacy import PrivacyDialog

from .conftest import search_palette, type_text, wait_for


def _warnings(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


@asynccontextmanager
async def privacy_dialog(make, size: tuple[int, int] = (120, 40)):
    """The app on the session's board with the privacy dialog open and drawn: (app, pilot)."""
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        app.action_privacy()
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog) and bool(app.screen.query(".hint")))
        yield app, pilot


async def test_retention_months_and_contact_from_the_command_palette(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await search_palette(pilot, "Datenschutz")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PrivacyDialog))
        assert app.screen.query_one("#keep-months", Input).value == "24", "the default the phones name today"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "abc")  # not a number: the integer field takes none of it
        await type_text(pilot, "14")
        await pilot.press("enter")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "6")
        await pilot.press("enter")
        await type_text(pilot, "integration@stadt.example")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        session = session_service.read.session()
        assert (session.retention_days, session.network_keep_months, session.contact) == (
            14, 6, "integration@stadt.example")
        assert "höchstens 6 Monate auf" in signup_consent(session, "de")
        # Undo takes the whole change back, the lists' months with it.
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: session_service.read.session().network_keep_months == 24)
        assert session_service.read.session().contact == ""


async def test_a_contact_that_is_no_address_is_refused_and_nothing_is_lost(make, session_service):
    """Attack: a name instead of an e-mail address as the withdrawal contact."""
    async with privacy_dialog(make) as (app, pilot):
        await pilot.press("enter", "ctrl+a", "ctrl+k")
        await type_text(pilot, "36")
        await pilot.press("enter")
        await type_text(pilot, "Frau Müller")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Kontaktadresse" in text for text in _warnings(app)))
        dialog = app.screen
        assert isinstance(dialog, PrivacyDialog), "the dialog stays open"
        assert dialog.focused is dialog.query_one("#contact", Input)
        assert (dialog.query_one("#contact", Input).value, dialog.query_one("#keep-months", Input).value) == (
            "Frau Müller", "36"), "nothing typed is lost"
        session = session_service.read.session()
        assert (session.contact, session.retention_days, session.network_keep_months) == ("", 30, 24)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "mueller@stadt.example")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        session = session_service.read.session()
        assert (session.contact, session.network_keep_months) == ("mueller@stadt.example", 36)


async def test_months_out_of_range_are_refused_in_german_and_the_dialog_keeps_them(make, session_service):
    """Attack: no months at all, zero, a minus sign, and more than ten years — typed without pausing."""
    async with privacy_dialog(make) as (app, pilot):
        months = app.screen.query_one("#keep-months", Input)
        for typed in ("", "0", "-3", "121", "99999999999999999999"):
            months.focus()
            await pilot.press("ctrl+a", "ctrl+k")
            await type_text(pilot, typed)
            await pilot.press("enter", "enter")  # on to the contact field, and ⏎ there saves
            await pilot.pause(0.1)
            assert isinstance(app.screen, PrivacyDialog), typed
            assert app.screen.focused is months and months.value == typed, typed
            assert _warnings(app)[-1] == ("Die Aufbewahrung exportierter Listen muss zwischen 1 und 120 Monaten "
                                          "liegen."), typed
        assert session_service.read.session().network_keep_months == 24
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert session_service.read.session().network_keep_months == 24


async def test_the_dialog_fits_a_small_terminal(make, session_service):
    """Every label, field and the hint whole on an 80×24 terminal (a laptop's split screen), none scrolled away."""
    async with privacy_dialog(make, size=(80, 24)) as (app, pilot):
        await pilot.pause(0.2)
        visible = app.screen.query_one(".dialog").content_region
        parts = [*app.screen.query(Label), *app.screen.query(Input), app.screen.query_one(".hint")]
        assert len(parts) == 4 + 3 + 1
        for part in parts:
            assert part.region.height > 0 and visible.contains_region(part.region), part
        for label in app.screen.query(Label):  # a label wraps rather than cutting its end („… 05.01.2027)“)
            assert label.region.width * label.region.height >= len(str(label.render())), str(label.render())
