"""Which phones are here: devices seen per session in the last minute, kept in memory only."""

from __future__ import annotations

import time
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class Presence:
    """Last-seen times of anonymous device ids; no address or browser detail is recorded.

    The server's thread records, the terminal app's thread counts. Without a lock (the phones' hot path
    passes here): a single dict assignment is atomic, and counting works on a copy taken in one step.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, window: float = WINDOW_SECONDS) -> None:
        self.clock = clock
        self.window = window
        self._seen: dict[str, dict[str, float]] = {}

    def seen(self, session_id: str, device_id: str) -> None:
        devices = self._seen.get(session_id)
        if devices is None:
            devices = self._seen.setdefault(session_id, {})
        devices[device_id] = self.clock()

    def count(self, session_id: str) -> int:
        devices = self._seen.get(session_id)
        if not devices:
            return 0
        cutoff = self.clock() - self.window
        snapshot = list(devices.items())  # one step under the GIL, whatever the server's thread does
        fresh = {device: at for device, at in snapshot if at >= cutoff}
        if len(fresh) < len(snapshot) // 2:
            # Mostly stale: start a smaller dict. A device seen in between comes back with its next request.
            self._seen[session_id] = fresh
        return len(fresh)
