"""Live updates for phones: one hub per session wakes its streams when something phones see changes.

The facilitator's events arrive through the session's EventBus, from the session's writer thread; writes
by other processes arrive the same way, published by the session's watcher (`core/watcher.py`). Each
wake-up recomputes the public state once for all streams; a stream sends only when its fingerprint
changed.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import AsyncIterator, Callable

from workshop.core.events import Event
from workshop.core.models import FACILITATOR
from workshop.core.phone_side import PhoneSide
from workshop.web.views import PublicState, public_state

HEARTBEAT_SECONDS = 15.0


class SessionHub:
    """The live state of one session, shared by every phone's stream."""

    def __init__(self, door: PhoneSide, loop: asyncio.AbstractEventLoop) -> None:
        # Weakly: the hubs are kept by session (its phones' side) in a WeakKeyDictionary, which a strong
        # reference back would pin; a hub whose session is gone (the home let go of a replaced one) is closed.
        self._door = weakref.ref(door)
        self.loop = loop
        self.generation = 0
        self.streams = 0
        self.closed = False
        self._changed = asyncio.Event()
        self._state: PublicState | None = None
        self._message = ""
        self._state_generation = -1
        self._unsubscribe = door.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        # Participants' dots and ideas change nothing that phones see (counts stay hidden until reveal).
        if event.actor != FACILITATOR:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.wake()
        elif not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.wake)

    def wake(self) -> None:
        self.generation += 1
        self._changed.set()
        self._changed = asyncio.Event()

    @property
    def door(self) -> PhoneSide:
        door = self._door()
        if door is None:
            self.close()
            raise SessionGone
        return door

    def state(self) -> PublicState:
        if self._state is None or self._state_generation != self.generation:
            self._state_generation = self.generation
            self._state = public_state(self.door)
            self._message = f"data: {json.dumps(self._state, ensure_ascii=False, separators=(',', ':'))}\n\n"
        return self._state

    def message(self) -> str:
        """The current state as one server-sent event, serialised once for every stream."""
        self.state()
        return self._message

    async def stream(self, on_beat: Callable[[], None] = lambda: None) -> AsyncIterator[str]:
        """Server-sent events: the public state whenever it changes, a comment as heartbeat."""
        self.streams += 1
        try:
            sent = None
            yield "retry: 2000\n\n"
            while not self.closed:
                changed = self._changed  # before reading, so a change while sending is not missed
                try:
                    state = self.state()
                except SessionGone:
                    return
                if state["view"] != sent:
                    sent = state["view"]
                    yield self.message()
                try:
                    await asyncio.wait_for(changed.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    on_beat()
                    yield ": beat\n\n"
        finally:
            self.streams -= 1

    def close(self) -> None:
        self.closed = True
        self._unsubscribe()
        self._changed.set()


class SessionGone(Exception):
    """The hub's session was closed and let go of: its streams end."""


class LiveHubs:
    """The hubs of every session served, created on first use."""

    def __init__(self) -> None:
        self._hubs: weakref.WeakKeyDictionary[PhoneSide, SessionHub] = weakref.WeakKeyDictionary()

    def hub(self, door: PhoneSide) -> SessionHub:
        hub = self._hubs.get(door)
        if hub is None or hub.closed:
            hub = self._hubs[door] = SessionHub(door, asyncio.get_running_loop())
        return hub

    def close(self) -> None:
        for hub in self._hubs.values():
            hub.close()
        self._hubs.clear()

    def __iter__(self):  # for tests and shutdown
        return iter(list(self._hubs.values()))
