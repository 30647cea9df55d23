"""The step's timer (`service.timer`): its timebox, started and paused by the facilitator, never undone."""

from __future__ import annotations

from typing import Any

from workshop.core.events import EventKind, TimerPaused, TimerSet, TimerStarted
from workshop.core.models import Session
from workshop.core.queries import Reads
from workshop.core.rows import load_session
from workshop.core.rules import check_timer_seconds
from workshop.core.transactions import Part, Transactions, writes

_PAYLOADS = {EventKind.TIMER_SET: TimerSet, EventKind.TIMER_STARTED: TimerStarted,
             EventKind.TIMER_PAUSED: TimerPaused}


class StepTimer(Part):
    """Set, start and pause; the time left is read with the session (`service.read.timer_remaining`)."""

    def __init__(self, transactions: Transactions, read: Reads) -> None:
        super().__init__(transactions)
        self._reads = read

    @writes
    def set(self, seconds: int) -> Session:
        """Set the step's timebox and stop the clock at its full length."""
        check_timer_seconds(seconds)
        return self._timer(EventKind.TIMER_SET, timer_seconds=seconds, timer_remaining=float(seconds),
                           timer_started_at=None)

    @writes
    def start(self) -> Session:
        session = self._reads.session()
        if session.timer_started_at is not None:
            return session
        remaining = self._reads.timer_remaining(session) or float(session.timer_seconds)
        return self._timer(EventKind.TIMER_STARTED, timer_remaining=remaining, timer_started_at=self.clock())

    @writes
    def pause(self) -> Session:
        session = self._reads.session()
        if session.timer_started_at is None:
            return session
        return self._timer(EventKind.TIMER_PAUSED, timer_remaining=self._reads.timer_remaining(session),
                           timer_started_at=None)

    def _timer(self, kind: EventKind, **values: Any) -> Session:
        with self._action(kind, undoable=False) as (tx, action):
            session = load_session(tx)
            tx.update("session", {"id": session.id}, **values)
            session = load_session(tx)
            action.payload = _PAYLOADS[kind](seconds=session.timer_seconds,
                                             remaining=self._reads.timer_remaining(session),
                                             running=session.timer_started_at is not None)
            return session
