"""The top line: session, date and venue on the left; phones connected and the step's timer on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from workshop.core.models import Session
from workshop.i18n import _
from workshop.tui.display import clock, visual


def short_date(date: str) -> str:
    """`2016-11-24` → `24.11.2016`."""
    parts = date.split("-")
    return f"{parts[2]}.{parts[1]}.{parts[0]}" if len(parts) == 3 else date


def timer_text(remaining: float, running: bool) -> Text:
    if running and remaining <= 0:
        return Text(" ⏰ " + _("Zeit ist um!") + " ", style="bold white on red")
    return Text(("⏱ " if running else "⏸ ") + clock(remaining), style="bold" if running else "dim")


class SessionHeader(Horizontal):
    """Title line of the board; `show()` sets every part at once."""

    DEFAULT_CSS = """
    SessionHeader { height: 1; background: $primary-background; }
    SessionHeader #title { width: 1fr; text-style: bold; padding: 0 1; }
    SessionHeader #live { width: auto; padding: 0 1; }
    SessionHeader #clock { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="live")
        yield Static(id="clock")

    def show(self, session: Session, phones: int, extra: str = "") -> None:
        parts = [visual(session.title)]
        if "werkstatt" not in session.title.casefold():
            parts.append(_("Zukunftswerkstatt"))
        parts.append(short_date(session.date))
        if session.venue:
            parts.append(visual(session.venue))
        self.query_one("#title", Static).update(" · ".join(parts))
        live = _("▣ {count} Telefone").format(count=phones)
        self.query_one("#live", Static).update(f"{extra}   {live}" if extra else live)

    def show_timer(self, remaining: float, running: bool) -> None:
        self.query_one("#clock", Static).update(timer_text(remaining, running))
