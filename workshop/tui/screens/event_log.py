"""The event log: what happened when and by whom, for the protocol and for disputes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.display import actor_label, event_details, event_label, local_time
from workshop.tui.screens.live import LiveScreen


class EventLogScreen(LiveScreen):
    """Newest at the bottom; live: new events are appended as they happen."""

    BINDINGS = bindings(Group.EVENT_LOG)

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service
        self.last_seq = 0

    def compose(self) -> ComposeResult:
        yield Static(_("Protokoll: was wann geschah"), classes="screen-title")
        yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Nr."), _("Zeit"), _("Wer"), _("Was"), _("Einzelheiten"))
        self.reload()
        table.focus()

    def _names(self) -> dict[str, str]:
        names = {idea.id: idea.text for idea in self.service.read.ideas()}
        names.update({theme.id: theme.name for theme in self.service.read.themes()})
        names.update({measure.id: measure.title for measure in self.service.read.measures()})
        return names

    def reload(self) -> None:
        events = self.service.read.events_since(self.last_seq, limit=10_000)
        if not events:
            return
        names = self._names()
        table = self.query_one(DataTable)
        for event in events:
            cells = (str(event.seq), local_time(event.at), actor_label(event.actor), event_label(event.kind),
                     event_details(event, names))
            table.add_row(*(Text(cell) for cell in cells), key=str(event.seq))  # never read as markup
        self.last_seq = events[-1].seq
        table.move_cursor(row=table.row_count - 1)
