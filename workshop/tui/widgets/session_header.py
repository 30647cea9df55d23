"""The top line: session, date and venue on the left; the join address, phones and the timer right.

At 80 columns not everything fits: the timer (and its "time is up") always shows, then the phone count;
the title gives way first, then the address, each cut with an ellipsis and never touching its neighbour.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from workshop.core.formatting import german_date
from workshop.core.models import Session
from workshop.i18n import _, n_
from workshop.tui.display import clock, visual


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
    url: reactive[str] = reactive("", layout=False)
    live: reactive[str] = reactive("", layout=False)
    timer: reactive[Text] = reactive(Text, layout=False)

    def show(self, session: Session, phones: int, url: str = "", *, connected: int | None = None) -> None:
        """`phones`: the phones that took part; `connected`: those connected right now (with a server);
        `url`: the join address, when the join panel is folded away."""
        parts = [visual(session.title)]
        if "werkstatt" not in session.title.casefold():
            parts.append(_("Zukunftswerkstatt"))
        parts.append(german_date(session.date))
        if session.venue:
            parts.append(visual(session.venue))
        self.title = " · ".join(parts)
        live = n_("▣ {count} Telefon", "▣ {count} Telefone", phones).format(count=phones)
        if connected is not None:
            live += " · " + n_("{count} verbunden", "{count} verbunden", connected).format(count=connected)
        self.url = url
        self.live = live

    def show_timer(self, remaining: float, running: bool) -> None:
        text = timer_text(remaining, running)
        if text != self.timer:
            self.timer = text

    def render(self) -> Text:
        return header_line(self.size.width, Text(self.title, style="bold"), Text(self.url), Text(self.live),
                           self.timer)


GAP = 3  # cells between the parts of the header
MIN_GAP = 2  # … when the line is tight
MIN_PART = 6  # a part cut shorter than this says nothing any more: it goes


def header_line(width: int, title: Text, url: Text, live: Text, timer: Text) -> Text:
    """The header in `width` cells: title left, the rest right; the title gives way first, then the address,
    then the phone count; the timer never does."""
    parts = [part.copy() for part in (title, url, live)]
    timer = timer.copy()
    shown = [part for part in (*parts, timer) if part.cell_len]
    gap = GAP if sum(part.cell_len for part in shown) + GAP * (len(shown) - 1) <= width else MIN_GAP
    for part in parts:  # in the order they give way
        shown = [other for other in (*parts, timer) if other.cell_len]
        excess = sum(other.cell_len for other in shown) + gap * (len(shown) - 1) - width
        if excess <= 0:
            break
        if part.cell_len - excess < MIN_PART:
            part.truncate(0)
        else:
            part.truncate(part.cell_len - excess, overflow="ellipsis")
    left, *right = [part for part in (*parts, timer) if part.cell_len] or [Text()]
    if left is not parts[0]:  # no title left: everything goes to the right
        left, right = Text(), [left, *right]
    right_text = Text(" " * gap).join(right)
    fill = max(gap if left.cell_len and right else 0, width - left.cell_len - right_text.cell_len)
    line = Text.assemble(left, " " * fill, right_text, no_wrap=True, overflow="ellipsis")
    line.truncate(width)
    return line
