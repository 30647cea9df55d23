"""Many threads and a second process spend dots for one device at once: never over budget, nothing lost."""

from __future__ import annotations

import multiprocessing
import threading

from workshop.core.errors import BudgetExceeded
from workshop.core.services import SessionService

THREADS = 24
PROCESS_ITEMS = 6


def _spend(path: str, device: str, round_id: str, items: list[str], count: int, barrier, results: list) -> None:
    service = SessionService.open(path)  # its own connection, as another request handler or process would
    try:
        if barrier is not None:
            barrier.wait(timeout=30)
        for item in items:
            try:
                service.phones.set_dots(device, round_id, item, count)
                results.append((item, count))
            except BudgetExceeded:
                results.append((item, None))
    finally:
        service.close()


def _process_main(path: str, device: str, round_id: str, items: list[str], queue) -> None:
    results: list = []
    _spend(path, device, round_id, items, 1, None, results)
    queue.put(results)


def test_concurrent_dots_for_one_device_never_exceed_the_budget(service):
    ideas = [service.ideas.add(f"Thema {n}") for n in range(THREADS + PROCESS_ITEMS)]
    for idea in ideas:
        service.themes.create(idea.text, idea_ids=[idea.id])
    round_ = service.voting.open_round(budget=7, cap=3)
    device = service.devices.join().id
    items = [item.item_id for item in round_.items]
    path = str(service.store.path)

    context = multiprocessing.get_context("spawn")  # as on Windows
    queue = context.Queue()
    process = context.Process(target=_process_main, args=(path, device, round_.id, items[THREADS:], queue))
    process.start()

    barrier = threading.Barrier(THREADS)
    results: list = []
    threads = [threading.Thread(target=_spend, args=(path, device, round_.id, [items[n]], 1 + n % 2, barrier, results))
               for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    results += queue.get(timeout=60)
    process.join(timeout=60)
    assert process.exitcode == 0

    acknowledged = {item: count for item, count in results if count is not None}
    state = service.read.device_dots(round_.id, device)
    assert state.spent <= round_.budget
    assert state.by_item == acknowledged, "every acknowledged dot is stored, and nothing else"
    assert state.spent == round_.budget or state.spent == round_.budget - 1  # refusals only once (nearly) full
    assert len(results) == len(items)


def test_concurrent_phone_ideas_with_retries_are_stored_once(service):
    devices = [service.devices.join().id for _ in range(5)]
    path = str(service.store.path)
    errors: list = []

    def send(device: str) -> None:
        own = SessionService.open(path)
        try:
            for n in range(20):
                own.phones.submit_idea(device, f"c{n % 10}", f"Idee {n % 10}")  # every idea sent twice
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=send, args=(device,)) for device in devices for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(service.read.ideas()) == 5 * 10
