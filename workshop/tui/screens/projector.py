"""The projector view (Beamer) in the terminal: the core's projector model (`core/projector.py`), drawn large.

It shows what the browser projector page shows, from the same model: never a count per item before
the reveal, never a hidden idea. The question and the winner are in large type when they fit; the join
code while phones join; bars sized to the width they get after layout, on every resize. `.` blanks it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from workshop.core.projector import ProjectorView, Scene, projector_view
from workshop.core.room import room_of
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.actions import Group, bindings
from workshop.tui.display import clock, visual
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.join_url import JoinUrl
from workshop.tui.widgets.large_text import LargeText
from workshop.tui.widgets.phase_bar import NUMBERS
from workshop.tui.widgets.qr_code import QRCode
from workshop.tui.widgets.ranking_bars import RankingBars

SIDE_MIN = 30  # the column beside the QR code needs at least this many cells, or the code gives way to the URL
SIDE_LARGE = 60  # the code is drawn twice as large only if the question keeps this much room for large type
FIXED_ROWS = 12  # heading and timer, task, URL and counts: what the large question must leave room for


class ProjectorScreen(LiveScreen):
    """`b` or Esc returns to the board."""

    BINDINGS = bindings(Group.PROJECTOR)
    # The laptop may be mirrored to the beamer: the facilitator's notices wait until the board is back
    # (the app holds them), and those already up when `b` was pressed are not drawn here (the rack sets its own
    # `display`, so it is its toasts that are hidden).
    DEFAULT_CSS = """
    ProjectorScreen ToastHolder { display: none; }
    """
    holds_notices = True

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service
        self.view: ProjectorView | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="p-main"):
            yield QRCode(id="p-qr")
            with Vertical(id="p-info"):
                with Horizontal(id="p-top"):
                    yield Static(id="p-phase")
                    yield Digits("00:00", id="p-timer")
                yield LargeText(id="p-question")
                yield Static(id="p-task")
                yield JoinUrl(id="p-url")
                yield Static(id="p-counts")
                yield Static(id="p-detail")
                yield LargeText(id="p-winner")
                yield RankingBars(id="p-ranking")

    def on_mount(self) -> None:
        self.reload()

    def on_screen_suspend(self) -> None:
        self.app.call_later(self.app.release_notices)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def reload(self) -> None:
        view = self.view = projector_view(self.service.read, blank=room_of(self.app.home).blank)
        self.set_class(view.blank, "-blank")
        if view.blank:
            return
        self.query_one("#p-phase", Static).update(Text(f"{NUMBERS[view.phase]} {view.heading}", style="bold"))
        self.query_one("#p-question", LargeText).text = quoted(str(view.question))
        self.query_one("#p-task", Static).update(Text(visual(str(view.task))))
        url = self.app.join_url(self.service.read.session()) if view.show_join else None
        self.query_one(QRCode).url = url or ""
        self.query_one("#p-url", JoinUrl).url = url or ""
        self.query_one("#p-counts", Static).update(Text(str(view.counts)))
        detail = _detail(view, measures=max(1, (self.size.height - 20) // 2))
        self.query_one("#p-detail", Static).update(detail)
        winners = [row for row in view.ranking if row.rank == 1 and row.dots > 0]
        self.query_one("#p-winner", LargeText).text = "1. " + ", ".join(row.label for row in winners) if winners else ""
        self.query_one(RankingBars).rows = view.ranking
        for widget_id, shown in (("#p-url", bool(url)), ("#p-counts", view.show_counts), ("#p-winner", bool(winners)),
                                 ("#p-ranking", bool(view.ranking)), ("#p-detail", bool(detail.plain))):
            self.query_one(widget_id).display = shown
        self._fit()
        self.tick()

    def _fit(self) -> None:
        """Large type and the doubled code where the terminal has room; the QR only where it fits at all."""
        if self.view is None or self.view.blank:
            return
        size = self.size
        qr = self.query_one(QRCode)
        small, big = qr.cells(doubled=False), qr.cells(doubled=True)
        fits = bool(qr.url) and size.width >= small.width + 2 + SIDE_MIN and size.height >= small.height
        qr.display = fits
        qr.doubled = fits and size.width >= big.width + 2 + SIDE_LARGE and size.height >= big.height
        room = max(0, size.height - FIXED_ROWS)
        # With a ranking, measures or themes below it, the question leaves them most of the screen.
        crowded = bool(self.view.ranking or self.view.measures or self.view.themes)
        self.query_one("#p-question", LargeText).max_rows = room * 2 // 5 if crowded else room
        self.query_one("#p-winner", LargeText).max_rows = 8 if size.height >= 30 else 0

    def tick(self) -> None:
        if self.view is None or self.view.blank:
            return
        session = self.service.read.session()
        remaining = self.service.read.timer_remaining(session)
        timer = self.query_one("#p-timer", Digits)
        timer.update(clock(remaining))
        timer.set_class(session.timer_started_at is not None and remaining <= 0, "-expired")


def quoted(question: str) -> str:
    """Typographic quotes around the question (large type shapes right-to-left text itself)."""
    return f"„{question}“"


def _detail(view: ProjectorView, *, measures: int) -> Text:
    """The scene's own part: the themes forming, the impulses from the critique, or the draft measures."""
    text = Text()
    if view.scene == Scene.GROUP and view.themes:
        for index, theme in enumerate(view.themes):
            if index:
                text.append("   ")
            text.append(f"■ {visual(theme.name)}", style="bold")
            text.append(f" ({theme.ideas})")
        if view.unsorted:
            text.append("\n" + n_("{count} Idee noch unsortiert", "{count} Ideen noch unsortiert",
                                  view.unsorted).format(count=view.unsorted), style="dim")
    elif view.scene == Scene.COLLECT and view.prompts:
        text.append(_("Impulse aus der Kritik: {themes}").format(themes=" · ".join(visual(p) for p in view.prompts)))
    elif view.scene == Scene.MEASURES:
        if not view.measures:
            text.append(_("Noch keine Maßnahmen."), style="dim")
        for index, measure in enumerate(view.measures[:measures]):
            if index:
                text.append("\n")
            text.append(f"■ {visual(measure.title)}\n", style="bold")
            facts = [str(measure.field_of_action), str(measure.timeframe), measure.responsible]
            if measure.support is not None:
                facts.append(n_("{count} Punkt", "{count} Punkte", measure.support).format(count=measure.support))
            text.append("  " + visual(" · ".join(fact for fact in facts if fact)), style="dim")
            if measure.helpers.message:  # sign-ups are counted live: „7 machen mit, 2 Organisationen“
                text.append("\n  " + str(measure.helpers), style="bold")
        more = view.more_measures + max(0, len(view.measures) - measures)
        if more:
            text.append("\n" + _("und {count} weitere").format(count=more), style="dim")
    return text
