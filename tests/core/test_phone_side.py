"""The phones' side of a session (`core/phone_side.py`): exactly the narrow protocol, made of the parts' own bound
methods, and no way to the facilitator's controls."""

from __future__ import annotations

import inspect

import pytest

from workshop.core.errors import RoundClosed
from workshop.core.groups import GroupPhones
from workshop.core.models import ItemKind
from workshop.core.phone_side import PHONE_SIDE, PhoneDoor, PhoneSide
from workshop.core.projector import Scene


def _public(door: PhoneDoor) -> set[str]:
    return {name for name in dir(door) if not name.startswith("_")}


def test_the_door_has_the_protocol_and_nothing_else(service):
    door = service.phone_side
    assert isinstance(door, PhoneDoor)
    assert _public(door) == PHONE_SIDE
    assert {"join", "submit_idea", "set_dots", "actors", "check_slip", "session", "projector"} - PHONE_SIDE \
        == {"join"}, "a phone joins by a minted device id, not by the facilitator's join()"
    assert len([name for name in PHONE_SIDE if callable(getattr(door, name))]) <= 30
    # Attack: a route that got the door looks for the facilitator's controls, the network's names or the file.
    for control in ("themes", "voting", "steps", "timer", "settings", "undo", "purge", "privacy", "consent", "network",
                    "participants", "store", "transactions", "read", "writer", "bus", "devices", "phones", "slips"):
        assert not hasattr(door, control), control
    assert not hasattr(door.ideas, "add"), "door.ideas is the read of the wall, not the facilitator's part"
    assert {name for name in dir(door.actors) if not name.startswith("_")} == {
        "record_consent", "withdraw_consent", "participant", "sign_up", "withdraw_signup", "signups_of", "counts"}, \
        "no phone reads everyone's sign-ups or the network (`Signups.all`, `Consent.network`)"


def test_the_door_is_typed_as_the_protocol_names_it(service):
    door = service.phone_side
    attributes = {name for name in PHONE_SIDE if name in PhoneSide.__annotations__
                  or isinstance(vars(PhoneSide)[name], property)}
    for name in PHONE_SIDE - attributes:
        wanted = inspect.signature(getattr(PhoneSide, name))
        given = inspect.signature(getattr(door, name))
        assert list(given.parameters) == [parameter for parameter in wanted.parameters if parameter != "self"], name
    # The groups a phone reaches: its own edits and reads, none of the facilitator's moderation.
    assert isinstance(door.groups, GroupPhones)
    assert {name for name in vars(door.groups)} == {"join", "leave", "save", "settle", "get", "by_code", "of_device",
                                                    "list", "staged"}


def test_the_review_door_has_no_facilitator_controls(service):
    review = service.phone_side.review
    assert {name for name in vars(review) if not name.startswith("_")} == {"items", "submit_remark",
                                                                           "remarks_of_device"}
    assert not hasattr(review, "set_status") and not hasattr(review, "hide") and not hasattr(review, "take_remarks")


def test_a_request_costs_no_extra_hop(service):
    """The hot paths are the parts' bound methods themselves, not wrappers around them."""
    door = service.phone_side
    assert door.set_dots_many.__self__ is service.phones and door.set_dots_many.__func__ is type(
        service.phones).set_dots_many
    assert door.submit_ideas_many.__self__ is service.phones
    assert door.is_device.__self__ is service.devices and door.session.__self__ is service.read
    assert door.submit.__self__ is service.writer and door.subscribe.__self__ is service.bus


def test_phones_join_send_vote_and_read_through_the_door(service):
    door = service.phone_side
    device = door.mint_device()
    assert door.is_device(device) and not door.has_taken_part(device)
    idea = door.submit_idea(device, "c-1", "Mehr Bänke am See")
    assert door.has_taken_part(device) and [own.id for own in door.ideas_of_device(device)] == [idea.id]
    theme = service.themes.create("Wohnen", idea_ids=[idea.id])
    round_ = service.voting.open_round(ItemKind.THEME)
    assert door.current_round().id == round_.id and door.projector().scene == Scene.VOTING
    state = door.set_dots(device, round_.id, theme.id, 2)
    assert (state.spent, door.device_dots(round_.id, device).by_item) == (2, {theme.id: 2})
    service.voting.close_round(round_.id)
    with pytest.raises(RoundClosed):
        door.set_dots(device, round_.id, theme.id, 1)
    assert door.projector(blank=True).scene == Scene.BLANK


def test_home_hands_the_web_a_door_by_token_slip_and_slug(home, service):
    door = home.phones_for_token(service.read.session().join_token)
    assert isinstance(door, PhoneDoor) and door is home.service(service.read.session().slug).phone_side
    assert home.phones(service.read.session().slug) is door
    [slip] = home.service(service.read.session().slug).slips.create(1)
    assert home.phones_for_slip(slip.code) is door
    assert not door.closed
    home.close_all()
    assert door.closed
