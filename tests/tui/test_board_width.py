"""A board that uses the screen (issue 19): the columns share the width, and long names are whole in their titles."""

from __future__ import annotations

import pytest

from workshop.tui.screens.board import BoardScreen
from workshop.tui.widgets import board as board_widget
from workshop.tui.widgets.board import Board

from .conftest import PUBLIC_URL, wait_for
from .test_layout import grid

LONG = "Jede und jeder arbeitet im erlernten Beruf, ja"  # 46 characters, a wish-theme as a room phrases it
NAMES = [LONG, "Wohnen", "Sprache & Bildung", "Kita", "Verkehr", "Arbeit und Ausbildung", "Gesundheit", "Freizeit",
         "Begegnung"]


def nine_themes(service):
    for name in NAMES:
        theme = service.themes.create(name)
        service.ideas.add(f"Eine Idee zu {name}, mit einem Satz, wie Menschen ihn schreiben", theme_id=theme.id)
    for idea in service.read.ideas():
        if idea.theme_id is None:
            service.ideas.move([idea.id], service.read.themes()[1].id)


def whole(board: Board) -> list:
    return [column for column in board.columns if column.region.width and column.region.x >= board.region.x
            and column.region.right <= board.region.right]


async def test_at_200_columns_six_themes_and_more_are_whole(make, session_service):
    nine_themes(session_service)
    app = make(session="integrationsplan")
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
        board = app.screen.query_one(Board)
        await wait_for(pilot, lambda: len(whole(board)) >= 6)
        assert board.column("unsorted") is None  # the empty inbox folded away


async def test_at_120_columns_a_long_name_is_whole_on_two_lines(make, session_service):
    nine_themes(session_service)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
        board = app.screen.query_one(Board)
        await wait_for(pilot, lambda: any(column.theme is not None and column.theme.name == LONG
                                          for column in board.columns))
        [column] = [column for column in board.columns if column.theme is not None and column.theme.name == LONG]
        column.focus()
        column.scroll_visible()
        lines = column.title_text.split("\n")
        assert len(lines) == 2 and " ".join(lines) == LONG
        # drawn once scrolled into view (a fixed pause caught the frame before it on a loaded machine)
        await wait_for(pilot, lambda: board.title_region(column).height == 2
                       and all(line in grid(app) for line in lines))
        title = board.title_region(column)
        assert title.height == 2 and title.width - 1 >= max(len(line) for line in lines)
        screen = grid(app)
        assert all(line in screen for line in lines), screen  # drawn whole, not cut


@pytest.mark.parametrize(("size", "public_url"), [((160, 48), PUBLIC_URL), ((120, 40), PUBLIC_URL),
                                                  ((200, 50), None), ((110, 30), PUBLIC_URL),
                                                  ((100, 30), PUBLIC_URL)])
async def test_opening_a_board_wraps_each_idea_once_to_the_width_it_gets(make, session_service, monkeypatch,
                                                                          size, public_url):
    """Every idea's row wrapped once: to the column width the layout then gives, not to a guess first and again
    to the real width (a 1,000-idea board spent ~100 ms on the second pass before its first frame)."""
    nine_themes(session_service)
    for number in range(40):
        session_service.ideas.add(f"Idee {number}: ein Satz, der in einer schmalen Spalte umbricht, wie üblich")
    wrapped: list[str] = []
    original = board_widget.item_prompt

    def counting(item):
        wrapped.append(item.id)
        return original(item)

    monkeypatch.setattr(board_widget, "item_prompt", counting)
    app = make(session="integrationsplan", public_url=public_url)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
        board = app.screen.query_one(Board)
        await wait_for(pilot, lambda: board.size.width > 0 and all(column.size.width for column in board.columns))
        await pilot.pause(0.3)
        assert board.column_width == Board.width_for(len(board.columns), board.size.width)
        rows = sum(len(column.items) for column in app.screen.view.columns)
        assert len(wrapped) == rows == len(set(wrapped)), (size, len(wrapped), rows)
