"""Undo and redo of the facilitator's actions restore the exact earlier state, and never destroy phones' work."""

from __future__ import annotations

import pytest

from workshop.core.errors import UndoRefused
from workshop.core.models import ItemKind, Phase, Step


def state(service):
    return service.store.dump()


def test_each_action_undoes_to_the_exact_earlier_state_and_redoes(service):
    idea = service.add_idea("Mieten zu hoch")
    other = service.add_idea("Kurse voll")
    actions = [
        lambda: service.add_idea("Noch eine"),
        lambda: service.edit_idea(idea.id, "Mieten viel zu hoch"),
        lambda: service.hide_idea(other.id),
        lambda: service.create_theme("Wohnen", idea_ids=[idea.id, other.id]),
        lambda: service.merge_ideas(idea.id, [other.id]),
        lambda: service.set_question(Phase.CRITIQUE, "Was stört?"),
        lambda: service.next_step(),
        lambda: service.update_settings(dots_per_participant=9),
        lambda: service.promote(ItemKind.IDEA, idea.id, field_of_action="Wohnen", cost_eur=100),
    ]
    for action in actions:
        before = state(service)
        action()
        after = state(service)
        assert after != before
        undone = service.undo()
        assert state(service) == before, undone.kind
        service.redo()
        assert state(service) == after
        service.undo()


def test_undo_walks_back_newest_first_and_redo_forward(service):
    start = state(service)
    a = service.add_idea("A")
    theme = service.create_theme("T", idea_ids=[a.id])
    service.rename_theme(theme.id, "Thema")
    assert [service.undo().kind for _ in range(3)] == ["ThemeRenamed", "ThemeCreated", "IdeaAdded"]
    assert state(service) == start
    with pytest.raises(UndoRefused, match="Nichts"):
        service.undo()
    assert [service.redo().kind for _ in range(3)] == ["IdeaAdded", "ThemeCreated", "ThemeRenamed"]
    assert service.theme(theme.id).name == "Thema"


def test_a_new_action_clears_redo(service):
    service.add_idea("A")
    service.undo()
    assert service.can_redo() is not None
    service.add_idea("B")
    assert service.can_redo() is None
    with pytest.raises(UndoRefused):
        service.redo()


def test_participants_actions_are_never_undone(service):
    phone = service.join().id
    service.add_idea("Vom Laptop")
    service.submit_idea(phone, "c-1", "Vom Telefon")
    assert service.undo().kind == "IdeaAdded"
    assert [idea.text for idea in service.ideas()] == ["Vom Telefon"]
    with pytest.raises(UndoRefused):
        service.undo()


def test_undo_of_opening_a_round_with_dots_is_refused_and_says_what_to_do(service):
    service.create_theme("Wohnen", idea_ids=[service.add_idea("Mieten").id])
    round_ = service.open_round()
    service.set_dots(service.join().id, round_.id, round_.items[0].item_id, 2)
    before = state(service)
    with pytest.raises(UndoRefused, match="Schließen Sie die Runde"):
        service.undo()
    assert state(service) == before
    service.close_round()
    assert service.undo().kind == "RoundClosed"
    assert service.round(round_.id).is_open


def test_undo_of_opening_an_empty_round_restores_the_step(service):
    service.create_theme("Wohnen", idea_ids=[service.add_idea("Mieten").id])
    before = state(service)
    service.open_round()
    assert service.session().step == Step.VOTE
    service.undo()
    assert state(service) == before


def test_timer_changes_do_not_block_undo_of_a_step(service):
    service.next_step()
    service.set_timer(300)
    service.start_timer()
    service.undo()
    session = service.session()
    assert session.step == Step.COLLECT and session.timer_started_at is not None


def test_each_step_starts_with_its_full_timebox(service):
    service.set_timer(300)
    service.start_timer()
    session = service.next_step()
    assert session.timer_started_at is None and service.timer_remaining(session) == 300
    service.start_timer()
    service.undo()  # back to collecting; the running clock is left alone
    assert service.session().step == Step.COLLECT and service.session().timer_started_at is not None
    service.create_theme("Wohnen", idea_ids=[service.add_idea("Mieten").id])
    service.open_round()  # entering the vote step starts its own timebox too
    assert service.session().timer_started_at is None


def test_undo_survives_reopening_the_file(home, service):
    service.add_idea("A")
    path = service.store.path
    service.close()
    reopened = home.open(path)
    assert reopened.undo().kind == "IdeaAdded"
    assert reopened.ideas() == []
    reopened.close()


def test_a_reveal_and_a_close_are_checkpoints_that_undo_names(service):
    theme = service.create_theme("Wohnen")
    assert service.undo_checkpoint() is None  # an ordinary action
    round_ = service.open_round(ItemKind.THEME)
    device = service.join().id
    service.set_dots(device, round_.id, theme.id, 2)
    service.close_round(round_.id)
    checkpoint = service.undo_checkpoint()
    assert (checkpoint.kind, checkpoint.round_number) == ("RoundClosed", 1)
    service.reveal_round(round_.id)
    assert service.undo_checkpoint().kind == "RoundRevealed"
    service.undo()
    assert not service.round(round_.id).revealed
    service.undo()  # reopens the round; the phone's dots stay
    assert service.round(round_.id).is_open and service.results(round_.id)[0].device_dots == 2
    # Leaving the vote step closes the round: that step is a checkpoint too.
    service.next_step()
    assert service.undo_checkpoint().kind == "RoundClosed"
