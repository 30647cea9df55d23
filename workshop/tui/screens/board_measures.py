"""The board's keys for measures: promote a theme or an idea to a draft measure, edit one, list them all."""

from __future__ import annotations

from functools import partial

from textual import on

from workshop.core.models import ItemKind
from workshop.i18n import _
from workshop.tui.board_model import MEASURES
from workshop.tui.screens.board_base import BoardBase
from workshop.tui.widgets.board import ThemeColumn


class MeasureActions(BoardBase):
    """Winning themes become draft measures for the plan (the realisation phase)."""

    def action_promote(self) -> None:
        column = self.current_column()
        if column is not None and column.key == MEASURES:
            item = column.highlighted_id
            if item:
                self._edit_measure(item)
            return
        if column is not None and column.theme is not None:
            theme = column.theme
            self._promote(ItemKind.THEME, theme.id, theme.name, _("Aus dem Thema „{name}“").format(name=theme.name))
        else:
            self.action_promote_idea()

    def action_promote_idea(self) -> None:
        idea_id = self.marked_idea()
        if idea_id is None:
            return
        idea = self.service.read.idea(idea_id)
        self._promote(ItemKind.IDEA, idea.id, idea.text, _("Aus der Idee „{text}“").format(text=idea.text))

    def _promote(self, kind: ItemKind, source_id: str, title: str, source: str) -> None:
        from workshop.tui.screens.measure_form import MeasureForm

        def saved(measure_id: str | None) -> None:
            if measure_id is not None:
                self.notify(_("Maßnahme als Entwurf gespeichert (w zeigt alle)."))

        values = {"title": title, "field_of_action": self.service.measures.suggested_field(kind, source_id)}
        self.app.push_screen(MeasureForm(_("Neue Maßnahme (Entwurf)"), values,
                                         partial(self.service.measures.promote, kind, source_id),
                                         source=source, fields=self._fields_in_use()), saved)

    def _fields_in_use(self) -> list[str]:
        return [measure.field_of_action for measure in self.service.read.measures() if measure.field_of_action]

    def action_measures(self) -> None:
        from workshop.tui.screens.measures import MeasuresScreen

        self.app.push_screen(MeasuresScreen(self.service))

    @on(ThemeColumn.OptionSelected)
    def open_item(self, event: ThemeColumn.OptionSelected) -> None:
        column = event.option_list
        if isinstance(column, ThemeColumn) and column.key == MEASURES and event.option.id:
            self._edit_measure(event.option.id)
