"""The session's course (`service.steps`): moving between the steps of its phases, undoable."""

from __future__ import annotations

from workshop.core.errors import InvalidInput, RuleViolation
from workshop.core.events import EventKind, StepChanged
from workshop.core.models import REVIEW_STEPS, STEPS, Phase, RoundStatus, Session, Step
from workshop.core.rows import load_session
from workshop.core.rules import check_phase
from workshop.core.store import Row, Tx
from workshop.core.transactions import Part, writes
from workshop.i18n import _


class Steps(Part):
    """`>` and `<` along the course, or straight to a step; leaving the vote step closes the open round."""

    @writes
    def next(self) -> Session:
        """Move on one step; leaving the vote step closes the open round."""
        return self._move(+1)

    @writes
    def previous(self) -> Session:
        return self._move(-1)

    @writes
    def go_to(self, phase: Phase | str, step: Step | str) -> Session:
        target = (check_phase(phase), Step(step))
        if target not in STEPS and target not in REVIEW_STEPS:
            raise InvalidInput(_("Diesen Schritt gibt es in dieser Phase nicht."))
        return self._move(0, target)

    def _move(self, delta: int, target: tuple[Phase, Step] | None = None) -> Session:
        with self._action(EventKind.STEP_CHANGED) as (tx, action):
            session = load_session(tx)
            course = course_of(tx)
            if target is not None and target not in course:
                raise InvalidInput(_("Diesen Schritt gibt es in dieser Phase nicht."))
            index = course.index((session.phase, session.step))
            new_index = course.index(target) if target else index + delta
            if not 0 <= new_index < len(course):
                raise RuleViolation(_("Hier geht es nicht weiter.") if delta > 0 else _("Das ist der erste Schritt."))
            phase, step = course[new_index]
            closed = None
            if session.step == Step.VOTE and (phase, step) != (session.phase, session.step):
                open_row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
                if open_row is not None:
                    close_round_row(tx, open_row, self._now())
                    closed = open_row["id"]
            enter_step(tx, session, phase, step)
            action.payload = StepChanged(phase=str(phase), step=str(step), closed_round=closed)
            return load_session(tx)


def course_of(tx: Tx) -> tuple[tuple[Phase, Step], ...]:
    """The session's course: a review session's starts with the review (`review.py`)."""
    return REVIEW_STEPS if tx.one("SELECT id FROM review") is not None else STEPS


def enter_step(tx: Tx, session: Session, phase: Phase, step: Step) -> None:
    """Move the session to a step; a new step starts with its full timebox, the clock stopped."""
    if (phase, step) == (session.phase, session.step):
        return
    tx.update("session", {"id": session.id}, phase=str(phase), step=str(step))
    # Written past the undo record on purpose: undoing the step must not wind back a clock the room has
    # watched since (and a timer started later must not block that undo).
    tx.execute("UPDATE session SET timer_started_at = NULL, timer_remaining = timer_seconds")


def close_round_row(tx: Tx, row: Row, now: str) -> None:
    tx.update("rounds", {"id": row["id"]}, status=str(RoundStatus.CLOSED), closed_at=now)
