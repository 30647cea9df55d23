"""Limits at the door, through the real server on loopback: header size and time, connections per address, the
read budget, live streams per device, the open-files limit. Each test says which attack it tries."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import httpx
import pytest

from workshop.web.door import RESERVED_FILES, Door, DoorLimits, connection_limit
from workshop.web.server import ParticipantServer

EOF_WAIT = 10.0  # how long a test waits for the server to close a connection it should close


async def connect(server: ParticipantServer, address: str = "127.0.0.1"):
    return await asyncio.open_connection("127.0.0.1", server.port, local_addr=(address, 0))


async def closed_by_server(reader: asyncio.StreamReader, timeout: float = EOF_WAIT) -> bool:
    """Whether the server closes the connection (EOF or reset) within `timeout`, whatever it sent first."""
    try:
        async with asyncio.timeout(timeout):
            while await reader.read(65536):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        pass
    return True


async def answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    body = await asyncio.wait_for(reader.readexactly(int(headers.get("content-length", "0"))), 5)
    return int(lines[0].split()[1]), headers, body


@pytest.fixture
async def quick(home, service):
    """A server whose header timeout is short, where the issue's 10 s are not the point of the test."""
    server = ParticipantServer(home, host="127.0.0.1", port=0, session=service.read.session().slug, header_seconds=0.5)
    await server.start()
    yield server
    await server.stop()
    home.close_all()


async def test_headers_over_16_kb_get_431_whether_sent_at_once_or_in_pieces(server):
    """Attack: a 1 MB header (the issue's 267 MB one made the server grow by 360 MB), and one fed in 1 KB pieces."""
    reader, writer = await connect(server)
    writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (1024 * 1024) + b"\r\n\r\n")
    status, headers, body = await answer(reader)
    assert status == 431 and json.loads(body)["error"] == "too_large" and headers["connection"] == "close"
    assert await closed_by_server(reader)
    writer.close()

    reader, writer = await connect(server)
    writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    for _ in range(20):
        writer.write(b"X-Piece: " + b"b" * 1014 + b"\r\n")
        await writer.drain()
    status, _headers, _body = await answer(reader)
    assert status == 431
    writer.close()

    reader, writer = await connect(server)  # just under the limit: a phone with many cookies is still served
    writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + b"c" * (15 * 1024) + b"\r\n\r\n")
    status, _headers, body = await answer(reader)
    assert status == 200 and body == b"werkstatt"
    writer.close()


async def test_many_short_pipelined_requests_in_one_write_are_not_one_long_head(server):
    """400 requests of 50 bytes sent at once (20 KB in one read): each is answered, none refused as too large."""
    reader, writer = await connect(server, "127.0.0.13")
    request = b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: 12\r\n\r\n"
    assert len(request) == 50
    writer.write(request * 400)
    statuses = [(await answer(reader))[0] for _ in range(400)]
    assert statuses == [200] * 400
    writer.close()


async def test_a_request_whose_headers_do_not_arrive_in_time_is_closed(quick):
    """Attack: slowloris — a connection that sends nothing, one that trickles a byte at a time, one that starts a
    second request on a kept-alive connection and stops. A phone is answered meanwhile."""
    silent_reader, silent = await connect(quick)
    trickle_reader, trickle = await connect(quick)
    kept_reader, kept = await connect(quick)
    kept.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert (await answer(kept_reader))[0] == 200
    kept.write(b"GET /pi")

    async def trickling() -> int:
        sent = 0
        for byte in b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 200:
            try:
                trickle.write(bytes([byte]))
                await trickle.drain()
            except ConnectionError:
                break
            sent += 1
            await asyncio.sleep(0.05)
        return sent

    sending = asyncio.create_task(trickling())
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{quick.port}") as phone:
        assert (await phone.get("/ping")).status_code == 200
    assert await closed_by_server(silent_reader) and await closed_by_server(kept_reader)
    assert await closed_by_server(trickle_reader), "a byte now and then does not keep it open"
    assert await sending < 200, "closed while it was still trickling"
    for writer in (silent, trickle, kept):
        writer.close()


async def test_one_client_address_holds_at_most_its_share_of_connections(server):
    """Attack: one address opens more connections than 100 phones behind one router would."""
    limit = server.door.limits.per_address
    opened = [await connect(server, "127.0.0.9") for _ in range(limit + 10)]
    closed = [await closed_by_server(reader, 0.5) for reader, _writer in opened[-10:]]
    assert closed == [True] * 10, "the connections beyond the share are closed at once"
    reader, writer = opened[0]
    writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert (await answer(reader))[0] == 200, "those within it are served"
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}",
                                 transport=httpx.AsyncHTTPTransport(local_address="127.0.0.10")) as phone:
        assert (await phone.get("/ping")).status_code == 200, "another address is served"
    assert server.door.by_address["127.0.0.9"] == limit
    for _reader, writer in opened:
        writer.close()


class FakeConnection:
    def __init__(self, address: str) -> None:
        self.address = address
        self.closed = False

    def close_for_room(self) -> None:
        self.closed = True


def test_a_full_door_closes_the_connection_that_waited_longest_for_a_request_never_one_being_served():
    door = Door(DoorLimits(connections=3, per_address=1))
    served, idle, half_sent = FakeConnection("a"), FakeConnection("b"), FakeConnection("c")
    for connection in (served, idle, half_sent):
        assert door.admit(connection)
    door.serving(served)
    door.serving(idle)
    door.waiting(idle)  # its response is done: idle again, and from now on the longest waiting is half_sent
    newcomer = FakeConnection("d")
    assert door.admit(newcomer) and half_sent.closed and not idle.closed and not served.closed
    door.leave(half_sent)
    latest = FakeConnection("e")
    assert door.admit(latest) and idle.closed
    door.leave(idle)
    assert not door.admit(FakeConnection("a")), "a second connection from one address over its share is refused"
    door.serving(newcomer)
    door.serving(latest)
    assert not door.admit(FakeConnection("f")), "full, and every connection is being served: the newcomer waits"
    assert not any(connection.closed for connection in (served, newcomer, latest))
    assert door.open == 3 and door.by_address == {"a": 1, "d": 1, "e": 1}


def test_the_connection_limit_stays_below_the_open_files_limit():
    assert connection_limit(1024) == 1024 - RESERVED_FILES
    assert connection_limit(10) == 64 and connection_limit(1_000_000) == 4096 and connection_limit(None) == 4096


def test_the_open_files_limit_is_raised_to_the_hard_limit_and_windows_has_none_to_raise():
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = 2048 if hard == resource.RLIM_INFINITY else min(hard, 2048)
    code = "from workshop.web.door import raise_open_files; print(raise_open_files())"
    raised = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, target)))
    assert int(raised.stdout) == target
    windows = "import sys; sys.modules['resource'] = None\n" + code  # `import resource` fails as on Windows
    assert subprocess.run([sys.executable, "-c", windows], capture_output=True, text=True, timeout=30,
                          check=True).stdout.strip() == "None"


async def test_reads_from_one_address_have_a_budget_and_other_addresses_are_not_touched(server):
    """Attack: one address reads as fast as it can (requests pipelined on 4 connections, 1,000 in all)."""
    request = b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: uk\r\n\r\n"

    async def reads() -> list[tuple[int, dict[str, str], bytes]]:
        reader, writer = await connect(server, "127.0.0.11")
        writer.write(request * 250)
        answers = [await answer(reader) for _ in range(250)]
        writer.close()
        return answers

    answers = [one for batch in await asyncio.gather(*(reads() for _ in range(4))) for one in batch]
    statuses = [status for status, _headers, _body in answers]
    assert 500 <= statuses.count(200) < 700 and statuses.count(429) > 300, "a burst of 500, then 100 a second"
    refusal = next((headers, body) for status, headers, body in answers if status == 429)
    assert refusal[0]["retry-after"] == "1" and json.loads(refusal[1])["error"] == "rate_limited"
    assert "запит" in json.loads(refusal[1])["message"].lower(), "in the phone's language"
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}",
                                 transport=httpx.AsyncHTTPTransport(local_address="127.0.0.12")) as phone:
        assert (await phone.get("/ping")).status_code == 200


async def test_a_device_keeps_at_most_two_live_streams_the_newest_replacing_the_oldest(server, phones):
    """Attack: one device cookie opens live stream after live stream."""
    phone = await phones()
    other = await phones()

    async def first_lines(client, stop_after: int, lines: list[str]) -> None:
        async with client.http.stream("GET", f"{client.api}/live", timeout=10) as live:
            async for line in live.aiter_lines():
                lines.append(line)
                if len([seen for seen in lines if seen.startswith("data: ")]) >= stop_after:
                    await asyncio.sleep(30)

    oldest: list[str] = []
    task = asyncio.create_task(first_lines(phone, 99, oldest))
    await asyncio.wait_for(_until(lambda: any(line.startswith("data: ") for line in oldest)), 5)
    others = [asyncio.create_task(first_lines(client, 1, [])) for client in (phone, phone, other)]
    await asyncio.wait_for(task, 5)  # the first stream of the phone ends ...
    assert "event: replaced" in oldest, "... telling the page that a newer one took over"
    web = server.web.state.web
    session_id = phone.server.running_session
    device = next(iter(phone.http.cookies.jar)).value
    assert web.streams.count(session_id, device) == 2
    for extra in others:
        extra.cancel()


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.02)
