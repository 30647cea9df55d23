"""Keys while another program holds the session file's write lock: navigation goes on, writes wait in order.

The attack: a backup tool or a second app holds the file's write lock for 3 s (then for 7 s, past the
writer's deadline) while the facilitator moves around the board and types ideas. Frames are timed by the
app's own frame hook, as in benchmarks/keyframe.py.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from textual.widgets import Input

from tests.foreign_lock import ForeignLock
from workshop.core.writer import DEADLINE_SECONDS
from workshop.tui.screens.board import BoardScreen

from .conftest import type_text, wait_for
from .test_live import inbox

SAYING = "wird gespeichert"


@dataclass(frozen=True)
class Frame:
    at: float
    highlighted: int | None
    field: str
    saying: bool


class Frames:
    """Every frame the app draws, with what the test looks for in it."""

    def __init__(self, app) -> None:
        self.app = app
        self.shown: list[Frame] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            fields = app.screen.query("#new-idea")
            self.shown.append(Frame(time.perf_counter(), getattr(app.focused, "highlighted", None),
                                    fields.first(Input).value if fields else "", saying(app)))

        app._display = display

    async def first(self, pilot, since: float, condition) -> float:
        """Seconds from `since` to the first frame after it that meets the condition."""
        await wait_for(pilot, lambda: any(frame.at >= since and condition(frame) for frame in self.shown))
        return next(frame.at for frame in self.shown if frame.at >= since and condition(frame)) - since


def saying(app) -> bool:
    return any(SAYING in str(note.message) for note in app._notifications)


async def arrows(pilot, frames: Frames, count: int, lock: ForeignLock) -> list[float]:
    """Down and up in the inbox: seconds from each key to the frame that shows the moved cursor."""
    took = []
    for number in range(count):
        column = pilot.app.focused
        expected = column.highlighted + (1 if number % 2 == 0 else -1)
        started = time.perf_counter()
        await pilot.press("down" if number % 2 == 0 else "up")
        took.append(await frames.first(pilot, started, lambda frame: frame.highlighted == expected))
        if not lock.held:
            break
    return took


async def test_navigation_goes_on_and_typed_ideas_wait_in_order_while_the_file_is_locked(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        before = [idea.text for idea in session_service.read.ideas()]
        frames = Frames(app)
        async with ForeignLock(session_service.store.path, 3.0) as lock:
            # Short steps first: a loaded machine types slowly, and the ideas must be typed under the lock.
            navigation = await arrows(pilot, frames, 2, lock)
            reloads = []
            for _ in range(5):  # the board's whole re-read, as after every event
                started = time.perf_counter()
                app.screen.reload()
                reloads.append(time.perf_counter() - started)
            await pilot.press("n")
            typed = []
            for text in ("Eins", "Zwei", "Drei"):
                await type_text(pilot, text)
                started = time.perf_counter()
                await pilot.press("enter")
                # The key is taken at once: the field empties and „wird gespeichert …“ shows.
                typed.append(await frames.first(pilot, started, lambda frame: frame.field == "" and frame.saying))
            assert lock.held, "the ideas were typed while the file was locked"
            assert [idea.text for idea in session_service.read.ideas()] == before  # nothing written yet
            await pilot.press("escape")
            navigation += await arrows(pilot, frames, 6, lock)  # the board moves while the writes wait
        await wait_for(pilot, lambda: len(session_service.read.ideas()) == len(before) + 3, timeout=DEADLINE_SECONDS)
        await wait_for(pilot, lambda: not saying(app))
        assert [idea.text for idea in session_service.read.ideas()] == [*before, "Eins", "Zwei", "Drei"]
        # and the board shows them, in the inbox, once their events came
        await wait_for(pilot, lambda: all(idea.id in inbox(app).item_ids for idea in session_service.read.ideas()
                                          if idea.text in ("Eins", "Zwei", "Drei")))
    # Many keys, each far below the lock's 3 s; typically a few tens of milliseconds.
    assert len(navigation) >= 2 and statistics.median(navigation) <= 0.1 and max(navigation) < 1.0
    assert statistics.median(typed) <= 0.1 and max(typed) < 1.0
    assert statistics.median(reloads) <= 0.05 and max(reloads) < 1.0


async def test_a_typed_idea_not_written_within_the_deadline_is_cancelled_with_a_notice(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and inbox(app) is not None)
        before = [idea.text for idea in session_service.read.ideas()]
        field = app.screen.query_one("#new-idea", Input)
        # held well past the deadline (a loaded machine draws the notice late; it must come while the lock holds)
        async with ForeignLock(session_service.store.path, DEADLINE_SECONDS + 5) as lock:
            await pilot.press("n")
            await type_text(pilot, "Zu spaet")
            started = time.monotonic()
            await pilot.press("enter")
            await wait_for(pilot, lambda: saying(app), timeout=2)
            await wait_for(pilot, lambda: any("gesperrt" in str(note.message) for note in app._notifications),
                           timeout=DEADLINE_SECONDS + 4)
            took = time.monotonic() - started
            assert lock.held, "cancelled while the lock was still held"
            notice = next(str(note.message) for note in app._notifications if "gesperrt" in str(note.message))
            assert notice.startswith("Nicht gespeichert: Ein anderes Programm hat die Sitzungsdatei")
            assert field.value == "Zu spaet"  # the text is back in the field: nothing typed is lost
            await wait_for(pilot, lambda: not saying(app))
        assert took >= DEADLINE_SECONDS - 0.5
        time.sleep(0.3)
        assert [idea.text for idea in session_service.read.ideas()] == before  # and it is never written later
        await pilot.press("enter")  # the facilitator sends it again, the file free
        await wait_for(pilot, lambda: [idea.text for idea in session_service.read.ideas()] == [*before, "Zu spaet"])
