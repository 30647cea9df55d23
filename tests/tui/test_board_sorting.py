"""Sort mode, type-to-find in the pickers and Shift+↑/↓: grouping at a facilitator's speed, keys counted."""

from __future__ import annotations

from workshop.core.home import Home
from workshop.tui.screens.board import BoardScreen
from workshop.tui.widgets.sort_panel import SortPanel

from .conftest import type_text, wait_for
from .conftest import burst, typed

THEMES = ["Wohnen", "Kita", "Bus", "Arbeit", "Kurse"]


def sticky_notes(home: Home, count: int = 30):
    """A session with `count` ideas on the wall, none sorted; idea i belongs to theme i % 5."""
    created = home.create("Sortieren", date="2016-11-24", slug="sortieren")
    for number in range(count):
        created.ideas.add(f"Zettel {number + 1}: {THEMES[number % len(THEMES)]}")
    created.close()
    return home.service("sortieren")


async def open_board(app, pilot) -> BoardScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    return app.screen


async def test_thirty_ideas_into_five_themes_take_at_most_two_keys_per_idea(home, make):
    service = sticky_notes(home)
    app = make(session="sortieren")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        keys = ["S"]
        made: list[str] = []
        for idea in service.read.ideas():
            theme = idea.text.split(": ")[1]
            if theme in made:
                keys.append(str(made.index(theme) + 1))
            else:  # a capitalised name starts a new theme at once (no `n` needed), ⏎ makes it
                keys += [*typed(theme), "enter"]
                made.append(theme)
        # Attack: all keys at once, as fast as a terminal delivers them; dialogs open and close in between.
        burst(app, *keys)
        await wait_for(pilot, lambda: all(idea.theme_id for idea in service.read.ideas()), timeout=30)
        await wait_for(pilot, lambda: not board.sort_mode.active and isinstance(app.screen, BoardScreen))
        themes = {theme.id: theme.name for theme in service.read.themes()}
        assert list(themes.values()) == THEMES
        for idea in service.read.ideas():
            assert themes[idea.theme_id] == idea.text.split(": ")[1], idea.text
        per_idea = len(keys) / 30
        print(f"sort mode: {len(keys)} keys for 30 ideas into 5 themes = {per_idea:.2f} keys per idea")
        assert per_idea <= 2.0


async def test_sort_mode_skips_goes_back_numbers_the_columns_and_leaves(home, make):
    service = sticky_notes(home, count=4)
    wohnen = service.themes.create("Wohnen")
    service.themes.create("Kita")
    app = make(session="sortieren")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("S")
        panel = board.query_one(SortPanel)
        assert board.sort_mode.active and panel.has_focus and "Zettel 1: Wohnen" in panel._text
        titles = [column.title_text for column in board.query_one("#board").columns]
        assert titles[1].startswith("1 Wohnen") and titles[2].startswith("2 Kita")
        await pilot.press("right")  # skip Zettel 1
        assert "Zettel 2" in panel._text
        await pilot.press("left")  # back to it
        assert "Zettel 1" in panel._text
        await pilot.press("1")
        assert service.read.idea(service.read.ideas()[0].id).theme_id == wohnen.id
        assert "Zettel 2" in panel._text
        # Attack: a number with no theme behind it moves nothing and says what to do.
        await pilot.press("7")
        assert service.read.ideas()[1].theme_id is None
        assert any("kein Thema 7" in str(note.message) for note in app._notifications)
        await pilot.press("n")
        await type_text(pilot, "Bus")
        await pilot.press("enter")
        assert [theme.name for theme in service.read.themes()] == ["Wohnen", "Kita", "Bus"]
        assert "Zettel 3" in panel._text
        await pilot.press("escape")
        assert not board.sort_mode.active and not panel.has_class("-on")
        titles = [column.title_text for column in board.query_one("#board").columns]
        assert titles[1].startswith("Wohnen")  # numbers only while sorting


async def test_type_to_find_in_the_pickers_and_shift_arrows_extend_the_selection(home, make):
    service = sticky_notes(home, count=5)
    for name in ("Wohnen", "Arbeit & Anerkennung", "Kita"):
        service.themes.create(name)
    app = make(session="sortieren")
    async with app.run_test(size=(120, 40)) as pilot:
        board = await open_board(app, pilot)
        await pilot.press("home", "shift+down", "shift+down")
        assert len(board.cursor.selected) == 3
        burst(app, "m", *typed("aner"), "enter")  # type-to-find: a word inside the name
        await wait_for(pilot, lambda: sum(1 for idea in service.read.ideas() if idea.theme_id) == 3)
        arbeit = service.read.themes()[1]
        assert [idea.text[:9] for idea in service.read.ideas() if idea.theme_id == arbeit.id] == [
            "Zettel 1:", "Zettel 2:", "Zettel 3:"]
        await pilot.press("right", "right", "M")  # merge "Arbeit & Anerkennung" into …
        await type_text(pilot, "ki")
        await pilot.press("enter")
        assert [theme.name for theme in service.read.themes()] == ["Wohnen", "Kita"]
