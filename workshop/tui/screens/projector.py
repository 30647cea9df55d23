"""The projector view (Beamer): what the room may see — phase, question, task, timer, QR, results after reveal."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from workshop.core.models import Phase, Step
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.board_model import board_phase, task_sentence
from workshop.tui.display import clock, visual
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.phase_bar import NUMBERS
from workshop.tui.widgets.qr_code import QRCode
from workshop.tui.widgets.result_bars import result_text

INFO_WIDTH = 34  # the column beside the QR code: timer, counts, URL


class ProjectorScreen(LiveScreen):
    """Never shows live counts before reveal, nor hidden ideas; `b` or Esc returns to the board."""

    BINDINGS = [Binding("b,escape", "app.pop_screen", _("Zurück zum Board"))]

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with Horizontal(id="p-main"):
            yield QRCode(id="p-qr")
            with Vertical(id="p-info"):
                yield Static(id="p-phase")
                yield Static(id="p-question")
                yield Static(id="p-task")
                yield Digits("00:00", id="p-timer")
                yield Static(id="p-counts")
                yield Static(id="p-url")
                yield Static(id="p-results")

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self._fit_qr()

    def _fit_qr(self) -> None:
        qr = self.query_one(QRCode)
        room = self.query_one("#p-main").size
        big = qr.cells(doubled=True)
        qr.doubled = room.width >= big.width + INFO_WIDTH and room.height >= big.height

    def reload(self) -> None:
        session = self.service.session()
        round_ = self.service.current_round()
        if round_ is not None and round_.phase != session.phase:
            round_ = None
        step = "" if session.phase == Phase.REALISATION else f" — {session.step.label}"
        self.query_one("#p-phase", Static).update(Text(f"{NUMBERS[session.phase]} {session.phase.label}{step}"))
        self.query_one("#p-question", Static).update(Text(f"„{visual(session.question())}“"))
        task = task_sentence(session, round_)
        prompts = [theme.name for theme in self.service.themes(Phase.FANTASY) if theme.source_theme_id]
        if session.phase == Phase.FANTASY and session.step == Step.COLLECT and prompts:
            task += "\n" + _("Impulse aus der Kritik: {themes}").format(themes=" · ".join(visual(p) for p in prompts))
        self.query_one("#p-task", Static).update(Text(task))
        url = self.app.join_url(session)
        self.query_one(QRCode).url = url or ""
        self.query_one("#p-url", Static).update(Text(url or ""))
        phase = board_phase(session)  # in realisation: the fantasy phase's ideas, which the measures come from
        ideas = len(self.service.ideas(phase, visible_only=True))
        phones = self.app.phones(session)
        self.query_one("#p-counts", Static).update(Text(" · ".join((
            n_("{count} Idee", "{count} Ideen", ideas).format(count=ideas),
            n_("{count} Telefon", "{count} Telefone", phones).format(count=phones)))))
        results = self.query_one("#p-results", Static)
        if round_ is not None and round_.revealed:
            results.update(result_text(self.service.results(round_.id), max(30, self.query_one("#p-info").size.width),
                                       split=False, limit=8))
        else:
            results.update("")
        self._fit_qr()
        self.tick()

    def tick(self) -> None:
        session = self.service.session()
        remaining = self.service.timer_remaining(session)
        timer = self.query_one("#p-timer", Digits)
        timer.update(clock(remaining))
        timer.set_class(session.timer_started_at is not None and remaining <= 0, "-expired")
