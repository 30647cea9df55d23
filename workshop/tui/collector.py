"""The garbage collector while the app runs: a full collection looks only at what changed since the last one.

A full collection walks every object the collector tracks. With a board of a few hundred ideas that is
about a quarter of a million objects (most of them Textual's cached render lines), and one pass held
both the app and the phones' server for 150–300 ms on a 2-core laptop (`benchmarks/bench_soak.py`). So
the app freezes what exists once it has started (modules, classes) and again after each full collection
while only the board is on the screen (`gc.freeze`): the next collection then walks only what was made
since. Frozen objects are still freed by reference counting; only garbage in reference cycles among them
waits until the app ends, which unfreezes everything and leaves the collector as it found it. So nothing
that will soon be closed is frozen: a screen or dialog on top of the board never, nor one just closed — after
the board comes back on top, freezing waits `SETTLE_SECONDS` (Textual takes a closed screen down over a few
turns of its loop) and the next full collection frees it first. Widgets that the board
itself replaces are the rest of the risk: Textual's footer did so on every focus change (`SteadyFooter`
now keeps its keys), a column taken off the board lets go of its ideas first, and a board that another
session's board replaces waits (its columns emptied, a few hundred KB); letting the collector look at
everything again then held the app and the server for 300–700 ms, more than it would save. The soak
(`--objects`) counts what was frozen garbage at the end.

While a screen is built, and until the screens settle, the collector runs less often (`BUILD_THRESHOLDS`): a
build makes a few hundred thousand objects that mostly live on, and collecting them as they come cost more than
the build. The thresholds the app found are back once the screens settle, and when the app ends.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

SETTLE_SECONDS = 1.0  # after the screens changed, this long before the survivors of a collection are frozen
# While a screen is built (until the screens settle): a young collection every 5,000 new objects, not Python's 700,
# and a full one after 100 of the middle generation's, not 10. A board of 1,000 ideas spent 130–160 ms of its
# first frame's ~500 ms in the collector (two full collections of 80–100 ms among them), 40 ms since; in the
# soak, the full collection inside another session's board fell from 83–115 ms to 21–26 ms.
BUILD_THRESHOLDS = (5_000, 10, 100)


class Collector:
    """Freezes the survivors of each full collection while the app runs; `stop()` undoes it.

    `quiet()` says when freezing is safe: only what stays alive for long may be frozen (the board and its
    data), not a screen or dialog on top of it that will soon be closed.
    """

    def __init__(self, quiet: Callable[[], bool] = lambda: True) -> None:
        self._quiet = quiet
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due = False
        self._thresholds = gc.get_threshold()
        self._settling: asyncio.TimerHandle | None = None  # set from a change of the screens until they settle

    def screens_changed(self) -> None:
        """A screen was opened, built or closed: what it leaves behind is collected before anything is frozen
        again, and until the screens settle the young objects are collected less often."""
        if self._loop is None:
            return
        if self._settling is None:
            gc.set_threshold(*(max(build, now) for build, now in zip(BUILD_THRESHOLDS, self._thresholds)))
        else:
            self._settling.cancel()
        self._settling = self._loop.call_later(SETTLE_SECONDS, self._settle)

    def start(self) -> None:
        """On the app's loop, once it has started (before its first screen is built)."""
        self._loop = asyncio.get_running_loop()
        self._thresholds = gc.get_threshold()
        gc.freeze()
        gc.callbacks.append(self._collected)
        self.screens_changed()

    def stop(self) -> None:
        if self._loop is None:
            return
        self._loop = None
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)
        if self._settling is not None:
            self._settling.cancel()
            self._settle()
        gc.unfreeze()

    def _settle(self) -> None:
        self._settling = None
        gc.set_threshold(*self._thresholds)

    def _collected(self, phase: str, info: dict[str, Any]) -> None:
        # Called by the collector in whichever thread it ran: freeze on the app's loop, not inside it.
        loop = self._loop
        if phase != "stop" or info["generation"] != 2 or self._due or loop is None:
            return
        self._due = True
        try:
            loop.call_soon_threadsafe(self._freeze)
        except RuntimeError:  # the loop has ended
            self._due = False

    def _freeze(self) -> None:
        self._due = False
        if self._loop is not None and self._settling is None and self._quiet():
            gc.freeze()
