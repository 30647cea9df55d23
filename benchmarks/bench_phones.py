"""Phones against the participants' server: join, ideas and dots under load, on loopback only.

    python benchmarks/bench_phones.py [--connections 300] [--devices 3000] [--seconds 10] [--no-app]
                                      [--idea-every 5] [--no-wrk]

N connections at once (in flight never above N), each from its own loopback address, cycle over
enough devices that none reaches its rate limit or budget. Each device is driven by one worker only,
so the last acknowledged value of every (device, item) must be what the file holds: anything else is a
lost write; more `DotsSet` events than acknowledged changes, or a second idea for one client id, is a
doubled one.

The server runs `werkstatt serve` (headless), then inside the running terminal app (`make_app`,
Textual headless, the board open on the session), each in its own process pinned to core 0; the
clients are pinned to core 1. In the same run a bare Starlette endpoint doing one SQLite insert per
request (uvicorn, httptools, uvloop) gets the same load: that is this machine's limit, and the figure
that matters is the ratio to it. Each dot phase runs twice: first the benchmark's own client
(`phone_client.py`: latency percentiles, lost and doubled writes), then `wrk` with a Lua script
(`wrk_load.py`: requests per second; skipped where wrk is not installed). Inside the app a thread
presses keys on the board all along (`keyframe.py`): the facilitator's key → frame figures are printed
for the app idle, under the own client's dots and under wrk's, from the same run. The server's CPU
time per request (Linux procfs) is printed beside. Every request goes to 127.0.0.0/8, and every phase
is bounded in time.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import wrk_load  # noqa: E402
from phone_client import Device, Figures, Load, percentile  # noqa: E402

HOST = "127.0.0.1"
SERVER_CORE, CLIENT_CORE = 0, 1
ITEMS = 8
IDLE_SECONDS = 3.0
SETTLE_SECONDS = 2.5


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


def run_in_app(home: str, slug: str, port: int, samples: str) -> None:
    """The terminal app (headless) with the phones' server, the board open; keys pressed all along."""
    import uvloop

    from keyframe import KeyFrameProbe
    from workshop.app import make_app
    from workshop.core.home import Home
    from workshop.tui.screens.board import BoardScreen

    async def main() -> None:
        app = make_app(Home(home), public_url=f"http://{HOST}:{port}", host=HOST, port=port, session=slug)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        async with app.run_test(size=(160, 48)) as pilot:
            while not (isinstance(app.screen, BoardScreen) and app.server_running):
                await pilot.pause(0.05)
            probe = KeyFrameProbe(app)
            probe.start()
            await stop.wait()
            probe.stop()
            Path(samples).write_text(json.dumps(probe.samples))
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


async def join_and_send(load: Load, token: str, devices: list[Device], label: str, idea_every: int
                        ) -> list[Figures]:
    joins = Figures(f"{label}: join")

    async def join(worker: int, device: Device) -> None:
        status, data = await load.request(joins, worker, f"/api/{token}/join", {}, device)
        if status in (200, 201):
            device.csrf = data["csrf"]

    await load.each(joins, devices, join)
    ideas = Figures(f"{label}: ideas")

    async def idea(worker: int, device: Device) -> None:
        client_id = f"c{random.getrandbits(48):x}"
        body = {"client_id": client_id, "text": f"Idee von {device.id[:6]}"}
        status, _ = await load.request(ideas, worker, f"/api/{token}/ideas", body, device)
        if status == 201:
            device.ideas.append(client_id)
            if random.random() < 0.1:  # a retried request: must not become a second idea
                await load.request(ideas, worker, f"/api/{token}/ideas", body, device)

    await load.each(ideas, devices[::idea_every], idea)
    return [joins, ideas]


async def set_dots(load: Load, token: str, devices: list[Device], round_id: str, items: list[str], label: str,
                   seconds: float) -> Figures:
    for index, device in enumerate(devices):
        device.items = (items[index % len(items)], items[(index + 1) % len(items)])
        device.acked = {}
    dots = Figures(f"{label}: dots")

    async def dot(worker: int, device: Device, n: int) -> None:
        item = device.items[n % 2]
        count = (n // 2) % 3  # 0, 1, 2 on each of two items: never over the cap (3) or budget (5)
        status, _ = await load.request(dots, worker, f"/api/{token}/dots",
                                       {"round": round_id, "item": item, "count": count}, device)
        if status == 200:
            if device.acked.get(item) != count:  # the first set is a change even to 0 (a new row)
                device.changes += 1
            device.acked[item] = count

    await load.for_seconds(dots, devices, seconds, dot)
    return dots


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
        idea = service.ideas.add(f"Thema {number}: eine Idee")
        service.themes.create(f"Thema {number}", idea_ids=[idea.id])
    for number in range(3):  # the inbox, where the facilitator's cursor starts, has rows from the start
        service.ideas.add(f"Unsortiert {number}")
    token = service.read.session().join_token
    service.close()
    return token


def open_round(db_path: Path) -> tuple[str, list[str]]:
    """The facilitator (another process's connection, as the CLI would be) opens the vote."""
    from workshop.core.services import SessionService

    service = SessionService.open(db_path)
    try:
        round_ = service.voting.open_round("theme", budget=5, cap=3)
        return round_.id, [item.item_id for item in round_.items]
    finally:
        service.close()


class Run:
    """One server under the whole load: figures per phase, lost and doubled writes, monotonic windows."""

    def __init__(self, label: str, args: argparse.Namespace) -> None:
        self.label = label
        self.args = args
        self.figures: list[Figures] = []
        self.dots: Figures | None = None
        self.wrk: Figures | None = None
        self.windows: dict[str, tuple[float, float]] = {}
        self.lost = self.doubled = 0

    def go(self, command: list[str], port: int, home: Path, slug: str, token: str) -> subprocess.Popen:
        import uvloop

        process = start(command, port)
        devices = [Device() for _ in range(self.args.devices)]
        db_path = home / "sessions" / f"{slug}.db"
        base = f"http://{HOST}:{port}"
        args = self.args

        async def phones() -> str:
            begun = time.monotonic()
            await asyncio.sleep(IDLE_SECONDS if self.label != "headless" else 0)
            self.windows["idle"] = (begun, time.monotonic())
            async with Load(base, token, args.connections, process.pid) as load:
                begun = time.monotonic()
                self.figures += await join_and_send(load, token, devices, self.label, args.idea_every)
                if self.label != "headless":
                    # The board shows 600 new ideas highlighted for two seconds: let it settle, so the dot
                    # phases measure dots (this window shows what the burst of ideas costs the keys).
                    await asyncio.sleep(SETTLE_SECONDS)
                self.windows["joins and ideas"] = (begun, time.monotonic())
                round_id, items = open_round(db_path)
                begun = time.monotonic()
                self.dots = await set_dots(load, token, devices, round_id, items, self.label, args.seconds)
                self.windows["dots (own client)"] = (begun, time.monotonic())
            self.lost, self.doubled = check_writes(db_path, devices, round_id)
            if not args.no_wrk and wrk_load.available():
                begun = time.monotonic()
                lua = wrk_load.script(f"/api/{token}/dots", devices, items, round_id, token)
                self.wrk = await asyncio.to_thread(
                    wrk_load.run, f"{self.label}: dots", base, lua, connections=args.connections,
                    seconds=args.seconds, server_pid=process.pid, core=CLIENT_CORE)
                self.windows["dots (wrk)"] = (begun, time.monotonic())
            return round_id

        try:
            uvloop.run(asyncio.wait_for(phones(), timeout=2 * args.seconds + 300))
        except BaseException:
            stop(process)
            raise
        return process


def bare_run(tmp_path: Path, args: argparse.Namespace) -> tuple[Figures, Figures | None]:
    import uvloop

    port = free_port()
    bare = start([sys.executable, __file__, "--bare-server", str(port), str(tmp_path / "bare.db")], port)
    base = f"http://{HOST}:{port}"
    try:
        async def hits() -> Figures:
            figures = Figures("bare Starlette + 1 insert")
            devices = [Device() for _ in range(args.connections)]
            async with Load(base, "", args.connections, bare.pid) as load:
                async def hit(worker: int, device: Device, n: int) -> None:
                    await load.request(figures, worker, "/bare", {"item": "x", "count": n % 3})

                await load.for_seconds(figures, devices, args.seconds, hit)
            return figures

        own = uvloop.run(asyncio.wait_for(hits(), timeout=args.seconds + 60))
        wrk = None
        if not args.no_wrk and wrk_load.available():
            wrk = wrk_load.run("bare Starlette + 1 insert", f"{base}/bare", wrk_load.script("/bare"),
                               connections=args.connections, seconds=args.seconds, server_pid=bare.pid,
                               core=CLIENT_CORE)
    finally:
        stop(bare)
    return own, wrk


def key_frames(samples: list[tuple[float, float]], windows: dict[str, tuple[float, float]]) -> list[str]:
    lines = []
    for name, (begun, ended) in windows.items():
        ms = [latency * 1000 for at, latency in samples if begun <= at < ended]
        slow = [f"{latency * 1000:.0f} ms at +{at - begun:.1f} s" for at, latency in samples
                if begun <= at < ended and latency > 0.1]
        if ms:
            lines.append(f"  key → frame, {name + ':':<19} median {percentile(ms, 0.5):5.1f} ms  "
                         f"p90 {percentile(ms, 0.9):5.1f} ms  p99 {percentile(ms, 0.99):5.1f} ms  "
                         f"max {max(ms):5.1f} ms  ({len(ms)} keys; target p99 ≤ 100 ms)"
                         + (f"; over 100 ms: {', '.join(slow)}" if slow else ""))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--devices", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-app", action="store_true", help="skip the run inside the terminal app")
    parser.add_argument("--no-headless", action="store_true", help="skip the run of `werkstatt serve`")
    parser.add_argument("--no-wrk", action="store_true", help="throughput from the own client only")
    parser.add_argument("--idea-every", type=int, default=5,
                        help="every n-th device sends an idea (default 5: 600 ideas from 3,000 phones, a big "
                             "room's wall; the open board re-reads them all on each refresh)")
    parser.add_argument("--bare-server", nargs=2, metavar=("PORT", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--app-server", nargs=4, metavar=("HOME", "SLUG", "PORT", "SAMPLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        run_bare(int(args.bare_server[0]), args.bare_server[1])
        return 0
    if args.app_server:
        run_in_app(args.app_server[0], args.app_server[1], int(args.app_server[2]), args.app_server[3])
        return 0

    pin(CLIENT_CORE)
    with_wrk = not args.no_wrk and wrk_load.available()
    print(f"{args.connections} connections, {args.devices} devices ({args.devices // args.idea_every} send an idea), "
          f"dots for {args.seconds:g} s by the own client{' then by wrk' if with_wrk else ' (wrk not found)'}; "
          f"server on core {SERVER_CORE}, clients on core {CLIENT_CORE}; loopback only; "
          f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bare_own, bare_wrk = bare_run(tmp_path, args)
        print(bare_own.line())
        if bare_wrk is not None:
            print(bare_wrk.line())
        bare = bare_wrk if bare_wrk is not None and bare_wrk.rate else bare_own
        runs: list[tuple[str, Path | None]] = [] if args.no_headless else [("headless", None)]
        if not args.no_app:
            runs.append(("in the app", tmp_path / "keyframes.json"))
        for label, samples_path in runs:
            home = tmp_path / ("headless" if samples_path is None else "app")
            token = prepare(home, "bench")
            port = free_port()
            if samples_path is None:
                command = [sys.executable, "-m", "workshop", "--home", str(home), "serve", "bench", "--host", HOST,
                           "--port", str(port), "--public-url", f"http://{HOST}:{port}"]
            else:
                command = [sys.executable, __file__, "--app-server", str(home), "bench", str(port), str(samples_path)]
            run = Run(label, args)
            process = run.go(command, port, home, "bench", token)
            stop(process)
            for figures in [*run.figures, run.dots, run.wrk]:
                if figures is not None:
                    print(figures.line())
            dots = run.wrk if run.wrk is not None and run.wrk.rate else run.dots
            ratio = dots.rate / bare.rate if bare.rate else 0.0
            p99 = percentile(run.dots.latencies, 0.99) * 1000
            how = "wrk" if dots is run.wrk else "own client"
            print(f"{label + ': dots vs bare':<30} {ratio:6.1%} ({how}; target ≥ 90 %)   p99 {p99:.1f} ms "
                  f"(own client; target ≤ 100 ms)   lost {run.lost}, doubled {run.doubled}")
            if samples_path is not None and samples_path.exists():
                for line in key_frames(json.loads(samples_path.read_text()), run.windows):
                    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
