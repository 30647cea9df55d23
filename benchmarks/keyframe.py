"""The facilitator's key press → the first frame showing it, measured inside the running terminal app.

A thread plays the terminal: every `gap` seconds it hands the app a key (`down`, or `up` at the end of
the column) through the driver's `send_message`, exactly as Textual's own input thread does, and the
app's frame hook notes the first frame in which the focused column's highlighted row has moved. Each
sample is (time.monotonic() when the key was sent, seconds to that frame); monotonic time is the same
clock in every process on Linux, so the parent can sort samples into the phases of its load.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual import events


class KeyFrameProbe:
    def __init__(self, app: Any, gap: float = 0.2) -> None:
        self.app = app
        self.gap = gap
        self.samples: list[tuple[float, float]] = []
        self._waiting: tuple[int, float, float] | None = None  # (expected row, sent at, monotonic)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            with self._lock:
                waiting = self._waiting
            if waiting is None:
                return
            expected, sent, mono = waiting
            if getattr(app.focused, "highlighted", None) == expected:
                with self._lock:
                    self._waiting = None
                self.samples.append((mono, time.perf_counter() - sent))

        app._display = display

    def start(self) -> None:
        threading.Thread(target=self._run, name="keyframe-probe", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.gap):
            with self._lock:
                if self._waiting is not None and time.perf_counter() - self._waiting[1] < 5:
                    continue  # the last key has not shown yet
            column = self.app.focused
            highlighted, count = getattr(column, "highlighted", None), getattr(column, "option_count", 0)
            driver = self.app._driver
            if highlighted is None or count < 2 or driver is None:
                continue
            key = "down" if highlighted < count - 1 else "up"
            expected = highlighted + 1 if key == "down" else highlighted - 1
            event = events.Key(key, None)
            with self._lock:
                self._waiting = (expected, time.perf_counter(), time.monotonic())
            driver.send_message(event)
