"""The benchmark's own load client: keep-alive HTTP/1.1 on uvloop, in flight never above the connections.

Each connection binds its own loopback source address (127.0.1.1, 127.0.1.2, …: the whole of
127.0.0.0/8 is loopback on Linux), so 300 connections look like 300 phones to the server's limits per
client address, as 300 phones in a hall would. Latencies are measured per request from here.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


@dataclass
class Figures:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    max_in_flight: int = 0
    server_cpu: float | None = None
    requests: int | None = None  # counted by another client (wrk), which gives no latencies we trust

    @property
    def ok(self) -> int:
        return self.requests if self.requests is not None else len(self.latencies)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        ok = self.ok
        if not ok:
            return f"{self.name:<30} no successful request; errors {self.errors}"
        errors = f" errors {self.errors}" if self.errors else ""
        cpu = f"  server CPU {self.server_cpu / ok * 1e6:4.0f} µs/req" if self.server_cpu else ""
        if self.requests is not None:
            return f"{self.name:<30} {ok:>7} req in {self.seconds:5.1f} s = {self.rate:7.0f} req/s (wrk){cpu}{errors}"
        p = lambda q: percentile(self.latencies, q) * 1000  # noqa: E731
        return (f"{self.name:<30} {ok:>7} req in {self.seconds:5.1f} s = {self.rate:7.0f} req/s  "
                f"p50 {p(0.50):5.1f} ms  p95 {p(0.95):5.1f} ms  p99 {p(0.99):5.1f} ms  "
                f"in flight ≤ {self.max_in_flight}{cpu}{errors}")


def source_address(index: int) -> str:
    """The loopback address connection `index` binds: 127.0.1.1 … 127.0.1.250, 127.0.2.1 …"""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


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
    """One keep-alive connection per worker, each worker owning a fixed slice of the devices.

    A request is in flight only on its own connection: never more than `connections` at once.
    """

    def __init__(self, base: str, token: str, connections: int, server_pid: int) -> None:
        self.base = base
        self.server_pid = server_pid
        self.token = token
        self.connections = connections
        self.in_flight = 0

    async def __aenter__(self) -> Load:
        host_port = self.base.split("//", 1)[1]
        host, port = host_port.rsplit(":", 1)
        self.pool: list[RawConnection] = []
        local = sys.platform == "linux"  # other systems may not route 127.0.1.x to loopback
        for index in range(self.connections):
            reader, writer = await asyncio.open_connection(
                host, int(port), local_addr=(source_address(index), 0) if local else None)
            self.pool.append(RawConnection(reader, writer, host_port))
        return self

    async def __aexit__(self, *exc: object) -> None:
        for connection in self.pool:
            connection.writer.close()

    async def request(self, figures: Figures, worker: int, path: str, body: dict, device: Device | None = None
                      ) -> tuple[int, dict]:
        headers = {"content-type": "application/json"}
        if device is not None and device.id:
            headers["cookie"] = f"wd_{self.token}={device.id}"
            headers["x-csrf-token"] = device.csrf
        self.in_flight += 1
        figures.max_in_flight = max(figures.max_in_flight, self.in_flight)
        started = time.perf_counter()
        try:
            status, payload, cookie = await asyncio.wait_for(
                self.pool[worker].post(path, json.dumps(body).encode(), headers), 30)
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
        """Run `job(worker, device)` once per device, `connections` at a time."""
        started = time.perf_counter()
        cpu = cpu_seconds(self.server_pid)

        async def worker(index: int) -> None:
            for device in devices[index::self.connections]:
                await job(index, device)

        await asyncio.gather(*(worker(index) for index in range(self.connections)))
        figures.seconds = time.perf_counter() - started
        self.measure_cpu(figures, cpu)

    def measure_cpu(self, figures: Figures, before: float | None) -> None:
        after = cpu_seconds(self.server_pid)
        if before is not None and after is not None:
            figures.server_cpu = after - before

    async def for_seconds(self, figures: Figures, devices: list[Device], seconds: float, job) -> None:
        """Run `job(worker, device, n)` over and over for a fixed time, each worker cycling its own devices."""
        started = time.perf_counter()
        deadline = started + seconds
        cpu = cpu_seconds(self.server_pid)

        async def worker(index: int) -> None:
            mine = devices[index::self.connections]
            n = 0
            while time.perf_counter() < deadline and mine:
                await job(index, mine[n % len(mine)], n // len(mine))
                n += 1

        await asyncio.gather(*(worker(index) for index in range(self.connections)))
        figures.seconds = time.perf_counter() - started
        self.measure_cpu(figures, cpu)
