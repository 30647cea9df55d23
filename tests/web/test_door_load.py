"""One client cannot exhaust the laptop: `werkstatt serve` in its own process under attack on loopback, while a
real phone (another loopback address) keeps being answered.

The attacks are the issue's: a 1 MB header (and a 50 MB one), 1,500 half-sent requests held open from one
address and from 1,500 addresses with the usual limit of 1,024 open files, and a 20-connection read flood
from one address. Bounded: each test ends within a minute; the server's header timeout is shortened only
where the 10 s themselves are not the point.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import require_tool
from tests.web.served import ServedProcess, open_files_for_the_test

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the server's memory in /proc")

HALF_SENT = 1_500
OPEN_FILES = 1_024  # the usual soft limit: `ulimit -n 1024`, and no higher hard limit to raise it to


async def big_header(port: int, size: int) -> int:
    """Send a request whose one header is `size` bytes; the status the server answered."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def send() -> None:
        with contextlib.suppress(ConnectionError):
            writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
            await writer.drain()

    sending = asyncio.create_task(send())
    head = await asyncio.wait_for(reader.readuntil(b"\r\n"), 10)
    await asyncio.wait_for(sending, 10)
    writer.close()
    return int(head.split()[1])


async def test_a_1_mb_header_gets_431_and_the_server_stays_within_10_mb(home, service):
    served = ServedProcess(home.root, service.read.session().slug)
    try:
        async with httpx.AsyncClient(base_url=served.base) as phone:  # warm: every path the test uses has run
            for _ in range(20):
                assert (await phone.get(f"/j/{service.read.session().join_token}")).status_code == 200
        assert await big_header(served.port, 20 * 1024) == 431
        before = served.rss_kb()
        statuses = [await big_header(served.port, 1024 * 1024) for _ in range(10)]
        statuses.append(await big_header(served.port, 50 * 1024 * 1024))
        grown = served.rss_kb() - before
        assert statuses == [431] * 11
        assert grown < 10 * 1024, f"the server grew by {grown} KB"
        async with httpx.AsyncClient(base_url=served.base) as phone:
            assert (await phone.get("/ping")).status_code == 200
    finally:
        assert "Traceback" not in served.stop()


class HalfSent:
    """Connections that send the start of a request and never finish it; when the server closed each."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = f"GET /api/{token}/state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".encode()
        self.opened: list[float] = []
        self.closed: list[float] = []
        self.writers: list[asyncio.StreamWriter] = []
        self.tasks: list[asyncio.Task[None]] = []

    async def open(self, addresses: list[str]) -> None:
        for start in range(0, len(addresses), 100):
            await asyncio.gather(*(self._one(address) for address in addresses[start:start + 100]))

    async def _one(self, address: str) -> None:
        # Before connecting: the server's clock for this connection cannot start earlier. Stamped after the
        # connect, a loaded client (100 connects gathered at once) ran this line up to 0.7 s after the server
        # had accepted, and a connection held the full 10 s looked held for 9.3.
        opened = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(address, 0))
        with contextlib.suppress(ConnectionError):
            writer.write(self.head)
        self.writers.append(writer)
        self.tasks.append(asyncio.create_task(self._until_closed(reader, opened)))

    async def _until_closed(self, reader: asyncio.StreamReader, opened: float) -> None:
        with contextlib.suppress(ConnectionError):
            while await reader.read(4096):
                pass
        self.opened.append(opened)
        self.closed.append(time.monotonic())

    @property
    def all_closed(self) -> bool:
        return len(self.closed) == len(self.tasks)

    def held_for(self) -> list[float]:
        return sorted(closed - opened for opened, closed in zip(self.opened, self.closed, strict=True))

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for writer in self.writers:
            writer.close()


async def phone_meanwhile(base: str, token: str, until, hold: float) -> list[float]:
    """A real phone on 127.0.0.2 reads its state every 0.25 s, each time on a new connection (the server must
    accept it), until `until()` holds or `hold` seconds have passed; how long each answer took."""
    took: list[float] = []
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx.AsyncClient(base_url=base, transport=transport, timeout=10,
                                 limits=httpx.Limits(max_keepalive_connections=0)) as phone:
        assert (await phone.get(f"/j/{token}")).status_code == 200
        deadline = time.monotonic() + hold
        while time.monotonic() < deadline and not until():
            started = time.monotonic()
            response = await phone.get(f"/api/{token}/state")
            took.append(time.monotonic() - started)
            assert response.status_code == 200, response.text
            await asyncio.sleep(0.25)
    return took


async def test_1500_half_sent_requests_from_one_address_under_1024_open_files_leave_a_phone_answered(home, service):
    """With the default header timeout: the one address keeps its share of connections until the 10 s are up
    (not one closed before), the rest are closed at once; the phone is answered within 1 s throughout."""
    open_files_for_the_test(HALF_SENT + 256)
    token = service.read.session().join_token
    served = ServedProcess(home.root, service.read.session().slug, open_files=OPEN_FILES)
    attack = HalfSent(served.port, token)
    try:
        await attack.open(["127.0.0.1"] * HALF_SENT)
        took = await phone_meanwhile(served.base, token, lambda: attack.all_closed, hold=30)
        assert attack.all_closed, "the server closed every half-sent request"
        held = attack.held_for()
        share = sum(1 for seconds in held if seconds > 5)
        assert 300 <= share <= 320 and held[-share] >= 9.5 and held[-1] <= 15, \
            "one address's share of connections, kept the 10 s of the header timeout"
        assert max(took) < 1.0, f"the phone waited {max(took):.2f} s"
        assert served.alive
    finally:
        attack.close()
        assert "Traceback" not in served.stop()


async def test_1500_half_sent_requests_from_1500_addresses_under_1024_open_files_leave_a_phone_answered(
        home, service):
    """More half-sent requests than the server has files for, each from its own address: the longest waiting
    are closed to make room, so the server never runs out of files and the phone always gets in."""
    open_files_for_the_test(HALF_SENT + 256)
    token = service.read.session().join_token
    served = ServedProcess(home.root, service.read.session().slug, open_files=OPEN_FILES, header_timeout=3)
    attack = HalfSent(served.port, token)
    addresses = [f"127.1.{number // 250}.{number % 250 + 1}" for number in range(HALF_SENT)]
    try:
        await attack.open(addresses)
        peak = served.open_files()
        took = await phone_meanwhile(served.base, token, lambda: attack.all_closed, hold=30)
        assert attack.all_closed and peak < OPEN_FILES
        assert max(took) < 1.0, f"the phone waited {max(took):.2f} s"
        assert served.alive
    finally:
        attack.close()
        assert "Traceback" not in served.stop()


async def test_a_20_connection_read_flood_from_one_address_leaves_a_phone_p99_under_100_ms(home, service):
    wrk = require_tool("wrk")
    token = service.read.session().join_token
    served = ServedProcess(home.root, service.read.session().slug)
    try:
        async with httpx.AsyncClient(base_url=served.base) as flooder:
            await flooder.get(f"/j/{token}")
            cookie = f"wd_{token}={flooder.cookies[f'wd_{token}']}"
        flood = subprocess.Popen([wrk, "-t1", "-c20", "-d8s", "-H", f"Cookie: {cookie}",
                                  f"{served.base}/api/{token}/state"], stdout=subprocess.PIPE, text=True)
        took: list[float] = []
        try:
            await asyncio.sleep(1)  # the flood is on
            transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
            async with httpx.AsyncClient(base_url=served.base, transport=transport, timeout=10) as phone:
                assert (await phone.get(f"/j/{token}")).status_code == 200
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:
                    started = time.monotonic()
                    response = await phone.get(f"/api/{token}/state")
                    took.append(time.monotonic() - started)
                    assert response.status_code == 200
                    await asyncio.sleep(0.02)
        finally:
            report = flood.communicate(timeout=30)[0]
        assert "Non-2xx or 3xx responses" in report, "the flood got `rate_limited` beyond its budget"
        took.sort()
        p99 = took[int(len(took) * 0.99) - 1]
        assert len(took) >= 100 and p99 < 0.1, f"the phone's p99 was {p99 * 1000:.0f} ms " \
                                                f"(median {statistics.median(took) * 1000:.1f} ms)"
    finally:
        assert "Traceback" not in served.stop()
