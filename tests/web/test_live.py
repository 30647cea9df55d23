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
