"""„Können Telefone mich erreichen?“ (`i`): the laptop's addresses, where the server answers, advice, and the
real test — a phone that loads the join page shows „Testtelefon verbunden ✓“ here."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from workshop.core.room import PageLoad
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.reach import Listening
from workshop.reach.check import FINAL_TEST, Report, check, report_lines
from workshop.tui.display import local_time
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter
from workshop.tui.widgets.qr_code import QRCode


class ReachScreen(LiveScreen):
    """Checks in a worker thread (connecting takes a moment); Esc or `i` returns."""

    BINDINGS = bindings(Group.REACH)
    DEFAULT_CSS = """
    ReachScreen #reach-main { height: 1fr; padding: 0 1; }
    ReachScreen #reach-qr { margin-right: 2; }
    ReachScreen #reach-side { width: 1fr; }
    ReachScreen #reach-phone { text-style: bold; margin-top: 1; }
    ReachScreen #reach-phone.-arrived { color: $success; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.opened_at = time.time()
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Können Telefone mich erreichen?"), classes="screen-title")
        with Horizontal(id="reach-main"):
            yield QRCode(id="reach-qr")
            with VerticalScroll(id="reach-side"):
                yield Static(_("Prüfe die Adressen dieses Laptops …"), id="reach-report")
                yield Static(Text(FINAL_TEST), id="reach-test")
                yield Static(_("Warte auf ein Testtelefon …"), id="reach-phone")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.reload()
        server = self.app.server
        if server is None or not self.app.server_running:
            self.query_one("#reach-report", Static).update(Text(self.app.server_status()))
            return
        service = self.app.service
        listening = Listening(server.host, server.port, server.base_url, public_url=bool(self.app.public_url))
        slug = service.read.session().slug if service is not None else None
        self.run_worker(lambda: self._check(listening, slug), thread=True, name="reach-check", exit_on_error=False)

    def _check(self, listening: Listening, slug: str | None) -> None:
        report = check(listening, session=slug)
        self.app.call_from_thread(self._show, report)

    def _show(self, report: Report) -> None:
        self.report = report
        self.query_one("#reach-report", Static).update(Text("\n".join(report_lines(report))))

    def reload(self) -> None:
        service = self.app.service
        url = self.app.join_url(service.read.session()) if service is not None else None
        self.query_one(QRCode).url = url or ""

    def phone_arrived(self, load: PageLoad | None) -> None:
        """Called by the app when a phone loaded a join page (the room said so)."""
        if load is None or load.at < self.opened_at:
            return
        status = self.query_one("#reach-phone", Static)
        status.update(Text(_("Testtelefon verbunden ✓ ({time})").format(time=local_time_of(load.at))))
        status.add_class("-arrived")


def local_time_of(at: float) -> str:
    from datetime import UTC, datetime

    return local_time(datetime.fromtimestamp(at, UTC).isoformat())
