"""The garbage collector while the app runs (`tui/collector.py`): frozen only what lives long, restored at the end."""

from __future__ import annotations

import gc
import weakref

from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.projector import ProjectorScreen

from .conftest import wait_for


async def test_the_app_freezes_only_while_the_board_stands_alone_and_leaves_the_collector_as_it_found_it(
        make, session_service):
    """The app freezes what lives long (the board) so that a full collection walks only what is new. Nothing
    is frozen while a screen is open on top of the board, nor in the second after it closed (Textual takes a
    closed screen down over a few turns of its loop: frozen then, it would stay in memory all evening); when
    the app ends, nothing stays frozen and the collector's callbacks are as before (issue 16)."""
    frozen_before, callbacks_before = gc.get_freeze_count(), list(gc.callbacks)
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
    del app
    gc.collect()
    assert projector() is None, "the closed projector screen is still held"
