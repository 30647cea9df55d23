"""The phones' hot paths (`service.phones`): ideas once per client id, dots set and not added, every rule.

A group commit of dots gives what a simple model of the rules gives: a refused request changes nothing. The
batch writes a device that already has its row (and, where slips count, its slip) without a savepoint of its
own, so the batch tests try to make a refused request leave something behind: a device row, a claimed slip, a
dot, an event.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.core.checks import assert_refused, vote_setup
from workshop.core.errors import BudgetExceeded, CapExceeded, InvalidInput, NotFound, RoundClosed, WrongPhase
from workshop.core.services import SessionService


def test_participant_submission_is_stored_once_per_client_id(service):
    phone = service.devices.join("ar").id
    first = service.phones.submit_idea(phone, "c-1", "Sprachkurs am Abend")
    again = service.phones.submit_idea(phone, "c-1", "Sprachkurs am Abend")
    assert again.id == first.id
    assert len(service.read.ideas()) == 1
    other = service.devices.join().id
    assert service.phones.submit_idea(other, "c-1", "Auch ich").id != first.id  # client ids are per device
    assert first.from_device and first.author == phone


def test_participant_submission_rules(service):
    phone = service.devices.join().id
    assert_refused(service, NotFound, service.phones.submit_idea, "forged-device", "c-1", "Hallo")  # forged device id
    assert_refused(service, InvalidInput, service.phones.submit_idea, phone, "<bad id>", "Hallo")   # injected client id
    service.steps.next()  # collect → group
    assert_refused(service, WrongPhase, service.phones.submit_idea, phone, "c-2", "Zu spät")


def test_retry_after_the_step_moved_on_still_returns_the_stored_idea(service):
    phone = service.devices.join().id
    idea = service.phones.submit_idea(phone, "c-1", "Idee")
    service.steps.next()
    assert service.phones.submit_idea(phone, "c-1", "Idee").id == idea.id


def test_dots_are_set_not_added(service):
    round_ = vote_setup(service)
    phone, item = service.devices.join().id, round_.items[0].item_id
    for _ in range(3):
        state = service.phones.set_dots(phone, round_.id, item, 2)  # a replayed request
    assert state.spent == 2 and service.read.results(round_.id)[0].device_dots == 2
    assert service.phones.set_dots(phone, round_.id, item, 0).spent == 0  # taken back


def test_dot_rules(service):
    round_ = vote_setup(service)
    phone = service.devices.join().id
    items = [item.item_id for item in round_.items]
    assert_refused(service, CapExceeded, service.phones.set_dots, phone, round_.id, items[0], 4)       # over the cap
    service.phones.set_dots(phone, round_.id, items[0], 3)
    error = assert_refused(service, BudgetExceeded, service.phones.set_dots, phone, round_.id, items[1], 3)  # over budget
    assert "2" in str(error)
    assert_refused(service, InvalidInput, service.phones.set_dots, phone, round_.id, items[1], -1)     # negative dots
    assert_refused(service, InvalidInput, service.phones.set_dots, phone, round_.id, items[1], True)   # a JSON boolean
    assert_refused(service, NotFound, service.phones.set_dots, phone, round_.id, "not-an-item", 1)     # forged item
    assert_refused(service, NotFound, service.phones.set_dots, "forged", round_.id, items[1], 1)       # forged device
    assert_refused(service, NotFound, service.phones.set_dots, phone, "no-round", items[1], 1)         # forged round
    service.voting.close_round()
    assert_refused(service, RoundClosed, service.phones.set_dots, phone, round_.id, items[1], 1)       # closed round


def test_round_of_another_phase_refuses_dots_while_open(service):
    round_ = vote_setup(service)
    phone = service.devices.join().id
    # Move the session's phase behind the round's back (a stale phone page after `<` from another step).
    session = service.read.session()
    with service.store.write() as tx:
        tx.update("session", {"id": session.id}, phase="fantasy", step="collect")
    assert_refused(service, WrongPhase, service.phones.set_dots, phone, round_.id, round_.items[0].item_id, 1)


# ----------------------------------------------------------------------------- a group commit of dots

BUDGET, CAP = 5, 3
CLOCK = itertools.count(1_500_000_000)


def clock() -> float:
    return float(next(CLOCK))


def _template(slips: bool) -> tuple[Path, dict]:
    """A session file with an open vote: two devices with rows (one holds slip 0), two only minted."""
    folder = Path(tempfile.mkdtemp(prefix="werkstatt-batch-"))
    service = SessionService.create(folder / "t.db", "Gruppencommit", slug="t", date="2016-11-24", slips=slips,
                                    clock=clock)
    themes = [service.themes.create(f"Thema {number}", idea_ids=[service.ideas.add(f"Idee {number}").id]).id
              for number in range(3)]
    devices = [service.devices.join().id for _ in range(4)]
    for device in devices[:2]:
        service.phones.submit_idea(device, f"c-{device[:4]}", "Eine Idee")  # a row before the vote
    codes = [slip.code for slip in service.slips.create(3)] if slips else []
    round_id = service.voting.open_round("theme", budget=BUDGET, cap=CAP).id
    service.phones.set_dots(devices[0], round_id, themes[0], 1, slip=codes[0] if slips else None)
    service.close()
    known = {"themes": themes, "devices": devices, "codes": codes, "round": round_id}
    return folder / "t.db", known


TEMPLATES = {slips: _template(slips) for slips in (False, True)}

request = st.tuples(
    st.integers(0, 4),  # device: 0, 1 with rows, 2, 3 only minted, 4 an id this session never signed
    st.integers(0, 3),  # item: 3 is not in the round
    st.integers(-1, CAP + 1),  # count: -1 invalid, CAP + 1 over the cap
    st.sampled_from([None, 0, 1, 2, "ZZZZZZZZ"]),  # the slip code the phone carries (an index of the printed ones)
)


class Model:
    """The rules of a dot, written plainly: what the file must hold after the requests, one after another."""

    def __init__(self, known: dict, slips: bool) -> None:
        self.slips = slips
        self.dots = {(known["devices"][0], known["themes"][0]): 1}
        self.rows = set(known["devices"][:2])
        # Every printed slip's code → the device that claimed it (None: free).
        self.holders = {code: None for code in known["codes"]}
        if slips:
            self.holders[known["codes"][0]] = known["devices"][0]
        self.events: list[tuple[str, str]] = []

    def apply(self, device: str, item: str, count: int, code: str | None, signed: bool, items: list[str]) -> str:
        if not 0 <= count <= 99:
            return "InvalidInput"
        if item not in items:
            return "NotFound"
        if device not in self.rows and not signed:
            return "NotFound"
        claim = None
        if self.slips and device not in self.holders.values():
            if code not in self.holders:
                return "NoSlip"
            if self.holders[code] is not None:
                return "SlipTaken"
            claim = code
        if count > CAP:
            return "CapExceeded"
        mine = {other: number for (owner, other), number in self.dots.items() if owner == device}
        if sum(mine.values()) - mine.get(item, 0) + count > BUDGET:
            return "BudgetExceeded"
        if device not in self.rows:
            self.rows.add(device)
            self.events.append(("DeviceJoined", "system"))
        if claim is not None:
            self.holders[claim] = device
        if self.dots.get((device, item)) != count:
            self.events.append(("DotsSet", device))
        self.dots[(device, item)] = count
        return "DotsState"


def _copy(path: Path, name: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="werkstatt-batch-")) / name
    shutil.copyfile(path, target)
    return target


@pytest.mark.parametrize("slips", [False, True], ids=["without slips", "with slips"])
@settings(max_examples=100)
@given(requests=st.lists(request, min_size=1, max_size=14))
@example(requests=[(2, 0, CAP + 1, 1)])  # a first write over the cap: no row, no slip claimed
@example(requests=[(1, 0, 1, None), (1, 1, CAP + 1, 1)])  # a known device refused after claiming a slip
@example(requests=[(1, 0, 3, 1), (1, 1, 3, None), (1, 1, 2, None)])  # over the budget, then within it
def test_a_batch_holds_what_the_rules_allow_and_nothing_of_a_refused_request(slips, requests):
    path, known = TEMPLATES[slips]
    themes, devices, codes = known["themes"], [*known["devices"], "x" * 20 + ".forgedforgedforged"], known["codes"]
    model = Model(known, slips)
    batch = []
    expected = []
    for device_index, item_index, count, code in requests:
        device = devices[device_index]
        item = themes[item_index] if item_index < 3 else "kein-thema"
        carried = codes[code] if slips and isinstance(code, int) else code if slips else None
        batch.append((device, known["round"], item, count, carried))
        expected.append(model.apply(device, item, count, carried, device_index < 4, themes))
    service = SessionService.open(_copy(path, "batch.db"), clock=clock)
    try:
        before = service.read.events_since(0)[-1].seq
        results = service.phones.set_dots_many(batch)
        assert [type(result).__name__ for result in results] == expected
        dots = service.store.dump()["dots"]
        assert {(row["device_id"], row["item_id"]): row["count"] for row in dots} == model.dots
        assert {row["id"] for row in service.store.dump()["devices"]} == model.rows, "a refused request left a row"
        if slips:
            assert {slip.code: slip.device_id for slip in service.slips.list()} == model.holders
        assert [(str(event.kind), event.actor) for event in service.read.events_since(before)] == model.events
    finally:
        service.close()
