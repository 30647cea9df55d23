"""Voting slips in the facilitator's app: the board's count, the setting and the release in the palette."""

from __future__ import annotations

from workshop.tui.widgets.line import Line

from .conftest import search_palette, type_text, wait_for
from .test_views import open_board


async def test_the_board_counts_redeemed_slips_and_the_palette_switches_and_releases(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_board(app, pilot)
        status = screen.query_one("#status", Line)
        await search_palette(pilot, "Stimmzettel verlangen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: session_service.read.session().slips)
        slips = session_service.slips.create(3)
        session_service.voting.open_round("theme")
        phone = session_service.devices.join().id
        theme = session_service.read.themes()[0].id
        session_service.phones.set_dots(phone, session_service.read.current_round().id, theme, 1, slip=slips[1].code)
        await wait_for(pilot, lambda: "Stimmzettel: 1 von 3 eingelöst" in str(status.render()))
        await search_palette(pilot, "Stimmzettel freigeben")
        await pilot.press("enter")
        await type_text(pilot, slips[1].code.lower())
        await pilot.press("enter")
        await wait_for(pilot, lambda: session_service.slips.count().redeemed == 0)
        await wait_for(pilot, lambda: "Stimmzettel: 0 von 3 eingelöst" in str(status.render()))
        await search_palette(pilot, "Stimmzettel nicht mehr")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("während einer Abstimmung" in str(note.message)
                                          for note in app._notifications))
        assert session_service.read.session().slips, "not switched off during a vote"
