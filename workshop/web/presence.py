"""Which phones are here: devices seen per session in the last minute, kept in memory only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Presence:
    """Last-seen times of anonymous device ids; no address or browser detail is recorded.

    The server's thread records, the terminal app's thread counts: one lock between them.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, window: float = WINDOW_SECONDS) -> None:
        self.clock = clock
        self.window = window
        self._seen: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()

    def seen(self, session_id: str, device_id: str) -> None:
        now = self.clock()
        with self._lock:
            self._seen.setdefault(session_id, {})[device_id] = now

    def count(self, session_id: str) -> int:
        cutoff = self.clock() - self.window
        with self._lock:
            devices = self._seen.get(session_id)
            if not devices:
                return 0
            stale = [device for device, at in devices.items() if at < cutoff]
            for device in stale:
                del devices[device]
            return len(devices)
