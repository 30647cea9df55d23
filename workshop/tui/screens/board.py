"""The session's board: phase bar, guiding question, theme columns with their ideas, join panel, new idea.

This module lays the screen out and keeps it live; the keys' actions come from one mixin per concern:
`board_grouping` (ideas and themes), `board_voting`, `board_measures`, `board_navigation` (steps, timer,
other screens), all on `board_base.BoardBase` (service, view, selection, cursor).
"""

from __future__ import annotations

import time
from dataclasses import replace

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from workshop.core.models import Phase, RoundStatus, Step
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.board_model import BoardData, BoardView, Item, build_view, update_board
from workshop.tui.bidi import block
from workshop.tui.screens.board_export import ExportActions
from workshop.tui.screens.board_grouping import GroupingActions
from workshop.tui.screens.board_keys import BOARD_BINDINGS, footer_actions, footer_bindings
from workshop.tui.screens.board_measures import MeasureActions
from workshop.tui.screens.board_navigation import NavigationActions
from workshop.tui.screens.board_sorting import SortingActions
from workshop.tui.screens.board_voting import VotingActions
from workshop.tui.slips import slips_line
from workshop.tui.widgets.board import Board
from workshop.tui.widgets.join_panel import JoinPanel
from workshop.tui.widgets.hint_line import HintLine
from workshop.tui.widgets.phase_bar import PhaseBar
from workshop.tui.widgets.session_header import SessionHeader
from workshop.tui.widgets.sort_panel import SortPanel
from workshop.tui.widgets.text_input import TextInput

FRESH_SECONDS = 2.0  # how long a new idea from a phone stands out
NARROW = 110  # below this width the join panel folds into the header line


class BoardScreen(GroupingActions, SortingActions, VotingActions, MeasureActions, NavigationActions, ExportActions):
    """Everything a facilitator does during a session, by key; each key also in the command palette."""

    AUTO_FOCUS = "ThemeColumn"  # the inbox: one focus change at start, each restyles the whole board
    BINDINGS = BOARD_BINDINGS

    def __init__(self, service: SessionService) -> None:
        super().__init__(service)
        self.data: BoardData | None = None
        self._items: dict = {}
        self.fresh: dict[str, float] = {}
        self._known: set[str] | None = None
        self._known_phase: Phase | None = None
        self._timer_armed = False
        self._taking_part, self._taking_part_read, self._taking_part_seq = 0, float("-inf"), -1
        self._question = ""
        self._footer: list[str] = []

    def compose(self) -> ComposeResult:
        yield SessionHeader(id="header")
        yield PhaseBar(id="phase-bar")
        yield Static(id="question")
        yield HintLine(id="status")
        with Horizontal(id="main"):
            yield Board(id="board")
            yield JoinPanel(id="join")
        yield SortPanel(id="sort")
        yield TextInput(placeholder=_("Neue Idee: n drücken, tippen, ⏎ fügt hinzu · Esc zurück zum Board"),
                        id="new-idea", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows: the keys this step needs (every key still works, see board_keys.py)."""
        return footer_bindings(super().active_bindings, footer_actions(self), self.size.width or 120)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_join_panel()
        self.refresh_bindings()  # the footer shows as many keys as the new width holds
        if self.view is not None and self._question:
            self._question = ""  # the question is wrapped for the width (right-to-left text): anew
            self.reload()

    def fit_join_panel(self) -> None:
        """The join panel beside the board when it fits and is not hidden (`q`), else the URL in the header."""
        # Not a breakpoint class on the screen: changing the screen's classes restyles every column.
        for panel in self.query(JoinPanel):
            panel.display = self.join_shown
        self.tick()

    @property
    def join_shown(self) -> bool:
        return self.size.width >= NARROW and not self.join_hidden

    # ------------------------------------------------------------------ live data

    def reload(self) -> None:
        """Re-read the session and patch the widgets that changed."""
        now = time.monotonic()
        self.fresh = {key: until for key, until in self.fresh.items() if until > now}
        self.data = update_board(self.service, self.data, self.interim)
        view = build_view(self.data, selected=frozenset(self.selected), fresh=frozenset(self.fresh),
                          cache=self._items, numbered=self.sorting, interim=self.interim)
        self._mark_fresh(view, now)
        self.view = view
        session = view.session
        with self.app.batch_update():
            self.query_one(PhaseBar).show(session)
            question = block(f"„{session.question(session.phase)}“", max(20, self.size.width - 2))
            if question != self._question:
                self._question = question
                self.query_one("#question", Static).update(Text(question))
            self.query_one("#status", HintLine).show(_join(self._status_line(view), slips_line(self.service)))
            self.query_one(Board).patch(view)
            self._show_join()
            self.tick()
            if self.sorting:
                self.sync_sort()
        actions = footer_actions(self)
        if actions != self._footer:
            self._footer = actions
            self.refresh_bindings()

    def _mark_fresh(self, view: BoardView, now: float) -> None:
        ids = {item.id for column in view.columns for item in column.items if item.kind == "idea"}
        if self._known is not None and self._known_phase == view.phase:  # a phase change is no arrival
            arrived = [item for column in view.columns for item in column.items
                       if item.id not in self._known and item.from_device]
            if arrived:
                for item in arrived:
                    self.fresh[item.id] = now + FRESH_SECONDS
                self.set_timer(FRESH_SECONDS + 0.05, self.reload)
                for column in view.columns:
                    column.items = [_refreshed(item, item.id in self.fresh) for item in column.items]
        self._known = ids
        self._known_phase = view.phase
        self.selected &= ids

    def tick(self) -> None:
        if self.view is None:
            return
        session = self.view.session
        remaining = self.service.read.timer_remaining(session)
        running = session.timer_started_at is not None
        header = self.query_one(SessionHeader)
        url = self.app.join_url(session)
        address = url.removeprefix("http://") if url and not self.join_shown else ""
        now = time.monotonic()
        seq = self.data.seq if self.data is not None else 0
        # A pass over the ideas and dots: at most once a second, and only after something happened.
        if now - self._taking_part_read >= 1.0 and seq != self._taking_part_seq:
            self._taking_part_read, self._taking_part_seq = now, seq
            self._taking_part = self.service.read.phones_taking_part()
        connected = self.app.phones(session) if self.app.server is not None else None
        header.show(session, self._taking_part, address, connected=connected)
        header.show_timer(remaining, running)
        # Once, when this board sees the time run out: not again on every reopen of an expired timer.
        if running and remaining > 0:
            self._timer_armed = True
        elif running and self._timer_armed:
            self._timer_armed = False
            self.app.bell()
            self.notify(_("Die Zeit für diesen Schritt ist um."), title=_("Timer"), severity="warning", timeout=10)
        else:
            self._timer_armed = False

    def on_board_columns_hidden(self, message: Board.ColumnsHidden) -> None:
        """Say that more columns lie beyond the edges (only ← → reveal them; the join panel may cover one)."""
        parts = [n_("← {count} weitere Spalte", "← {count} weitere Spalten", message.left).format(count=message.left)
                 if message.left else "",
                 n_("→ {count} weitere Spalte", "→ {count} weitere Spalten", message.right).format(count=message.right)
                 if message.right else ""]
        self.query_one("#status", HintLine).show(aside=_join(*parts))

    def _show_join(self) -> None:
        assert self.view is not None
        session = self.view.session
        url = self.app.join_url(session)
        phones = self.app.phones(session)
        status = n_("{count} Telefon verbunden", "{count} Telefone verbunden", phones).format(count=phones)
        self.query_one(JoinPanel).show(url, f"{status}\n{self.app.server_status()}\n" + _("j: Adresse wählen"))

    def _status_line(self, view: BoardView) -> str:
        session, round_ = view.session, view.round
        # No idea count here: this line would then repaint with every idea from a phone, and with it
        # the whole width of the screen down to the inbox (the inbox's title counts its ideas already).
        counts = _("{count} ausgeblendet").format(count=view.hidden_count) if view.hidden_count else ""
        if round_ is not None and round_.is_open:
            # How many phones voted, never how: the counts stay hidden unless the facilitator pressed `z`.
            voters = n_("● Abstimmung läuft · {count} Telefon hat abgestimmt",
                        "● Abstimmung läuft · {count} Telefone haben abgestimmt", view.voters).format(count=view.voters)
            interim = n_("Zwischenstand: {dots} Punkt von Telefonen", "Zwischenstand: {dots} Punkte von Telefonen",
                         view.device_dots).format(dots=view.device_dots) if self.interim else _("z Zwischenstand")
            rules = n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema",
                       round_.budget).format(budget=round_.budget, cap=round_.cap)
            return _join(voters, interim, _("v schließt"), rules)
        if round_ is not None and round_.status == RoundStatus.CLOSED and not round_.revealed:
            closed = _("Abstimmung geschlossen · p Papierpunkte nachtragen · r deckt das Ergebnis auf")
            return _join(closed, counts)
        if session.phase == Phase.REALISATION:
            plan = _("a macht aus dem markierten Thema eine Maßnahme · w alle Maßnahmen · ⏎ bearbeitet")
            return _join(plan, counts)
        if round_ is not None and round_.revealed and session.step == Step.RESULTS:
            hint = _("Ergebnis aufgedeckt · s Rangliste · > weiter")
            if self.can_carry():
                hint += _(" (danach c: Gewinner als Impulse übernehmen)")
            return _join(hint, counts)
        hints = {
            Step.COLLECT: _("Sammeln: n tippt eine Idee ein; Ideen von Telefonen landen in „Unsortiert“"),
            Step.GROUP: _("Gruppieren: ␣ wählt Ideen, g bildet ein Thema, m verschiebt, "
                          "d führt Duplikate zusammen"),
            Step.VOTE: _("Abstimmen: v öffnet die Abstimmung"),
            Step.RESULTS: _("Ergebnis: r deckt auf, s zeigt die Rangliste"),
        }
        return _join(hints.get(session.step, ""), counts)


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _refreshed(item: Item, fresh: bool) -> Item:
    return item if item.fresh == fresh else replace(item, fresh=fresh)
