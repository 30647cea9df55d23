"""The participants' server: uvicorn inside the running event loop (the terminal app's, or its own).

It binds its own socket, so a busy port is a clean OSError, and it never touches signal handlers or
logging, which belong to the terminal app. No IP address or user agent is logged anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from collections.abc import Iterator

import uvicorn

from workshop.core.home import Home
from workshop.core.models import Session
from workshop.net import DEFAULT_HOST, DEFAULT_PORT, detect_address
from workshop.reach import ALL_INTERFACES, Listening, announce, withdraw
from workshop.web.app import FastPath, create_app
from workshop.web.presence import Presence


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # SIGINT/SIGTERM stay with the terminal app
        yield


class ParticipantServer:
    """Serves every session of a home folder to phones, by join token."""

    def __init__(self, home: Home, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 public_url: str | None = None) -> None:
        self.home = home
        self.host = host
        self.port = port
        self.public_url = public_url.rstrip("/") if public_url else None
        self.presence = Presence()
        self.web = create_app(home, presence=self.presence)
        self.web.state.web.advertised = lambda: self.base_url
        self._address: str | None = None
        self._server: _QuietServer | None = None
        self._task: asyncio.Task[None] | None = None
        self._socket: socket.socket | None = None

    @property
    def address(self) -> str:
        """The local network address advertised in join URLs (detected once, unless chosen)."""
        if self._address is None:
            # A server bound to one address can only be reached there: never advertise another one.
            self._address = detect_address() if self.host in ALL_INTERFACES else self.host
        return self._address

    def set_address(self, address: str) -> None:
        """The facilitator picks another interface; a public URL, when set, still wins."""
        self._address = address
        if self.running:
            self._announce()

    def _announce(self) -> None:
        """Where this server listens and what its codes carry: for the projector page and `werkstatt check`."""
        announce(self.home, Listening(self.host, self.port, self.base_url, public_url=bool(self.public_url),
                                      pid=os.getpid(), started_at=time.time()))

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url
        return f"http://{self.address}:{self.port}"

    def join_url(self, session: Session) -> str:
        return f"{self.base_url}/j/{session.join_token}"

    def phones_connected(self, session_id: str) -> int:
        """Devices of that session seen in the last minute."""
        return self.presence.count(session_id)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Bind the port (OSError if busy) and serve inside the running loop until `stop()`."""
        if self.running:
            return
        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(FastPath(self.web), log_config=None, access_log=False, lifespan="off",
                                server_header=False, date_header=False, timeout_graceful_shutdown=1,
                                http="auto", ws="none", proxy_headers=False)
        self._server = _QuietServer(config)
        self._socket = sock
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="participant-server")
        # Give uvicorn its first turns so the socket listens before start() returns.
        for _ in range(100):
            if self._server.started or self._task.done():
                break
            await asyncio.sleep(0.01)
        if self._task.done():
            self._task.result()
        self._announce()

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        withdraw(self.home, self.port)
        self.web.state.web.hubs.close()
        try:
            await self._task
        finally:
            self._server, self._task = None, None
            if self._socket is not None:
                self._socket.close()
                self._socket = None


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # Not SO_REUSEADDR on Windows: there it lets two servers share one port.
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock
