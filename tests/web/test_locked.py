"""A lock held elsewhere freezes no phone: reads go on, a write waits in the writer, or is refused as `busy`.

Through the real participants' server on loopback. The attack: another program (a backup, a second app on
the same file) holds the session file's write lock while phones send ideas and read their state.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from tests.foreign_lock import ForeignLock
from workshop.core.writer import DEADLINE_SECONDS


async def _read_until_released(lock: ForeignLock, readers, facilitator) -> tuple[list[float], list[float]]:
    """Every reader phone's state, and the facilitator's session read, again and again while the lock holds."""
    phone_reads: list[float] = []
    session_reads: list[float] = []
    while lock.held:
        for phone in readers:
            started = time.perf_counter()
            state = await phone.state()  # fails the test unless answered with 200
            phone_reads.append(time.perf_counter() - started)
            assert state["phase"] == "critique"
        started = time.perf_counter()
        await asyncio.to_thread(facilitator.session)  # a read on another thread, as the app's board does
        session_reads.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)
    return phone_reads, session_reads


async def test_a_lock_held_for_3_s_elsewhere_leaves_reads_answered_and_the_idea_stored_once(
        phones, facilitator, service):
    sender = await phones()
    readers = [await phones() for _ in range(3)]
    async with ForeignLock(service.store.path, 3.0) as lock:
        posted = asyncio.create_task(sender.idea("Während der Sperre", client_id="sperre-1"))
        phone_reads, session_reads = await _read_until_released(lock, readers, facilitator)
        response = await asyncio.wait_for(posted, DEADLINE_SECONDS + 5)
        answered = time.monotonic()
    assert response.status_code == 201, response.text
    assert answered >= lock.released_at - 0.05, "answered after the commit, which waited for the lock"
    stored = [idea for idea in facilitator.ideas() if idea.client_id == "sperre-1"]
    assert len(stored) == 1 and stored[0].text == "Während der Sperre"
    # A retry of the same request (the page's queue) finds the idea it wrote: still one.
    again = await sender.idea("Während der Sperre", client_id="sperre-1")
    assert again.status_code == 201 and again.json()["idea"]["id"] == stored[0].id
    assert len([idea for idea in facilitator.ideas() if idea.client_id == "sperre-1"]) == 1
    # Other phones were answered throughout: many reads, each far below the lock's 3 s; typically a few ms.
    assert len(phone_reads) >= 30 and len(session_reads) >= 10
    assert statistics.median(phone_reads) <= 0.05 and statistics.median(session_reads) <= 0.05
    assert max(phone_reads) < 1.0 and max(session_reads) < 1.0


async def test_a_lock_held_past_the_deadline_answers_busy_and_writes_nothing(phones, facilitator, service):
    sender = await phones()
    reader = await phones()
    without_script = await phones()
    async with ForeignLock(service.store.path, DEADLINE_SECONDS + 2) as lock:
        started = time.monotonic()
        posted = asyncio.create_task(sender.idea("Bleibt in der Warteschlange", client_id="sperre-2"))
        form = asyncio.create_task(without_script.form("idea", {"text": "Ohne JavaScript getippt",
                                                                "client_id": "form-1"}))
        phone_reads, _session_reads = await _read_until_released_or(posted, lock, reader)
        response = await posted
        took = time.monotonic() - started
        page = await form
        assert lock.held, "refused while the lock was still held, not after"
    # The page without JavaScript shows the typed text again, with the reason.
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert "Ohne JavaScript getippt" in page.text and "beschäftigt" in page.text
    assert [idea for idea in facilitator.ideas() if idea.client_id == "form-1"] == []
    assert response.status_code == 503
    assert response.json()["error"] == "busy" and response.headers["retry-after"] == "5"
    assert "beschäftigt" in response.json()["message"]
    assert took >= DEADLINE_SECONDS - 0.5
    assert statistics.median(phone_reads) <= 0.05 and max(phone_reads) < 1.0
    lock.wait_released()
    await asyncio.sleep(0.3)
    assert [idea for idea in facilitator.ideas() if idea.client_id == "sperre-2"] == []  # never written later
    retried = await sender.idea("Bleibt in der Warteschlange", client_id="sperre-2")  # the page's queue again
    assert retried.status_code == 201
    assert len([idea for idea in facilitator.ideas() if idea.client_id == "sperre-2"]) == 1


async def _read_until_released_or(posted: asyncio.Task, lock: ForeignLock, reader) -> tuple[list[float], None]:
    took: list[float] = []
    while not posted.done() and lock.held:
        started = time.perf_counter()
        await reader.state()
        took.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)
    return took, None
