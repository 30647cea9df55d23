"""Other processes' writes to a session file, published on the session's bus like its own events.

One watcher per open session, run by its writer between writes (`Writer.watch`): `PRAGMA data_version`
on the write connection changes only when another connection committed — another `werkstatt` command,
a second app on the same file — never for this process's own writes. Then the events logged since are
read and published, marked `foreign`; this process's own events (committed on this thread, published
already) are skipped. The terminal app, the phones' live streams and the projector page subscribe to the
bus and need no polling of their own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from workshop.core.events import Event, EventBus, EventKind

PAGE = 500  # events read per statement when another process wrote many


class Watcher:
    """Looks for other connections' commits; only ever called on the writer's thread."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus
        self._version: int | None = None
        self._seen = 0  # the newest event seq this process knows of, its own or published
        self._own: set[int] = set()  # own events committed since the last look
        self.looks = 0
        self.changes = 0

    def committed(self, events: Iterable[Event]) -> None:
        """After a commit of this process: these events are published by the writer itself."""
        self._own.update(event.seq for event in events)

    def check(self, conn: sqlite3.Connection) -> None:
        """Publish the events other connections committed since the last look."""
        self.looks += 1
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if self._version is None:  # the first look: what is in the file now is known
            self._version = version
            self._seen = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
            self._own.clear()
            return
        if version == self._version:
            if self._own:
                self._seen = max(self._seen, max(self._own))
                self._own.clear()
            return
        self._version = version
        self.changes += 1
        foreign: list[Event] = []
        while True:
            rows = conn.execute("SELECT seq, at, actor, kind, data, undoable FROM events WHERE seq > ? "
                                "ORDER BY seq LIMIT ?", (self._seen, PAGE)).fetchall()
            for seq, at, actor, kind, data, undoable in rows:
                self._seen = seq
                if seq in self._own or kind not in EventKind._value2member_map_:  # a newer version's kind
                    continue
                foreign.append(Event(seq, at, actor, EventKind(kind), json.loads(data or "{}"), undoable == 1,
                                     foreign=True))
            if len(rows) < PAGE:
                break
        self._own.clear()
        if foreign:
            self.bus.publish_many(foreign)
