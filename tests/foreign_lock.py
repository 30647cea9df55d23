"""Another process that holds a session file's write lock for a while, as a backup tool or a second app might.

A child Python opens the file, takes the write lock (`BEGIN IMMEDIATE`), says so, holds it for the given
seconds, commits and says so; a thread notes when each line arrived (time.monotonic()).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

CHILD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE session SET venue = venue")  # a real write, as a backup or another app would do
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
print("released", flush=True)
conn.close()
"""


class ForeignLock:
    """`with ForeignLock(path, seconds) as lock:` — the lock is held when the block starts."""

    def __init__(self, path: Path | str, seconds: float) -> None:
        self.path = Path(path)
        self.seconds = seconds
        self.times: dict[str, float] = {}
        self._lines: dict[str, threading.Event] = {"locked": threading.Event(), "released": threading.Event()}
        self._process: subprocess.Popen[str] | None = None

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            word = line.strip()
            if word in self._lines:
                self.times[word] = time.monotonic()
                self._lines[word].set()

    def start(self) -> ForeignLock:
        self._process = subprocess.Popen([sys.executable, "-c", CHILD, str(self.path), str(self.seconds)],
                                         stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        if not self._lines["locked"].wait(30):
            self.stop()
            raise AssertionError("the other process did not get the lock")
        return self

    @property
    def held(self) -> bool:
        return not self._lines["released"].is_set()

    @property
    def released_at(self) -> float:
        return self.times["released"]

    def wait_released(self, timeout: float = 30) -> None:
        assert self._lines["released"].wait(timeout), "the other process did not release the lock"

    def stop(self) -> None:
        if self._process is not None:
            try:
                self._process.wait(timeout=self.seconds + 30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> ForeignLock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> ForeignLock:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.stop)
