"""The other views and keys: moderation, duplicates, the log, measures, projector secrecy, timer, palette, help."""

from __future__ import annotations

import subprocess
import sys

from textual.binding import Binding
from textual.widgets import DataTable

from workshop.core.models import IdeaStatus
from workshop.tui.app import WerkstattApp
from workshop.tui.screens import board, dialogs, event_log, help, join, measure_form, measures, picker, projector, \
    results
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.widgets.board import ThemeColumn
from workshop.tui.widgets.session_header import SessionHeader

from .conftest import search_palette, type_text, wait_for


async def open_board(app, pilot) -> BoardScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    await pilot.pause()
    return app.screen


def screen_text(app) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query("Static, Line"))


def test_every_key_has_a_german_description():
    modules = (board, dialogs, event_log, help, join, measure_form, measures, picker, projector, results)
    classes = [value for module in modules for value in vars(module).values()
               if isinstance(value, type) and value.__module__ == module.__name__ and hasattr(value, "BINDINGS")]
    classes += [WerkstattApp, ThemeColumn]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding) and binding.description, (cls.__name__, binding)
    assert len(BoardScreen.BINDINGS) >= 30


async def test_the_palette_runs_every_board_action_and_help_lists_them(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_board(app, pilot)
        titles = {command.title for command in app.get_system_commands(screen)}
        described = {binding.description for binding in BoardScreen.BINDINGS}
        assert described <= titles
        await search_palette(pilot, "Beamer")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        await pilot.press("b", "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        markdown = app.screen.query_one("Markdown").source
        for binding in BoardScreen.BINDINGS:
            assert binding.description in markdown


async def test_hide_merge_duplicates_and_the_log(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        inbox_ideas = [idea for idea in session_service.read.ideas() if idea.theme_id is None]
        await pilot.press("home", "h")
        assert session_service.read.idea(inbox_ideas[0].id).status == IdeaStatus.HIDDEN
        await pilot.press("h")
        assert session_service.read.idea(inbox_ideas[0].id).status == IdeaStatus.VISIBLE
        await pilot.press("space", "space", "d")  # both inbox ideas; the highlighted one is kept
        statuses = sorted(str(session_service.read.idea(idea.id).status) for idea in inbox_ideas)
        assert statuses == ["merged", "visible"]
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        table = app.screen.query_one(DataTable)
        assert table.row_count == session_service.read.last_seq()
        kinds = [str(table.get_row_at(index)[3]) for index in range(table.row_count)]
        assert kinds[-3:] == ["Idee ausgeblendet", "Idee wieder eingeblendet", "Ideen zusammengeführt"]
        session_service.ideas.add("Nachgereicht")  # the log is live
        await wait_for(pilot, lambda: table.row_count == session_service.read.last_seq())


async def test_measures_are_listed_and_edited(make, session_service):
    wohnen = session_service.read.themes()[0]
    measure = session_service.measures.promote("theme", wohnen.id, goal="Alt")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasuresScreen))
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "Neu")
        await pilot.press("ctrl+s")
        assert session_service.read.measure(measure.id).goal == "Neu"
        # Attack: a cost that is not a whole number keeps the form open and writes nothing.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        cost = app.screen.query_one("#cost_eur")
        cost.value = "-5"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MeasureForm) and session_service.read.measure(measure.id).cost_eur is None


async def test_the_timer_runs_and_signals_its_end(make, session_service):
    session_service.timer.set(1)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("t")
        assert session_service.read.session().timer_started_at is not None
        header = app.screen.query_one(SessionHeader)
        await wait_for(pilot, lambda: "Zeit ist um" in header.timer.plain, timeout=4)
        # The notification is a message of its own: give it its turn.
        await wait_for(pilot, lambda: any("Zeit für diesen Schritt ist um" in str(note.message)
                                          for note in app._notifications), timeout=2)
        await pilot.press("t")
        assert session_service.read.session().timer_started_at is None


def test_the_app_does_not_load_the_web_layer():
    code = "import sys, workshop.tui.app, workshop.tui.screens.board; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=True).stdout.split()
    assert not [name for name in loaded if name.startswith(("workshop.web", "starlette", "uvicorn"))]


def test_open_names_a_missing_session(tmp_path):
    result = subprocess.run([sys.executable, "-m", "workshop", "--home", str(tmp_path), "open", "gibt-es-nicht"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Keine Sitzung „gibt-es-nicht“" in result.stderr


async def test_leaving_the_vote_step_asks_first(make, session_service):
    from workshop.core.models import RoundStatus, Step
    from workshop.tui.screens.dialogs import ConfirmDialog

    round_ = session_service.voting.open_round()
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press(">")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert session_service.read.round(round_.id).status == RoundStatus.OPEN
        assert session_service.read.session().step == Step.VOTE
        await pilot.press(">", "j")
        assert session_service.read.round(round_.id).status == RoundStatus.CLOSED
        assert session_service.read.session().step == Step.RESULTS
        from workshop.tui.screens.unrevealed import UnrevealedDialog

        assert isinstance(app.screen, UnrevealedDialog)  # closed by the step: the reveal is asked for (issue 19)
        await pilot.press("w")  # later
        await pilot.press("ctrl+z")  # the step closed the vote: undo asks before it opens it again
        assert isinstance(app.screen, ConfirmDialog) and session_service.read.round(round_.id).status == RoundStatus.CLOSED
        await pilot.press("j")  # the step and the closing come back together
        assert session_service.read.round(round_.id).status == RoundStatus.OPEN
