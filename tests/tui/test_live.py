"""The board follows the session while it runs: ideas from phones (threads), other processes, big and empty sessions."""

from __future__ import annotations

import threading

from bidi import get_display

from workshop.core.services import SessionService
from workshop.tui.bidi import wrap, wrap_visual
from workshop.tui.app import DOTS_REFRESH_INTERVAL, MIN_REFRESH_INTERVAL
from workshop.tui.board_model import IDEA_WIDTH, UNSORTED
from workshop.tui.screens.board import BoardScreen

from .conftest import wait_for


def inbox(app):
    boards = app.screen.query("#board")
    return boards.first().column(UNSORTED) if boards else None


async def test_ideas_from_phones_appear_without_a_key_press(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        sent: list[str] = []

        def phone() -> None:  # the phones' server calls the shared service from its own threads and loop
            device = session_service.devices.join("de")
            for number in range(3):
                sent.append(session_service.phones.submit_idea(device.id, f"c{number}", f"Idee vom Telefon {number}").id)

        worker = threading.Thread(target=phone)
        worker.start()
        worker.join(timeout=10)
        await wait_for(pilot, lambda: set(sent) <= set(inbox(app).item_ids), timeout=2.0)
        prompt = inbox(app).get_option(sent[0]).prompt
        assert "Idee vom Telefon 0" in str(prompt) and "📱" in str(prompt)
        assert set(sent) <= set(app.screen.fresh)  # a new arrival stands out for a moment
        assert any("reverse" in str(span.style) for span in prompt.spans)
        await wait_for(pilot, lambda: not app.screen.fresh, timeout=4)
        assert not any("reverse" in str(span.style) for span in inbox(app).get_option(sent[0]).prompt.spans)


async def test_writes_from_another_process_are_seen_by_polling(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        other = SessionService.open(session_service.store.path)  # its own connection: no in-process event
        try:
            idea = other.ideas.add("Von der Kommandozeile")
            theme = other.themes.create("Neues Thema")
        finally:
            other.close()
        board = app.screen.query_one("#board")
        await wait_for(pilot, lambda: idea.id in inbox(app).item_ids and board.column(theme.id) is not None,
                       timeout=2.0)


async def test_right_to_left_ideas_are_reordered_for_the_terminal(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        arabic = next(idea for idea in session_service.read.ideas() if idea.text.startswith("الإعلانات"))
        prompt = str(inbox(app).get_option(arabic.id).prompt)
        width = app.screen.query_one("#board").column_width - 5  # the columns share the board's width
        lines = wrap_visual(arabic.text, width)  # wrapped in reading order, then each line reordered
        assert "\n  ".join(lines) in prompt and arabic.text not in prompt  # continuation lines indented
        assert lines == [get_display(line) for line in wrap(arabic.text, width)]
        narrow = wrap_visual(arabic.text, IDEA_WIDTH)
        assert narrow == [get_display(line) for line in wrap(arabic.text, IDEA_WIDTH)] and len(narrow) == 2


async def test_a_thousand_ideas_an_empty_session_and_resizing(home, make):
    big = home.create("Groß", slug="gross", date="2016-11-24")
    themes = [big.themes.create(f"Thema {number}") for number in range(40)]
    with big.store.write() as tx:  # bulk insert: the service's rules are not under test here
        for number in range(1000):
            tx.execute("INSERT INTO ideas (id, phase, text, author, status, theme_id, position, created_at) "
                       "VALUES (?, 'critique', ?, 'facilitator', 'visible', ?, ?, '2016-11-24T10:00:00')",
                       (f"idea{number:04d}", f"Idee {number}", themes[number % 40].id if number % 41 else None,
                        number))
    big.close()
    home.create("Leer", slug="leer", date="2016-11-24").close()

    app = make(session="gross")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        board = app.screen.query_one("#board")
        assert len(board.columns) == 41
        assert sum(len(column.item_ids) for column in board.columns) == 1000
        for size in ((80, 24), (40, 12), (200, 60), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.press("b", "o")
        await pilot.pause()
        app.open_session("leer")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        for key in ("space", "g", "escape", "m", "e", "escape", "h", "d", "p", "a", "s", "x"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running


class Wakes:
    """What the phones' events did to the app, counted by event, not by the clock: the messages they posted
    (with how many refreshes had begun by then) and the pace each refresh was asked for at."""

    def __init__(self, app) -> None:
        self.posted: list[tuple[bool, int]] = []  # (heavy, refreshes begun when it was posted)
        self.begun = 0
        self.paces: list[float] = []
        post, refresh, request = app.post_message, app._refresh, app.request_refresh

        def posting(message):
            if isinstance(message, app.SessionChanged) and not message.own:
                self.posted.append((message.heavy, self.begun))
            return post(message)

        def refreshing() -> None:
            if app._refresh_pending:  # as `_refresh` itself: a replaced timer's call is no refresh
                self.begun += 1
            refresh()

        def requesting(interval: float = MIN_REFRESH_INTERVAL) -> None:
            self.paces.append(interval)
            request(interval)

        app.post_message, app._refresh, app.request_refresh = posting, refreshing, requesting

    def one_message_waits_at_a_time(self) -> bool:
        """Each light message was posted only after the refresh the one before asked for had begun."""
        light = [begun for heavy, begun in self.posted if not heavy]
        return all(begun >= number for number, begun in enumerate(light))


async def test_a_flood_of_phones_dots_refreshes_the_board_at_the_dots_pace_and_ends_on_the_last_count(
        make, session_service):
    """300 phones voting at once: one message waits at a time, each refresh is asked for at the dots' pace (one
    a second), none is lost. Counted by event: the clock would measure the machine, not the rule."""
    from workshop.tui.widgets.line import Line

    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        round_ = session_service.voting.open_round("theme", budget=5, cap=3)
        items = [item.item_id for item in round_.items]
        phones = [session_service.devices.join().id for _ in range(60)]
        await pilot.press("z")  # the facilitator's running count (hidden from the room by default)
        await pilot.pause(0.3)
        wakes = Wakes(app)

        def vote() -> None:  # as the phones' server would, from its own thread, in group commits
            for step in range(10):
                session_service.phones.set_dots_many([(phone, round_.id, items[step % 2], 1 + step % 3) for phone in phones])

        worker = threading.Thread(target=vote)
        worker.start()
        worker.join(timeout=30)
        status = app.screen.query_one("#status", Line)
        spent = session_service.read.round_activity(round_.id)[1]
        await wait_for(pilot, lambda: f"60 Telefone haben abgestimmt · Zwischenstand: {spent} Punkte von Telefonen"
                       in str(status.render()), timeout=3)
        assert len(wakes.posted) < 60 * 10 / 4, "at most one message waits at a time, not one per dot"
        assert wakes.one_message_waits_at_a_time(), wakes.posted
        assert wakes.paces and set(wakes.paces) == {DOTS_REFRESH_INTERVAL}, wakes.paces


async def test_a_burst_of_phones_dots_wakes_the_app_once_per_refresh(make, session_service):
    """300 phones' dots must not flood the app's queue: one message until the refresh it asked for has begun,
    and the board still ends up showing every phone that voted."""
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        round_ = session_service.voting.open_round("theme", budget=5, cap=3)
        items = [item.item_id for item in round_.items]
        wakes = Wakes(app)
        phones = [session_service.devices.join().id for _ in range(40)]

        def vote() -> None:  # the server's commits, from another thread, as fast as they go
            for lap in range(50):
                requests = [(phone, round_.id, items[(index + lap) % len(items)], lap % 3)
                            for index, phone in enumerate(phones)]
                for first in range(0, len(requests), 20):
                    session_service.phones.set_dots_many(requests[first:first + 20])

        worker = threading.Thread(target=vote)
        worker.start()
        while worker.is_alive():
            await pilot.pause(0.01)  # the app keeps handling its messages meanwhile
        assert not any(heavy for heavy, _begun in wakes.posted), "dots are light: the board refreshes them once a second"
        assert wakes.one_message_waits_at_a_time(), wakes.posted
        assert len(wakes.posted) <= wakes.begun + 1, (len(wakes.posted), wakes.begun)
        assert set(wakes.paces) <= {DOTS_REFRESH_INTERVAL}, wakes.paces
        await wait_for(pilot, lambda: app.screen.data.voters == 40, timeout=3.0)


async def test_an_open_votes_counts_are_neither_shown_nor_summed_until_asked_for(make, session_service):
    """Privacy of a running vote and the laptop's time: while 40 phones vote, the board (a mirrored laptop
    shows it to the room) reads who voted but not the counts per theme; `z` reads and shows them, `z` again
    lets them go; the paper-dots dialog still finds its theme while the counts are hidden."""
    from workshop.tui.board_model import update_board
    from workshop.tui.screens.dialogs import PromptDialog

    round_ = session_service.voting.open_round("theme", budget=5, cap=3)
    items = [item.item_id for item in round_.items]
    phones = [session_service.devices.join().id for _ in range(40)]
    session_service.phones.set_dots_many([(phone, round_.id, items[0], 2) for phone in phones])
    calls: list[str] = []
    original = session_service.read.results
    session_service.read.results = lambda round_id: calls.append(round_id) or original(round_id)

    data = update_board(session_service, None)
    assert (data.voters, data.device_dots, data.results) == (40, 80, {}), "hidden counts are not read"
    session_service.phones.set_dots_many([(phone, round_.id, items[1], 1) for phone in phones[:70:2]])
    data = update_board(session_service, data)
    assert (data.voters, data.device_dots, data.results) == (40, 100, {})
    assert calls == [], "nothing summed the round's counts while nobody looks at them"
    data = update_board(session_service, data, interim=True)
    assert (data.results[items[0]].device_dots, data.results[items[1]].device_dots) == (80, 20)
    data = update_board(session_service, data, interim=False)
    assert data.results == {}
    session_service.read.results = original

    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        await pilot.press("right")
        await wait_for(pilot, lambda: app.screen.cursor.current_column().key in items)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        await pilot.press("backspace", "4", "enter")
        assert sum(row.paper_dots for row in session_service.read.results(round_.id)) == 4
