"""The footer shows the keys the current step needs, the new ones of issue 9 included, and fits the width."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from workshop.core.models import ItemKind, Step
from workshop.tui.actions import Mode
from workshop.tui.board_model import build_view, read_board
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.board_footer import footer_mode
from workshop.tui.screens.help import HelpScreen
from workshop.tui.widgets.board import Board
from workshop.tui.widgets.footer import SteadyFooter

from .conftest import wait_for


def footer(app) -> dict[str, str]:
    """Shown keys: their display → their label."""
    return {entry.binding.key_display: entry.binding.description
            for entry in app.screen.active_bindings.values() if entry.binding.show}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_each_step_shows_its_keys_and_the_footer_fits(make, session_service, size):
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        shown = footer(app)
        assert {"n", "S", "?"} <= set(shown)
        if size[0] >= 120:
            assert "q" in shown
        session_service.steps.go_to("critique", Step.GROUP)
        await wait_for(pilot, lambda: "⇧↑↓" in footer(app))
        assert "S" in footer(app)
        session_service.voting.open_round(ItemKind.THEME)
        await wait_for(pilot, lambda: {"z", "P", "v"} <= set(footer(app)))
        await pilot.pause(0.3)
        keys = list(app.screen.query(FooterKey))
        palette = next(key for key in keys if key.has_class("-command-palette"))
        for key in keys:  # nothing runs under the palette's key (that left a stray letter beside it)
            if key is not palette and key.region.width:
                assert key.region.right <= palette.region.x, (key.key, key.region, palette.region)
        await pilot.press("S")  # sort mode: its own keys
        assert {"1–9", "n", "→", "←", "Esc"} <= set(footer(app))


async def test_help_lists_the_new_keys(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = app.screen.query_one("Markdown").source
        for row in ("| `S` | Sortieren", "| `z` | Zwischenstand", "| `q` | QR-Feld ein/aus",
                    "| `P` | Papierpunkte-Tabelle", "| `Umschalt+↓` | Auswahl nach unten erweitern",
                    "| `Umschalt+↑` | Auswahl nach oben erweitern"):
            assert row in text, row


def test_the_mode_follows_the_step_and_asks_about_carrying_only_after_a_result(session_service):
    """The footer's mode is chosen on every refresh: whether the critique's winners wait to be carried reads
    the store, so it is asked only where the answer changes the footer (after a vote's result)."""
    asked: list[bool] = []

    def carry() -> bool:
        asked.append(True)
        return True

    view = build_view(read_board(session_service))
    assert footer_mode(view, sorting=False, typing=False, carry=carry) == Mode.COLLECT
    assert footer_mode(view, sorting=True, typing=False, carry=carry) == Mode.SORTING
    assert footer_mode(view, sorting=False, typing=True, carry=carry) == Mode.TYPING
    assert footer_mode(None, sorting=False, typing=False, carry=carry) == Mode.NO_SESSION
    session_service.steps.go_to("critique", Step.GROUP)
    assert footer_mode(build_view(read_board(session_service)), sorting=False, typing=False, carry=carry) == Mode.GROUP
    assert asked == []
    session_service.steps.go_to("critique", Step.RESULTS)
    view = build_view(read_board(session_service))
    assert footer_mode(view, sorting=False, typing=False, carry=carry) == Mode.RESULTS_TO_CARRY and asked == [True]
    assert footer_mode(view, sorting=False, typing=False, carry=lambda: False) == Mode.RESULTS


async def test_moving_between_columns_keeps_the_footer_and_a_new_step_renews_it(make, session_service):
    """← → between the columns changes the focus, and Textual's footer composed a dozen new key widgets each
    time: on a board open all evening, most of the widgets the collector had to keep (issue 16's soak)."""
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.pause(0.3)
        first = set(map(id, app.screen.query(FooterKey)))
        focused = app.screen.focused
        for key in ("right", "right", "left", "right"):
            await pilot.press(key)
        await pilot.pause(0.3)
        assert app.screen.focused is not focused, "the keys moved the focus"
        assert set(map(id, app.screen.query(FooterKey))) == first, "the footer was composed again"
        session_service.steps.go_to("critique", Step.GROUP)
        await wait_for(pilot, lambda: "⇧↑↓" in footer(app))
        await wait_for(pilot, lambda: "⇧↑↓" in {key.key_display for key in app.screen.query(FooterKey)}
                       and not set(map(id, app.screen.query(FooterKey))) & first)



async def test_the_board_opens_with_its_columns_and_its_footer_keys_composed_once(make, session_service,
                                                                                    monkeypatch):
    """Columns mounted after the board composed, or a footer that composes empty and its keys only after the first
    frame (as Textual's does), lay the whole board out and repaint it again: on 1,000 ideas the longest step
    before the first full frame. The board composes its columns, the footer its keys, each once."""
    composed: list[str] = []
    mounted: list[int] = []
    original_compose, original_mount_all = SteadyFooter.compose, Board.mount_all

    def compose(footer):
        composed.append("footer")
        return original_compose(footer)

    def mount_all(board, widgets, *args, **kwargs):
        mounted.append(len(list(widgets)) if not isinstance(widgets, list) else len(widgets))
        return original_mount_all(board, widgets, *args, **kwargs)

    monkeypatch.setattr(SteadyFooter, "compose", compose)
    monkeypatch.setattr(Board, "mount_all", mount_all)
    for number in range(6):
        session_service.themes.create(f"Thema {number}")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
        board = app.screen.query_one(Board)
        await wait_for(pilot, lambda: bool(board.size.width))
        await pilot.pause(1.0)
        assert len(board.columns) == len(session_service.read.themes()) + 1  # and the inbox
        assert {key.key for key in app.screen.query(FooterKey)} >= {"n", "S"}
        assert composed == ["footer"] and mounted == [len(board.columns) + 1]  # once: the titles and every column
