"""Limits at the door: how many connections the phones' server keeps open, for whom, and for how long.

The connection protocol (`protocol.py`) asks the `Door` whether a new connection may stay, tells it when a
connection waits for a request (it has not sent its headers yet, or sits idle between requests) and when it
is being served. A client address holds at most `per_address` connections; the server at most
`connections`, fewer than the open-files limit allows, so that accepting never fails for want of a file
descriptor. When the server is full, the connection that has waited longest for its request is closed to
make room (a half-sent request, an idle keep-alive), never one that is being served or streams live
updates. Client addresses are only keys in memory here, never stored or logged. Everything runs in the
server's event loop: no locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Request headers larger than this are refused (431) before they are buffered; a phone's request carries
# well under 2 KB (its cookies included).
HEADER_BYTES = 16 * 1024
# A request's headers must have arrived this long after the connection opened (or after its first byte on
# a kept-alive connection); a phone on poor Wi-Fi sends them in well under a second.
HEADER_SECONDS = 10.0
# An idle kept-alive connection is closed after this long without a new request.
KEEP_ALIVE_SECONDS = 5
# 100 phones behind one router (a school's Wi-Fi) each hold a live stream and one or two connections for
# their requests: about 300.
CONNECTIONS_PER_ADDRESS = 320
# However many files the system allows: a few hundred phones need about a thousand connections.
MAX_CONNECTIONS = 4096
# Files the rest of the process needs (session files and their logs, the terminal, exports, imports).
RESERVED_FILES = 128
MIN_CONNECTIONS = 64


class Doorway(Protocol):
    """What the door needs of a connection."""

    address: str

    def close_for_room(self) -> None: ...


@dataclass(frozen=True, slots=True)
class DoorLimits:
    header_bytes: int = HEADER_BYTES
    header_seconds: float = HEADER_SECONDS
    keep_alive_seconds: int = KEEP_ALIVE_SECONDS
    per_address: int = CONNECTIONS_PER_ADDRESS
    connections: int = MAX_CONNECTIONS


class Door:
    """The server's open connections: counted per client address, the waiting ones oldest first."""

    def __init__(self, limits: DoorLimits | None = None) -> None:
        self.limits = limits or DoorLimits()
        self.open = 0
        self.by_address: dict[str, int] = {}
        self._waiting: dict[Doorway, None] = {}  # insertion-ordered: the longest waiting first
        self.refused = 0
        self.made_room = 0

    def admit(self, connection: Doorway) -> bool:
        """Whether a new connection may stay (counted if so); it waits for its request."""
        held = self.by_address.get(connection.address, 0)
        if held >= self.limits.per_address:
            self.refused += 1
            return False
        if self.open >= self.limits.connections and not self._make_room():
            self.refused += 1
            return False
        self.open += 1
        self.by_address[connection.address] = held + 1
        self._waiting[connection] = None
        return True

    def _make_room(self) -> bool:
        if not self._waiting:
            return False
        oldest = next(iter(self._waiting))
        del self._waiting[oldest]
        self.made_room += 1
        oldest.close_for_room()  # it leaves (and is uncounted) when its transport has closed
        return True

    def waiting(self, connection: Doorway) -> None:
        """The connection has no request in progress: it may be closed to make room."""
        self._waiting[connection] = None

    def serving(self, connection: Doorway) -> None:
        """A request of the connection is being served (or streams): it stays."""
        self._waiting.pop(connection, None)

    def leave(self, connection: Doorway) -> None:
        """An admitted connection has closed."""
        self._waiting.pop(connection, None)
        self.open -= 1
        held = self.by_address.get(connection.address, 0) - 1
        if held > 0:
            self.by_address[connection.address] = held
        else:
            self.by_address.pop(connection.address, None)


def raise_open_files() -> int | None:
    """Raise this process's open-files limit to its hard limit; the limit now (None where there is none to
    raise: Windows has no `resource` module, and its sockets are not counted against such a limit)."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    # macOS reports an unlimited hard limit but refuses a soft limit above its per-process maximum.
    for limit in ([hard] if hard != resource.RLIM_INFINITY else [65_536, 10_240]):
        if limit <= soft:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
        except (ValueError, OSError):
            continue
        return limit
    return soft


def connection_limit(open_files: int | None) -> int:
    """How many connections the server keeps open under an open-files limit (None: no such limit)."""
    if open_files is None:
        return MAX_CONNECTIONS
    return max(MIN_CONNECTIONS, min(MAX_CONNECTIONS, open_files - RESERVED_FILES))
