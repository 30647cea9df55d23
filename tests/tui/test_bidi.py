"""Right-to-left text in the terminal: wrapped in reading order first, each line reordered; quotes stay put."""

from __future__ import annotations

from bidi import get_display
from textual.widgets import DataTable

from workshop.tui.bidi import quoted, visual, wrap_visual
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.widgets.board import Board

from .conftest import wait_for

ARABIC = "الإعلانات عن الشقق بالألمانية فقط ولا أحد يترجمها للعائلات الجديدة"


def test_wrapping_comes_before_reordering():
    words = ARABIC.split()
    lines = wrap_visual(ARABIC, 20)
    assert len(lines) > 2 and all(len(line) <= 20 for line in lines)
    # The sentence's beginning is on the first line (drawn right to left), its end on the last.
    assert get_display(words[0]) in lines[0] and get_display(words[-1]) in lines[-1]
    # Reordering the whole text first would have put the end of the sentence on the first line.
    assert get_display(words[-1]) in visual(ARABIC)[:20]


def test_a_quoted_name_keeps_the_german_quotes_around_it():
    assert quoted("الشقق") == "„" + get_display("الشقق") + "“"
    assert visual("Wohnen") == "Wohnen" and wrap_visual("Mieten zu hoch", 8) == ["Mieten", "zu hoch"]


async def test_the_board_and_the_log_show_arabic_in_reading_order(make, session_service):
    theme = session_service.themes.create("السكن")
    idea = session_service.ideas.add(ARABIC, theme_id=theme.id)
    session_service.steps.next()
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        column = next(column for column in app.screen.query_one(Board).columns if column.key == theme.id)
        prompt = str(column.get_option(idea.id).prompt)
        width = app.screen.query_one(Board).column_width - 5  # the columns share the board's width (issue 19)
        lines = wrap_visual(ARABIC, width)  # wrapped in reading order, then each line reordered
        assert "\n  ".join(lines) in prompt and ARABIC not in prompt
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        table = app.screen.query_one(DataTable)
        details = [str(table.get_row_at(row)[4]) for row in range(table.row_count)]
        assert "„" + get_display("السكن") + "“ · Kritik" in details  # the theme's creation, quotes in place
        assert "Kritik › Gruppieren" in details  # readable labels, not "critique › group"
