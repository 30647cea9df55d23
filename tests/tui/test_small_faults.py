"""The small faults of issue 9: each one as the facilitator met it, now gone."""

from __future__ import annotations

import pytest

from workshop.core.models import ItemKind, Phase, Step
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import VoteDialog
from workshop.tui.screens.picker import SessionPicker
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.widgets.board import Board
from workshop.tui.widgets.session_header import SessionHeader

from .conftest import type_text, wait_for


async def open_board(app, pilot) -> BoardScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    return app.screen


def revealed_vote(service, theme_id: str, paper_dots: int) -> None:
    """A theme vote, closed and revealed, with paper dots on one theme."""
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    service.voting.set_paper_dots(round_.id, theme_id, paper_dots)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)


def notes(app, text: str) -> int:
    return sum(1 for note in app._notifications if text in str(note.message))


async def test_the_vote_dialog_prefills_what_it_suggests(make, session_service):
    for number in range(4):  # six themes: the method suggests 3 dots
        session_service.themes.create(f"Thema {number}")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("v")
        dialog = app.screen
        assert isinstance(dialog, VoteDialog)
        labels = " ".join(str(label.render()) for label in dialog.query("Label, .label"))
        assert "Vorschlag der Methode: 3" in labels and "die Sitzung sieht 5 vor" in labels
        assert (dialog.query_one("#budget").value, dialog.query_one("#cap").value) == ("3", "3")
        await pilot.press("enter")
        assert (session_service.read.rounds()[0].budget, session_service.read.rounds()[0].cap) == (3, 3)


def shown_in(app, widget) -> str:
    """What the terminal shows inside `widget`, its rows joined by spaces (a wrapped line reads as one)."""
    region = widget.content_region
    rows = [strip.text for strip in app.screen._compositor.render_strips()][region.y:region.bottom]
    return " ".join(" ".join(row[region.x:region.right].split()) for row in rows)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_vote_dialog_shows_its_whole_label(make, session_service, size):
    """QA: at 120×40 the label stopped at „die Sitzung sieht 5 v“; it wraps inside the dialog at both sizes."""
    for number in range(4):
        session_service.themes.create(f"Thema {number}")
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await open_board(app, pilot)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteDialog))
        await pilot.pause()
        shown = shown_in(app, app.screen.query_one(".dialog"))
        assert "Punkte pro Person (Vorschlag der Methode: 3; die Sitzung sieht 5 vor)" in shown
        assert "Höchstens pro Thema" in shown


async def test_a_vote_on_single_ideas_names_its_cap_per_idea(make, home):
    """QA: with no themes the room votes on ideas, yet the dialog said „Höchstens pro Thema“ — a facilitator
    then doubts what the cap applies to."""
    service = home.create("Ohne Themen", date="2016-11-24", slug="ohne-themen")
    for text in ("Mieten zu hoch", "Kurse voll", "Bus fährt selten"):
        service.ideas.add(text)
    service.close()
    app = make(session="ohne-themen")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteDialog))
        await pilot.pause()
        shown = shown_in(app, app.screen.query_one(".dialog"))
        assert "Abstimmung öffnen: 3 Ideen" in shown and "Höchstens pro Idee" in shown
        assert "pro Thema" not in shown


async def test_the_end_of_time_is_announced_once_not_on_every_reopen(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        # Started once the board is up: a board opened (slowly, on a busy machine) after the time ran out
        # never saw the time running, and rightly says nothing.
        # Three seconds: the board sees them running even when a busy machine delays its reload.
        session_service.timer.set(3)
        session_service.timer.start()
        await wait_for(pilot, lambda: notes(app, "Zeit für diesen Schritt ist um") == 1, timeout=8)
        await pilot.press("o")  # to the sessions, and back: the expired timer is no news
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
        await pilot.press("enter")
        await open_board(app, pilot)
        await pilot.pause(1.5)
        assert notes(app, "Zeit für diesen Schritt ist um") == 1


async def test_column_titles_keep_their_figures_and_shorten_the_name(make, session_service):
    long = session_service.themes.create("Arbeit, Anerkennung von Abschlüssen und Praktika")
    revealed_vote(session_service, long.id, 17)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        column = board.query_one(Board).column(long.id)
        # The name whole in up to two lines above the column (issue 19: no longer cut), the figures on its border.
        assert str(column.border_title) == "(0) ●0 ○17"
        lines = column.title_text.split("\n")
        assert " ".join(lines) == long.name and len(lines) == 2 and all(len(line) < board.query_one(Board).column_width for line in lines)


async def test_carrying_offers_new_names_and_the_c_hint_goes_once_carried(make, session_service):
    wohnen, _kurse = session_service.read.themes()
    revealed_vote(session_service, wohnen.id, 9)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        assert "c: Gewinner" in str(board.query_one("#status").render())
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, RenameThemesDialog))
        assert app.focused.cursor_position == len("Wohnen")
        await type_text(pilot, " für alle")
        await pilot.press("enter")
        assert [theme.name for theme in session_service.read.themes(Phase.FANTASY)] == ["Wohnen für alle"]
        await wait_for(pilot, lambda: "c: Gewinner" not in str(board.query_one("#status").render()))
        await pilot.press(">")
        await pilot.pause(0.3)
        assert session_service.read.session().phase == Phase.FANTASY
        assert notes(app, "c übernimmt") == 0  # already carried: no stale hint


async def test_the_header_counts_phones_that_took_part(make, session_service):
    watcher = session_service.devices.join()  # joined, never wrote: not counted
    writer = session_service.devices.join()
    session_service.phones.submit_idea(writer.id, "c1", "Mehr Bänke im Park")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        header = board.query_one(SessionHeader)
        await wait_for(pilot, lambda: "▣ 1 Telefon" in header.live)
        round_ = session_service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
        session_service.phones.set_dots(watcher.id, round_.id, session_service.read.themes()[0].id, 1)
        await wait_for(pilot, lambda: "▣ 2 Telefone" in header.live, timeout=4)


async def test_the_picker_keeps_its_order_and_highlights_the_current_session(home, make, session_service):
    home.create("Ältere Sitzung", date="2016-10-01", slug="aeltere").close()
    app = make(session="aeltere")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
        options = app.screen.query_one("#sessions")
        order = [option.id for option in options.options]
        assert order[1].endswith("aeltere.db")  # created last: its newest event is the newest
        assert options.highlighted_option.id.endswith("aeltere.db")
        await pilot.press("down", "enter")  # open the other one and come back
        await open_board(app, pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
        options = app.screen.query_one("#sessions")
        assert [option.id for option in options.options] == order  # opening to look changes no order
        assert options.highlighted_option.id.endswith("integrationsplan.db")
        assert session_service.read.session().step == Step.COLLECT


async def test_the_timer_dialog_refuses_zero_minutes_in_minutes(make, session_service):
    """QA: `T`, 0, ⏎ said „zwischen 1 Sekunde und 24 Stunden“ in a dialog that asks for minutes."""
    session_service.timer.set(600)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await pilot.press("T")
        await wait_for(pilot, lambda: app.screen.query("#answer"))
        dialog = app.screen
        await pilot.press("0", "enter")  # the field holds „10“, selected: a 0 replaces it
        await pilot.pause()
        assert app.screen is dialog and notes(app, "zwischen 1 und 1440 Minuten") == 1
        assert notes(app, "Sekunde") == 0 and session_service.read.session().timer_seconds == 600
        await pilot.press("end", "ctrl+u", "9", "0", "enter")
        await wait_for(pilot, lambda: session_service.read.session().timer_seconds == 90 * 60)
