"""The SQLite file of one session: connections, schema and migrations, and write transactions.

sqlite-utils creates and migrates the schema and serves cold reads. Writes go through `Store.write()` on
the session's writer (`writer.py`): one `BEGIN IMMEDIATE` transaction of plain SQL, because sqlite-utils'
table API wraps every call in a SAVEPOINT and re-checks the schema (5–8× slower for a dot's transaction,
see docs/benchmarks.md), and its `with conn:` blocks would commit an outer
transaction early. Reads go through `Store.read()` on the calling thread's own connection (`readers.py`),
so no read waits on the writer, nor on another program's write lock.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from workshop.core.errors import DomainError
from workshop.core.jsontext import compact
from workshop.core.readers import Readers
from workshop.core.storage import READ_ONLY, SQLITE_READONLY, ReadOnlySession, read_only_connection
from workshop.core.writer import BUSY_TIMEOUT_MS, Writer
from workshop.i18n import _

SCHEMA_VERSION = 8

# Primary keys by table: the undo log records rows by them.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "session": ("id",),
    "ideas": ("id",),
    "themes": ("id",),
    "rounds": ("id",),
    "round_items": ("round_id", "item_id"),
    "dots": ("round_id", "device_id", "item_id"),
    "paper_dots": ("round_id", "item_id"),
    "measures": ("id",),
    "devices": ("id",),
    "slips": ("number",),
    "turnout": ("scope",),
    "signups": ("device_id", "measure_id"),
    "signup_totals": ("measure_id",),
    "groups": ("id",), "group_fields": ("group_id", "field"), "group_history": ("id",),
    "group_members": ("device_id",),
    "review": ("id",),
    "review_items": ("id",),
    "review_remarks": ("idea_id",),
}


def _migration_1(db: sqlite_utils.Database) -> None:
    db["session"].create({
        "id": str, "slug": str, "title": str, "date": str, "venue": str, "language": str,
        "join_token": str, "dots_per_participant": int, "cap_per_item": int, "phase": str, "step": str,
        "questions": str, "timer_seconds": int, "timer_started_at": float, "timer_remaining": float,
        "created_at": str,
    }, pk="id", not_null={"slug", "title", "join_token", "phase", "step"})
    db["devices"].create({
        "id": str, "joined_at": str, "language": str, "name": str, "organisation": str, "email": str,
        "consent_text": str, "consent_at": str,
    }, pk="id")
    db["themes"].create({
        "id": str, "phase": str, "name": str, "position": int, "source_theme_id": str, "created_at": str,
    }, pk="id", not_null={"phase", "name"})
    db["ideas"].create({
        "id": str, "phase": str, "text": str, "author": str, "client_id": str, "theme_id": str,
        "status": str, "merged_into": str, "position": int, "created_at": str,
    }, pk="id", not_null={"phase", "text", "author", "status"},
        foreign_keys=[("theme_id", "themes", "id")])
    db["ideas"].create_index(["author", "client_id"], unique=True)
    db["ideas"].create_index(["phase", "position"])
    db["rounds"].create({
        "id": str, "number": int, "phase": str, "kind": str, "budget": int, "cap": int, "status": str,
        "revealed": int, "opened_at": str, "closed_at": str,
    }, pk="id", not_null={"phase", "kind", "budget", "cap", "status"})
    db["round_items"].create({
        "round_id": str, "item_id": str, "kind": str, "label": str, "position": int,
    }, pk=("round_id", "item_id"), foreign_keys=[("round_id", "rounds", "id")])
    db["dots"].create({
        "round_id": str, "device_id": str, "item_id": str, "count": int,
    }, pk=("round_id", "device_id", "item_id"), foreign_keys=[("round_id", "rounds", "id")])
    db["dots"].create_index(["round_id", "device_id"])
    db["paper_dots"].create({
        "round_id": str, "item_id": str, "count": int,
    }, pk=("round_id", "item_id"), foreign_keys=[("round_id", "rounds", "id")])
    db["measures"].create({
        "id": str, "title": str, "goal": str, "description": str, "field_of_action": str,
        "timeframe": str, "target_year": int, "cost_eur": int, "funding": str, "responsible": str,
        "owner_name": str, "owner_consent": int, "partners": str, "depends_on": str,
        "source_theme_ids": str, "source_idea_ids": str, "support_dots": int, "status": str,
        "position": int, "created_at": str,
    }, pk="id", not_null={"title"})
    db["events"].create({
        "seq": int, "at": str, "actor": str, "kind": str, "data": str, "undoable": int,
    }, pk="seq")
    db["events"].create_index(["undoable", "seq"])


def _migration_2(db: sqlite_utils.Database) -> None:
    # The primary key (round_id, device_id, item_id) already serves lookups by (round_id, device_id); the
    # extra index only cost a page write per dot.
    db.execute("DROP INDEX IF EXISTS idx_dots_round_id_device_id")


def _migration_3(db: sqlite_utils.Database) -> None:
    # Themes (or duplicate ideas) merged after a vote: the round's item remembers its target, so the round's
    # result carries both items' dots under the target (`rows.load_results`), and undo puts it back.
    db["round_items"].add_column("merged_into", str)
    # Where a measure's support came from when it was promoted: the theme or idea, its round (JSON).
    db["measures"].add_column("support_source", str)


def _migration_4(db: sqlite_utils.Database) -> None:
    # The phones' secret, kept in the file so that a restarted server still accepts the device ids it
    # signed and the forgery tokens of the pages it served. A table of its own: the session row is
    # recorded in the event log by undo, the secret must not be.
    db["secrets"].create({"name": str, "value": str}, pk="name", not_null={"value"})
    db.execute("INSERT INTO secrets (name, value) VALUES ('phones', ?)", (secrets.token_hex(32),))
    # Voting slips: a session may require one per device to vote; a slip is claimed by its first dot.
    db.execute("ALTER TABLE session ADD COLUMN slips INTEGER NOT NULL DEFAULT 0")
    db["slips"].create({
        "number": int, "code": str, "device_id": str, "claimed_at": str, "released_from": str, "created_at": str,
    }, pk="number", not_null={"code", "created_at"})
    db["slips"].create_index(["code"], unique=True)
    db["slips"].create_index(["device_id"])
    # The phone's own order of its dot changes: a late replay of an older change is ignored.
    db.execute("ALTER TABLE dots ADD COLUMN seq INTEGER")


def _migration_5(db: sqlite_utils.Database) -> None:
    # Privacy: how long per-device data is kept, whom to ask for a withdrawal after the event, when it was
    # deleted, and when the actors' network was last exported.
    for column in ("retention_days", "contact", "purged_at", "network_exported_at"):
        if column not in db["session"].columns_dict:
            db["session"].add_column(column, int if column == "retention_days" else str)
    db.execute("UPDATE session SET retention_days = 30 WHERE retention_days IS NULL")
    # Whether the consent given also allows the name to stand in the protocol's appendix.
    if "consent_listed" not in db["devices"].columns_dict:
        db["devices"].add_column("consent_listed", int)
    # Turnout frozen by a purge: `scope` is "session" or a round's id.
    db["turnout"].create({
        "scope": str, "participants": int, "idea_phones": int, "voters": int, "dots": int, "slips": int,
    }, pk="scope", if_not_exists=True)


def _migration_6(db: sqlite_utils.Database) -> None:
    # Sign-ups to carry out a measure (`signups.py`): the device's consent record gains a phone number, the
    # consent's German text beside the one shown, and the text's version; one row per device and measure, with
    # the measure's title and field as they were (a deleted measure's sign-ups stay in the network's export).
    for column in ("phone", "consent_text_de", "consent_version"):
        if column not in db["devices"].columns_dict:
            db["devices"].add_column(column, str)
    db["signups"].create({
        "device_id": str, "measure_id": str, "role": str, "title": str, "field_of_action": str, "created_at": str,
    }, pk=("device_id", "measure_id"), not_null={"role"}, if_not_exists=True)
    db["signups"].create_index(["measure_id"], if_not_exists=True)
    # How many people and organisations signed up per measure, frozen by a purge (the rows are deleted).
    db["signup_totals"].create({"measure_id": str, "people": int, "organisations": int},
                               pk="measure_id", if_not_exists=True)
    # How long the town keeps exported lists of the network, in months (named in the sign-up's consent).
    if "network_keep_months" not in db["session"].columns_dict:
        db["session"].add_column("network_keep_months", int)


def _migration_7(db: sqlite_utils.Database) -> None:
    # Small groups (`groups.py`): each group's shared draft, field by field with its revision, the texts a
    # field lost or that came too late (its history, no device in it), and which phone is in which group.
    db["groups"].create({
        "id": str, "code": str, "name": str, "phase": str, "theme_id": str, "position": int, "locked": int,
        "measure_id": str, "created_at": str,
    }, pk="id", not_null={"code", "name", "phase"}, if_not_exists=True)
    db["groups"].create_index(["code"], unique=True, if_not_exists=True)
    # Each row names its group: undoing the forming of a group that phones joined or wrote in fails on the
    # foreign key (undo then says participants built on it), so nothing they sent is dropped.
    group = [("group_id", "groups", "id")]
    db["group_fields"].create({
        "group_id": str, "field": str, "text": str, "rev": int, "hidden": int, "updated_at": str,
    }, pk=("group_id", "field"), not_null={"text", "rev"}, foreign_keys=group, if_not_exists=True)
    db["group_history"].create({
        "id": str, "group_id": str, "field": str, "text": str, "rev": int, "kind": str, "open": int, "at": str,
    }, pk="id", not_null={"group_id", "field", "text", "kind"}, foreign_keys=group, if_not_exists=True)
    db["group_history"].create_index(["group_id", "field"], if_not_exists=True)
    db["group_members"].create({"device_id": str, "group_id": str, "joined_at": str}, pk="device_id",
                               foreign_keys=group, if_not_exists=True)
    db["group_members"].create_index(["group_id"], if_not_exists=True)
    # What the projector page shows of the groups (one row at most): a group's draft, every code, or nothing.
    db["group_stage"].create({"id": int, "shown": str}, pk="id", if_not_exists=True)


def _migration_8(db: sqlite_utils.Database) -> None:
    # A review session (`werkstatt new --review` with a plan file, core/review.py): the plan it reviews, the plan's
    # measures as its items (title, field, status, target year only), and which measure a remark is about
    # (a remark is an idea of the phase „review“, moderated like any idea).
    db["review"].create({"id": str, "plan": str, "read_at": str}, pk="id", if_not_exists=True)
    db["review_items"].create({
        "id": str, "source": str, "measure_id": str, "title": str, "field": str, "status": str,
        "target_year": int, "position": int, "hidden": int, "new_status": str,
    }, pk="id", not_null={"source", "title"}, if_not_exists=True)
    db["review_remarks"].create({"idea_id": str, "item_id": str, "taken_idea_id": str}, pk="idea_id",
                                if_not_exists=True)


# Each entry takes the schema from version N-1 to N; append, never edit a released one.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_2, _migration_3,
                                                             _migration_4, _migration_5, _migration_6,
                                                             _migration_7, _migration_8]


class SchemaTooNew(DomainError):
    """The file was written by a newer Werkstatt (or, opened for reading only, by an older one)."""


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, foreign keys on."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")  # in WAL: safe against a killed process
    # Deleted content is overwritten with zeros, so a withdrawn e-mail or a purged device id is in no page.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file's schema to SCHEMA_VERSION; returns the version found before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(_("Die Sitzungsdatei stammt von einer neueren Version von Werkstatt (Schema {found}, "
                             "diese kennt {known}). Bitte Werkstatt aktualisieren."), found=found, known=SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        for number in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[number - 1](db)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


Row = dict[str, Any]


class Tx:
    """One write transaction; facilitator actions record each row's before and after for undo."""

    def __init__(self, conn: sqlite3.Connection, record: bool) -> None:
        self.conn = conn
        self.record = record
        self.changes: list[dict[str, Any]] = []

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, params: tuple | dict = ()) -> Row | None:
        cursor = self.conn.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([column[0] for column in cursor.description], row, strict=True))

    def all(self, sql: str, params: tuple | dict = ()) -> list[Row]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def get(self, table: str, key: Row) -> Row | None:
        where = " AND ".join(f"{name} = ?" for name in PRIMARY_KEYS[table])
        return self.one(f"SELECT * FROM {table} WHERE {where}", tuple(key[name] for name in PRIMARY_KEYS[table]))

    def insert(self, table: str, row: Row) -> None:
        names = list(row)
        self.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                          tuple(row[name] for name in names))
        if self.record:
            self.changes.append({"table": table, "before": None, "after": self.get(table, row)})

    def update(self, table: str, key: Row, **values: Any) -> None:
        before = self.get(table, key) if self.record else None
        where = " AND ".join(f"{name} = ?" for name in PRIMARY_KEYS[table])
        sets = ", ".join(f"{name} = ?" for name in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE {where}",
                          (*values.values(), *(key[name] for name in PRIMARY_KEYS[table])))
        if self.record and before is not None:
            after = self.get(table, key)
            if after != before:
                self.changes.append({"table": table, "before": before, "after": after})

    def upsert(self, table: str, row: Row) -> None:
        """Insert the row, or update it where its primary key exists."""
        key = {name: row[name] for name in PRIMARY_KEYS[table]}
        if self.get(table, key) is None:
            self.insert(table, row)
        else:
            self.update(table, key, **{name: value for name, value in row.items() if name not in key})

    def delete(self, table: str, key: Row) -> None:
        before = self.get(table, key) if self.record else None
        where = " AND ".join(f"{name} = ?" for name in PRIMARY_KEYS[table])
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", tuple(key[name] for name in PRIMARY_KEYS[table]))
        if self.record and before is not None:
            self.changes.append({"table": table, "before": before, "after": None})

    def append_event(self, at: str, actor: str, kind: str, data: dict[str, Any], undoable: bool) -> int:
        payload = {**data, "changes": self.changes} if undoable else data
        cursor = self.conn.execute(
            "INSERT INTO events (at, actor, kind, data, undoable) VALUES (?, ?, ?, ?, ?)",
            (at, actor, kind, compact(payload), int(undoable)))
        return cursor.lastrowid


# `Store.read`: a consistent snapshot for several reads, on the calling thread's own connection.
Reader = Callable[[], contextlib.AbstractContextManager[Tx]]


class Store:
    """The SQLite file of one session: its writer (one thread, one connection) and a reader per thread."""

    def __init__(self, path: Path | str, *, read_only: str | None = None, read_only_code: int = SQLITE_READONLY
                 ) -> None:
        """`read_only`: open the file for reading only (it cannot be written: full disk, read-only file or
        folder), that being the German reason and `read_only_code` SQLite's error that said so; every write
        then fails with `ReadOnlySession` before it begins."""
        self.path = Path(path)
        uri = None
        if read_only is None:
            # The write connection; after migrating, only the writer's thread uses it (tests may reach in).
            self.conn = connect(self.path)
        else:
            self.conn, uri = read_only_connection(self.path, isolation_level=None, check_same_thread=False)
        try:
            if read_only is None:
                migrate(self.conn)
            elif self.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise SchemaTooNew(_("Die Sitzungsdatei stammt von einer anderen Version von Werkstatt und lässt "
                                     "sich ohne Schreiben nicht umstellen."))
        except BaseException:
            self.conn.close()
            raise
        # Why nothing can be written (German), or None: a file the system will not let us write counts too.
        self.read_only = read_only or (None if os.access(self.path, os.W_OK) else READ_ONLY)
        self._read_only_code = read_only_code
        self.db = sqlite_utils.Database(self.conn)
        self.readers = Readers(self.path, uri)
        self.writer = Writer(self.conn, self.path.stem)
        # A store that is dropped without close() (a test, a command that failed) still ends its thread.
        self._finalizer = weakref.finalize(self, self.writer.stopper())

    @property
    def closed(self) -> bool:
        return self.writer.closed

    def close(self) -> None:
        """Write what is queued, then close the writer's connection and every reader's."""
        self.writer.close()
        self.readers.close()

    @contextlib.contextmanager
    def write(self, record: bool = False) -> Iterator[Tx]:
        """One `BEGIN IMMEDIATE` transaction: committed on success, rolled back on any error.

        On the writer's thread, where every use case runs. Elsewhere (a bulk load in a test) the caller
        borrows the write connection: the writer waits until the block is done.
        """
        if not self.writer.on_thread():
            with self._borrowed(), self._transaction(record) as tx:
                yield tx
            return
        with self._transaction(record) as tx:
            yield tx

    @contextlib.contextmanager
    def _transaction(self, record: bool) -> Iterator[Tx]:
        if self.read_only is not None:
            raise ReadOnlySession(self.read_only, self._read_only_code)
        self.conn.execute("BEGIN IMMEDIATE")
        tx = Tx(self.conn, record)
        try:
            yield tx
        except BaseException:
            # A full disk (SQLITE_FULL) or an I/O error has rolled the transaction back already: a second
            # ROLLBACK would fail and hide the error that says what happened.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:  # the log could not be written (a full disk): the next write starts afresh
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _borrowed(self) -> Iterator[None]:
        lent, returned = threading.Event(), threading.Event()

        def lend() -> None:
            lent.set()
            returned.wait()

        held = self.writer.submit(lend)
        while not lent.wait(0.05):
            if held.done():
                held.result()  # the writer is closed or failed: say so
        try:
            yield
        finally:
            returned.set()
            held.result()

    @contextlib.contextmanager
    def read(self) -> Iterator[Tx]:
        """A consistent snapshot for several reads (a deferred transaction) on this thread's connection."""
        conn = self.readers.connection()
        conn.execute("BEGIN")
        try:
            yield Tx(conn, record=False)
        finally:
            conn.execute("COMMIT")

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file and truncate it to zero bytes, so that content deleted by the
        last transactions survives in neither file; False if a reader kept it from finishing."""
        def run() -> bool:
            busy, _log, _done = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0

        return self.writer.call(run)

    def dump(self) -> dict[str, list[Row]]:
        """Every row of every table but the event log, in a stable order (for tests and audits)."""
        with self.read() as tx:
            return {table: tx.all(f"SELECT * FROM {table} ORDER BY {', '.join(key)}")
                    for table, key in PRIMARY_KEYS.items()}
