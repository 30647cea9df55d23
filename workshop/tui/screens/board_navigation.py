"""The board's keys for moving around: steps, timer, guiding question, columns and the other screens."""

from __future__ import annotations

from collections.abc import Callable

from workshop.core.models import Phase, Step
from workshop.core.rules import timer_seconds_from_minutes
from workshop.i18n import _
from workshop.tui.screens.board_base import BoardBase
from workshop.tui.screens.dialogs import ConfirmDialog, PromptDialog
from workshop.tui.widgets.board import Board


class NavigationActions(BoardBase):
    """The session's course (steps, timer, question) and the way to every other view."""

    # ------------------------------------------------------------------ steps

    def _confirm_leaving_vote(self, go: Callable[[], object]) -> None:
        assert self.view is not None
        round_ = self.view.round
        if self.view.session.step == Step.VOTE and round_ is not None and round_.is_open:
            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Der Schritt schließt die laufende Abstimmung; Telefone können dann keine Punkte mehr vergeben."),
                _("Schließen und weiter")), lambda yes: go() if yes else None)
        else:
            go()

    def action_next_step(self) -> None:
        def go() -> None:
            session = self.app.attempt(self.service.steps.next)
            if session is not None and session.phase == Phase.FANTASY and session.step == Step.COLLECT \
                    and self.carry_pending():
                self.notify(_("Phantasiephase: c übernimmt die Gewinnerthemen der Kritik als Impulse."), timeout=8)

        self._confirm_leaving_vote(go)

    def action_previous_step(self) -> None:
        self._confirm_leaving_vote(lambda: self.app.attempt(self.service.steps.previous))

    # ------------------------------------------------------------------ timer, question, views

    def action_timer(self) -> None:
        session = self.service.read.session()
        if session.timer_started_at is None:
            self.app.attempt(self.service.timer.start)
        else:
            self.app.attempt(self.service.timer.pause)

    def action_set_timer(self) -> None:
        session = self.service.read.session()

        def done(value: str | None) -> None:
            if value and value.strip():
                self.app.attempt(self.service.timer.set, timer_seconds_from_minutes(int(value)))

        self.app.push_screen(PromptDialog(_("Minuten für diesen Schritt"), str(max(1, session.timer_seconds // 60)),
                                          numeric=True, hint=_("⏎ stellt den Timer · t startet ihn"),
                                          check=lambda value: timer_seconds_from_minutes(int(value))), done)

    def action_question(self) -> None:
        session = self.service.read.session()

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.settings.set_question, session.phase, text)

        self.app.push_screen(PromptDialog(_("Leitfrage der Phase {phase}").format(phase=session.phase.label),
                                          session.question()), done)

    def action_projector(self) -> None:
        from workshop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.service))

    def action_join(self) -> None:
        from workshop.tui.screens.join import JoinScreen

        self.app.push_screen(JoinScreen(self.service))

    def action_log(self) -> None:
        from workshop.tui.screens.event_log import EventLogScreen

        self.app.push_screen(EventLogScreen(self.service))

    def action_toggle_join(self) -> None:
        """`q`: the join panel gives its room to the board (the join URL moves into the header line)."""
        self.join_hidden = not self.join_hidden
        self.fit_join_panel()

    def action_sessions(self) -> None:
        self.app.show_picker()

    def action_column(self, delta: int) -> None:
        columns = self.query_one(Board).columns
        if not columns:
            return
        current = self.current_column()
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + delta))]
        target.focus()
        target.scroll_visible()
