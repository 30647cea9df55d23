"""Joining: the QR code as large as it fits, the URL, and the choice of the network interface to advertise."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter
from workshop.tui.widgets.join_url import JoinUrl
from workshop.tui.widgets.qr_code import QRCode


class JoinScreen(LiveScreen):
    """⏎ on an address makes the QR code and the URL use it (unless --public-url fixed the address)."""

    BINDINGS = bindings(Group.JOIN)

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        yield Static(_("Mitmachen: QR-Code scannen oder Adresse eintippen"), classes="screen-title")
        with Horizontal(id="join-main"):
            yield QRCode(id="join-big-qr")
            with Vertical(id="join-side"):
                yield JoinUrl(id="join-big-url")
                yield Static(id="join-server")
                yield Static(_("Netzwerkadresse (⏎ wählt):"), classes="label")
                yield OptionList(id="addresses")
        yield SteadyFooter()

    def on_mount(self) -> None:
        options = self.query_one("#addresses", OptionList)
        for address in self.app.join_addresses():  # only where the server listens
            options.add_option(Option(address, id=address))
        if options.option_count:
            options.highlighted = 0
        options.focus()
        self.reload()

    def on_resize(self) -> None:
        qr = self.query_one(QRCode)
        room = self.query_one("#join-main").size
        qr.doubled = room.width >= qr.cells(doubled=True).width + 30 and room.height >= qr.cells(True).height

    @on(OptionList.OptionSelected, "#addresses")
    def choose(self, event: OptionList.OptionSelected) -> None:
        server = self.app.server
        if server is None:
            self.notify(_("Der Server für die Telefone ist aus."), severity="warning")
            return
        if self.app.public_url:
            self.notify(_("Die Adresse wurde beim Start fest eingestellt; hier lässt sie sich nicht ändern."), severity="warning")
            return
        server.set_address(str(event.option.id))
        self.notify(_("Telefone treten jetzt über {address} bei.").format(address=event.option.id))
        self.app.request_refresh()

    def reload(self) -> None:
        session = self.service.read.session()
        url = self.app.join_url(session)
        self.query_one(QRCode).url = url or ""
        self.query_one("#join-big-url", JoinUrl).url = url or _("(kein Server)")
        count = self.app.phones(session)
        phones = n_("{count} Telefon verbunden", "{count} Telefone verbunden", count).format(count=count)
        self.query_one("#join-server", Static).update(Text(f"{phones}\n{self.app.server_status()}"))
        self.on_resize()
