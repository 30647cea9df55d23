"""The event log: what happened when and by whom, for the protocol and for disputes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from workshop.core.events import EventKind
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.display import actor_label, local_time, log_line
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter

INTERIM_WARNING = _("Zwischenstand sichtbar — nur für Sie: nicht auf den Beamer spiegeln. z auf dem Board blendet "
                    "ihn aus.")


class EventLogScreen(LiveScreen):
    """Newest at the bottom; live: new events are appended as they happen.

    A phone's dots in a round not yet revealed read „Punkte gesetzt“, without item or count; with the
    board's `z` (`interim`) they show in full, under the same warning as the board's. A reveal re-writes
    the lines of its round.
    """

    BINDINGS = bindings(Group.EVENT_LOG)
    DEFAULT_CSS = "EventLogScreen .warning { color: $warning; padding: 0 1; }"

    def __init__(self, service: SessionService, *, interim: bool = False) -> None:
        super().__init__()
        self.service = service
        self.interim = interim
        self.last_seq = 0

    def compose(self) -> ComposeResult:
        yield Static(_("Protokoll: was wann geschah"), classes="screen-title")
        if self.interim:
            yield Static(INTERIM_WARNING, classes="warning")
        yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

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
        table = self.query_one(DataTable)
        if self.last_seq and not self.interim and any(event.kind == EventKind.ROUND_REVEALED for event in events):
            table.clear()  # a reveal: its round's lines are written again, in full
            self.last_seq = 0
            events = self.service.read.events_since(0, limit=10_000)
        names = self._names()
        unrevealed = set() if self.interim else {round_.id for round_ in self.service.read.rounds()
                                                 if not round_.revealed}
        for event in events:
            what, details = log_line(event, names, unrevealed)
            cells = (str(event.seq), local_time(event.at), actor_label(event.actor), what, details)
            table.add_row(*(Text(cell) for cell in cells), key=str(event.seq))  # never read as markup
        self.last_seq = events[-1].seq
        table.move_cursor(row=table.row_count - 1)
