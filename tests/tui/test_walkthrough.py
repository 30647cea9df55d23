"""A whole session by key presses only, checking what the store holds after each step."""

from __future__ import annotations

from workshop.core.models import Phase, RoundStatus, Step
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ConfirmDialog, VoteDialog
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.picker import NewSessionDialog
from workshop.tui.screens.results import ResultsScreen

from .conftest import type_text, wait_for


async def test_a_session_from_the_keyboard(home, make):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        # Create a session in the picker.
        await pilot.press("n")
        assert isinstance(app.screen, NewSessionDialog)
        await type_text(pilot, "KW Plan")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2016-11-24")
        await pilot.press("tab")
        await type_text(pilot, "Rathaus")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        [info] = home.sessions()
        assert (info.title, info.date, info.venue) == ("KW Plan", "2016-11-24", "Rathaus")
        service = app.service
        session = service.read.session()
        assert (session.dots_per_participant, session.cap_per_item) == (5, 3)

        # Add ideas: n, type, Enter (the input stays open for the next one), Esc back to the board.
        await pilot.press("n")
        for text in ("Mieten", "Bus", "Wohnraum"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.writes.pending == 0)  # written in order, off the event loop
        assert [idea.text for idea in service.read.ideas()] == ["Mieten", "Bus", "Wohnraum"]
        await wait_for(pilot, lambda: len(app.screen.query_one("#board").columns[0].item_ids) == 3)

        # Group: select the first and third idea, make a theme of them; the second becomes its own theme.
        await pilot.press("home", "space", "down", "space", "g")
        await type_text(pilot, "Wohnen")
        await pilot.press("enter")
        themes = service.read.themes()
        assert [theme.name for theme in themes] == ["Wohnen"]
        assert {idea.text for idea in service.read.ideas() if idea.theme_id == themes[0].id} == {"Mieten", "Wohnraum"}
        await wait_for(pilot, lambda: app.screen.query_one("#board").columns[0].item_ids == [
            service.read.ideas()[1].id])
        await pilot.press("home", "g")
        await type_text(pilot, "Bus")
        await pilot.press("enter")
        verkehr = service.read.themes()[1]
        assert verkehr.name == "Bus" and service.read.ideas()[1].theme_id == verkehr.id

        # Move an idea by type-ahead: the bus idea goes to "Wohnen" and back.
        await wait_for(pilot, lambda: len(app.screen.query_one("#board").columns) == 2)  # the emptied inbox folded away
        await pilot.press("right", "right", "m")
        await type_text(pilot, "wo")
        await pilot.press("enter")
        assert service.read.ideas()[1].theme_id == themes[0].id
        await pilot.press("ctrl+z")
        assert service.read.ideas()[1].theme_id == verkehr.id

        # Open a vote with the method's suggestion prefilled (two themes: 2 dots, at most 2 on one).
        await pilot.press("left", "v")
        assert isinstance(app.screen, VoteDialog)
        await pilot.press("enter")
        [round_] = service.read.rounds()
        assert (round_.status, round_.budget, round_.cap) == (RoundStatus.OPEN, 2, 2)
        assert service.read.session().step == Step.VOTE

        # Paper dots counted on the wall, for the focused theme ("Wohnen").
        await wait_for(pilot, lambda: app.screen.cursor.current_column().key == themes[0].id)
        await pilot.press("p")
        await type_text(pilot, "7")
        await pilot.press("enter")
        results = {row.item_id: row for row in service.read.results(round_.id)}
        assert (results[themes[0].id].paper_dots, results[verkehr.id].paper_dots) == (7, 0)

        # Close the vote (with confirmation), then reveal: the ranking opens.
        await pilot.press("v")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        assert service.read.round(round_.id).status == RoundStatus.CLOSED
        await pilot.press("r")
        assert service.read.round(round_.id).revealed and service.read.session().step == Step.RESULTS
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("escape")

        # Promote the winning theme to a draft measure through the form.
        await pilot.press("a")
        assert isinstance(app.screen, MeasureForm)
        await pilot.press("tab")
        await type_text(pilot, "Ziel A")
        await pilot.press("enter")
        [measure] = service.read.measures()
        assert (measure.title, measure.goal, measure.support_dots, measure.status) == ("Wohnen", "Ziel A", 7, "Entwurf")
        assert measure.source_theme_ids == (themes[0].id,)

        # Undo and redo the promotion.
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("ctrl+z")
        assert service.read.measures() == []
        await pilot.press("ctrl+y")
        assert [m.title for m in service.read.measures()] == ["Wohnen"]

        # On to the fantasy phase: the critique's winner comes along as a prompt.
        await pilot.press(">", "c", "escape")  # Esc: the carried theme keeps its name
        assert service.read.session().phase == Phase.FANTASY
        carried = service.read.themes(Phase.FANTASY)
        assert [(theme.name, theme.source_theme_id) for theme in carried] == [("Wohnen", themes[0].id)]
        await pilot.press("ctrl+z")
        assert service.read.themes(Phase.FANTASY) == []


async def test_refusals_are_messages_not_crashes(home, make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        # Attack: undo with nothing of this app's own to undo beyond the fixture, then one too many.
        for _ in range(8):
            await pilot.press("ctrl+z")
        assert session_service.read.themes() == [] and session_service.read.ideas() == []
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: any("Nichts rückgängig" in str(note.message) for note in app._notifications),
                       timeout=2)
        # Attack: an empty idea and a whitespace-only theme name are refused, nothing is written.
        await pilot.press("n", "space", "enter", "escape")
        await pilot.press("g", "space", "space", "enter")
        assert session_service.read.ideas() == [] and session_service.read.themes() == []
