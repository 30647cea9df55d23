"""The one way a use case writes: on the session's writer, one transaction, its events published after the commit.

Every part of `SessionService` builds on `ServiceBase`: `_action()` for a use case that ends in one
event (a facilitator's action records its rows for undo), `_transaction()` where one commit carries
several events (the phones' batched dots) or the event is decided inside (a retried request logs none).
A use case that writes is marked `@writes`: called from any other thread it runs on the writer
(`writer.py`) and the caller waits for it; the terminal app and the phones' server hand it to the writer
themselves (`service.writer.submit`) so as not to wait.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from workshop.core.events import Event, EventBus, EventKind
from workshop.core.models import FACILITATOR
from workshop.core.store import Store, Tx
from workshop.core.watcher import Watcher
from workshop.core.writer import Writer

F = TypeVar("F", bound=Callable[..., Any])


def writes(method: F) -> F:
    """Mark a use case that writes: it runs on the session's writer thread, whoever calls it."""
    @functools.wraps(method)
    def on_writer(self: ServiceBase, *args: Any, **kwargs: Any) -> Any:
        writer = self.store.writer
        if writer.on_thread():
            return method(self, *args, **kwargs)
        return writer.call(method, self, *args, **kwargs)

    on_writer.writes = True  # type: ignore[attr-defined]  # the terminal app submits these (tui/app.py)
    return on_writer  # type: ignore[return-value]


@dataclass
class Action:
    """What a use case fills in while its transaction runs: the event's kind and data, or no event."""

    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)
    publish: bool = True


class Transaction:
    """One write transaction and the events it appends to the session's log, published after its commit.

    A plain class rather than a generator: the phones' hot paths enter one per request or batch.
    """

    __slots__ = ("tx", "events", "_service", "_record", "_write", "_at")

    def __init__(self, service: ServiceBase, record: bool) -> None:
        self._service = service
        self._record = record
        self.events: list[Event] = []
        self._at: str | None = None

    def __enter__(self) -> Transaction:
        store = self._service.store
        if not store.writer.on_thread():
            raise RuntimeError("a use case that writes runs on the session's writer: mark it @writes")
        self._write = store.write(record=self._record)
        self.tx = self._write.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> bool:
        self._write.__exit__(kind, error, trace)  # commits, or rolls back; a failed commit raises here
        if kind is None and self.events:
            self._service.watcher.committed(self.events)
            self._service.bus.publish_many(self.events)
        return False

    def append(self, kind: EventKind, data: dict[str, Any], *, actor: str, undoable: bool = False) -> None:
        """Log one event in this transaction (its events share one time: they happen at the commit)."""
        at = self._at
        if at is None:
            at = self._at = self._service._now()
        # A plain str: sqlite3 binds it directly, a StrEnum only after an adapter lookup (the hot path feels it).
        seq = self.tx.append_event(at, actor, str(kind), data, undoable)
        self.events.append(Event(seq, at, actor, kind, data, undoable))


class ServiceBase:
    """The session file, the event bus and the clock that every part of the service shares."""

    def __init__(self, store: Store, bus: EventBus | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.bus = bus or EventBus()
        self.clock = clock
        # Other processes' writes reach the bus too: the writer looks between its own writes.
        self.watcher = Watcher(self.bus)
        store.writer.call(self.watcher.check, store.conn)  # what the file holds now is known, not news
        store.writer.watch(self.watcher.check)

    @property
    def writer(self) -> Writer:
        """The session's writer: `submit(use_case, …)` hands a write over without waiting for it."""
        return self.store.writer

    def _now(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="milliseconds")

    def _transaction(self, *, record: bool = False) -> Transaction:
        """One `BEGIN IMMEDIATE` transaction; the events logged in it reach listeners after the commit."""
        return Transaction(self, record)

    @contextlib.contextmanager
    def _action(self, kind: EventKind, *, actor: str = FACILITATOR,
                undoable: bool = True) -> Iterator[tuple[Tx, Action]]:
        """A transaction that ends with one event in the log (none if the use case clears `publish`)."""
        action = Action(kind)
        with self._transaction(record=undoable) as log:
            yield log.tx, action
            if action.publish:
                log.append(action.kind, action.data, actor=actor, undoable=undoable)
