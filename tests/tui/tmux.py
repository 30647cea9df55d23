"""The real facilitator's app in a real terminal (tmux), typed into at a fast typist's speed.

`tmux send-keys` with several keys in one call writes them to the terminal at once, as a fast typist or
a paste does: the keys then reach the app together, which is what lost and merged ideas before.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import require_tool


class Terminal:
    """`werkstatt open SESSION` in a detached tmux session of its own tmux server: `--no-serve`, or with
    `port` the phones' server on 127.0.0.1 at that port (the join URL's address too)."""

    def __init__(self, home: Path, session: str, *, width: int = 120, height: int = 40,
                 port: int | None = None) -> None:
        self.tmux = require_tool("tmux")
        self.socket = f"werkstatt-test-{os.getpid()}-{time.monotonic_ns()}"
        serving = (["--no-serve"] if port is None else
                   ["--host", "127.0.0.1", "--port", str(port), "--public-url", f"http://127.0.0.1:{port}"])
        command = shlex.join([sys.executable, "-m", "workshop", "--home", str(home), "open", session, *serving])
        env = {**os.environ, "TERM": "xterm-256color"}
        self._run("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), command, env=env)

    def _run(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, env=env,
                              timeout=30, check=True)
        return done.stdout

    def send(self, *keys: str) -> None:
        """All keys in one `send-keys` call: they arrive together."""
        self._run("send-keys", "-t", "app", *keys)

    def resize(self, width: int, height: int) -> None:
        self._run("resize-window", "-t", "app", "-x", str(width), "-y", str(height))

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on the screen:\n{screen}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)
