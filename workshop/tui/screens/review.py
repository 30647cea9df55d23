"""A review session's measures (`R` on the board): the plan's measures by field, with the room's remarks.

Before the review opens the facilitator hides what the room should not discuss (`h`); during it `u` sets the
status the room agreed on for the focused measure (the plan gets it through `werkstatt plan merge`), and `K`
takes its remarks into the critique as ideas. The dots show once the priority round is revealed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from workshop.core.models import MEASURE_STATUS_LABELS, MeasureStatus, Phase, Step
from workshop.core.review import ReviewItem
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.display import visual
from workshop.tui.screens.dialogs import ChoiceDialog
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter

NO_STATUS = "-"


class ReviewScreen(LiveScreen):
    BINDINGS = bindings(Group.REVIEW)

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Static(_("Rückblick: die Maßnahmen des Plans"), classes="screen-title")
        yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
        yield Static(id="review-hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Handlungsfeld"), _("Titel"), _("Status"), _("Zieljahr"), _("Punkte"), _("Anmerkungen"),
                          _("Neuer Status"))
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        remarks = self.service.review.remarks()
        taken = self.service.review.taken()
        dots = self._dots()
        for item in self.service.review.items():
            waiting = [remark for remark in remarks.get(item.id, []) if remark.id not in taken]
            cells = [visual(item.field_of_action), visual(item.title), _label(item.status),
                     str(item.target_year or ""), "" if dots is None else str(dots.get(item.id, 0)),
                     f"{len(remarks.get(item.id, []))}" + (f" ({len(waiting)} neu)" if waiting else ""),
                     _label(item.new_status or "")]
            if item.hidden:
                cells[1] = f"{cells[1]} — {_('ausgeblendet')}"
            table.add_row(*[Text(cell, style="dim" if item.hidden else "") for cell in cells], key=item.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        session = self.service.read.session()
        preparing = (session.phase, session.step) == (Phase.REVIEW, Step.PREPARE)
        self.query_one("#review-hint", Static).update(
            _("h blendet eine Maßnahme aus, bevor der Rückblick beginnt (> öffnet ihn für die Telefone).")
            if preparing else _("u setzt den Status, K übernimmt die Anmerkungen als Ideen in die Kritik."))

    def _dots(self) -> dict[str, int] | None:
        round_ = next((round_ for round_ in reversed(self.service.read.rounds()) if round_.phase == Phase.REVIEW
                       and round_.revealed), None)
        if round_ is None:
            return None
        return {row.item_id: row.total for row in self.service.read.results(round_.id)}

    def _current(self) -> ReviewItem | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((item for item in self.service.review.items() if item.id == key), None)

    def action_hide(self) -> None:
        item = self._current()
        if item is not None:
            self.app.attempt(self.service.review.show if item.hidden else self.service.review.hide, item.id)

    def action_status(self) -> None:
        item = self._current()
        if item is None:
            return
        choices = [(str(status), str(status.label)) for status in MeasureStatus]
        choices.append((NO_STATUS, _("keinen Status setzen")))

        def chosen(key: str | None) -> None:
            if key is not None:
                self.app.attempt(self.service.review.set_status, item.id, None if key == NO_STATUS else key)

        self.app.push_screen(ChoiceDialog(_("Status für „{title}“").format(title=item.title), choices), chosen)

    def action_take_remarks(self) -> None:
        item = self._current()
        if item is None:
            return
        made = self.app.attempt(self.service.review.take_remarks, item.id)
        if made:
            self.notify(_("{count} Anmerkungen als Ideen in die Kritik übernommen.").format(count=len(made)))


def _label(status: str) -> str:
    parsed = MeasureStatus.parse(status) if status else None
    return str(MEASURE_STATUS_LABELS[parsed]) if parsed else ""
