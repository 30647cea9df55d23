"""Nothing typed is lost: keys that arrive together take effect in the order they were typed.

Through the real app in a real terminal (tmux), and in-process by posting key events without waiting
for the app in between (`pilot.press` waits after every key and so hides the fault).
"""

from __future__ import annotations

from workshop.core.home import Home
from workshop.tui.screens.board import BoardScreen

from .conftest import burst, typed, wait_for
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
        terminal.wait_for("─ (1) ─")  # the theme column got its idea (the count on its border)
    finally:
        terminal.close()
        home.close_all()


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


def test_escape_and_a_step_in_one_send_keys_leave_the_field_and_step_on(home: Home):
    """Attack: Esc and at once `>` (one tmux `send-keys`, one read) arrive as Alt+>: the `>` landed in the idea
    field. Now an Alt+key that nothing binds is Esc followed by the key (issue 19)."""
    home.create("Tippen", date="2016-11-24", slug="tippen").close()
    terminal = Terminal(home.root, "tippen")
    try:
        terminal.wait_for("Unsortiert (0)")
        terminal.send("n", "Eine Idee", "Enter")
        service = home.service("tippen")
        wait_until(lambda: len(service.read.ideas()) == 1)
        terminal.send("Escape", ">")
        wait_until(lambda: service.read.session().step == "group")
        assert [idea.text for idea in service.read.ideas()] == ["Eine Idee"]
        screen = terminal.wait_for("Gruppieren:")
        assert ">" not in screen.splitlines()[-2]  # the idea field holds no stray `>`
    finally:
        terminal.close()
        home.close_all()
