"""The facilitator's view of sign-ups (`w`): counts per measure, the names under the cursor, a delete that asks."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from workshop.tui.screens.dialogs import ConfirmDialog
from workshop.tui.screens.measures import MeasuresScreen

from .conftest import wait_for
from .test_views import open_board

CONSENT = {"consent_text": "Ich willige ein.", "consent_text_de": "Ich willige ein."}


async def test_the_measures_list_counts_sign_ups_and_names_them_and_delete_asks_first(make, session_service):
    wohnen = session_service.read.themes()[0]
    measure = session_service.measures.promote("theme", wohnen.id, title="Wohnungsbörse")
    session_service.signups.sign_up(session_service.devices.mint(), [measure.id], name="Olena Kowalenko",
                                    organisation="Tafel e.V.", email="olena@example.org", role="organisation",
                                    **CONSENT)
    # Attack: a name that Rich would read as markup, in a right-to-left script.
    session_service.signups.sign_up(session_service.devices.mint(), [measure.id], name="[b]Karim[/b] حداد",
                                    phone="0176 9876543", role="ansprechperson", **CONSENT)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasuresScreen))
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[2]) == "2 (1 Org.)"
        names = str(app.screen.query_one("#signups", Static).render())
        assert "Olena Kowalenko, Tafel e.V. · als Organisation unterstützen" in names
        assert "[b]Karim[/b]" in names and "Ansprechperson" in names
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "2 Personen haben sich eingetragen" in app.screen.text
        await pilot.press("escape")
    assert session_service.read.measures(), "nothing deleted without a yes"
