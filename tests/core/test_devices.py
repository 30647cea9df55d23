"""Devices: minted and signed without storing anything, a participant from the first accepted write."""

from __future__ import annotations

import pytest

from workshop.core.errors import NotFound, WrongPhase
from workshop.core.services import SessionService


def vote(service: SessionService) -> tuple[str, list[str]]:
    ideas = [service.ideas.add(f"Idee {number}") for number in range(2)]
    themes = [service.themes.create(f"Thema {number}", idea_ids=[idea.id]).id for number, idea in enumerate(ideas)]
    return service.voting.open_round("theme", budget=5, cap=3).id, themes


def test_joining_stores_nothing_and_the_first_write_makes_a_participant(service):
    before = service.store.dump()
    devices = [service.devices.join("ar") for _ in range(20)]
    assert service.store.dump() == before and service.read.participants() == []
    assert all(service.devices.is_device(device.id) for device in devices)
    service.phones.submit_idea(devices[0].id, "c1", "Mehr Sprachkurse")
    assert [participant.id for participant in service.read.participants()] == [devices[0].id]
    assert service.devices.has_taken_part(devices[0].id) and not service.devices.has_taken_part(devices[1].id)


def test_a_refused_first_write_leaves_no_participant(service):
    round_id, themes = vote(service)
    phone = service.devices.join().id
    with pytest.raises(WrongPhase):
        service.phones.submit_idea(phone, "c1", "zu spät")  # the vote is open: no ideas now
    results = service.phones.set_dots_many([(phone, round_id, themes[0], 9)])  # over the cap
    assert type(results[0]).__name__ == "CapExceeded"
    assert service.read.participants() == []
    service.phones.set_dots(phone, round_id, themes[0], 0)  # a first set, even to 0, is taking part
    assert len(service.read.participants()) == 1


def test_invented_or_foreign_device_ids_are_refused(service, home):
    """Attacks: a made-up id, a real id with a changed character, another session's id, odd types."""
    other = home.create("Andere", date="2016-12-01")
    foreign = other.devices.join().id
    other.close()
    genuine = service.devices.join().id
    tampered = genuine[:-1] + ("A" if genuine[-1] != "A" else "B")
    for device in ("made-up", tampered, foreign, "é" * 10 + "." + "x" * 16, "x" * 500):
        assert not service.devices.is_device(device)
        with pytest.raises(NotFound):
            service.phones.submit_idea(device, "c1", "Idee")
    assert service.read.participants() == []


def test_a_device_minted_before_a_restart_is_still_this_sessions(service):
    """The secret lives in the session file: reopening (a restarted laptop) knows its devices and tokens."""
    path = service.store.path
    device, key = service.devices.join().id, service.devices.key("forgery")
    again = SessionService.open(path)
    try:
        assert again.devices.is_device(device) and again.devices.key("forgery") == key
        again.phones.submit_idea(device, "c1", "Nach dem Neustart")
        assert [participant.id for participant in again.read.participants()] == [device]
    finally:
        again.close()


def test_a_late_replay_of_an_older_dot_change_is_ignored(service):
    """A phone's queued request arrives after its newer one (a slow connection): the newer one stands."""
    round_id, themes = vote(service)
    phone = service.devices.join().id
    service.phones.set_dots(phone, round_id, themes[0], 2, seq=1000)
    before = service.read.last_seq()
    state = service.phones.set_dots(phone, round_id, themes[0], 1, seq=999)  # older: answered with what stands
    assert state.by_item == {themes[0]: 2} and service.read.last_seq() == before
    assert service.phones.set_dots(phone, round_id, themes[0], 2, seq=1000).by_item == {themes[0]: 2}  # the same again
    assert service.read.last_seq() == before, "a replay changes nothing and logs nothing"
    assert service.phones.set_dots(phone, round_id, themes[0], 3, seq=1001).by_item == {themes[0]: 3}
    assert service.phones.set_dots(phone, round_id, themes[0], 1).by_item == {themes[0]: 1}, "a form has no order"
