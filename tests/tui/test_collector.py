"""The garbage collector while the app runs (`tui/collector.py`): frozen only what lives long, restored at the end."""

from __future__ import annotations

import gc
import weakref

from workshop.tui.collector import BUILD_THRESHOLDS, SETTLE_SECONDS
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.projector import ProjectorScreen

from .conftest import wait_for


async def test_the_app_freezes_only_while_the_board_stands_alone_and_leaves_the_collector_as_it_found_it(
        make, session_service):
    """The app freezes what lives long (the board) so that a full collection walks only what is new. Nothing
    is frozen while a screen is open on top of the board, nor in the second after it closed (Textual takes a
    closed screen down over a few turns of its loop: frozen then, it would stay in memory all evening); when
    the app ends, nothing stays frozen and the collector's callbacks are as before (issue 16)."""
    frozen_before, callbacks_before, thresholds_before = gc.get_freeze_count(), list(gc.callbacks), gc.get_threshold()
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        assert gc.get_freeze_count() > frozen_before, "the app froze what it started with"
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        projector = weakref.ref(app.screen)
        frozen = gc.get_freeze_count()
        gc.collect()  # a full collection with the projector on top: nothing new is frozen after it
        await pilot.pause(0.2)
        assert gc.get_freeze_count() <= frozen, "frozen while a screen was open on top of the board"
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        gc.collect()  # at once after closing: still nothing frozen
        await pilot.pause(0.2)
        assert gc.get_freeze_count() <= frozen, "frozen in the moment a screen closed"
    assert gc.get_freeze_count() == frozen_before and gc.callbacks == callbacks_before
    assert gc.get_threshold() == thresholds_before
    del app
    gc.collect()
    assert projector() is None, "the closed projector screen is still held"


async def test_while_a_screen_is_built_the_collector_runs_less_often_and_its_thresholds_come_back(
        make, session_service, monkeypatch):
    """A board of 1,000 ideas spent a quarter of its first frame collecting the objects it was making (two full
    collections of 80–100 ms). While a screen is built, and until the screens settle, the thresholds are raised;
    then, and when the app ends, they are the ones the app found (nothing process-wide outlives it)."""
    before = gc.get_threshold()
    calls: list[tuple[int, ...]] = []
    original = gc.set_threshold

    def set_threshold(*thresholds: int) -> None:
        calls.append(thresholds)
        original(*thresholds)

    monkeypatch.setattr(gc, "set_threshold", set_threshold)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await wait_for(pilot, lambda: gc.get_threshold() == before, timeout=SETTLE_SECONDS + 3)
        assert calls == [BUILD_THRESHOLDS, before], "raised while the first board was built, then restored"
        await pilot.press("b")  # the projector is built on top of the board
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        await wait_for(pilot, lambda: gc.get_threshold() == before, timeout=SETTLE_SECONDS + 3)
        assert calls[2:] == [BUILD_THRESHOLDS, before]
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_for(pilot, lambda: len(calls) >= 5)
        assert calls[4] == BUILD_THRESHOLDS  # the board is drawn again: raised until the screens settle
    assert gc.get_threshold() == before, "the app left the collector's thresholds changed"
