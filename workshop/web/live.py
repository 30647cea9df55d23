"""Live updates for phones: one hub per session wakes its streams when something phones see changes.

The facilitator's events arrive through the session's EventBus, from the session's writer thread; writes
by other processes arrive the same way, published by the session's watcher (`core/watcher.py`). Each
wake-up reads the public state (built once per change, `views.PhoneView`) and serialises it once for all
streams; a stream sends only when its fingerprint changed. That read runs on a worker thread, once per
wake-up for all streams: the server's loop goes on answering phones meanwhile (in the soak, with the
facilitator's board redrawing at the same time, it held the loop for up to 195 ms). A device keeps at most
`STREAMS_PER_DEVICE` streams open: the newest replaces the oldest, which is told so (`event: replaced`) and
ends.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable

from workshop.core.events import Event
from workshop.core.models import FACILITATOR
from workshop.core.phone_side import PhoneSide
from workshop.web.views import PublicState

HEARTBEAT_SECONDS = 15.0
# Two tabs of the page on one phone each keep their stream; a third (or a reload whose old stream has not
# ended yet) replaces the oldest. One cookie cannot hold more of the laptop's connections than that.
STREAMS_PER_DEVICE = 2
REPLACED = "event: replaced\ndata: {}\n\n"


class StreamTicket:
    """One open stream: woken by its hub, ended when a newer stream of the same device replaces it."""

    __slots__ = ("event", "replaced", "key")

    def __init__(self, key: tuple[str, str] = ("", "")) -> None:
        self.event = asyncio.Event()
        self.replaced = False
        self.key = key

    def replace(self) -> None:
        self.replaced = True
        self.event.set()


class DeviceStreams:
    """The open streams of each (session, device), oldest first; in the server's loop only."""

    def __init__(self, per_device: int = STREAMS_PER_DEVICE) -> None:
        self.per_device = per_device
        self._open: dict[tuple[str, str], deque[StreamTicket]] = {}

    def admit(self, session_id: str, device_id: str) -> StreamTicket:
        key = (session_id, device_id)
        ticket = StreamTicket(key)
        held = self._open.setdefault(key, deque())
        while len(held) >= self.per_device:
            held.popleft().replace()
        held.append(ticket)
        return ticket

    def release(self, ticket: StreamTicket) -> None:
        held = self._open.get(ticket.key)
        if held is None:
            return
        if ticket in held:
            held.remove(ticket)
        if not held:
            del self._open[ticket.key]

    def count(self, session_id: str, device_id: str) -> int:
        return len(self._open.get((session_id, device_id), ()))


class SessionHub:
    """The live state of one session, shared by every phone's stream."""

    def __init__(self, door: PhoneSide, loop: asyncio.AbstractEventLoop,
                 state_of: Callable[[PhoneSide], PublicState]) -> None:
        # Weakly: the hubs are kept by session (its phones' side) in a WeakKeyDictionary, which a strong reference back
        # would pin; a hub whose door is gone (the home let go of a replaced session) is closed.
        self._door = weakref.ref(door)
        self.loop = loop
        self.state_of = state_of
        self.generation = 0
        self.streams = 0
        self.closed = False
        self._tickets: set[StreamTicket] = set()
        self._message = ""
        self._message_view: str | None = None
        self._state: PublicState | None = None
        self._state_generation = -1
        self._builds: dict[int, asyncio.Future[PublicState]] = {}  # by generation, while a worker reads
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
        """In the hub's loop: every stream reads the state again (and sends it if its view changed)."""
        self.generation += 1
        for ticket in list(self._tickets):
            ticket.event.set()

    def wake_threadsafe(self) -> None:
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.wake)

    @property
    def door(self) -> PhoneSide:
        door = self._door()
        if door is None:
            self.close()
            raise SessionGone
        return door

    def state(self) -> PublicState:
        return self.state_of(self.door)

    async def fresh_state(self) -> PublicState:
        """The public state, read once per wake-up for all of the hub's streams (not once per stream, not for a
        keep-alive), on a worker thread so that the loop never waits for the file."""
        generation = self.generation
        if self._state is not None and self._state_generation == generation:
            return self._state
        build = self._builds.get(generation)
        if build is None:
            door = self.door  # SessionGone when the session was let go of
            build = self._builds[generation] = asyncio.ensure_future(asyncio.to_thread(self.state_of, door))
            build.add_done_callback(lambda _build: self._builds.pop(generation, None))
        state = await asyncio.shield(build)  # a stream that ends while waiting leaves the others their read
        if generation >= self._state_generation:
            self._state, self._state_generation = state, generation
        return state

    def message(self, state: PublicState | None = None) -> str:
        """The state as one server-sent event, serialised once per view for every stream."""
        state = state if state is not None else self.state()
        if state["view"] != self._message_view:
            self._message = f"data: {json.dumps(state, ensure_ascii=False, separators=(',', ':'))}\n\n"
            self._message_view = state["view"]
        return self._message

    async def stream(self, on_beat: Callable[[], None] = lambda: None,
                     ticket: StreamTicket | None = None) -> AsyncIterator[str]:
        """Server-sent events: the public state whenever it changes, a comment as heartbeat; `event:
        replaced` when a newer stream of the same device took this one's place."""
        ticket = ticket if ticket is not None else StreamTicket()
        self._tickets.add(ticket)
        self.streams += 1
        try:
            sent = None
            yield "retry: 2000\n\n"
            while not self.closed and not ticket.replaced:
                ticket.event.clear()  # before reading, so a change while sending is not missed
                try:
                    state = await self.fresh_state()
                except SessionGone:
                    return
                if state["view"] != sent:
                    sent = state["view"]
                    yield self.message(state)
                while not ticket.event.is_set():  # a heartbeat reads nothing: only a wake-up can change the view
                    try:
                        await asyncio.wait_for(ticket.event.wait(), HEARTBEAT_SECONDS)
                    except TimeoutError:
                        on_beat()
                        yield ": beat\n\n"
            if ticket.replaced:
                yield REPLACED
        finally:
            self.streams -= 1
            self._tickets.discard(ticket)

    def close(self) -> None:
        self.closed = True
        self._unsubscribe()
        for ticket in list(self._tickets):
            ticket.event.set()


class SessionGone(Exception):
    """The hub's session was closed and let go of: its streams end."""


class LiveHubs:
    """The hubs of every session served, created on first use."""

    def __init__(self, state_of: Callable[[PhoneSide], PublicState]) -> None:
        self.state_of = state_of
        self._hubs: weakref.WeakKeyDictionary[PhoneSide, SessionHub] = weakref.WeakKeyDictionary()

    def hub(self, door: PhoneSide) -> SessionHub:
        hub = self._hubs.get(door)
        if hub is None or hub.closed:
            hub = self._hubs[door] = SessionHub(door, asyncio.get_running_loop(), self.state_of)
        return hub

    def wake_all(self) -> None:
        """In the server's loop: every stream looks again (the session being run changed)."""
        for hub in list(self._hubs.values()):
            hub.wake()

    def close(self) -> None:
        for hub in self._hubs.values():
            hub.close()
        self._hubs.clear()

    def __iter__(self):  # for tests and shutdown
        return iter(list(self._hubs.values()))
