"""How phones join: the QR code, the join URL as text, the address served on, phones connected."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from workshop import qr
from workshop.i18n import _
from workshop.tui.widgets.join_url import JoinUrl
from workshop.tui.widgets.qr_code import QRCode

MIN_WIDTH = 30


class JoinPanel(Vertical):
    """Beside the board at full width; folded into the header line on small terminals."""

    DEFAULT_CSS = f"""
    JoinPanel {{ width: auto; min-width: {MIN_WIDTH}; height: 1fr; border: round $success 60%; padding: 0 1; }}
    JoinPanel QRCode {{ margin: 0 0 1 0; }}
    JoinPanel Static {{ width: 100%; }}
    JoinPanel #join-status {{ color: $text-muted; }}
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = _("Mitmachen")
        self._shown: tuple[str, str] | None = None

    @staticmethod
    def expected_width(url: str | None) -> int:
        """The panel's width before it is laid out: its QR code, padding and border, at least its min-width."""
        return max(MIN_WIDTH, (qr.side(url) if url else 0) + 4)

    def compose(self) -> ComposeResult:
        yield QRCode(id="join-qr")
        yield JoinUrl(id="join-url")
        yield Static(id="join-status")

    def show(self, url: str | None, status: str) -> None:
        qr = self.query_one(QRCode)
        if qr.url != (url or ""):
            qr.url = url or ""
        shown = (url or _("(kein Server)"), status)
        if shown != self._shown:
            self._shown = shown
            self.query_one(JoinUrl).url = shown[0]
            self.query_one("#join-status", Static).update(Text(shown[1]))
