"""The server's contract with the terminal app: start in the running loop, addresses, presence, stop."""

from __future__ import annotations

import socket

import httpx
import pytest

from workshop.web.presence import Presence
from workshop.web.server import ParticipantServer


async def test_starts_on_a_free_port_and_builds_join_urls(home, service):
    server = ParticipantServer(home, host="127.0.0.1", port=0, public_url="http://127.0.0.1:9/")
    await server.start()
    try:
        assert server.port > 0 and server.running
        session = service.read.session()
        assert server.base_url == "http://127.0.0.1:9"
        assert server.join_url(session) == f"http://127.0.0.1:9/j/{session.join_token}"
        server.set_address("10.0.0.7")
        assert server.base_url == "http://127.0.0.1:9", "a public URL wins over a chosen interface"
        server.public_url = None
        assert server.base_url == f"http://10.0.0.7:{server.port}"
        server.set_address("127.0.0.1")
        async with httpx.AsyncClient() as client:
            assert (await client.get(server.join_url(session))).status_code == 200
            assert server.phones_connected(session.id) == 0, "a first page load (or a link preview) is no phone"
            assert (await client.get(server.join_url(session))).status_code == 200
        assert server.phones_connected(session.id) == 1
    finally:
        await server.stop()
    assert not server.running
    with pytest.raises(OSError):  # the port no longer listens
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


async def test_a_busy_port_is_a_clean_oserror(home, service):
    first = ParticipantServer(home, host="127.0.0.1", port=0)
    await first.start()
    try:
        second = ParticipantServer(home, host="127.0.0.1", port=first.port)
        with pytest.raises(OSError):
            await second.start()
        assert not second.running
    finally:
        await first.stop()


async def test_serves_every_session_of_the_home_by_its_token(server, home, service):
    later = home.create("Zweite Werkstatt", date="2016-12-01")
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        for _ in range(2):  # the second visit brings its cookie: a phone that is here
            page = await client.get(f"/j/{later.read.session().join_token}")
            assert page.status_code == 200 and "Zweite Werkstatt" in page.text
            assert (await client.get(server.join_url(service.read.session()))).status_code == 200
    assert server.phones_connected(later.read.session().id) == 1
    assert server.phones_connected(service.read.session().id) == 1
    later.close()


def test_presence_forgets_devices_after_a_minute():
    now = [1000.0]
    presence = Presence(clock=lambda: now[0])
    presence.seen("s", "a")
    presence.seen("s", "b")
    now[0] += 30
    presence.seen("s", "a")
    assert presence.count("s") == 2
    now[0] += 45
    assert presence.count("s") == 1 and presence.count("other") == 0


async def test_the_address_is_detected_when_no_public_url_is_given(home, monkeypatch):
    import workshop.web.server as server_module
    monkeypatch.setattr(server_module, "detect_address", lambda: "192.168.0.12")
    server = ParticipantServer(home)
    assert server.base_url == "http://192.168.0.12:8765"


async def test_in_its_own_thread_it_serves_follows_the_facilitator_and_stops(home, service):
    """The terminal app's way: the server in a thread and loop of its own, the facilitator's events cross over."""
    import json
    import threading

    server = ParticipantServer(home, host="127.0.0.1", port=0, threaded=True)
    await server.start()
    try:
        assert server.running and any(thread.name == "participant-server" for thread in threading.enumerate())
        facilitator = home.service(service.read.session().slug)
        url = f"http://127.0.0.1:{server.port}/j/{facilitator.read.session().join_token}"
        async with httpx.AsyncClient(timeout=5) as phone:
            assert (await phone.get(url)).status_code == 200
            views = []
            async with phone.stream("GET", url.replace("/j/", "/api/") + "/live") as live:
                async for line in live.aiter_lines():
                    if line.startswith("data: "):
                        views.append(json.loads(line[6:])["step"])
                        if len(views) == 1:
                            facilitator.steps.next()  # from this thread; the stream lives in the server's
                        else:
                            break
        assert views == ["collect", "group"]
        second = ParticipantServer(home, host="127.0.0.1", port=server.port, threaded=True)
        with pytest.raises(OSError):
            await second.start()
    finally:
        await server.stop()
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
