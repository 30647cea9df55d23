"""Read connections of a session file, one per thread, so that no read waits on a write.

In WAL mode a reader sees the last commit and never waits for a writer, in this process or another —
but only on a connection of its own: a connection shared with the writer is busy while the writer waits
for the file's write lock. So every thread that reads (the terminal app, the phones' server loop, the
writer itself, a command) gets its own connection on first use, kept in a `threading.local()`, opened
read-only in spirit (`query_only`), and closed with the store. A thread that has ended leaves its
connection behind; it is closed when the next thread opens one.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from pathlib import Path

# A reader waits for a lock only in rare moments (another connection recovering the log after a crash);
# never for a writer.
READ_BUSY_TIMEOUT_MS = 5_000
# A reader's page cache is dropped whenever another connection has written (here: every few moments), and
# the operating system keeps the file's pages anyway: a small one per thread is enough.
READ_CACHE_KIB = 512


class ReadersClosed(sqlite3.ProgrammingError):
    """The store was closed: its readers are gone."""


class Readers:
    """One read connection per thread for one session file."""

    def __init__(self, path: Path, uri: str | None = None) -> None:
        self.path = path
        self.uri = uri  # a read-only store's connections open the file the way its first one did
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: dict[int, tuple[weakref.ref[threading.Thread], sqlite3.Connection]] = {}
        self.closed = False

    def connection(self) -> sqlite3.Connection:
        """This thread's read connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        return self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.uri or str(self.path), isolation_level=None, check_same_thread=False,
                               timeout=READ_BUSY_TIMEOUT_MS / 1000, uri=self.uri is not None)
        conn.execute("PRAGMA query_only = 1")  # a read connection never takes the write lock by mistake
        conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        thread = threading.current_thread()
        with self._lock:
            if self.closed:
                conn.close()
                raise ReadersClosed("Cannot operate on a closed database.")
            ended = [key for key, (owner, _conn) in self._open.items()
                     if (alive := owner()) is None or not alive.is_alive()]
            for key in ended:
                self._open.pop(key)[1].close()
            self._open[id(thread)] = (weakref.ref(thread), conn)
        self._local.conn = conn
        return conn

    @property
    def count(self) -> int:
        """Open read connections (for tests and the soak benchmark)."""
        with self._lock:
            return len(self._open)

    def close(self) -> None:
        """Close every thread's connection; a later read raises."""
        with self._lock:
            self.closed = True
            connections, self._open = [conn for _owner, conn in self._open.values()], {}
        for conn in connections:
            conn.close()
