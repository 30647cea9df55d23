"""The board's keys for moving around: steps, timer, guiding question, columns and the other screens."""

from __future__ import annotations

from collections.abc import Callable

from workshop.core.models import Phase, Step
from workshop.core.rules import timer_seconds_from_minutes
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.screens.board_base import BoardHost, Cursor, Facilitator
from workshop.tui.screens.dialogs import ConfirmDialog, PromptDialog
from workshop.tui.widgets.board import Board


class NavigationKeys:
    """The session's course (steps, timer, question) and the way to every other view.

    `carry_pending` tells whether the critique has winners left to carry on (`VotingKeys.carry_pending`): the
    step into the fantasy phase then says that `c` takes them along.
    """

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor,
                 carry_pending: Callable[[], bool]) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor
        self.carry_pending = carry_pending

    # ------------------------------------------------------------------ steps

    def _confirm_leaving_vote(self, go: Callable[[], object]) -> None:
        view = self.board.view
        assert view is not None
        round_ = view.round
        if view.session.step == Step.VOTE and round_ is not None and round_.is_open:
            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Der Schritt schließt die laufende Abstimmung; Telefone können dann keine Punkte mehr vergeben."),
                _("Schließen und weiter")), lambda yes: go() if yes else None)
        else:
            go()

    def next_step(self) -> None:
        def go() -> None:
            session = self.app.attempt(self.service.steps.next)
            if session is not None and session.phase == Phase.FANTASY and session.step == Step.COLLECT \
                    and self.carry_pending():
                self.board.notify(_("Phantasiephase: c übernimmt die Gewinnerthemen der Kritik als Impulse."),
                                  timeout=8)

        self._confirm_leaving_vote(go)

    def previous_step(self) -> None:
        self._confirm_leaving_vote(lambda: self.app.attempt(self.service.steps.previous))

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
