"""The session's course (`service.steps`): forward and back through every step, the vote closed on leaving it."""

from __future__ import annotations

from tests.core.checks import assert_refused, vote_setup
from workshop.core.errors import InvalidInput, RuleViolation
from workshop.core.models import Phase, Step


def test_steps_move_forward_and_back_through_all_phases(service):
    seen = [(service.read.session().phase, service.read.session().step)]
    for _ in range(8):
        session = service.steps.next()
        seen.append((session.phase, session.step))
    assert seen[-1] == (Phase.REALISATION, Step.PLAN)
    assert seen[4] == (Phase.FANTASY, Step.COLLECT)
    assert_refused(service, RuleViolation, service.steps.next)
    assert service.steps.previous().phase == Phase.FANTASY
    service.steps.go_to(Phase.CRITIQUE, Step.COLLECT)
    assert_refused(service, RuleViolation, service.steps.previous)
    assert_refused(service, InvalidInput, service.steps.go_to, Phase.REALISATION, Step.VOTE)


def test_leaving_the_vote_step_closes_the_round(service):
    round_ = vote_setup(service)
    service.steps.next()
    assert not service.read.round(round_.id).is_open
    assert service.read.session().step == Step.RESULTS
