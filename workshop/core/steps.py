"""The session's course and settings: its rules and questions, the step it is in, and the step's timer."""

from __future__ import annotations

import json
from typing import Any

from workshop.core.errors import InvalidInput, RuleViolation
from workshop.core.events import EventKind
from workshop.core.models import STEPS, Phase, RoundStatus, Session, Step
from workshop.core.queries import Queries
from workshop.core.rows import load_session
from workshop.core.rules import (
    check_date, check_language, check_phase, check_rules, check_timer_seconds, clean_title, clean_venue)
from workshop.core.store import Row, Tx
from workshop.core.text import TITLE_MAX, clean_text
from workshop.core.transactions import writes
from workshop.i18n import _


class Steps(Queries):
    """Settings, guiding questions, moving between steps (undoable) and the timer (not undone)."""

    @writes
    def update_settings(self, *, title: str | None = None, date: str | None = None, venue: str | None = None,
                        language: str | None = None, dots_per_participant: int | None = None,
                        cap_per_item: int | None = None, slips: bool | None = None) -> Session:
        """Change the session's settings; `slips`: whether dots need a voting slip (not during a vote)."""
        with self._action(EventKind.SETTINGS_CHANGED) as (tx, action):
            session = load_session(tx)
            values: dict[str, Any] = {}
            if slips is not None and bool(slips) != session.slips:
                if tx.one("SELECT id FROM rounds WHERE status = 'open'") is not None:
                    raise RuleViolation(_("Stimmzettel lassen sich nicht während einer Abstimmung ein- oder "
                                          "ausschalten."))
                values["slips"] = int(bool(slips))
            if title is not None:
                values["title"] = clean_title(title)
            if date is not None:
                values["date"] = check_date(date)
            if venue is not None:
                values["venue"] = clean_venue(venue)
            if language is not None:
                values["language"] = check_language(language)
            dots = session.dots_per_participant if dots_per_participant is None else dots_per_participant
            cap = session.cap_per_item if cap_per_item is None else cap_per_item
            check_rules(dots, cap)
            values.update(dots_per_participant=dots, cap_per_item=cap)
            tx.update("session", {"id": session.id}, **values)
            action.data = {key: value for key, value in values.items()}
            return load_session(tx)

    @writes
    def set_question(self, phase: Phase | str, text: str) -> None:
        """Change a phase's guiding question (shown on the board, the projector and the phones)."""
        phase = check_phase(phase)
        text = clean_text(text, max_length=TITLE_MAX, what=_("Die Leitfrage"))
        with self._action(EventKind.QUESTION_CHANGED) as (tx, action):
            session = load_session(tx)
            questions = dict(session.questions)
            questions[str(phase)] = text
            tx.update("session", {"id": session.id}, questions=json.dumps(questions, ensure_ascii=False))
            action.data = {"phase": str(phase), "question": text}

    @writes
    def next_step(self) -> Session:
        """Move on one step; leaving the vote step closes the open round."""
        return self._move(+1)

    @writes
    def previous_step(self) -> Session:
        return self._move(-1)

    @writes
    def go_to(self, phase: Phase | str, step: Step | str) -> Session:
        target = (check_phase(phase), Step(step))
        if target not in STEPS:
            raise InvalidInput(_("Diesen Schritt gibt es in dieser Phase nicht."))
        return self._move(0, target)

    def _move(self, delta: int, target: tuple[Phase, Step] | None = None) -> Session:
        with self._action(EventKind.STEP_CHANGED) as (tx, action):
            session = load_session(tx)
            index = STEPS.index((session.phase, session.step))
            new_index = STEPS.index(target) if target else index + delta
            if not 0 <= new_index < len(STEPS):
                raise RuleViolation(_("Hier geht es nicht weiter.") if delta > 0 else _("Das ist der erste Schritt."))
            phase, step = STEPS[new_index]
            if session.step == Step.VOTE and (phase, step) != (session.phase, session.step):
                open_row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
                if open_row is not None:
                    close_round_row(tx, open_row, self._now())
                    action.data["closed_round"] = open_row["id"]
            enter_step(tx, session, phase, step)
            action.data.update({"phase": str(phase), "step": str(step)})
            return load_session(tx)

    @writes
    def set_timer(self, seconds: int) -> Session:
        """Set the step's timebox and stop the clock at its full length."""
        check_timer_seconds(seconds)
        return self._timer(EventKind.TIMER_SET, timer_seconds=seconds, timer_remaining=float(seconds),
                           timer_started_at=None)

    @writes
    def start_timer(self) -> Session:
        session = self.session()
        if session.timer_started_at is not None:
            return session
        remaining = self.timer_remaining(session) or float(session.timer_seconds)
        return self._timer(EventKind.TIMER_STARTED, timer_remaining=remaining, timer_started_at=self.clock())

    @writes
    def pause_timer(self) -> Session:
        session = self.session()
        if session.timer_started_at is None:
            return session
        return self._timer(EventKind.TIMER_PAUSED, timer_remaining=self.timer_remaining(session),
                           timer_started_at=None)

    def _timer(self, kind: EventKind, **values: Any) -> Session:
        with self._action(kind, undoable=False) as (tx, action):
            session = load_session(tx)
            tx.update("session", {"id": session.id}, **values)
            session = load_session(tx)
            action.data = {"seconds": session.timer_seconds, "remaining": self.timer_remaining(session),
                           "running": session.timer_started_at is not None}
            return session


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
