"""The board's keys for moving around: steps, timer, guiding question, columns and the other screens."""

from __future__ import annotations

from collections.abc import Callable

from workshop.core.models import COLLECTING_PHASES, STEPS, Phase, RoundStatus, Session, Step, VoteRound
from workshop.core.rules import timer_seconds_from_minutes
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.screens.board_base import BoardHost, Cursor, Facilitator
from workshop.tui.board_model import board_source
from workshop.tui.screens.dialogs import ConfirmDialog, PromptDialog
from workshop.tui.screens.unrevealed import Answer, UnrevealedDialog
from workshop.tui.widgets.board import Board


# „der Kritikphase“: the phase as the question names it (a genitive, so not the phase bar's label).
PHASE_NAMES = {Phase.CRITIQUE: _("Kritikphase"), Phase.FANTASY: _("Phantasiephase")}


class NavigationKeys:
    """The session's course (steps, timer, question) and the way to every other view.

    `carry_pending` tells whether the critique has winners left to carry on (`VotingKeys.carry_pending`): the
    step into the fantasy phase then says that `c` takes them along. `reveal` is `VotingKeys.reveal`, for the
    question before leaving a phase whose vote is not revealed.
    """

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor,
                 carry_pending: Callable[[], bool], reveal: Callable[[], None]) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor
        self.carry_pending = carry_pending
        self.reveal = reveal

    # ------------------------------------------------------------------ steps

    def next_step(self) -> None:
        self._step(+1)

    def previous_step(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        """`>` or `<`: a running vote is closed only when confirmed („Schließen und weiter“, then the reveal is
        asked for); a phase whose vote is closed but not revealed is left only after „Ergebnis noch nicht
        aufgedeckt“ was answered — until then the session stays in its step."""
        # Read afresh, not from the board's last view: in a burst of `>` the board may not have redrawn yet.
        session = self.service.read.session()
        round_ = self.service.read.current_round()
        if session.step == Step.VOTE and round_ is not None and round_.is_open:
            def closed(yes: bool | None) -> None:
                if yes and self._go(delta) is not None and delta > 0:
                    self._ask_reveal(round_.number, onward=False)

            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Der Schritt schließt die laufende Abstimmung; Telefone können dann keine Punkte mehr vergeben."),
                _("Schließen und weiter")), closed)
            return
        index = STEPS.index((session.phase, session.step)) + delta
        leaves_phase = 0 <= index < len(STEPS) and STEPS[index][0] != session.phase
        unrevealed = self._unrevealed(session.phase)
        if leaves_phase and unrevealed is not None:
            self._ask_reveal(unrevealed.number, onward=True, go=lambda: self._go(delta))
        else:
            self._go(delta)

    def _unrevealed(self, phase: Phase) -> VoteRound | None:
        """The phase's newest round if it is closed and not revealed."""
        rounds = self.service.read.rounds(phase) if phase in COLLECTING_PHASES else []
        last = rounds[-1] if rounds else None
        return last if last is not None and last.status == RoundStatus.CLOSED and not last.revealed else None

    def _ask_reveal(self, number: int, *, onward: bool, go: Callable[[], object] | None = None) -> None:
        def answered(answer: Answer | None) -> None:
            if answer == Answer.REVEAL:
                self.reveal()
            elif answer == Answer.ONWARD and go is not None:
                go()

        phase = self.board.view.session.phase if self.board.view is not None else Phase.CRITIQUE
        self.app.push_screen(UnrevealedDialog(number, PHASE_NAMES.get(phase, phase.label), onward=onward), answered)

    def _go(self, delta: int) -> Session | None:
        session = self.app.attempt(self.service.steps.next if delta > 0 else self.service.steps.previous)
        if session is None or delta < 0:
            return session
        if session.phase == Phase.FANTASY and session.step == Step.COLLECT and self.carry_pending():
            self.board.notify(_("Phantasiephase: c übernimmt die Gewinnerthemen der Kritik als Impulse."), timeout=8)
        elif session.phase == Phase.REALISATION and board_source(self.service, session)[0] == Phase.CRITIQUE:
            self.board.notify(_("Die Phantasiephase hatte kein aufgedecktes Ergebnis: zur Wahl stehen die "
                                "Gewinnerthemen der Kritik mit ihren Punkten. a macht aus dem markierten Thema "
                                "eine Maßnahme."), timeout=10)
        return session

    # ------------------------------------------------------------------ timer, question, views

    def timer(self) -> None:
        """`t`: start the step's timer, or pause it."""
        session = self.service.read.session()
        if session.timer_started_at is None:
            self.app.attempt(self.service.timer.start)
        else:
            self.app.attempt(self.service.timer.pause)

    def set_timer(self) -> None:
        session = self.service.read.session()

        def done(value: str | None) -> None:
            if value and value.strip():
                self.app.attempt(self.service.timer.set, timer_seconds_from_minutes(int(value)))

        self.app.push_screen(PromptDialog(_("Minuten für diesen Schritt"), str(max(1, session.timer_seconds // 60)),
                                          numeric=True, hint=_("⏎ stellt den Timer · t startet ihn"),
                                          check=lambda value: timer_seconds_from_minutes(int(value))), done)

    def question(self) -> None:
        session = self.service.read.session()

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.settings.set_question, session.phase, text)

        self.app.push_screen(PromptDialog(_("Leitfrage der Phase {phase}").format(phase=session.phase.label),
                                          session.question()), done)

    def projector(self) -> None:
        from workshop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.service))

    def join(self) -> None:
        from workshop.tui.screens.join import JoinScreen

        self.app.push_screen(JoinScreen(self.service))

    def log(self) -> None:
        from workshop.tui.screens.event_log import EventLogScreen

        self.app.push_screen(EventLogScreen(self.service, interim=self.board.interim))

    def sessions(self) -> None:
        self.app.show_picker()

    def column(self, delta: int) -> None:
        """`←` `→`: the column beside the current one, scrolled into view."""
        columns = self.board.query_one(Board).columns
        if not columns:
            return
        current = self.cursor.current_column()
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + delta))]
        target.focus()
        target.scroll_visible()
