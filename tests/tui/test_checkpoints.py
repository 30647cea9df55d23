"""Undo stops at a reveal or a close and asks once, naming what will happen; counts stay hidden before reveal."""

from __future__ import annotations

import re

from workshop.core.models import ItemKind, RoundStatus
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import CheckpointDialog
from workshop.tui.widgets.board import Board

from .conftest import wait_for
from .conftest import burst

COUNT = re.compile(r"[●○]\d")  # a figure of dots, as column titles show them


async def test_eight_undos_stop_at_the_reveal_and_ask_once(make, session_service):
    service = session_service
    wohnen, kurse = service.read.themes()
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    device = service.devices.join().id
    service.phones.set_dots(device, round_.id, wohnen.id, 3)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.themes.rename(kurse.id, "Sprache")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        # Attack: Strg+Z held down; the first takes back the renaming, the second would hide the result.
        burst(app, *["ctrl+z"] * 8)
        await wait_for(pilot, lambda: isinstance(app.screen, CheckpointDialog))
        await pilot.pause(0.2)
        assert "Ergebnis der Abstimmung 1" in " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert service.read.round(round_.id).revealed and service.read.theme(kurse.id).name == "Sprache & Kurse"
        assert len(app.screen_stack) == 2 + 1  # one question, however often Strg+Z was pressed
        await pilot.press("n")
        assert service.read.round(round_.id).revealed
        await pilot.press("ctrl+z", "j")
        assert not service.read.round(round_.id).revealed
        await pilot.press("ctrl+z")
        assert isinstance(app.screen, CheckpointDialog)  # reopening the vote asks as well
        await pilot.press("j")
        assert service.read.round(round_.id).status == RoundStatus.OPEN


async def test_no_count_on_the_board_before_the_reveal_unless_z(make, session_service):
    service = session_service
    wohnen, _kurse = service.read.themes()
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    service.phones.set_dots(service.devices.join().id, round_.id, wohnen.id, 3)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        board = app.screen

        def titles() -> str:
            return " ".join(str(column.border_title) for column in board.query_one(Board).columns)

        def shown() -> str:
            return titles() + " " + str(board.query_one("#status").render())

        assert not COUNT.search(shown()) and "Zwischenstand:" not in shown()
        await pilot.press("z")
        await wait_for(pilot, lambda: "●3" in titles())
        assert "Zwischenstand: 3 Punkte" in shown()
        await pilot.press("z")
        await wait_for(pilot, lambda: not COUNT.search(titles()))
        service.voting.close_round(round_.id)  # closed, not revealed: still hidden
        await wait_for(pilot, lambda: "r deckt" in shown() or "Abstimmung geschlossen" in shown())
        assert not COUNT.search(titles())
        service.voting.reveal_round(round_.id)
        await wait_for(pilot, lambda: "●3" in titles())
