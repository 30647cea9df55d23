"""A phone's state read against a full wall: 14,000 ideas in the phase and 10 new ideas a second.

    python benchmarks/bench_state.py [--ideas 14000] [--seconds 15] [--readers 4] [--rate 10]

`werkstatt serve` runs in a process of its own (pinned to core 0, the clients to core 1 where there are
two). Two phases, each `--seconds` long, on the same session file:

- collect: the phase holds `--ideas` ideas from 350 phones, and phones send `--rate` more a second over
  HTTP while `--readers` phones, each from its own loopback address (each address has its read budget)
  and on its own kept-alive connection, read `GET /api/<token>/state` every `--every` ms (a small raw
  HTTP/1.1 client, so that the client's own cost stays out of the figures);
- vote: the same ideas in 40 themes, a theme round open (each item lists its first ideas, the rest
  counted), and the facilitator — another process, like a second app — renames a theme every second, so
  that the state is built again once a second while the phones read.

Printed: reads per second, p50 / p95 / p99 / max of a state read, and, measured in this process on the
same file, what one build of the state costs now and what loading every idea of the phase (as every read
did before the state was built once per change) costs. A first phase, the same reads with nothing sent,
is the same run's baseline. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_phones import CLIENT_CORE, HOST, SERVER_CORE, free_port, pin  # noqa: E402
from phone_client import cpu_seconds, percentile  # noqa: E402

THEMES = 40
DEVICES = 350


def build_session(home: Path, ideas: int):
    """A session whose critique phase holds `ideas` ideas from `DEVICES` phones."""
    from workshop.core.home import Home
    from workshop.core.phones import IdeaRequest

    service = Home(home).create("Volle Wand", date="2016-11-24", slug="voll")
    devices = [service.devices.mint() for _ in range(DEVICES)]
    words = ["Wohnung", "Bus", "Kurs", "Kita", "Arbeit", "Sprache", "Nachbarn", "Sport", "Amt", "Arzt"]
    requests = [IdeaRequest(devices[number % DEVICES], f"v{number}",
                            " ".join(random.choices(words, k=8)) + f" {number}") for number in range(ideas)]
    for start in range(0, ideas, 1000):
        service.writer.call(service.phones.submit_ideas_many, requests[start:start + 1000])
    return service


def start_server(home: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "workshop", "--home", str(home), "serve", "voll", "--host", HOST,
               "--port", str(port), "--public-url", f"http://{HOST}:{port}"]
    pinning = {"preexec_fn": lambda: pin(SERVER_CORE)} if hasattr(os, "sched_setaffinity") else {}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, **pinning)
    return process


class RawPhone:
    """One phone's kept-alive connection: GET requests with its cookie, responses read by Content-Length."""

    def __init__(self, port: int, token: str, address: str) -> None:
        self.address = address
        self.port = port
        self.token = token
        self.cookie = ""

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port, local_addr=(self.address, 0))
        status, headers, _body = await self.get(f"/j/{self.token}")
        assert status == 200, status
        self.cookie = headers["set-cookie"].split(";", 1)[0]

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{cookie}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            if ": " in line:
                name, value = line.split(": ", 1)
                headers.setdefault(name.lower(), value)
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return int(lines[0].split()[1]), headers, body


async def wait_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def send_ideas(port: int, token: str, rate: float, until: float) -> int:
    """Ten phones (each from its own loopback address) sending `rate` ideas a second over the JSON API."""
    import httpx

    senders = []
    for number in range(10):
        client = httpx.AsyncClient(base_url=f"http://{HOST}:{port}", timeout=10,
                                   transport=httpx.AsyncHTTPTransport(local_address=f"127.0.2.{number + 1}"))
        joined = await client.post(f"/api/{token}/join")
        senders.append((client, joined.json()["csrf"]))
    sent = 0
    next_at = time.monotonic()
    try:
        while time.monotonic() < until:
            client, csrf = senders[sent % len(senders)]
            response = await client.post(f"/api/{token}/ideas", headers={"x-csrf-token": csrf},
                                         json={"client_id": f"neu-{sent}", "text": f"Neue Idee {sent}"})
            assert response.status_code == 201, response.text
            sent += 1
            next_at += 1 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    finally:
        for client, _csrf in senders:
            await client.aclose()
    return sent


async def read_states(port: int, token: str, address: str, every: float, until: float, latencies: list[float],
                      sizes: list[int]) -> None:
    phone = RawPhone(port, token, address)
    await phone.open()
    next_at = time.monotonic() + random.random() * every
    while time.monotonic() < until:
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        next_at += every
        started = time.perf_counter()
        status, _headers, body = await phone.get(f"/api/{token}/state")
        latencies.append(time.perf_counter() - started)
        assert status == 200, status
        sizes.append(len(body))
    phone.writer.close()


async def rename_themes(service, theme_ids: list[str], until: float) -> int:
    renamed = 0
    while time.monotonic() < until:
        await asyncio.sleep(1.0)
        await asyncio.to_thread(service.themes.rename, random.choice(theme_ids), f"Thema {renamed}")
        renamed += 1
    return renamed


async def ideas_elsewhere(port: int, token: str, rate: float, until: float) -> int:
    """`send_ideas` in a process of its own (pinned beside the readers), so that its HTTP client does not
    hold up the readers' loop and count as the server's time."""
    seconds = max(0.0, until - time.monotonic())
    pinning = {"preexec_fn": lambda: pin(CLIENT_CORE)} if hasattr(os, "sched_setaffinity") else {}
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--send", str(port), token, str(rate), str(seconds),
        stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}, **pinning)
    out, _ = await process.communicate()
    return int(out.decode().strip() or 0)


async def phase(name: str, port: int, token: str, args, extra) -> None:
    cpu_before = cpu_seconds(args.server_pid)
    until = time.monotonic() + args.seconds
    latencies: list[float] = []
    sizes: list[int] = []
    readers = [read_states(port, token, f"127.0.1.{number + 1}", args.every / 1000, until, latencies, sizes)
               for number in range(args.readers)]
    results = await asyncio.gather(extra(until), *readers)
    ms = [value * 1000 for value in latencies]
    print(f"{name}: {len(ms) / args.seconds:,.0f} state reads/s from {args.readers} phones, "
          f"p50 {percentile(ms, 0.5):.2f} ms, p95 {percentile(ms, 0.95):.2f} ms, p99 {percentile(ms, 0.99):.2f} ms, "
          f"max {max(ms):.1f} ms; state {sum(sizes) // max(1, len(sizes)):,} bytes"
          + {"collect": f"; {results[0]} ideas sent", "vote": f"; {results[0]} renames"}.get(name, ""), flush=True)
    cpu_after = cpu_seconds(args.server_pid)
    if cpu_before is not None and cpu_after is not None and ms:
        print(f"  the server's CPU time per state read (everything it did, divided by the reads): "
              f"{(cpu_after - cpu_before) / len(ms) * 1000:.2f} ms", flush=True)


def build_costs(service) -> None:
    from workshop.web.views import public_state

    phase_ = service.read.session().phase
    started = time.perf_counter()
    for _ in range(5):
        public_state(service)
    build = (time.perf_counter() - started) / 5 * 1000
    started = time.perf_counter()
    service.read.ideas(phase_)
    service.read.ideas(phase_, visible_only=True)
    everything = (time.perf_counter() - started) * 1000
    print(f"  one build of the state: {build:.1f} ms; loading every idea of the phase (what each read cost "
          f"before): {everything:.1f} ms", flush=True)


async def main(args) -> None:
    random.seed(7)
    with tempfile.TemporaryDirectory(prefix="werkstatt-bench-state-") as folder:
        home = Path(folder)
        started = time.perf_counter()
        service = build_session(home, args.ideas)
        token = service.read.session().join_token
        print(f"{args.ideas:,} ideas from {DEVICES} phones written in {time.perf_counter() - started:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        port = free_port()
        server = start_server(home, port)
        args.server_pid = server.pid
        pin(CLIENT_CORE)
        try:
            await wait_up(port)
            await phase("reads alone", port, token, args, lambda until: asyncio.sleep(until - time.monotonic()))
            await phase("collect", port, token, args, lambda until: ideas_elsewhere(port, token, args.rate, until))
            build_costs(service)
            themes = [service.themes.create(f"Thema {number}").id for number in range(THEMES)]
            ideas = [idea.id for idea in service.read.ideas("critique")]
            for number, theme_id in enumerate(themes):
                service.ideas.move(ideas[number::THEMES], theme_id)
            service.steps.next()
            service.steps.next()  # group, then vote
            service.voting.open_round("theme", budget=5, cap=3)
            await phase("vote", port, token, args, lambda until: rename_themes(service, themes, until))
            build_costs(service)
            print(f"  load average {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=15)
            service.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--send"]:  # the idea-sending phones' process (see `ideas_elsewhere`)
        port, token, rate, seconds = sys.argv[2:6]
        until = time.monotonic() + float(seconds)
        print(asyncio.run(send_ideas(int(port), token, float(rate), until)))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=14_000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--every", type=float, default=50.0, help="ms between one phone's reads")
    parser.add_argument("--rate", type=float, default=10.0)
    asyncio.run(main(parser.parse_args()))
