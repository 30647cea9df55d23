"""The one way a use case writes: on the session's writer, one transaction, its events published after the commit.

`Transactions` is a session's write path — its writer (`writer.py`), its readers, the clock, the event
bus and the watcher of other processes' commits — and every part of the session (`Part`) is given it.
A part's use case ends in one event with `_action()` (a facilitator's action records its rows for
undo), or opens `_transaction()` where one commit carries several events (the phones' batched dots)
or the event is decided inside (a retried request logs none). A use case that writes is marked
`@writes`: called from any other thread it runs on the writer and the caller waits for it; the
terminal app and the phones' server hand it to the writer themselves (`writer.submit`) so as not to
wait.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from workshop.core.events import Event, EventBus, EventKind, Payload
from workshop.core.models import FACILITATOR
from workshop.core.store import Store, Tx
from workshop.core.watcher import Watcher
from workshop.core.writer import Writer

F = TypeVar("F", bound=Callable[..., Any])


def writes(method: F) -> F:
    """Mark a use case that writes: it runs on the session's writer thread, whoever calls it."""
    @functools.wraps(method)
    def on_writer(self: Part, *args: Any, **kwargs: Any) -> Any:
        writer = self.writer
        if writer.on_thread():
            return method(self, *args, **kwargs)
        return writer.call(method, self, *args, **kwargs)

    on_writer.writes = True  # type: ignore[attr-defined]  # the terminal app submits these (tui/app.py)
    return on_writer  # type: ignore[return-value]


@dataclass
class Action:
    """What a use case fills in while its transaction runs: its event's payload, or no event (`publish`)."""

    kind: EventKind
    payload: Payload | None = None
    publish: bool = True


class Transaction:
    """One write transaction and the events it appends to the session's log, published after its commit.

    A plain class rather than a generator: the phones' hot paths enter one per request or batch.
    """

    __slots__ = ("tx", "events", "_path", "_record", "_write", "_at")

    def __init__(self, path: Transactions, record: bool) -> None:
        self._path = path
        self._record = record
        self.events: list[Event] = []
        self._at: str | None = None

    def __enter__(self) -> Transaction:
        store = self._path.store
        if not store.writer.on_thread():
            raise RuntimeError("a use case that writes runs on the session's writer: mark it @writes")
        self._write = store.write(record=self._record)
        self.tx = self._write.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> bool:
        self._write.__exit__(kind, error, trace)  # commits, or rolls back; a failed commit raises here
        if kind is None and self.events:
            self._path.watcher.committed(self.events)
            self._path.bus.publish_many(self.events)
        return False

    def append(self, kind: EventKind, data: dict[str, Any], *, actor: str, undoable: bool = False) -> None:
        """Log one event in this transaction (its events share one time: they happen at the commit).

        `data` is what the kind's payload class gives (`Payload.data()`); the phones' hot paths write that
        dict themselves, since building the frozen payload costs a dot about 3 µs (tests/core/test_events.py
        reads each back as its payload).
        """
        at = self._at
        if at is None:
            at = self._at = self._path.now()
        # A plain str: sqlite3 binds it directly, a StrEnum only after an adapter lookup (the hot path feels it).
        seq = self.tx.append_event(at, actor, str(kind), data, undoable)
        self.events.append(Event(seq, at, actor, kind, data, undoable))


class Transactions:
    """A session's write path: its file's writer and readers, the clock, the bus and the watcher."""

    def __init__(self, store: Store, bus: EventBus, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.writer: Writer = store.writer
        self.read = store.read  # a consistent snapshot on the calling thread's own connection
        self.bus = bus
        self.clock = clock
        # Other processes' writes reach the bus too: the writer looks between its own writes.
        self.watcher = Watcher(bus)
        store.writer.call(self.watcher.check, store.conn)  # what the file holds now is known, not news
        store.writer.watch(self.watcher.check)

    def now(self) -> str:
        """The clock's time as the event log and the rows store it (UTC, milliseconds)."""
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="milliseconds")

    def transaction(self, *, record: bool = False) -> Transaction:
        """One `BEGIN IMMEDIATE` transaction; the events logged in it reach listeners after the commit."""
        return Transaction(self, record)

    @contextlib.contextmanager
    def action(self, kind: EventKind, *, actor: str = FACILITATOR,
               undoable: bool = True) -> Iterator[tuple[Tx, Action]]:
        """A transaction that ends with one event in the log (none if the use case clears `publish`)."""
        action = Action(kind)
        with Transaction(self, undoable) as log:
            yield log.tx, action
            if action.publish:
                if action.payload is None or action.payload.KIND != action.kind:
                    raise TypeError(f"{action.kind} logged without its payload: {action.payload!r}")
                log.append(action.kind, action.payload.data(), actor=actor, undoable=undoable)

    def checkpoint(self) -> bool:
        """Copy the log into the file and empty it, so deleted data survives in neither (`Store.checkpoint`)."""
        return self.store.checkpoint()


class Part:
    """One part of a session (its ideas, its votes, …): a few use cases over the session's write path.

    What a part needs it is given: the write path here, other parts by its own constructor. It keeps
    the bound helpers, so a use case reads `self._action(…)` and the phones' hot path pays no extra hop.
    """

    def __init__(self, transactions: Transactions) -> None:
        self.writer = transactions.writer  # `@writes` runs the use case on it; the app submits to it
        self.clock = transactions.clock
        self._read = transactions.read
        self._now = transactions.now
        self._transaction = transactions.transaction
        self._action = transactions.action
