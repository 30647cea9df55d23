"""Undo and redo of the facilitator's actions restore the exact earlier state, and never destroy phones' work."""

from __future__ import annotations

import pytest

from workshop.core.errors import UndoRefused
from workshop.core.models import ItemKind, Phase, Step


def state(service):
    return service.store.dump()


def test_each_action_undoes_to_the_exact_earlier_state_and_redoes(service):
    idea = service.ideas.add("Mieten zu hoch")
    other = service.ideas.add("Kurse voll")
    actions = [
        lambda: service.ideas.add("Noch eine"),
        lambda: service.ideas.edit(idea.id, "Mieten viel zu hoch"),
        lambda: service.ideas.hide(other.id),
        lambda: service.themes.create("Wohnen", idea_ids=[idea.id, other.id]),
        lambda: service.ideas.merge(idea.id, [other.id]),
        lambda: service.settings.set_question(Phase.CRITIQUE, "Was stört?"),
        lambda: service.steps.next(),
        lambda: service.settings.update(dots_per_participant=9),
        lambda: service.measures.promote(ItemKind.IDEA, idea.id, field_of_action="Wohnen", cost_eur=100),
    ]
    for action in actions:
        before = state(service)
        action()
        after = state(service)
        assert after != before
        undone = service.undo.undo()
        assert state(service) == before, undone.kind
        service.undo.redo()
        assert state(service) == after
        service.undo.undo()


def test_undo_walks_back_newest_first_and_redo_forward(service):
    start = state(service)
    a = service.ideas.add("A")
    theme = service.themes.create("T", idea_ids=[a.id])
    service.themes.rename(theme.id, "Thema")
    assert [service.undo.undo().kind for _ in range(3)] == ["ThemeRenamed", "ThemeCreated", "IdeaAdded"]
    assert state(service) == start
    with pytest.raises(UndoRefused, match="Nichts"):
        service.undo.undo()
    assert [service.undo.redo().kind for _ in range(3)] == ["IdeaAdded", "ThemeCreated", "ThemeRenamed"]
    assert service.read.theme(theme.id).name == "Thema"


def test_a_new_action_clears_redo(service):
    service.ideas.add("A")
    service.undo.undo()
    assert service.undo.can_redo() is not None
    service.ideas.add("B")
    assert service.undo.can_redo() is None
    with pytest.raises(UndoRefused):
        service.undo.redo()


def test_participants_actions_are_never_undone(service):
    phone = service.devices.join().id
    service.ideas.add("Vom Laptop")
    service.phones.submit_idea(phone, "c-1", "Vom Telefon")
    assert service.undo.undo().kind == "IdeaAdded"
    assert [idea.text for idea in service.read.ideas()] == ["Vom Telefon"]
    with pytest.raises(UndoRefused):
        service.undo.undo()


def test_undo_of_opening_a_round_with_dots_is_refused_and_says_what_to_do(service):
    service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    round_ = service.voting.open_round()
    service.phones.set_dots(service.devices.join().id, round_.id, round_.items[0].item_id, 2)
    before = state(service)
    with pytest.raises(UndoRefused, match="Schließen Sie die Runde"):
        service.undo.undo()
    assert state(service) == before
    service.voting.close_round()
    assert service.undo.undo().kind == "RoundClosed"
    assert service.read.round(round_.id).is_open


def test_undo_of_opening_an_empty_round_restores_the_step(service):
    service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    before = state(service)
    service.voting.open_round()
    assert service.read.session().step == Step.VOTE
    service.undo.undo()
    assert state(service) == before


def test_timer_changes_do_not_block_undo_of_a_step(service):
    service.steps.next()
    service.timer.set(300)
    service.timer.start()
    service.undo.undo()
    session = service.read.session()
    assert session.step == Step.COLLECT and session.timer_started_at is not None


def test_each_step_starts_with_its_full_timebox(service):
    service.timer.set(300)
    service.timer.start()
    session = service.steps.next()
    assert session.timer_started_at is None and service.read.timer_remaining(session) == 300
    service.timer.start()
    service.undo.undo()  # back to collecting; the running clock is left alone
    assert service.read.session().step == Step.COLLECT and service.read.session().timer_started_at is not None
    service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    service.voting.open_round()  # entering the vote step starts its own timebox too
    assert service.read.session().timer_started_at is None


def test_undo_survives_reopening_the_file(home, service):
    service.ideas.add("A")
    path = service.store.path
    service.close()
    reopened = home.open(path)
    assert reopened.undo.undo().kind == "IdeaAdded"
    assert reopened.read.ideas() == []
    reopened.close()


def test_a_reveal_and_a_close_are_checkpoints_that_undo_names(service):
    theme = service.themes.create("Wohnen")
    assert service.undo.checkpoint() is None  # an ordinary action
    round_ = service.voting.open_round(ItemKind.THEME)
    device = service.devices.join().id
    service.phones.set_dots(device, round_.id, theme.id, 2)
    service.voting.close_round(round_.id)
    checkpoint = service.undo.checkpoint()
    assert (checkpoint.kind, checkpoint.round_number) == ("RoundClosed", 1)
    service.voting.reveal_round(round_.id)
    assert service.undo.checkpoint().kind == "RoundRevealed"
    service.undo.undo()
    assert not service.read.round(round_.id).revealed
    service.undo.undo()  # reopens the round; the phone's dots stay
    assert service.read.round(round_.id).is_open and service.read.results(round_.id)[0].device_dots == 2
    # Leaving the vote step closes the round: that step is a checkpoint too.
    service.steps.next()
    assert service.undo.checkpoint().kind == "RoundClosed"
