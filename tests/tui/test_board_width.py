"""A board that uses the screen (issue 19): the columns share the width, and long names are whole in their titles."""

from __future__ import annotations

from workshop.tui.screens.board import BoardScreen
from workshop.tui.widgets.board import Board

from .conftest import wait_for
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
    return [box for box in board.boxes if box.region.width and box.region.x >= board.region.x
            and box.region.right <= board.region.right]


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
        title = column.title_widget
        # drawn once scrolled into view (a fixed pause caught the frame before it on a loaded machine)
        await wait_for(pilot, lambda: title.region.height == 2 and all(line in grid(app) for line in lines))
        assert title.region.height == 2 and title.region.width - 1 >= max(len(line) for line in lines)
        screen = grid(app)
        assert all(line in screen for line in lines), screen  # drawn whole, not cut
