"""The top line: session, date and venue on the left; phones that took part, those connected and the timer right."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from workshop.core.models import Session
from workshop.i18n import _, n_
from workshop.tui.display import clock, visual


def short_date(date: str) -> str:
    """`2016-11-24` → `24.11.2016`."""
    parts = date.split("-")
    return f"{parts[2]}.{parts[1]}.{parts[0]}" if len(parts) == 3 else date


def timer_text(remaining: float, running: bool) -> Text:
    if running and remaining <= 0:
        return Text(" ⏰ " + _("Zeit ist um!") + " ", style="bold white on red")
    return Text(("⏱ " if running else "⏸ ") + clock(remaining), style="bold" if running else "dim")


class SessionHeader(Widget):
    """Title line of the board; it only repaints (no layout) when the clock or the phone count changes."""

    DEFAULT_CSS = """
    SessionHeader { height: 1; width: 1fr; background: $primary-background; padding: 0 1; }
    """

    title: reactive[str] = reactive("", layout=False)
    live: reactive[str] = reactive("", layout=False)
    timer: reactive[Text] = reactive(Text, layout=False)

    def show(self, session: Session, phones: int, extra: str = "", *, connected: int | None = None) -> None:
        """`phones`: the phones that took part; `connected`: those connected right now (with a server)."""
        parts = [visual(session.title)]
        if "werkstatt" not in session.title.casefold():
            parts.append(_("Zukunftswerkstatt"))
        parts.append(short_date(session.date))
        if session.venue:
            parts.append(visual(session.venue))
        self.title = " · ".join(parts)
        live = n_("▣ {count} Telefon", "▣ {count} Telefone", phones).format(count=phones)
        if connected is not None:
            live += " · " + n_("{count} verbunden", "{count} verbunden", connected).format(count=connected)
        self.live = f"{extra}   {live}" if extra else live

    def show_timer(self, remaining: float, running: bool) -> None:
        text = timer_text(remaining, running)
        if text != self.timer:
            self.timer = text

    def render(self) -> Text:
        right = Text.assemble(self.live, "   ", self.timer)
        room = max(0, self.size.width - right.cell_len - 2)
        left = Text(self.title, style="bold")
        left.truncate(room, overflow="ellipsis")
        return Text.assemble(left, " " * (self.size.width - left.cell_len - right.cell_len), right, no_wrap=True)
