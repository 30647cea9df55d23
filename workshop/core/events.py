"""In-process publication of the session's events to whoever listens (the board, the phones' streams).

The event log in SQLite is the truth; a publication only wakes a listener early. A listener that
missed something (another process wrote) reads `SessionService.events_since(seq)`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from workshop.core.models import Event

Listener = Callable[[Event], None]
log = logging.getLogger(__name__)


class EventBus:
    """Synchronous fan-out of events; a failing listener never breaks the action that caused it."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Start calling `listener` for each event; returns a function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a view's bug must not undo a participant's dot
                log.exception("event listener failed for %s", event.kind)
