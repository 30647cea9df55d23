"""The one writer of a session file: a thread fed by a queue, owning the write connection.

Every write of the session runs here, one after another, on the one connection that writes (datasette's
`database.py` has the same shape). Callers hand in a call and get a `concurrent.futures.Future`: the
terminal app waits on it briefly or not at all, the phones' server awaits it without blocking its loop
(`asyncio.wrap_future`), a command simply blocks. What must agree with the writes — the phones' hot cache,
the undo log, the events published after a commit — is touched only on this thread, so it needs no lock.

A call may carry a deadline. While another program holds the file's write lock, the connection's busy
timeout is what remains of it: a call that has not begun its transaction by then fails with `Busy` and
writes nothing, so a write the caller has given up on never commits later. Facilitator calls (`urgent`)
go before queued phone batches. Between calls, at most every `POLL_SECONDS`, the writer runs the
session's watcher (`watcher.py`) on its connection.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from workshop.core.errors import Busy
from workshop.i18n import _

T = TypeVar("T")
BUSY_TIMEOUT_MS = 30_000  # a call without a deadline (a command) waits this long for another program's lock
# A facilitator's key and a phone's request wait at most this long for another program's lock, then give up.
DEADLINE_SECONDS = 5.0
POLL_SECONDS = 0.25  # how often the watcher looks for other processes' writes
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
BUSY_MESSAGE = _("Nicht gespeichert: Ein anderes Programm hat die Sitzungsdatei {seconds} Sekunden lang gesperrt "
                 "(etwa ein zweites Werkstatt-Fenster, eine Sicherung oder ein Virenscanner). Bitte noch einmal "
                 "versuchen.")


class WriterClosed(sqlite3.ProgrammingError):
    """The session was closed: its writer takes no more calls."""


@dataclass(slots=True)
class _Call:
    run: Callable[[], Any]
    future: Future
    deadline: float | None  # time.monotonic()
    since: float


_STOP = object()


class _Thread:
    """The writer's state as its thread sees it; holds no reference to the store, so an unclosed store that
    nobody uses any more can still be collected (its finalizer then stops this thread)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.calls: deque[Any] = deque()
        self.urgent: deque[_Call] = deque()
        # Re-entrant: the finalizer of a dropped store may stop its writer from inside a locked block.
        self.ready = threading.Condition(threading.RLock())
        self.ident: int | None = None
        self.busy_ms = BUSY_TIMEOUT_MS
        self.idle: Callable[[sqlite3.Connection], None] | None = None
        self.stopping = False

    def put(self, item: Any, urgent: bool = False) -> None:
        with self.ready:
            if self.stopping:
                raise WriterClosed("Cannot operate on a closed database.")
            (self.urgent if urgent else self.calls).append(item)
            self.ready.notify()

    def stop(self) -> None:
        with self.ready:
            if not self.stopping:
                self.stopping = True
                self.calls.append(_STOP)
                self.ready.notify()

    def run(self) -> None:
        self.ident = threading.get_ident()
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {self.busy_ms}")
        next_poll = time.monotonic() + POLL_SECONDS
        try:
            while True:
                with self.ready:
                    if not self.urgent and not self.calls:
                        self.ready.wait(max(0.0, next_poll - time.monotonic()) if self.idle else None)
                    item = self.urgent.popleft() if self.urgent else self.calls.popleft() if self.calls else None
                if item is _STOP:
                    return
                if item is not None:
                    self.execute(item)
                    item = None  # the call's arguments (a service, a batch) are not kept alive by this frame
                if self.idle is not None and time.monotonic() >= next_poll:
                    try:
                        self.idle(conn)
                    except sqlite3.Error:  # the file is locked or gone for a moment: look again next time
                        pass
                    next_poll = time.monotonic() + POLL_SECONDS
        finally:
            conn.close()

    def execute(self, call: _Call) -> None:
        if not call.future.set_running_or_notify_cancel():
            return
        wait_ms = self.busy_ms
        if call.deadline is None:
            wait_ms = BUSY_TIMEOUT_MS
        else:
            left = call.deadline - time.monotonic()
            if left <= 0:
                call.future.set_exception(_busy(call))
                return
            left_ms = max(1, int(left * 1000))
            # Never past the deadline, and at most a tenth short of it: a batch after a batch keeps the setting.
            if not left_ms * 9 // 10 <= wait_ms <= left_ms:
                wait_ms = left_ms
        if wait_ms != self.busy_ms:
            self.conn.execute(f"PRAGMA busy_timeout = {wait_ms}")
            self.busy_ms = wait_ms
        try:
            result = call.run()
        except sqlite3.OperationalError as error:
            call.future.set_exception(_busy(call) if is_busy(error) else error)
        except BaseException as error:  # the caller gets it; the writer goes on with the next call
            call.future.set_exception(error)
        else:
            call.future.set_result(result)


class Writer:
    """The write thread of one session file and its queue."""

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.conn = conn
        self._thread = _Thread(conn)
        self._worker = threading.Thread(target=self._thread.run, name=f"werkstatt-writer {name}", daemon=True)
        self._worker.start()

    def on_thread(self) -> bool:
        """Whether the caller is the writer itself (then a write runs at once, inline)."""
        return threading.get_ident() == self._thread.ident

    def submit(self, run: Callable[..., T], *args: Any, deadline: float | None = None, urgent: bool = False,
               **kwargs: Any) -> Future[T]:
        """Queue `run(*args, **kwargs)`; `deadline` (time.monotonic()): fail with `Busy` if not begun by then."""
        future: Future[T] = Future()
        call = (lambda: run(*args, **kwargs)) if args or kwargs else run
        self._thread.put(_Call(call, future, deadline, time.monotonic()), urgent)
        return future

    def call(self, run: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run on the writer and wait for the result (inline when already on it)."""
        if self.on_thread():
            return run(*args, **kwargs)
        return self.submit(run, *args, **kwargs).result()

    def watch(self, idle: Callable[[sqlite3.Connection], None]) -> None:
        """Have the writer call `idle(connection)` between writes, every `POLL_SECONDS`."""
        with self._thread.ready:
            self._thread.idle = idle
            self._thread.ready.notify()  # a writer asleep without a timeout starts looking now

    @property
    def pending(self) -> int:
        """Calls waiting, not counting the one running."""
        return len(self._thread.calls) + len(self._thread.urgent)

    def close(self) -> None:
        """Write what is queued, then end the thread and close the connection."""
        self._thread.stop()
        if not self.on_thread():
            self._worker.join(timeout=BUSY_TIMEOUT_MS / 1000 + 5)

    @property
    def closed(self) -> bool:
        return self._thread.stopping

    def stopper(self) -> Callable[[], None]:
        """A function that ends the thread without waiting (for a store that is collected unclosed)."""
        return self._thread.stop


def is_busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock the statement needed."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _busy(call: _Call) -> Busy:
    return Busy(BUSY_MESSAGE, seconds=max(1, round(time.monotonic() - call.since)))
