"""Live updates reach phones: server-sent events, and the state a poller reads.

Each change is waited for as the event that carries it; how soon it comes (phones see a change within two
seconds) is measured by benchmarks/bench_beamer.py, not timed here.
"""

from __future__ import annotations

import asyncio
import gc
import json

import pytest

from tests.web.conftest import voting
from workshop.web.context import WebState
from workshop.web.hot import dot_batch
from workshop.web.live import SessionGone
from workshop.web.presence import Presence

WAIT = 10.0  # a bound on waiting for an event, not a speed (benchmarks/bench_beamer.py times it)


class Stream:
    """The events of one phone's live stream, read as they arrive."""

    def __init__(self, phone) -> None:
        self.phone = phone
        self.states: asyncio.Queue[dict] = asyncio.Queue()

    async def run(self, ready: asyncio.Event) -> None:
        async with self.phone.http.stream("GET", f"{self.phone.api}/live") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            ready.set()
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    await self.states.put(json.loads(line[6:]))

    async def next(self, condition) -> dict:
        """The next state that meets `condition` (the states before it are passed over)."""
        while True:
            state = await asyncio.wait_for(self.states.get(), WAIT)
            if condition(state):
                return state


async def open_stream(phone) -> tuple[Stream, asyncio.Task]:
    stream, ready = Stream(phone), asyncio.Event()
    task = asyncio.create_task(stream.run(ready))
    await asyncio.wait_for(ready.wait(), 5)
    await stream.next(lambda state: True)  # the state at connection time
    return stream, task


async def test_step_timer_and_reveal_reach_the_phone_live(phones, facilitator):
    phone = await phones()
    stream, task = await open_stream(phone)
    try:
        facilitator.steps.next()
        state = await stream.next(lambda state: state["step"] == "group")
        assert state["collecting"] is False
        facilitator.timer.set(300)
        facilitator.timer.start()
        state = await stream.next(lambda state: state["timer"]["running"])
        assert 295 <= state["timer"]["remaining"] <= 300
        round_id, themes = voting(facilitator)
        state = await stream.next(lambda state: state["round"] is not None and state["round"]["open"])
        assert state["results"] is None
        await phone.dots(round_id, themes[1], 2)
        facilitator.voting.close_round(round_id)
        state = await stream.next(lambda state: not state["round"]["open"])
        assert state["results"] is None, "no counts before reveal, not even in the stream"
        facilitator.voting.reveal_round(round_id)
        state = await stream.next(lambda state: state["results"] is not None)
        assert state["results"][0] == {"id": themes[1], "label": "Thema 1", "merged": [],
                                                         "rank": 1, "dots": 2, "share": 1.0}
    finally:
        task.cancel()


async def test_a_write_by_another_connection_reaches_the_phone(phones, service):
    """The `service` fixture has its own connection (like a second process): data_version catches it."""
    phone = await phones()
    stream, task = await open_stream(phone)
    try:
        service.settings.set_question("critique", "Was fehlt Familien in KW?")
        state = await stream.next(lambda state: state["question"] == "Was fehlt Familien in KW?")
        assert state["step"] == "collect"
    finally:
        task.cancel()


async def test_phones_own_actions_do_not_wake_every_stream(server, phones, facilitator):
    phone = await phones()
    stream, task = await open_stream(phone)
    try:
        hub = next(iter(server.web.state.web.hubs))
        before = hub.generation
        await phone.idea("Leise Idee")
        await asyncio.sleep(0.1)
        assert hub.generation == before and stream.states.empty()
    finally:
        task.cancel()


async def test_polling_fallback_sees_the_same_changes(phones, facilitator):
    phone = await phones()
    view = (await phone.state())["view"]
    facilitator.steps.next()
    state = await phone.state()
    assert state["view"] != view and state["step"] == "group"


async def test_stop_ends_open_streams(server, phones):
    phone = await phones()
    stream, task = await open_stream(phone)
    await server.stop()
    await asyncio.wait_for(task, 5)  # the stream ends by itself: nothing has to cancel it
    assert task.done() and not task.cancelled() and task.exception() is None


async def test_hubs_and_dot_batches_go_with_their_service(home):
    """Both are kept by service in weak dictionaries: a session the home let go of leaves nothing behind."""
    service = home.create("Vergänglich", slug="weg", date="2016-11-24")
    door = service.phone_side  # what the server keeps them by: the session's phones' side
    web = WebState(home=home, presence=Presence())
    hub = web.hubs.hub(door)
    assert web.hubs.hub(door) is hub and dot_batch(web, door) is dot_batch(web, door)
    assert list(web.hubs) == [hub] and len(web.dot_batches) == 1
    service.close()
    del service, door
    gc.collect()
    assert list(web.hubs) == [] and len(web.dot_batches) == 0
    with pytest.raises(SessionGone):
        hub.state()
    assert hub.closed


class CountingStream(Stream):
    """A phone's stream that also counts the keep-alive comments."""

    beats = 0

    async def run(self, ready: asyncio.Event) -> None:
        async with self.phone.http.stream("GET", f"{self.phone.api}/live") as response:
            ready.set()
            async for line in response.aiter_lines():
                if line.startswith(": beat"):
                    self.beats += 1
                elif line.startswith("data: "):
                    await self.states.put(json.loads(line[6:]))


async def test_keep_alives_read_nothing_and_a_change_is_read_once_for_every_stream_off_the_loop(
        server, phones, facilitator, monkeypatch):
    """A room of phones left open for hours (the soak compresses three hours of keep-alives into seconds):
    each keep-alive once read the state again, 120 streams every 15 s each, on the server's loop. Now a
    keep-alive reads nothing, and a change is read once for all streams, on a worker thread."""
    import threading

    import workshop.web.live

    monkeypatch.setattr(workshop.web.live, "HEARTBEAT_SECONDS", 0.02)
    opened = []
    for _ in range(5):
        phone = await phones()
        stream, ready = CountingStream(phone), asyncio.Event()
        task = asyncio.create_task(stream.run(ready))
        await asyncio.wait_for(ready.wait(), 5)
        await stream.next(lambda state: True)
        opened.append((stream, task))
    hub = next(iter(server.web.state.web.hubs))
    reads: list[str] = []
    state_of = hub.state_of

    def counted(door):
        reads.append(threading.current_thread().name)
        return state_of(door)

    hub.state_of = counted
    try:
        while min(stream.beats for stream, _task in opened) < 10:
            await asyncio.sleep(0.02)
        assert reads == [], "keep-alives read the state"
        facilitator.steps.next()
        for stream, _task in opened:
            await stream.next(lambda state: state["step"] == "group")
        assert len(reads) == 1, f"one read for five streams, not {len(reads)}"
        assert reads[0] != threading.main_thread().name, "read on the server's loop (the main thread here)"
    finally:
        for _stream, task in opened:
            task.cancel()
