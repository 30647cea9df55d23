"""A participant is a phone that took part: page loads, HEADs, joins and floods of them store nothing.

The flood test runs `werkstatt serve` as its own process and floods it from 127.0.0.1, while a real
phone comes from 127.0.0.2 (Linux routes all of 127.0.0.0/8 to loopback).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.web.conftest import CSRF, voting
from tests.web.test_cli_web import free_port
from workshop.web.context import FRESH_BURST, FRESH_RATE, MINT_BURST, MINT_RATE
from workshop.web.security import RateLimiter

SECOND_CLIENT = "127.0.0.2"

needs_second_address = pytest.mark.skipif(sys.platform != "linux",
                                           reason="127.0.0.2 is a loopback address only on Linux")


def participants_by_cli(home) -> int:
    """What `werkstatt show --json` says, as a coordinator's script would read it."""
    shown = subprocess.run([sys.executable, "-m", "workshop", "--home", str(home.root), "show", "--json",
                            "2016-11-24-zukunftswerkstatt-test"], capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)["session"]["participants"]


async def test_twenty_page_loads_and_heads_from_fresh_clients_store_no_participant(server, home, service):
    """Attack (or just life): link previews, curl, reloads in private tabs — 20 fresh clients."""
    before = participants_by_cli(home)
    url = server.join_url(service.read.session())
    for number in range(20):
        async with httpx.AsyncClient() as fresh:  # a new cookie jar each time: a new client
            response = await (fresh.get(url) if number % 2 else fresh.head(url))
            assert response.status_code == 200
            assert f"wd_{service.read.session().join_token}" in response.headers["set-cookie"]
            if number % 4 == 1:
                joined = await fresh.post(url.replace("/j/", "/api/") + "/join")
                assert joined.status_code == 200, "the cookie of the page it just loaded is kept"
    assert participants_by_cli(home) == before == 0
    # Present are only the five that came back with their cookie (the join after the page).
    assert server.phones_connected(service.read.session().id) == 5


async def test_new_device_ids_are_limited_per_address(server, service):
    """Attack: one client asks for new devices without end (page loads without the cookie)."""
    now = [0.0]
    server.web.state.web.mints = RateLimiter(MINT_RATE, MINT_BURST, clock=lambda: now[0])
    url = server.join_url(service.read.session())
    codes = []
    async with httpx.AsyncClient() as client:
        for _ in range(int(MINT_BURST) + 5):
            client.cookies.clear()
            codes.append((await client.get(url)).status_code)
        assert codes.count(200) == MINT_BURST and codes[-1] == 429
        refused = await client.get(url)
        assert "Zu viele Anfragen" in refused.text and "set-cookie" not in refused.headers
        now[0] += 1 / MINT_RATE
        assert (await client.get(url)).status_code == 200, "the limit slows a client down, it does not lock it out"
    assert service.read.participants() == []


@needs_second_address
async def test_writes_of_new_devices_are_limited_per_address_and_others_still_get_in(server, service):
    """Attack: one client mints devices and writes with each, which would add a participant per write."""
    now = [0.0]
    server.web.state.web.fresh = RateLimiter(FRESH_RATE, FRESH_BURST, clock=lambda: now[0])
    server.web.state.web.mints = RateLimiter(1e9, 1e9)
    round_id, themes = voting(service)
    page = server.join_url(service.read.session())
    codes = []
    async with httpx.AsyncClient() as flooder:
        for number in range(int(FRESH_BURST) + 10):
            flooder.cookies.clear()
            csrf = CSRF.search((await flooder.get(page)).text).group(1)
            response = await flooder.post(page.replace("/j/", "/api/") + "/dots", headers={"x-csrf-token": csrf},
                                          json={"round": round_id, "item": themes[number % 3], "count": 1})
            codes.append(response.status_code)
        assert codes.count(200) == FRESH_BURST and codes[-1] == 429
        assert len(service.read.participants()) == FRESH_BURST
        # A device that wrote before is not a new participant: it goes on at its own limit.
        assert (await flooder.post(page.replace("/j/", "/api/") + "/dots", headers={"x-csrf-token": csrf},
                                   json={"round": round_id, "item": themes[0], "count": 1})).status_code == 429
    transport = httpx.AsyncHTTPTransport(local_address=SECOND_CLIENT)
    async with httpx.AsyncClient(transport=transport) as phone:
        csrf = CSRF.search((await phone.get(page)).text).group(1)
        response = await phone.post(page.replace("/j/", "/api/") + "/dots", headers={"x-csrf-token": csrf},
                                    json={"round": round_id, "item": themes[0], "count": 2})
        assert response.status_code == 200, "a phone from another address is not slowed by the flood"
    assert len(service.read.participants()) == FRESH_BURST + 1


async def _flood(port: int, token: str, seconds: float, counts: dict[str, int]) -> None:
    """40 keep-alive connections sending GET, HEAD and POST join without cookies, as fast as answered."""
    requests = [f"GET /j/{token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode(),
                f"HEAD /j/{token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode(),
                f"POST /api/{token}/join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n".encode()]
    deadline = time.monotonic() + seconds

    async def connection(number: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        n = number
        try:
            while time.monotonic() < deadline:
                request = requests[n % 3]
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head.split(b" ", 2)[1].decode()
                length = re.search(rb"(?i)content-length: (\d+)", head)
                if length and not request.startswith(b"HEAD"):
                    await reader.readexactly(int(length.group(1)))
                counts[status] = counts.get(status, 0) + 1
                n += 1
        finally:
            writer.close()

    await asyncio.gather(*(connection(number) for number in range(40)))


@needs_second_address
async def test_a_join_flood_stores_nothing_and_a_real_phone_still_joins_and_sends_during_it(home, service):
    """Attack: 40 connections flood the join URL (GET, HEAD, POST join) for 10 s, as the issue measured."""
    token = service.read.session().join_token
    slug = service.read.session().slug
    service.close()
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "--home", str(home.root), "serve", slug, "--host", "127.0.0.1",
         "--port", str(port), "--public-url", public], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    db = home.path_of(slug)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.head(f"{public}/static/phone.css", timeout=2)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.1)
        sizes = (db.stat().st_size, _wal_size(db))
        counts: dict[str, int] = {}
        flood = asyncio.create_task(_flood(port, token, 10.0, counts))
        await asyncio.sleep(3)  # the flood is in full swing
        timings, during = [], []
        transport = httpx.AsyncHTTPTransport(local_address=SECOND_CLIENT)
        async with httpx.AsyncClient(transport=transport, timeout=10) as phone:
            for number in range(3):
                phone.cookies.clear()
                started = time.perf_counter()
                page = await phone.get(f"{public}/j/{token}")
                csrf = CSRF.search(page.text).group(1)
                sent = await phone.post(f"{public}/api/{token}/ideas", headers={"x-csrf-token": csrf},
                                        json={"client_id": f"real{number}", "text": "Ich bin echt"})
                timings.append(time.perf_counter() - started)
                during.append(not flood.done())  # answered while the flood still ran, not once it was over
                assert (page.status_code, sent.status_code) == (200, 201)
                await asyncio.sleep(1)
        await flood
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
        process.stderr.close()
    print(f"flood answers {counts}; a real phone's page + idea took {[round(t, 3) for t in timings]} s")
    assert sum(counts.values()) > 400, counts  # a flood indeed
    assert during == [True, True, True], (during, timings)  # how fast: benchmarks/bench_phones.py
    shown = json.loads(subprocess.run([sys.executable, "-m", "workshop", "--home", str(home.root), "show", "--json",
                                       slug], capture_output=True, text=True, check=True).stdout)
    assert shown["session"]["participants"] == 3, "only the three real phones, which sent ideas"
    assert db.stat().st_size == sizes[0] and _wal_size(db) <= max(sizes[1], 64 * 1024), "storage did not grow"


def _wal_size(db) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0
