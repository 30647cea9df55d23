"""`werkstatt serve` in a process of its own, for the tests that load the server: its memory and open-files limit
are its own, and the test's client does not share its event loop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import IN_CI


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_files_for_the_test(wanted: int) -> None:
    """Room in this (the client's) process for `wanted` sockets; the server's own limit is set apart."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= wanted:
        return
    if hard != resource.RLIM_INFINITY and hard < wanted:
        message = f"the test needs {wanted} open files, the hard limit is {hard}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


class ServedProcess:
    """`werkstatt serve SESSION` on 127.0.0.1, optionally under an open-files limit (soft and hard)."""

    def __init__(self, home: Path, slug: str, *, open_files: int | None = None, header_timeout: float | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "workshop", "--home", str(home), "serve", slug, "--host", "127.0.0.1",
                   "--port", str(self.port), "--public-url", self.base]
        if header_timeout is not None:
            command += ["--header-timeout", str(header_timeout)]

        def limit() -> None:  # in the child, before it runs: as `ulimit -n` would (the test's own limit stays)
            import resource

            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                        preexec_fn=limit if open_files else None)
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{self.base}/ping", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not come up: {self.process.stderr.read()}")
            time.sleep(0.1)

    def rss_kb(self) -> int:
        """The server's resident memory (Linux: /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def open_files(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> str:
        """Ctrl+C, as the facilitator stops it; what it wrote to stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        errors = self.process.stderr.read()
        self.process.stderr.close()
        return errors
