"""The app on a session it cannot write (a read-only folder, as on a locked stick): one German notice, and a
board that still reads, scrolls and opens its views; a write is refused in German and loses the board nothing."""

from __future__ import annotations


from tests.clirun import werkstatt
from tests.mounts import read_only
from workshop.app import make_app
from workshop.core.home import Home
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.event_log import EventLogScreen

from .conftest import PUBLIC_URL, wait_for


async def test_a_read_only_session_opens_with_one_notice_and_a_board_that_reads(tmp_path):
    """Attack: the session folder is read-only; the app used to crash on opening the file."""
    prepared = tmp_path / "prepared"
    assert werkstatt(prepared, "demo", "--no-tui").exit_code == 0
    for log in (prepared / "sessions").glob("*-*"):
        log.unlink()
    with read_only(tmp_path / "ro", prepared) as root:
        home = Home(root)
        app = make_app(home, serve=False, public_url=PUBLIC_URL, session="demo")
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
                await pilot.pause(0.2)
                notices = [str(note.message) for note in app._notifications]
                assert [text for text in notices if "Nur zum Lesen geöffnet" in text] == [
                    "Nur zum Lesen geöffnet: Die Datei oder ihr Ordner ist schreibgeschützt. Änderungen werden nicht "
                    "gespeichert, Telefone können nichts senden."], notices
                assert app.service is not None and app.service.read_only is not None
                titles = [theme.name for theme in app.service.read.themes()]
                assert titles, "the board reads the session"
                await pilot.press("l")  # the event log opens and closes
                await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
                await pilot.press("escape")
                await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
                app.attempt(app.service.ideas.add, "Noch eine Idee")  # a write: refused in German
                await wait_for(pilot, lambda: any("nichts wurde gespeichert" in str(note.message)
                                                  for note in app._notifications))
                assert isinstance(app.screen, BoardScreen)
                await pilot.press("ctrl+q")
        finally:
            home.close_all()
