"""The facilitator's side of a vote (`service.voting`): open, device and paper dots, close, reveal, on themes or ideas."""

from __future__ import annotations

from tests.core.checks import assert_refused, vote_setup
from workshop.core.errors import InvalidInput, RoundClosed, RuleViolation, WrongPhase
from workshop.core.models import ItemKind, Phase, Step


def test_vote_round_with_device_and_paper_dots(service):
    round_ = vote_setup(service)
    theme_ids = [item.item_id for item in round_.items]
    assert service.read.session().step == Step.VOTE
    assert (round_.budget, round_.cap, round_.is_open) == (5, 3, True)
    phones = [service.devices.join().id for _ in range(3)]
    service.phones.set_dots(phones[0], round_.id, theme_ids[1], 3)
    state = service.phones.set_dots(phones[0], round_.id, theme_ids[2], 2)
    assert (state.spent, state.left) == (5, 0)
    service.phones.set_dots(phones[1], round_.id, theme_ids[2], 1)
    service.voting.set_paper_dots(round_.id, theme_ids[0], 4)
    results = service.read.results(round_.id)
    assert [(row.item_id, row.device_dots, row.paper_dots, row.total, row.rank) for row in results] == [
        (theme_ids[0], 0, 4, 4, 1), (theme_ids[1], 3, 0, 3, 2), (theme_ids[2], 3, 0, 3, 2)]
    assert service.read.round_activity(round_.id) == (2, 6)
    service.voting.close_round()
    revealed = service.voting.reveal_round()
    assert revealed.revealed and not revealed.is_open
    assert service.read.session().step == Step.RESULTS


def test_ties_keep_a_stable_order(service):
    round_ = vote_setup(service, themes=("C", "A", "B"))
    assert [row.label for row in service.read.results(round_.id)] == ["C", "A", "B"]  # order of the wall, not of names
    assert {row.rank for row in service.read.results(round_.id)} == {1}


def test_round_rules(service):
    assert_refused(service, RuleViolation, service.voting.open_round)  # no themes yet
    vote_setup(service)
    assert_refused(service, RuleViolation, service.voting.open_round)  # one round at a time
    theme = service.read.themes()[0]
    assert_refused(service, RuleViolation, service.themes.delete, theme.id)  # it is being voted on
    assert_refused(service, RuleViolation, service.voting.reveal_round)  # still open
    service.voting.close_round()
    assert_refused(service, RoundClosed, service.voting.close_round)
    assert_refused(service, InvalidInput, service.voting.open_round, budget=2, cap=3)
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    assert_refused(service, WrongPhase, service.voting.open_round)


def test_vote_on_ideas(service):
    ideas = [service.ideas.add(text) for text in ("Eins", "Zwei")]
    hidden = service.ideas.add("Versteckt")
    service.ideas.hide(hidden.id)
    round_ = service.voting.open_round(ItemKind.IDEA, budget=2, cap=1)
    assert [item.item_id for item in round_.items] == [idea.id for idea in ideas]
