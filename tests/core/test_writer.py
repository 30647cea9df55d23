"""One writer per session, readers on their own connections, one watcher for other processes' writes."""

from __future__ import annotations

import gc
import statistics
import threading
import time

import pytest

from tests.foreign_lock import ForeignLock
from workshop.core.errors import Busy
from workshop.core.events import EventKind
from workshop.core.services import SessionService
from workshop.core.store import Store


def test_reads_on_other_threads_never_wait_for_a_lock_held_elsewhere(service):
    """Attack: another program holds the session file's write lock for 3 s (a backup, a second app)."""
    service.ideas.add("Vorher")
    with ForeignLock(service.store.path, 3.0) as lock:
        blocked = service.writer.submit(service.ideas.add, "Während der Sperre")  # waits in the writer
        took: list[float] = []

        def read() -> None:
            while lock.held:
                started = time.perf_counter()
                assert [idea.text for idea in service.read.ideas()] == ["Vorher"]
                service.read.session()
                took.append(time.perf_counter() - started)
                time.sleep(0.02)

        reader = threading.Thread(target=read)
        reader.start()
        read()  # this thread too
        reader.join()
        idea = blocked.result(timeout=10)  # written once the lock is gone, within the writer's deadline
    assert [found.text for found in service.read.ideas()] == ["Vorher", idea.text]
    assert len(took) > 50, "the reads went on throughout the lock"
    assert statistics.median(took) < 0.05 and max(took) < lock.seconds / 3  # never the lock's 3 s


def test_a_write_whose_deadline_passes_under_a_foreign_lock_is_cancelled_and_never_written(service):
    with ForeignLock(service.store.path, 2.5) as lock:
        started = time.monotonic()
        future = service.writer.submit(service.ideas.add, "Zu spät", deadline=time.monotonic() + 1.0)
        queued = service.writer.submit(service.ideas.add, "Dahinter", deadline=time.monotonic() + 1.2)
        with pytest.raises(Busy) as refused:
            future.result(timeout=10)
        took = time.monotonic() - started
        with pytest.raises(Busy):
            queued.result(timeout=10)
        assert lock.held and 0.9 <= took, "cancelled at its deadline, while the lock was still held"
        assert "gesperrt" in str(refused.value)
    time.sleep(0.3)  # the writer is free again: nothing it gave up on is written later
    assert service.read.ideas() == []
    assert service.ideas.add("Danach").text == "Danach"


def test_facilitator_writes_go_before_queued_phone_batches_in_their_own_order(service):
    order: list[str] = []
    gate = threading.Event()
    service.writer.submit(gate.wait, 5)  # the writer is busy with something
    for name in ("phones 1", "phones 2"):
        service.writer.submit(order.append, name)
    for name in ("key 1", "key 2"):
        service.writer.submit(order.append, name, urgent=True)
    gate.set()
    service.writer.call(lambda: None)
    assert order == ["key 1", "key 2", "phones 1", "phones 2"]


def test_use_cases_that_write_run_on_the_writer_thread(service):
    seen: list[str] = []
    service.bus.subscribe(lambda event: seen.append(threading.current_thread().name))
    service.ideas.add("Vom Testfaden")
    assert seen and all(name.startswith("werkstatt-writer") for name in seen)
    with pytest.raises(RuntimeError, match="@writes"):
        with service.transactions.transaction():  # a use case that forgot its mark fails loudly, not silently slow
            pass


def test_the_watcher_publishes_other_processes_events_once_and_not_its_own(service):
    events = []
    service.bus.subscribe(events.append)
    own = service.ideas.add("Eigene Idee")
    other = SessionService.open(service.store.path)  # its own writer and connection: another process
    try:
        theirs = other.ideas.add("Von der Kommandozeile")
        other.themes.create("Neues Thema")
    finally:
        other.close()
    deadline = time.monotonic() + 5
    while len(events) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.6)  # two more looks of the watcher: nothing is published twice
    assert [(event.kind, event.foreign) for event in events] == [
        (EventKind.IDEA_ADDED, False), (EventKind.IDEA_ADDED, True), (EventKind.THEME_CREATED, True)]
    assert events[0].data["idea"] == own.id and events[1].data["idea"] == theirs.id


def test_a_store_dropped_without_closing_ends_its_writer(tmp_path):
    SessionService.create(tmp_path / "weg.db", "Vergessen", slug="weg").ideas.add("Eine")
    gc.collect()
    deadline = time.monotonic() + 5
    while any(thread.name == "werkstatt-writer weg" for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "the writer of a collected store still runs"
        time.sleep(0.05)
    reopened = SessionService.open(tmp_path / "weg.db")
    assert [idea.text for idea in reopened.read.ideas()] == ["Eine"]
    reopened.close()


def test_a_closed_store_takes_no_more_writes_or_reads(tmp_path):
    service = SessionService.create(tmp_path / "zu.db", "Geschlossen", slug="zu")
    service.close()
    assert service.store.closed
    with pytest.raises(Exception, match="closed"):
        service.ideas.add("Nach dem Schließen")
    with pytest.raises(Exception, match="closed"):
        service.read.session()


def test_a_bulk_write_from_another_thread_borrows_the_writer(tmp_path):
    store = Store(tmp_path / "roh.db")
    try:
        with store.write() as tx:
            tx.execute("CREATE TABLE probe (n INTEGER)")
            tx.execute("INSERT INTO probe VALUES (1)")
        with store.read() as tx:
            assert tx.all("SELECT n FROM probe") == [{"n": 1}]
    finally:
        store.close()
