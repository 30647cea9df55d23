"""The session file itself: WAL, schema version and migrations, rollback, and a process killed mid-vote."""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3

import pytest

from workshop.core import store
from workshop.core.errors import NotFound
from workshop.core.home import Home
from workshop.core.services import SessionService


def test_file_is_wal_with_current_schema_version(service):
    conn = sqlite3.connect(service.store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_migrations_run_in_order_and_only_once(tmp_path, monkeypatch):
    path = tmp_path / "m.db"
    SessionService.create(path, "Migration", slug="m").close()
    calls = []

    following = store.SCHEMA_VERSION + 1

    def migration_next(db):
        calls.append(following)
        db["measures"].add_column("budget_line", str)

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, migration_next])
    monkeypatch.setattr(store, "SCHEMA_VERSION", following)
    service = SessionService.open(path)
    assert "budget_line" in service.store.db["measures"].columns_dict
    service.close()
    SessionService.open(path).close()
    assert calls == [following]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == following


def test_a_version_1_file_is_migrated_and_keeps_its_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(store, "SCHEMA_VERSION", 1)
    old = store.Store(path)  # a file as version 1 wrote it: its own columns only, an unsigned device id
    old.conn.execute(
        "INSERT INTO session (id, slug, title, date, venue, language, join_token, dots_per_participant, "
        "cap_per_item, phase, step, questions, timer_seconds, timer_remaining, created_at) VALUES "
        "('S', 'old', 'Alt', '2016-11-24', '', 'de', 'ABCDEFGHJKMNP', 5, 3, 'critique', 'collect', '{}', 600, "
        "600.0, '2016-11-24T10:00:00+00:00')")
    old.conn.execute("INSERT INTO devices (id, joined_at, language) VALUES ('old-device-id', 'x', 'de')")
    old.conn.execute("INSERT INTO ideas (id, phase, text, author, status, position, created_at) VALUES "
                     "('I', 'critique', 'Aus Version 1', 'old-device-id', 'visible', 1, 'x')")
    old.close()
    monkeypatch.undo()
    service = SessionService.open(path)
    indexes = {row[0] for row in service.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "idx_dots_round_id_device_id" not in indexes
    assert [idea.text for idea in service.read.ideas()] == ["Aus Version 1"]
    assert service.devices.is_device("old-device-id"), "a device stored before signing keeps its cookie"
    assert not service.read.session().slips and service.slips.list() == []
    assert len(service.devices.key("forgery")) == 32, "the file got its own secret"
    session = service.read.session()
    assert (session.retention_days, session.contact, session.purged_at) == (30, "", None)  # migration 5's defaults
    service.close()


def test_a_file_from_a_newer_werkstatt_is_refused(tmp_path):
    path = tmp_path / "new.db"
    SessionService.create(path, "Neu", slug="new").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(store.SchemaTooNew):
        SessionService.open(path)


def test_a_failed_action_rolls_back_every_row(service):
    idea = service.ideas.add("Mieten")
    before = service.store.dump()
    with pytest.raises(NotFound):
        service.ideas.move([idea.id, "missing"], None)  # the first row was already written in the transaction
    assert service.store.dump() == before


def test_not_a_session_file(tmp_path):
    with pytest.raises(NotFound):
        SessionService.open(tmp_path / "missing.db")
    with pytest.raises(NotFound):
        Home(tmp_path).resolve("no-such-session")


def _vote_forever(path: str, device: str, round_id: str, items: list[str], acknowledged) -> None:
    service = SessionService.open(path)
    n = 0
    while True:
        item = items[n % 2]
        count = (n // 2) % 3 + 1  # each item cycles 1, 2, 3, 1, …
        service.phones.set_dots(device, round_id, item, count)
        # A pipe's send returns once the bytes are written (a Queue buffers them in a thread a kill may lose),
        # so the test hears of every acknowledgement except at most the one being sent at the kill.
        acknowledged.send((item, count))
        n += 1


def test_a_process_killed_mid_vote_loses_no_acknowledged_dot(service):
    """Attack: the laptop's server process dies while phones vote (killed, no clean shutdown)."""
    for name in ("Wohnen", "Bildung"):
        service.themes.create(name, idea_ids=[service.ideas.add(name).id])
    round_ = service.voting.open_round(budget=6, cap=3)
    device = service.devices.join().id
    items = [item.item_id for item in round_.items]
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_vote_forever, args=(str(service.store.path), device, round_.id, items, sender))
    process.start()
    sender.close()
    last: dict[str, int] = {}
    for _ in range(300):  # let it vote a while, then kill it without warning
        assert receiver.poll(30), "the voting process stopped acknowledging"
        item, count = receiver.recv()
        last[item] = count
    process.kill()
    process.join(timeout=10)
    while receiver.poll(0.5):  # what was acknowledged before the kill
        try:
            item, count = receiver.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            break  # a message cut off by the kill
        last[item] = count
    conn = sqlite3.connect(service.store.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    reopened = SessionService.open(service.store.path)
    state = reopened.read.device_dots(round_.id, device)
    assert set(last) == set(items)
    for item, count in last.items():
        # Either the last acknowledged value, or the one write after it that committed but was never acknowledged.
        assert state.by_item.get(item, 0) in (count, count % 3 + 1)
    assert state.spent <= round_.budget
    reopened.close()
