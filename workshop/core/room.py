"""The room around the laptop, in memory only: which session it shows, a blanked projector, test phones.

None of this is workshop data, so none of it goes into a session file or the event log (undo would
otherwise step through "projector blanked"). One `Room` per home folder and process, shared by the
facilitator's app (it opens sessions and blanks the projector), the phones' server (the projector page
follows it; a loaded join page counts as a phone that got through) and `werkstatt serve`. Listeners may
be called from any thread: the terminal app only posts a message, the server's streams hop onto their
own loop.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.core.home import Home

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageLoad:
    """A phone opened a session's join page: the network between it and the laptop works."""

    number: int  # counts up from 1 in this process
    token: str  # the session's join token, upper case
    at: float  # time.time()


class Room:
    """What the room sees besides a session's data; every change reaches the listeners."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._listeners: dict[int, Callable[[str], None]] = {}
        self._ids = itertools.count()
        self._current: str | None = None
        self._advertised: str | None = None
        self._blank = False
        self._last_load: PageLoad | None = None
        self._loads = itertools.count(1)

    @property
    def current(self) -> str | None:
        """The slug of the session the laptop shows (the app's open session, or the one `serve` serves)."""
        return self._current

    @property
    def advertised(self) -> str | None:
        """The base URL that join codes carry (`http://192.168.0.12:8765`), set by the running server."""
        return self._advertised

    @property
    def blank(self) -> bool:
        """Whether the projector shows nothing (the facilitator pressed `.`)."""
        return self._blank

    @property
    def last_page_load(self) -> PageLoad | None:
        return self._last_load

    def show(self, slug: str | None) -> None:
        if slug != self._current:
            self._current = slug
            self._publish("current")

    def advertise(self, base_url: str | None) -> None:
        if base_url != self._advertised:
            self._advertised = base_url
            self._publish("advertised")

    def set_blank(self, blank: bool) -> None:
        if blank != self._blank:
            self._blank = blank
            self._publish("blank")

    def toggle_blank(self) -> bool:
        self.set_blank(not self._blank)
        return self._blank

    def page_loaded(self, token: str) -> PageLoad:
        """A join page was served to a phone (nothing is stored: a page load is no participant)."""
        load = self._last_load = PageLoad(next(self._loads), token.upper(), self.clock())
        self._publish("page")
        return load

    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call `listener(what)` after every change ("current", "advertised", "blank", "page"); returns
        the unsubscribe."""
        with self._lock:
            key = next(self._ids)
            self._listeners[key] = listener

        def unsubscribe() -> None:
            with self._lock:
                self._listeners.pop(key, None)

        return unsubscribe

    def _publish(self, what: str) -> None:
        with self._lock:
            listeners = list(self._listeners.values())
        for listener in listeners:
            try:
                listener(what)
            except Exception:  # one broken view must not stop the others from hearing it
                logger.exception("room listener failed")


_ROOMS: weakref.WeakKeyDictionary[Home, Room] = weakref.WeakKeyDictionary()
_ROOMS_LOCK = threading.Lock()


def room_of(home: Home) -> Room:
    """The one `Room` of a home folder in this process (kept as long as the home object lives)."""
    with _ROOMS_LOCK:
        room = _ROOMS.get(home)
        if room is None:
            room = _ROOMS[home] = Room()
        return room
