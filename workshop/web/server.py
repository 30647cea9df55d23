"""The participants' server: uvicorn in an event loop of its own thread (the terminal app), or in the
running loop (`werkstatt serve`, which has nothing else to do).

In the terminal app the server gets its own thread and loop (uvloop where there is one): a long board
refresh then no longer holds up 300 phones' requests, and the phones' events reach the app as
messages (the event bus's listeners are thread-safe), as they reach the phones' live streams. It binds
its own socket, so a busy port is a clean OSError, and it never touches signal handlers or logging,
which belong to the terminal app. No IP address or user agent is logged anywhere.

Connections pass the door first (`door.py`, `protocol.py`: header size and time, connections per client
address and in all, the open-files limit raised at start). Phones write only to the session being run: the
one named at start, then whichever `run()` names. While it runs, the server follows the home's room: the
session the app opens (`room.show`) is the one being run; going back to the session picker changes
nothing, so phones write to the last session opened until another one is.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import uvicorn

from workshop.core.errors import DomainError
from workshop.core.home import Home
from workshop.core.models import Session
from workshop.core.room import room_of
from workshop.net import DEFAULT_HOST, DEFAULT_PORT, detect_address
from workshop.reach import ALL_INTERFACES, Listening, announce, withdraw
from workshop.web.app import FastPath, create_app
from workshop.web.door import Door, DoorLimits, connection_limit, raise_open_files
from workshop.web.presence import Presence
from workshop.web.protocol import DoorProtocol


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # SIGINT/SIGTERM stay with the terminal app
        yield


class ParticipantServer:
    """Serves every session of a home folder to phones, by join token."""

    def __init__(self, home: Home, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 public_url: str | None = None, threaded: bool = False, session: str | Path | None = None,
                 header_seconds: float | None = None) -> None:
        self.home = home
        self.threaded = threaded
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
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
        self.header_seconds = header_seconds
        self.door: Door | None = None
        self._unfollow: Callable[[], None] | None = None
        if session is not None:
            self.run(session)

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
        """Devices of that session seen in the last minute (for the app's question before it switches)."""
        return self.presence.count(session_id)

    @property
    def running_session(self) -> str | None:
        """The id of the session whose phones may write, or None before one was named."""
        return self.web.state.web.running

    def run(self, session: str | Path) -> None:
        """Make that session (slug or path in this home) the one being run: from now on only its phones
        write; every other session's phones get `closed` and see "Diese Werkstatt ist beendet". From any
        thread (the app calls it from its own)."""
        session_id = self.home.service(session).read.session().id
        web = self.web.state.web
        if web.running == session_id:
            return
        web.running = session_id
        loop = self._loop if self.threaded else (self._task.get_loop() if self._task is not None else None)
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop ended in between: no stream is left to wake
            loop.call_soon_threadsafe(web.hubs.wake_all)  # open pages swap in (or out of) the closed page

    def _follow_room(self) -> None:
        """Run whichever session the app opens (the room's `current`), from now until `stop()`."""
        room = room_of(self.home)

        def follow(what: str = "current") -> None:
            current = room.current
            if what == "current" and current is not None:
                with contextlib.suppress(DomainError):  # a file outside the home: the server cannot serve it
                    self.run(current)

        follow()
        self._unfollow = room.subscribe(follow)

    @property
    def running(self) -> bool:
        if self.threaded:
            return self._thread is not None and self._thread.is_alive()
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Bind the port (OSError if busy) and serve until `stop()`: in its own thread, or the running loop."""
        if self.running:
            return
        self.door = Door(self._limits())
        sock = _bind(self.host, self.port)
        self._follow_room()
        self.port = sock.getsockname()[1]
        self._socket = sock
        if self.threaded:
            await self._start_thread(sock)
            return
        await self._serve_here(sock)

    def _limits(self) -> DoorLimits:
        """The door's limits; the connections within the open-files limit, raised to its hard limit first."""
        limits = DoorLimits(connections=connection_limit(raise_open_files()))
        if self.header_seconds is not None:
            limits = dataclasses.replace(limits, header_seconds=self.header_seconds)
        return limits

    def _uvicorn(self) -> _QuietServer:
        assert self.door is not None
        protocol = functools.partial(DoorProtocol, door=self.door)
        config = uvicorn.Config(FastPath(self.web), log_config=None, access_log=False, lifespan="off",
                                server_header=False, date_header=False, timeout_graceful_shutdown=1,
                                http=protocol, ws="none", proxy_headers=False,  # type: ignore[arg-type]
                                timeout_keep_alive=self.door.limits.keep_alive_seconds)
        return _QuietServer(config)

    async def _start_thread(self, sock: socket.socket) -> None:
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            loop = _new_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._serve_here(sock, ready.set, wait=True))
            except BaseException as error:  # the app shows it; the thread ends
                failed.append(error)
            finally:
                ready.set()
                loop.close()

        self._thread = threading.Thread(target=run, name="participant-server", daemon=True)
        self._thread.start()
        await asyncio.to_thread(ready.wait, 10)
        if failed:
            raise failed[0]

    async def _serve_here(self, sock: socket.socket, started: Callable[[], None] = lambda: None,
                          wait: bool = False) -> None:
        self._server = self._uvicorn()
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="participant-server")
        # Give uvicorn its first turns so the socket listens before start() returns.
        for _ in range(100):
            if self._server.started or self._task.done():
                break
            await asyncio.sleep(0.01)
        if self._task.done():
            self._task.result()
        self._announce()
        started()
        if wait:
            await self._task

    async def stop(self) -> None:
        if self._unfollow is not None:
            self._unfollow()
            self._unfollow = None
        if self.threaded:
            await self._stop_thread()
            return
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        withdraw(self.home, self.port)
        self.web.state.web.hubs.close()
        try:
            await self._task
        finally:
            self._server, self._task = None, None
            self._close_socket()

    async def _stop_thread(self) -> None:
        thread, loop, server = self._thread, self._loop, self._server
        if thread is None or loop is None or server is None:
            return
        withdraw(self.home, self.port)

        def shut_down() -> None:  # in the server's own loop: its hubs and streams live there
            server.should_exit = True
            self.web.state.web.hubs.close()

        try:
            loop.call_soon_threadsafe(shut_down)
        except RuntimeError:  # the loop has ended already
            pass
        await asyncio.to_thread(thread.join, 10)
        self._thread, self._loop, self._server, self._task = None, None, None, None
        self._close_socket()

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _new_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it exists (not on Windows), else asyncio's own loop."""
    if sys.platform != "win32":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


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
