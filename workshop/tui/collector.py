"""The garbage collector while the app runs: a full collection looks only at what changed since the last one.

A full collection walks every object the collector tracks. With a board of a few hundred ideas that is
about a quarter of a million objects (most of them Textual's cached render lines), and one pass held
both the app and the phones' server for 150–300 ms on a 2-core laptop (`benchmarks/bench_soak.py`). So
the app freezes what exists once it has started (modules, classes) and again after each full collection
while only the board is on the screen (`gc.freeze`): the next collection then walks only what was made
since. Frozen objects are still freed by reference counting; only garbage in reference cycles among them
waits until the app ends, which unfreezes everything and leaves the collector as it found it. So nothing
that will soon be closed is frozen: a screen or dialog on top of the board never. A board that another
session's board replaces does wait (a few MB); letting the collector look at everything again then held
the app and the server for 300–700 ms, more than it would save.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any


class Collector:
    """Freezes the survivors of each full collection while the app runs; `stop()` undoes it.

    `quiet()` says when freezing is safe: only what stays alive for long may be frozen (the board and its
    data), not a screen or dialog on top of it that will soon be closed.
    """

    def __init__(self, quiet: Callable[[], bool] = lambda: True) -> None:
        self._quiet = quiet
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due = False

    def start(self) -> None:
        """On the app's loop, once it has started."""
        self._loop = asyncio.get_running_loop()
        gc.freeze()
        gc.callbacks.append(self._collected)

    def stop(self) -> None:
        if self._loop is None:
            return
        self._loop = None
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)
        gc.unfreeze()

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
        if self._loop is not None and self._quiet():
            gc.freeze()
