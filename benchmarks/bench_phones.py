"""Phones against the participants' server: join, ideas and dots under load, on loopback only.

    python benchmarks/bench_phones.py [--connections 300] [--devices 3000] [--seconds 10] [--no-app]
                                      [--client raw|aiohttp] [--idea-every 5]

N connections at once (in flight never above N) cycle over enough devices that none reaches its
rate limit or budget. Each device is driven by one worker only, so the last acknowledged value of
every (device, item) must be what the file holds: anything else is a lost write; more `DotsSet`
events than acknowledged changes, or a second idea for one client id, is a doubled one.

The server runs `werkstatt serve` (headless), then inside the running terminal app (`make_app`,
Textual headless, the board open on the session), each in its own process pinned to core 0; the
client (uvloop, a minimal keep-alive HTTP/1.1 client by default, aiohttp on request) is pinned to
core 1. In the same run a bare Starlette endpoint doing one SQLite insert per request (uvicorn,
httptools, uvloop) gets the same load: that is this machine's limit, and the figure that matters is
the ratio to it. Latencies are per request from the client, whose in-flight count never exceeds the
connection count (printed). The server's CPU time per request (Linux procfs) is printed beside, as
a figure that does not depend on the client. Every request goes to 127.0.0.1, and every phase is
bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
SERVER_CORE, CLIENT_CORE = 0, 1
ITEMS = 8


# --------------------------------------------------------------------- servers (child processes)


def bare_app(db_path: str):
    """One SQLite insert per request, nothing else: the machine's ceiling for a write over HTTP."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, item TEXT, count INTEGER)")

    async def hit(request: Request) -> JSONResponse:
        data = json.loads(await request.body())
        conn.execute("INSERT INTO hits (item, count) VALUES (?, ?)", (data.get("item"), data.get("count")))
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/bare", hit, methods=["POST"])])


def run_bare(port: int, db_path: str) -> None:
    import uvicorn
    uvicorn.run(bare_app(db_path), host=HOST, port=port, loop="uvloop", http="httptools", access_log=False,
                log_level="warning", lifespan="off")


def run_in_app(home: str, slug: str, port: int) -> None:
    """The terminal app (headless) with the phones' server in its loop, the board open on the session."""
    import uvloop

    from workshop.app import make_app
    from workshop.core.home import Home

    async def main() -> None:
        app = make_app(Home(home), public_url=f"http://{HOST}:{port}", host=HOST, port=port, session=slug)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        async with app.run_test(size=(160, 48)):
            await stop.wait()
            await app.stop_server()

    uvloop.run(main())


def pin(core: int) -> None:
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > core:
        os.sched_setaffinity(0, {core})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start(args: list[str], port: int) -> subprocess.Popen:
    pinning = {"preexec_fn": lambda: pin(SERVER_CORE)} if hasattr(os, "sched_setaffinity") else {}
    process = subprocess.Popen(args, cwd=ROOT, **pinning,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "server died")
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start within 30 s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT if "serve" in process.args else signal.SIGTERM)  # type: ignore[operator]
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------- load


@dataclass
class Device:
    id: str = ""
    csrf: str = ""
    items: tuple[str, str] = ("", "")
    acked: dict[str, int] = field(default_factory=dict)
    changes: int = 0
    ideas: list[str] = field(default_factory=list)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux procfs; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Figures:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    max_in_flight: int = 0
    server_cpu: float | None = None

    def line(self) -> str:
        ok = len(self.latencies)
        rate = ok / self.seconds if self.seconds else 0.0
        if not ok:
            return f"{self.name:<28} no successful request; errors {self.errors}"
        ordered = sorted(self.latencies)
        p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
        errors = f" errors {self.errors}" if self.errors else ""
        cpu = f"  server CPU {self.server_cpu / ok * 1e6:4.0f} µs/req" if self.server_cpu else ""
        return (f"{self.name:<28} {ok:>7} req in {self.seconds:5.1f} s = {rate:7.0f} req/s  "
                f"p50 {p(0.50):5.1f} ms  p95 {p(0.95):5.1f} ms  p99 {p(0.99):5.1f} ms  "
                f"in flight ≤ {self.max_in_flight}{cpu}{errors}")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class RawConnection:
    """A minimal keep-alive HTTP/1.1 client connection: prebuilt request bytes, read by Content-Length."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes, str | None]:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n{head}\r\n"
                          .encode("latin-1") + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, cookie = 0, None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie":
                cookie = value.strip().split(";", 1)[0]
        return status, await self.reader.readexactly(length), cookie


class Load:
    """The client: one keep-alive connection per worker, each worker owning a fixed slice of the devices.

    `raw` (default) is a minimal HTTP/1.1 client on uvloop; aiohttp (`--client aiohttp`) tops out near
    1,600 requests a second on this machine's shared core, below the server, so it would measure itself.
    Either way a request is in flight only on its own connection: never more than `connections` at once.
    """

    def __init__(self, base: str, token: str, connections: int, server_pid: int, client: str = "raw") -> None:
        self.base = base
        self.server_pid = server_pid
        self.token = token
        self.connections = connections
        self.client = client
        self.in_flight = 0

    async def __aenter__(self) -> Load:
        if self.client == "aiohttp":
            import aiohttp
            self.http = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connections, limit_per_host=self.connections),
                cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=30))
        else:
            host_port = self.base.split("//", 1)[1]
            host, port = host_port.rsplit(":", 1)
            self.pool: asyncio.Queue[RawConnection] = asyncio.Queue()
            for _ in range(self.connections):
                reader, writer = await asyncio.open_connection(host, int(port))
                self.pool.put_nowait(RawConnection(reader, writer, host_port))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.client == "aiohttp":
            await self.http.close()
        else:
            while not self.pool.empty():
                self.pool.get_nowait().writer.close()

    async def request(self, figures: Figures, path: str, body: dict, device: Device | None = None
                      ) -> tuple[int, dict]:
        headers = {"content-type": "application/json"}
        if device is not None and device.id:
            headers["cookie"] = f"wd_{self.token}={device.id}"
            headers["x-csrf-token"] = device.csrf
        self.in_flight += 1
        figures.max_in_flight = max(figures.max_in_flight, self.in_flight)
        started = time.perf_counter()
        cookie = None
        try:
            if self.client == "aiohttp":
                async with self.http.post(self.base + path, data=json.dumps(body), headers=headers) as response:
                    payload = await response.read()
                    status = response.status
                    morsel = response.cookies.get(f"wd_{self.token}")
                    cookie = f"wd_{self.token}={morsel.value}" if morsel is not None else None
            else:
                connection = await self.pool.get()
                try:
                    status, payload, cookie = await asyncio.wait_for(
                        connection.post(path, json.dumps(body).encode(), headers), 30)
                finally:
                    self.pool.put_nowait(connection)
        except Exception as error:  # a dropped connection is an error to count, not a crash
            figures.errors[type(error).__name__] = figures.errors.get(type(error).__name__, 0) + 1
            return 0, {}
        finally:
            self.in_flight -= 1
        if 200 <= status < 300:
            figures.latencies.append(time.perf_counter() - started)
        else:
            figures.errors[str(status)] = figures.errors.get(str(status), 0) + 1
        data = json.loads(payload) if payload else {}
        prefix = f"wd_{self.token}="
        if cookie is not None and cookie.startswith(prefix) and device is not None:
            device.id = cookie[len(prefix):]
        return status, data

    async def each(self, figures: Figures, devices: list[Device], job) -> None:
        """Run `job(device)` once per device, `connections` at a time."""
        started = time.perf_counter()
        cpu = cpu_seconds(self.server_pid)

        async def worker(index: int) -> None:
            for device in devices[index::self.connections]:
                await job(device)

        await asyncio.gather(*(worker(index) for index in range(self.connections)))
        figures.seconds = time.perf_counter() - started
        self.measure_cpu(figures, cpu)

    def measure_cpu(self, figures: Figures, before: float | None) -> None:
        after = cpu_seconds(self.server_pid)
        if before is not None and after is not None:
            figures.server_cpu = after - before

    async def for_seconds(self, figures: Figures, devices: list[Device], seconds: float, job) -> None:
        """Run `job(device, n)` over and over for a fixed time, each worker cycling its own devices."""
        started = time.perf_counter()
        deadline = started + seconds
        cpu = cpu_seconds(self.server_pid)

        async def worker(index: int) -> None:
            mine = devices[index::self.connections]
            n = 0
            while time.perf_counter() < deadline and mine:
                await job(mine[n % len(mine)], n // len(mine))
                n += 1

        await asyncio.gather(*(worker(index) for index in range(self.connections)))
        figures.seconds = time.perf_counter() - started
        self.measure_cpu(figures, cpu)


async def drive_phones(base: str, token: str, devices: list[Device], round_opener, connections: int,
                       seconds: float, label: str, server_pid: int, client: str, idea_every: int
                       ) -> dict[str, Figures]:
    results: dict[str, Figures] = {}
    async with Load(base, token, connections, server_pid, client) as load:
        joins = results["join"] = Figures(f"{label}: join")

        async def join(device: Device) -> None:
            status, data = await load.request(joins, f"/api/{token}/join", {}, device)
            if status in (200, 201):
                device.csrf = data["csrf"]

        await load.each(joins, devices, join)

        ideas = results["ideas"] = Figures(f"{label}: ideas")

        async def idea(device: Device) -> None:
            client_id = f"c{random.getrandbits(48):x}"
            status, _ = await load.request(ideas, f"/api/{token}/ideas",
                                           {"client_id": client_id, "text": f"Idee von {device.id[:6]}"}, device)
            if status == 201:
                device.ideas.append(client_id)
                if random.random() < 0.1:  # a retried request: must not become a second idea
                    await load.request(ideas, f"/api/{token}/ideas",
                                       {"client_id": client_id, "text": f"Idee von {device.id[:6]}"}, device)

        await load.each(ideas, devices[::idea_every], idea)

        round_id, items = round_opener()
        for index, device in enumerate(devices):
            device.items = (items[index % len(items)], items[(index + 1) % len(items)])
            device.acked = {}
        dots = results["dots"] = Figures(f"{label}: dots")

        async def dot(device: Device, n: int) -> None:
            item = device.items[n % 2]
            count = (n // 2) % 3  # 0, 1, 2 on each of two items: never over the cap (3) or budget (5)
            status, _ = await load.request(dots, f"/api/{token}/dots",
                                           {"round": round_id, "item": item, "count": count}, device)
            if status == 200:
                if device.acked.get(item) != count:  # the first set is a change even to 0 (a new row)
                    device.changes += 1
                device.acked[item] = count

        await load.for_seconds(dots, devices, seconds, dot)
        results["round"] = round_id  # type: ignore[assignment]
    return results


async def drive_bare(base: str, connections: int, seconds: float, server_pid: int, client: str) -> Figures:
    figures = Figures("bare Starlette + 1 insert")
    devices = [Device() for _ in range(connections)]
    async with Load(base, "", connections, server_pid, client) as load:
        async def hit(device: Device, n: int) -> None:
            await load.request(figures, "/bare", {"item": "x", "count": n % 3})

        await load.for_seconds(figures, devices, seconds, hit)
    return figures


def check_writes(db_path: Path, devices: list[Device], round_id: str) -> tuple[int, int]:
    """(lost, doubled) writes, from the session file itself."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        stored = {(device, item): count for device, item, count in conn.execute(
            "SELECT device_id, item_id, count FROM dots WHERE round_id = ?", (round_id,))}
        events = conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'DotsSet'").fetchone()[0]
        ideas = {(author, client) for author, client in conn.execute(
            "SELECT author, client_id FROM ideas WHERE client_id IS NOT NULL")}
        idea_rows = conn.execute("SELECT COUNT(*) FROM ideas WHERE client_id IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    lost = doubled = 0
    for device in devices:
        for item, count in device.acked.items():
            if stored.get((device.id, item), 0) != count:
                lost += 1
        for client in device.ideas:
            if (device.id, client) not in ideas:
                lost += 1
    expected_events = sum(device.changes for device in devices)
    lost += max(0, expected_events - events)
    doubled += max(0, events - expected_events)
    doubled += idea_rows - len(ideas)
    doubled += max(0, len(ideas) - sum(len(device.ideas) for device in devices))
    return lost, doubled


# --------------------------------------------------------------------- the run


def prepare(home: Path, slug: str) -> str:
    from workshop.core.home import Home

    service = Home(home).create("Lasttest Zukunftswerkstatt", slug=slug, date="2016-11-24",
                                dots_per_participant=5, cap_per_item=3)
    for number in range(ITEMS):
        idea = service.add_idea(f"Thema {number}: eine Idee")
        service.create_theme(f"Thema {number}", idea_ids=[idea.id])
    token = service.session().join_token
    service.close()
    return token


def opener(db_path: Path):
    """The facilitator (another process's connection, as the CLI would be) opens the vote."""
    def open_round() -> tuple[str, list[str]]:
        from workshop.core.services import SessionService

        service = SessionService.open(db_path)
        try:
            round_ = service.open_round("theme", budget=5, cap=3)
            return round_.id, [item.item_id for item in round_.items]
        finally:
            service.close()
    return open_round


def phones_run(label: str, command, home: Path, slug: str, args: argparse.Namespace) -> tuple[dict, int, int]:
    token = prepare(home, slug)
    port = free_port()
    process = start(command(home, port), port)
    devices = [Device() for _ in range(args.devices)]
    db_path = home / "sessions" / f"{slug}.db"
    try:
        import uvloop
        results = uvloop.run(asyncio.wait_for(
            drive_phones(f"http://{HOST}:{port}", token, devices, opener(db_path), args.connections, args.seconds,
                         label, process.pid, args.client, args.idea_every), timeout=args.seconds + 240))
    finally:
        stop(process)
    lost, doubled = check_writes(db_path, devices, results.pop("round"))
    return results, lost, doubled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--devices", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-app", action="store_true", help="skip the run inside the terminal app")
    parser.add_argument("--idea-every", type=int, default=5,
                        help="every n-th device sends an idea (default 5: 600 ideas from 3,000 phones, a big "
                             "room's wall; the open board re-reads them all on each refresh)")
    parser.add_argument("--client", choices=("raw", "aiohttp"), default="raw",
                        help="load generator: a minimal HTTP/1.1 client on uvloop (default) or aiohttp")
    parser.add_argument("--bare-server", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--app-server", nargs=3, metavar=("HOME", "SLUG", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        run_bare(int(args.bare_server[0]), args.bare_server[1])
        return 0
    if args.app_server:
        run_in_app(args.app_server[0], args.app_server[1], int(args.app_server[2]))
        return 0

    import uvloop
    pin(CLIENT_CORE)
    print(f"{args.connections} connections, {args.devices} devices ({args.devices // args.idea_every} send an idea), "
          f"dots for {args.seconds:g} s, {args.client} client; "
          f"server on core {SERVER_CORE}, client on core {CLIENT_CORE}; loopback only")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        port = free_port()
        bare = start([sys.executable, __file__, "--bare-server", str(port), str(tmp_path / "bare.db")], port)
        try:
            bare_figures = uvloop.run(asyncio.wait_for(drive_bare(f"http://{HOST}:{port}", args.connections,
                                                                  args.seconds, bare.pid, args.client),
                                                       timeout=args.seconds + 60))
        finally:
            stop(bare)
        print(bare_figures.line())

        def headless(home: Path, port: int) -> list[str]:
            return [sys.executable, "-m", "workshop", "--home", str(home), "serve", "bench", "--host", HOST,
                    "--port", str(port), "--public-url", f"http://{HOST}:{port}"]

        def in_app(home: Path, port: int) -> list[str]:
            return [sys.executable, __file__, "--app-server", str(home), "bench", str(port)]

        runs = [("headless", headless)]
        if not args.no_app:
            runs.append(("in the app", in_app))
        for label, command in runs:
            home = tmp_path / ("headless" if label == "headless" else "app")
            results, lost, doubled = phones_run(label, command, home, "bench", args)
            for figures in results.values():
                print(figures.line())
            ratio = results["dots"].rate / bare_figures.rate if bare_figures.rate else 0.0
            print(f"{label + ': dots vs bare':<28} {ratio:6.1%} (target ≥ 60 %)   lost {lost}, doubled {doubled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
