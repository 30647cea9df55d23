"""A round's ranked results with bars (the facilitator's view: phones' and paper dots apart)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter
from workshop.tui.widgets.result_bars import result_text
from workshop.tui.widgets.text_lines import TextLines


class ResultsScreen(LiveScreen):
    """Live while the round is open; Esc returns to the board."""

    BINDINGS = bindings(Group.RESULTS)

    def __init__(self, service: SessionService, round_id: str, *, interim: bool = False) -> None:
        super().__init__()
        self.service = service
        self.round_id = round_id
        self.interim = interim  # the board's `z`: counts before the reveal, for the facilitator alone
        self._width = 0  # the width the bars were drawn for

    def compose(self) -> ComposeResult:
        yield Static(id="results-title", classes="screen-title")
        yield TextLines(id="results")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.reload()

    @property
    def _room(self) -> int:
        return max(40, self.size.width - 4)

    def on_resize(self) -> None:
        if self._room != self._width:  # the first resize follows the mount: drawn already
            self.reload()

    def reload(self) -> None:
        self._width = self._room
        round_ = self.service.read.round(self.round_id)
        state = _("aufgedeckt") if round_.revealed else (_("läuft") if round_.is_open else _("geschlossen, "
                                                                                             "noch nicht aufgedeckt"))
        self.query_one("#results-title", Static).update(Text(
            _("Ergebnis der Abstimmung {number} ({phase}) — {state}").format(
                number=round_.number, phase=round_.phase.label, state=state)))
        if not (round_.revealed or self.interim):  # a mirrored laptop must not show them before the reveal
            hint = Text(_("Das Ergebnis ist noch nicht aufgedeckt. r auf dem Board deckt es auf; z zeigt den "
                          "Zwischenstand nur Ihnen (nicht auf den Beamer spiegeln)."))
            self.query_one("#results", TextLines).update(Text("\n").join(hint.wrap(self.app.console, self._width)))
            return
        self.query_one("#results", TextLines).update(result_text(self.service.read.results(self.round_id), self._width))
