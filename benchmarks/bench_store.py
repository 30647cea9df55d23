"""This machine's floor for the session file: one small row per transaction, plain SQL against sqlite-utils.

Prints rows per second (and microseconds per row) for a WAL file written one row per transaction, as a
phone's idea or dot is: plain `BEGIN IMMEDIATE; INSERT; COMMIT` on the connection, and sqlite-utils'
`table.insert()`, which re-reads the table's schema and wraps each call in a SAVEPOINT — with
`synchronous=NORMAL` (what `workshop/core/store.py` sets) and `FULL`. Then the same insert inside one open
transaction without its commit: what each statement itself costs. Last, a dot's whole transaction (check
the open round, sum the device's dots, set its count, append the event) both ways. These are why the phones' hot paths
run plain SQL and sqlite-utils serves the schema, migrations and cold reads. Asserts nothing about speed.

    python benchmarks/bench_store.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

SCHEMA = "CREATE TABLE dots (id INTEGER PRIMARY KEY, round_id TEXT, device_id TEXT, item_id TEXT, count INTEGER)"
# A dot as the phones' hot path writes it: the open round checked, the device's dots summed, its count on the
# item set, an event appended — one transaction.
DOT_SCHEMA = (
    "CREATE TABLE rounds (id TEXT PRIMARY KEY, status TEXT, budget INTEGER, cap INTEGER)",
    "CREATE TABLE votes (round_id TEXT, device_id TEXT, item_id TEXT, count INTEGER, "
    "PRIMARY KEY (round_id, device_id, item_id))",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, kind TEXT, data TEXT)",
    "INSERT INTO rounds VALUES ('r1', 'open', 5, 3)",
)
SUM = "SELECT COALESCE(SUM(count), 0) FROM votes WHERE round_id = ? AND device_id = ? AND item_id != ?"


def connect(path: Path, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute(SCHEMA)
    return conn


def row(number: int) -> dict[str, object]:
    return {"round_id": "r1", "device_id": f"d{number % 300}", "item_id": f"t{number % 40}", "count": number % 4}


def rate(write: Callable[[int], None], seconds: float) -> float:
    """Rows per second of `write(n)` for about `seconds`."""
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(50):
            write(count)
            count += 1
    return count / elapsed


def per_transaction(folder: Path, synchronous: str, seconds: float) -> tuple[float, float]:
    """(plain SQL, sqlite-utils) rows per second, one row per committed transaction."""
    plain = connect(folder / f"plain-{synchronous}.db", synchronous)
    insert = "INSERT INTO dots (round_id, device_id, item_id, count) VALUES (:round_id, :device_id, :item_id, :count)"

    def plain_write(number: int) -> None:
        plain.execute("BEGIN IMMEDIATE")
        plain.execute(insert, row(number))
        plain.execute("COMMIT")

    utils_db = sqlite_utils.Database(connect(folder / f"utils-{synchronous}.db", synchronous))
    table = utils_db["dots"]

    def utils_write(number: int) -> None:
        with utils_db.conn:
            table.insert(row(number))

    return rate(plain_write, seconds), rate(utils_write, seconds)


def per_statement(folder: Path, seconds: float) -> tuple[float, float]:
    """(plain SQL, sqlite-utils) microseconds per insert inside one open transaction, commit not counted."""
    results = []
    for name in ("plain", "utils"):
        conn = connect(folder / f"statement-{name}.db", "NORMAL")
        db = sqlite_utils.Database(conn)
        table = db["dots"]
        insert = "INSERT INTO dots (round_id, device_id, item_id, count) VALUES (:round_id, :device_id, :item_id, :count)"
        write = (lambda number: conn.execute(insert, row(number))) if name == "plain" else \
            (lambda number: table.insert(row(number)))
        conn.execute("BEGIN")
        results.append(1e6 / rate(write, seconds))
        conn.execute("ROLLBACK")
    return results[0], results[1]


def dot_transactions(folder: Path, seconds: float) -> tuple[float, float]:
    """(plain SQL, sqlite-utils' table API) microseconds per dot-like transaction, commit included."""
    results = []
    for name in ("plain", "utils"):
        conn = connect(folder / f"dots-{name}.db", "NORMAL")
        for statement in DOT_SCHEMA:
            conn.execute(statement)
        db = sqlite_utils.Database(conn)
        rounds, votes, events = db["rounds"], db["votes"], db["events"]

        def plain(number: int) -> None:
            device, item = f"d{number % 3000}", f"t{number % 40}"
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("SELECT status, budget, cap FROM rounds WHERE id = 'r1'").fetchone()
            conn.execute(SUM, ("r1", device, item)).fetchone()
            conn.execute("INSERT INTO votes VALUES ('r1', ?, ?, 1) ON CONFLICT DO UPDATE SET count = excluded.count",
                         (device, item))
            conn.execute("INSERT INTO events (kind, data) VALUES ('DotsSet', ?)", (f'{{"item": "{item}"}}',))
            conn.execute("COMMIT")

        def utils(number: int) -> None:
            device, item = f"d{number % 3000}", f"t{number % 40}"
            conn.execute("BEGIN IMMEDIATE")
            rounds.get("r1")
            db.execute(SUM, ("r1", device, item)).fetchone()
            votes.upsert({"round_id": "r1", "device_id": device, "item_id": item, "count": 1},
                         pk=("round_id", "device_id", "item_id"))
            events.insert({"kind": "DotsSet", "data": f'{{"item": "{item}"}}'})
            conn.execute("COMMIT")

        results.append(1e6 / rate(plain if name == "plain" else utils, seconds))
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="how long each measurement runs")
    seconds = parser.parse_args().seconds
    with tempfile.TemporaryDirectory() as folder:
        for synchronous in ("NORMAL", "FULL"):
            plain, utils = per_transaction(Path(folder), synchronous, seconds)
            print(f"one row per transaction, WAL, synchronous={synchronous}: plain SQL {plain:,.0f} rows/s "
                  f"({1e6 / plain:.0f} µs), sqlite-utils table.insert {utils:,.0f} rows/s ({1e6 / utils:.0f} µs): "
                  f"{plain / utils:.1f}× slower")
        plain_us, utils_us = per_statement(Path(folder), seconds)
        print(f"one insert inside an open transaction: plain SQL {plain_us:.1f} µs, sqlite-utils table.insert "
              f"{utils_us:.1f} µs: {utils_us / plain_us:.1f}× slower")
        plain_us, utils_us = dot_transactions(Path(folder), seconds)
        print(f"a dot's transaction (check the round, sum, set the count, append the event, commit): plain SQL "
              f"{plain_us:.0f} µs, sqlite-utils' table API {utils_us:.0f} µs: {utils_us / plain_us:.1f}× slower")


if __name__ == "__main__":
    main()
