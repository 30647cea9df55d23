"""Voting slips: one printed slip, one budget; claimed by the first dot, first write wins."""

from __future__ import annotations

import pytest

from workshop.core.errors import InvalidInput, NoSlip, NotFound, RuleViolation, SlipTaken
from workshop.core.ids import printed_slip_code, slip_code


@pytest.fixture
def voting_with_slips(home):
    service = home.create("Ratsabstimmung", date="2016-11-24", slug="rat")
    service.settings.update(slips=True)
    ideas = [service.ideas.add(f"Idee {number}") for number in range(3)]
    themes = [service.themes.create(f"Thema {number}", idea_ids=[idea.id]).id for number, idea in enumerate(ideas)]
    round_id = service.voting.open_round("theme", budget=5, cap=3).id
    yield service, round_id, themes
    service.close()


def test_slips_are_numbered_on_across_runs_with_unique_codes(service):
    first = service.slips.create(3)
    second = service.slips.create(2)
    assert [slip.number for slip in first + second] == [1, 2, 3, 4, 5]
    codes = [slip.code for slip in service.slips.list()]
    assert len(set(codes)) == 5 and all(slip_code(code) == code for code in codes)
    assert service.slips.count().total == 5 and service.slips.count().redeemed == 0
    for bad in (0, -1, 2001, "3", True):
        with pytest.raises(InvalidInput):
            service.slips.create(bad)


def test_typed_codes_are_read_case_insensitively_with_or_without_a_dash():
    assert slip_code(" abcd-efgh ") == slip_code("ABCDEFGH") == "ABCDEFGH"
    assert printed_slip_code("ABCDEFGH") == "ABCD-EFGH"
    for bad in ("ABCDEFG", "ABCDEFGHJ", "ABCD0FGH", "ABCD IFGH", None, 12345678, "x" * 100):
        assert slip_code(bad) is None


def test_a_slip_gives_one_phone_its_budget_and_no_other(voting_with_slips):
    service, round_id, themes = voting_with_slips
    [slip] = service.slips.create(1)
    phone_a, phone_b, phone_c = (service.devices.join().id for _ in range(3))
    with pytest.raises(NoSlip):
        service.phones.set_dots(phone_a, round_id, themes[0], 1)  # no slip: no vote
    with pytest.raises(NoSlip):
        service.phones.set_dots(phone_a, round_id, themes[0], 1, slip="ZZZZZZZZ")  # a code that was never printed
    state = service.phones.set_dots(phone_a, round_id, themes[0], 3, slip=slip.code.lower())
    assert state.by_item == {themes[0]: 3}
    assert service.slips.of(phone_a).number == 1 and service.slips.count().redeemed == 1
    with pytest.raises(SlipTaken):
        service.phones.set_dots(phone_b, round_id, themes[1], 1, slip=slip.code)  # the same slip on a second phone
    assert service.phones.set_dots(phone_a, round_id, themes[1], 2).left == 0, "once claimed, the cookie is not needed"
    assert service.slips.check(phone_a, slip.code) == slip.code
    with pytest.raises(SlipTaken):
        service.slips.check(phone_c, slip.code)
    with pytest.raises(NoSlip):
        service.slips.check(phone_c, "ZZZZ-ZZZZ")
    assert [participant.id for participant in service.read.participants()] == [phone_a], "refused phones left nothing"


def test_a_released_slip_moves_to_the_next_phone_with_its_dots(voting_with_slips):
    """A phone broke: the facilitator releases its slip; the person's new phone carries on with one budget."""
    service, round_id, themes = voting_with_slips
    [slip] = service.slips.create(1)
    old, new = service.devices.join().id, service.devices.join().id
    service.phones.set_dots(old, round_id, themes[0], 3, slip=slip.code)
    with pytest.raises(NotFound):
        service.slips.release("ABCD-EFGH" if slip.code != "ABCDEFGH" else "BCDE-FGHJ")  # a code never printed
    released = service.slips.release(printed_slip_code(slip.code))
    assert not released.redeemed and service.slips.count().redeemed == 0
    with pytest.raises(RuleViolation):
        service.slips.release(slip.code)  # not redeemed now
    with pytest.raises(NoSlip):
        service.phones.set_dots(old, round_id, themes[0], 1)  # the old phone has no slip any more
    state = service.phones.set_dots(new, round_id, themes[1], 2, slip=slip.code)
    assert state.by_item == {themes[0]: 3, themes[1]: 2} and state.left == 0, "the slip's dots came along"
    assert service.read.round_activity(round_id) == (1, 5)


def test_a_released_slip_refuses_the_phone_that_held_it(voting_with_slips):
    """Attack: the old phone (found again, or in a thief's hand) votes first after the release and takes the
    slip back; the person's new phone would get `slip_taken`. The released code is free for the next phone only."""
    service, round_id, themes = voting_with_slips
    [slip] = service.slips.create(1)
    old, new = service.devices.join().id, service.devices.join().id
    service.phones.set_dots(old, round_id, themes[0], 3, slip=slip.code)
    service.slips.release(slip.code)
    with pytest.raises(SlipTaken):
        service.phones.set_dots(old, round_id, themes[1], 1, slip=slip.code)  # still carries the code
    with pytest.raises(SlipTaken):
        service.slips.check(old, slip.code)  # typing it in again
    assert service.read.round_activity(round_id) == (1, 3), "the old phone changed nothing"
    assert service.slips.check(new, slip.code) == slip.code
    state = service.phones.set_dots(new, round_id, themes[1], 2, slip=slip.code)
    assert state.by_item == {themes[0]: 3, themes[1]: 2}
    with pytest.raises(SlipTaken):
        service.phones.set_dots(old, round_id, themes[1], 1, slip=slip.code)  # and after the new phone took it


def test_slips_cannot_be_switched_during_a_vote_and_ideas_never_need_one(service):
    service.settings.update(slips=True)
    phone = service.devices.join().id
    service.phones.submit_idea(phone, "c1", "Ideen brauchen keinen Stimmzettel")
    idea = service.read.ideas()[0]
    service.themes.create("Thema", idea_ids=[idea.id])
    service.voting.open_round("theme")
    with pytest.raises(RuleViolation):
        service.settings.update(slips=False)
    assert service.read.session().slips
    snapshot = service.read.snapshot()["session"]["slips"]
    assert snapshot == {"required": True, "total": 0, "redeemed": 0}


def test_without_slips_nothing_changes(service):
    ideas = [service.ideas.add("Idee")]
    theme = service.themes.create("Thema", idea_ids=[ideas[0].id]).id
    round_id = service.voting.open_round("theme").id
    assert service.phones.set_dots(service.devices.join().id, round_id, theme, 2, slip="ABCDEFGH").spent == 2
    assert service.slips.list() == []
    with pytest.raises(NotFound):
        service.slips.release("ABCD-EFGH")


def test_the_protocol_says_the_vote_needed_slips_and_how_many_were_redeemed(voting_with_slips):
    from workshop.export.protocol import build_protocol, render_markdown

    service, round_id, themes = voting_with_slips
    slips = service.slips.create(4)
    service.phones.set_dots(service.devices.join().id, round_id, themes[0], 1, slip=slips[0].code)
    text = render_markdown(build_protocol(service.read.snapshot()))
    assert "- **Stimmzettel:** abgestimmt mit Stimmzettel, 1 von 4 eingelöst" in text
