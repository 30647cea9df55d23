"""Nothing typed is lost: keys that arrive together take effect in the order they were typed.

Through the real app in a real terminal (tmux), and in-process by posting key events without waiting
for the app in between (`pilot.press` waits after every key and so hides the fault).
"""

from __future__ import annotations

import unicodedata

from textual import events
from textual.keys import _character_to_key

from workshop.core.home import Home
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import PromptDialog

from .conftest import wait_for
from .tmux import Terminal, wait_until

TEN_IDEAS = ["Erste Idee", "Zweite Idee", "Mieten zu hoch für Familien", "Bus fährt abends nur stündlich",
             "Kita-Plätze fehlen", "Ämter nur vormittags offen", "Sprachkurse mit Warteliste",
             "Keine Ärztin in Zeesen", "Vereine suchen Ehrenamtliche", "Zehnte Idee: Sportplatz"]


def test_ten_ideas_typed_in_one_burst_are_stored_in_order(home: Home):
    home.create("Tippen", date="2016-11-24", slug="tippen").close()
    terminal = Terminal(home.root, "tippen")
    try:
        terminal.wait_for("Unsortiert (0)")
        # Attack: a fast typist (or a paste): ten ideas with ⏎ between them reach the app at once.
        keys = ["n"]
        for text in TEN_IDEAS:
            keys += [text, "Enter"]
        terminal.send(*keys)
        service = home.service("tippen")
        wait_until(lambda: len(service.read.ideas()) >= 10)
        terminal.wait_for("Unsortiert (10)")
        assert [idea.text for idea in service.read.ideas()] == TEN_IDEAS

        # A dialog at the same speed: the keys after its ⏎ reach the board, not the closing dialog,
        # and an edit dialog appends to the name (cursor at the end, nothing selected).
        terminal.send("Escape")
        terminal.wait_for("n Idee")
        terminal.send("g", "Wohnen", "Enter", "Right", "E", " für alle", "Enter", "Left", "Down", "h")
        wait_until(lambda: [theme.name for theme in service.read.themes()] == ["Wohnen für alle"])
        wait_until(lambda: sum(1 for idea in service.read.ideas() if not idea.visible) == 1)
        [theme] = service.read.themes()
        assert [idea.text for idea in service.read.ideas() if idea.theme_id == theme.id] == [TEN_IDEAS[0]]
        assert [idea.text for idea in service.read.ideas() if not idea.visible] == [TEN_IDEAS[2]]
        terminal.wait_for("Wohnen für alle (1)")
    finally:
        terminal.close()
        home.close_all()


SPECIAL = {"space": " ", "enter": "\r", "tab": "\t"}


def burst(app, *keys: str) -> None:
    """Post key events the way a terminal delivers a burst: all at once, without waiting in between.

    `keys` are characters or Textual's key names ("enter", "ctrl+z"); a character is named as the
    terminal driver names it ("<" is "less_than_sign"), so bindings see what they see at a keyboard.
    """
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, SPECIAL.get(key, _get_character(key))))


def _get_character(key: str) -> str | None:
    try:
        return unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        return None


def typed(text: str) -> list[str]:
    """The keys that type `text` (characters as they are)."""
    return list(text)


async def test_a_burst_through_dialogs_keeps_every_key_in_order(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        # Attack: new ideas, a theme made of the highlighted one, its renaming and the guiding question,
        # all posted in one go; the dialogs open and close in between.
        burst(app, "n", *typed("Alpha"), "enter", *typed("Beta"), "enter", "escape")
        burst(app, "g", *typed("Gamma"), "enter", "right", "right", "right", "E", *typed(" Delta"), "enter",
              "f", "ctrl+u", *typed("Neue Frage?"), "enter")
        await wait_for(pilot, lambda: session_service.read.session().question() == "Neue Frage?", timeout=10)
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.writes.pending == 0)
        texts = [idea.text for idea in session_service.read.ideas()]
        assert texts[-2:] == ["Alpha", "Beta"]
        assert [theme.name for theme in session_service.read.themes()] == ["Wohnen", "Sprache & Kurse", "Gamma Delta"]


async def test_edit_dialogs_put_the_cursor_at_the_end(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("right", "E")
        assert isinstance(app.screen, PromptDialog)
        answer = app.screen.query_one("#answer")
        assert answer.cursor_position == len("Wohnen") and answer.selection.is_empty
        # Attack: the first Backspace must take one character, not the whole name.
        await pilot.press("backspace", "enter")
        await wait_for(pilot, lambda: session_service.read.themes()[0].name == "Wohne")


async def test_a_refused_idea_comes_back_to_the_field(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        session_service.steps.go_to("realisation", "plan")  # no ideas are collected here: the store refuses
        field = app.screen.query_one("#new-idea")
        burst(app, "n", *typed("Noch eine"), "enter")
        await wait_for(pilot, lambda: app.writes.pending == 0 and field.value == "Noch eine")
        assert all(idea.text != "Noch eine" for idea in session_service.read.ideas())
        # Attack: a text over the limit is refused before it leaves the field.
        field.value = "x" * 501
        burst(app, "enter")
        await wait_for(pilot, lambda: any("500" in str(note.message) for note in app._notifications))
        assert field.value == "x" * 501
