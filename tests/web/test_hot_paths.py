"""The phones' hot paths cache the step and the open round; every rule still holds when it goes stale."""

from __future__ import annotations

import threading

import pytest

from tests.web.conftest import voting
from workshop.core.errors import BudgetExceeded, NotFound, RoundClosed, WrongPhase
from workshop.core.services import SessionService


def test_closing_the_round_on_the_same_connection_stops_dots(service):
    round_id, themes = voting(service)
    device = service.devices.join().id
    assert service.phones.set_dots(device, round_id, themes[0], 2).spent == 2
    service.voting.close_round(round_id)
    with pytest.raises(RoundClosed):
        service.phones.set_dots(device, round_id, themes[0], 1)


def test_a_change_by_another_connection_is_seen_at_once(service):
    """A second connection stands for another process (`werkstatt` on the same file)."""
    round_id, themes = voting(service)
    device = service.devices.join().id
    service.phones.set_dots(device, round_id, themes[0], 1)
    other = SessionService.open(service.store.path)
    try:
        other.voting.close_round(round_id)
        with pytest.raises(RoundClosed):
            service.phones.set_dots(device, round_id, themes[0], 2)
        other.steps.go_to("critique", "collect")
        idea = service.phones.submit_idea(device, "c1", "nach dem Wechsel")
        other.steps.next()
        with pytest.raises(WrongPhase):
            service.phones.submit_idea(device, "c2", "zu spät")
        round_two = other.voting.open_round("theme", budget=2, cap=2)
        assert service.phones.set_dots(device, round_two.id, themes[1], 2).left == 0
        with pytest.raises(BudgetExceeded):
            service.phones.set_dots(device, round_two.id, themes[2], 1)
    finally:
        other.close()
    assert idea.phase == "critique"


def test_positions_stay_unique_when_another_connection_adds_ideas(service):
    device = service.devices.join().id
    other = SessionService.open(service.store.path)
    try:
        service.phones.submit_idea(device, "a", "eins")
        other.ideas.add("vom Laptop")
        service.phones.submit_idea(device, "b", "zwei")
        service.ideas.add("auch vom Laptop")
        service.phones.submit_idea(device, "c", "drei")
    finally:
        other.close()
    positions = [idea.position for idea in service.read.ideas()]
    assert positions == sorted(set(positions)) and len(positions) == 5


def test_a_device_of_another_session_or_made_up_is_refused(service, home):
    round_id, themes = voting(service)
    stranger = home.create("Andere", date="2016-12-01")
    try:
        foreign = stranger.devices.join().id
    finally:
        stranger.close()
    for device in (foreign, "made-up"):
        with pytest.raises(NotFound):
            service.phones.set_dots(device, round_id, themes[0], 1)
        with pytest.raises(NotFound):
            service.phones.submit_idea(device, "x1", "Idee")


def test_threads_never_overspend_while_the_facilitator_acts(service):
    """Phones' threads set dots while another thread closes the round: nothing after the close counts."""
    round_id, themes = voting(service, themes=3)
    devices = [service.devices.join().id for _ in range(8)]

    def phone(device: str) -> None:
        for n in range(60):
            try:
                service.phones.set_dots(device, round_id, themes[n % 3], n % 3)
            except RoundClosed:
                return

    workers = [threading.Thread(target=phone, args=(device,)) for device in devices]
    for worker in workers:
        worker.start()
    service.voting.close_round(round_id)
    for worker in workers:
        worker.join(10)
    events = service.read.events_since(0, limit=10_000)
    closed_at = next(event.seq for event in events if event.kind == "RoundClosed")
    assert not [event for event in events if event.kind == "DotsSet" and event.seq > closed_at]
    for device in devices:
        assert service.read.device_dots(round_id, device).spent <= 5


def test_many_dots_in_one_transaction_keep_every_rule_and_isolate_refusals(service):
    round_id, themes = voting(service)
    alice, bob = service.devices.join().id, service.devices.join().id
    before = service.read.last_seq()
    results = service.phones.set_dots_many([
        (alice, round_id, themes[0], 3),
        (alice, round_id, themes[1], 3),            # over budget after the first: refused alone
        (bob, round_id, themes[0], 4),              # over cap
        (bob, round_id, ["not", "an", "id"], 1),    # attack: a forged body's wrong types
        (bob, round_id, themes[1], "zwei"),
        (alice, round_id, themes[1], 2),
        (alice, round_id, themes[1], 2),            # a retry in the same batch: no second event
        (bob, "no-round", themes[1], 1),
        ("made-up", round_id, themes[1], 1),
        (bob, round_id, themes[2], 1),
    ])
    kinds = [type(result).__name__ for result in results]
    assert kinds == ["DotsState", "BudgetExceeded", "CapExceeded", "InvalidInput", "InvalidInput", "DotsState",
                     "DotsState", "NotFound", "NotFound", "DotsState"]
    assert results[6].by_item == {themes[0]: 3, themes[1]: 2} and results[6].left == 0
    assert service.read.device_dots(round_id, alice).by_item == {themes[0]: 3, themes[1]: 2}
    assert service.read.device_dots(round_id, bob).by_item == {themes[2]: 1}
    # A device takes part from its first accepted write; bob's refused ones made him no participant.
    assert [event.kind for event in service.read.events_since(before)] == [
        "DeviceJoined", "DotsSet", "DotsSet", "DeviceJoined", "DotsSet"]


async def test_a_hostile_request_does_not_spoil_the_batch_it_lands_in(phones, service):
    import asyncio
    round_id, themes = voting(service)
    good, evil = await phones(), await phones()
    answers = await asyncio.gather(
        good.dots(round_id, themes[0], 1), evil.post("dots", {"round": {"x": 1}, "item": [1], "count": 1}),
        good.dots(round_id, themes[1], 2), evil.dots(round_id, themes[0], 9))
    assert [answer.status_code for answer in answers] == [200, 422, 200, 409]
    assert answers[2].json()["by_item"] == {themes[0]: 1, themes[1]: 2}
