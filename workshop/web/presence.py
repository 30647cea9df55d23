"""Which phones are here: devices seen per session in the last minute, kept in memory only."""

from __future__ import annotations

import time
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Presence:
    """Last-seen times of anonymous device ids; no address or browser detail is recorded."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, window: float = WINDOW_SECONDS) -> None:
        self.clock = clock
        self.window = window
        self._seen: dict[str, dict[str, float]] = {}

    def seen(self, session_id: str, device_id: str) -> None:
        self._seen.setdefault(session_id, {})[device_id] = self.clock()

    def count(self, session_id: str) -> int:
        devices = self._seen.get(session_id)
        if not devices:
            return 0
        cutoff = self.clock() - self.window
        stale = [device for device, at in devices.items() if at < cutoff]
        for device in stale:
            del devices[device]
        return len(devices)
