"""The session's draft measures: a table to review, ⏎ edits one in the form, Entf deletes."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from workshop.core.models import TIMEFRAME_LABELS, Timeframe
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.display import visual
from workshop.tui.screens.dialogs import ConfirmDialog
from workshop.tui.screens.live import LiveScreen
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.signups import delete_warning, signup_cell, signup_names
from workshop.tui.widgets.footer import SteadyFooter


TITLE_MIN = 24  # cells a measure's title keeps in the list however narrow the terminal
BESIDE_TITLE = 58  # cells left for the support, field of action and time frame beside the title


def edit_measure(app: App, service: SessionService, measure_id: str) -> None:
    measure = service.read.measure(measure_id)
    values = {"title": measure.title, "goal": measure.goal, "description": measure.description,
              "field_of_action": measure.field_of_action,
              "timeframe": measure.timeframe, "cost_eur": measure.cost_eur, "target_year": measure.target_year,
              "funding": measure.funding, "responsible": measure.responsible, "partners": measure.partners,
              "status": measure.status}
    app.push_screen(MeasureForm(_("Maßnahme bearbeiten"), values,
                                partial(service.measures.update, measure_id),
                                session_date=service.read.session().date))


def euro(value: int | None) -> str:
    from workshop.core.formatting import euros
    return euros(value, unit="€", missing="")


def _shown(support: int | None) -> str:
    return "–" if support is None else str(support)


class MeasuresScreen(LiveScreen):
    BINDINGS = bindings(Group.MEASURES)

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Static(_("Maßnahmen dieser Sitzung (Entwürfe für den Plan)"), classes="screen-title")
        yield DataTable(id="measures", cursor_type="row", zebra_stripes=True)
        yield Static(id="signups", classes="signups")  # who signed up for the measure under the cursor
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The support right after the title: on 80 columns the columns beyond the screen's edge were cut.
        table.add_columns(_("Titel"), _("Punkte"), _("Mitmachen"), _("Handlungsfeld"), _("Zeitraum"), _("Kosten"), _("Zuständig"),
                          _("Status"))
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        title_room = max(TITLE_MIN, self.app.size.width - BESIDE_TITLE)
        signed = self.service.read.signup_counts()
        support = self.service.read.public_support()  # no count from a vote that was never revealed
        for measure in self.service.read.measures():
            timeframe = TIMEFRAME_LABELS.get(Timeframe(measure.timeframe), "") if measure.timeframe else ""
            if measure.target_year:
                timeframe = f"{timeframe} ({measure.target_year})".strip()
            cells = [Text(cell) for cell in (visual(measure.title), _shown(support.get(measure.id)),
                                             signup_cell(signed.get(measure.id)), measure.field_of_action,
                                             timeframe, euro(measure.cost_eur), visual(measure.responsible),
                                             measure.status)]  # Text: never read as markup
            cells[0].truncate(title_room, overflow="ellipsis")  # a long title leaves the next columns their room
            table.add_row(*cells, key=measure.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_signups()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_signups()

    def _show_signups(self) -> None:
        """The names and roles of the people signed up for the highlighted measure: the facilitator's eyes only."""
        table = self.query_one(DataTable)
        measure_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        self.query_one("#signups", Static).update(signup_names(self.service, measure_id))

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify(_("Noch keine Maßnahmen: a auf einem Thema im Board legt eine an."), severity="warning")
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_edit(self) -> None:
        measure_id = self._current()
        if measure_id:
            edit_measure(self.app, self.service, measure_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            edit_measure(self.app, self.service, event.row_key.value)

    def action_delete(self) -> None:
        measure_id = self._current()
        if not measure_id:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.attempt(self.service.measures.delete, measure_id)

        self.app.push_screen(ConfirmDialog(_("Maßnahme löschen?"), delete_warning(self.service, measure_id)), done)
