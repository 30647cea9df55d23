"""The board's keys for measures: promote a theme or an idea to a draft measure, edit one, list them all."""

from __future__ import annotations

from functools import partial

from workshop.core.models import ItemKind, Phase
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.board_model import MEASURES, RowKind
from workshop.tui.screens.board_base import Cursor, Facilitator, BoardHost


class MeasureKeys:
    """Winning themes become draft measures for the plan (the realisation phase)."""

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor

    def promote(self) -> None:
        """`a`: the marked theme becomes a draft measure (in the measures column: edit the marked one)."""
        column = self.cursor.current_column()
        if column is not None and column.key == MEASURES and column.highlighted_id:
            self.edit(column.highlighted_id)
            return
        if column is not None and column.theme is not None:
            theme = column.theme
            self._promote(ItemKind.THEME, theme.id, theme.name, _("Aus dem Thema „{name}“").format(name=theme.name))
        elif self._has_nothing():
            return
        elif column is None or column.key == MEASURES or not column.highlighted_id:
            self.board.notify(_("Markieren Sie eine Themenspalte (← →): a macht aus dem Thema eine Maßnahme."),
                              severity="warning")
        else:
            self.promote_idea()

    def promote_idea(self) -> None:
        if self._has_nothing():
            return
        idea_id = self.cursor.current_idea()
        if idea_id is None:
            self.board.notify(_("Keine Idee markiert: ← → wählt eine Spalte, ↑ ↓ die Idee; A macht aus ihr eine "
                                "Maßnahme."), severity="warning")
            return
        idea = self.service.read.idea(idea_id)
        self._promote(ItemKind.IDEA, idea.id, idea.text, _("Aus der Idee „{text}“").format(text=idea.text))

    def _has_nothing(self) -> bool:
        """No theme and no idea on the board: says why `a`/`A` have nothing to make a measure of, and what to do."""
        view = self.board.view
        if view is None or any(column.theme is not None or any(item.kind == RowKind.IDEA for item in column.items)
                               for column in view.columns):
            return False
        if view.session.phase == Phase.REALISATION:
            message = _("Noch kein Thema, aus dem eine Maßnahme werden kann: weder die Phantasie- noch die "
                        "Kritikphase hat ein aufgedecktes Ergebnis. Mit < zurück, abstimmen (v) und aufdecken (r); "
                        "dann stehen hier die Gewinnerthemen.")
        else:
            message = _("Noch kein Thema und keine Idee: erst sammeln (n) und Themen bilden (g).")
        self.board.notify(message, severity="warning", timeout=10)
        return True

    def _promote(self, kind: ItemKind, source_id: str, title: str, source: str) -> None:
        from workshop.tui.screens.measure_form import MeasureForm

        def saved(measure_id: str | None) -> None:
            if measure_id is not None:
                self.board.notify(_("Maßnahme als Entwurf gespeichert (w zeigt alle)."))

        values = {"title": title, "field_of_action": self.service.measures.suggested_field(kind, source_id)}
        self.app.push_screen(MeasureForm(_("Neue Maßnahme (Entwurf)"), values,
                                         partial(self.service.measures.promote, kind, source_id),
                                         source=source, fields=self._fields_in_use(),
                                         session_date=self.service.read.session().date), saved)

    def _fields_in_use(self) -> list[str]:
        return [measure.field_of_action for measure in self.service.read.measures() if measure.field_of_action]

    def edit(self, measure_id: str) -> None:
        """The measure's form (⏎ on a measure in its column)."""
        from workshop.tui.screens.measures import edit_measure

        edit_measure(self.app, self.service, measure_id)

    def measures(self) -> None:
        """`w`: every measure of the session."""
        from workshop.tui.screens.measures import MeasuresScreen

        self.app.push_screen(MeasuresScreen(self.service))
