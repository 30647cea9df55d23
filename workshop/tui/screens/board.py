"""The session's board: phase bar, guiding question, theme columns with their ideas, join panel, new idea.

This module lays the screen out and keeps it live; the keys' actions come from one mixin per concern:
`board_grouping` (ideas and themes), `board_voting`, `board_measures`, `board_navigation` (steps, timer,
other screens), all on `board_base.BoardBase` (service, view, selection, cursor).
"""

from __future__ import annotations

import gc
import time
from dataclasses import replace

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Static

from workshop.core.models import Phase, RoundStatus, Step
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.board_model import BoardData, BoardView, Item, build_view, update_board
from workshop.tui.display import visual
from workshop.tui.screens.board_grouping import GroupingActions
from workshop.tui.screens.board_measures import MeasureActions
from workshop.tui.screens.board_navigation import NavigationActions
from workshop.tui.screens.board_voting import VotingActions
from workshop.tui.slips import slips_line
from workshop.tui.widgets.board import Board
from workshop.tui.widgets.join_panel import JoinPanel
from workshop.tui.widgets.line import Line
from workshop.tui.widgets.phase_bar import PhaseBar
from workshop.tui.widgets.session_header import SessionHeader

FRESH_SECONDS = 2.0  # how long a new idea from a phone stands out
NARROW = 110  # below this width the join panel folds into the header line


class BoardScreen(GroupingActions, VotingActions, MeasureActions, NavigationActions):
    """Everything a facilitator does during a session, by key; each key also in the command palette."""

    AUTO_FOCUS = "ThemeColumn"  # the inbox: one focus change at start, each restyles the whole board
    BINDINGS = [
        Binding("f1", "app.help", _("Hilfe"), key_display="?", tooltip=_("Alle Tasten und der Ablauf einer Sitzung.")),
        Binding("n", "new_idea", _("Idee"), tooltip=_("Eine neue Idee eintippen (⏎ fügt hinzu).")),
        Binding("space", "toggle_select", _("Auswahl"), key_display="␣",
                tooltip=_("Die markierte Idee aus- oder abwählen.")),
        Binding("g", "group", _("Thema bilden"), tooltip=_("Aus den ausgewählten Ideen ein neues Thema machen.")),
        Binding("m", "move", _("Verschieben"), tooltip=_("Ausgewählte Ideen in ein Thema verschieben.")),
        Binding("e", "edit", _("Bearbeiten"), tooltip=_("Die markierte Idee bearbeiten (leere Spalte: Thema "
                                                         "umbenennen).")),
        Binding("h", "hide", _("Ausblenden"), tooltip=_("Die markierte Idee ausblenden oder wieder zeigen.")),
        Binding(">", "next_step", _("Weiter"), tooltip=_("Zum nächsten Schritt.")),
        Binding("v", "vote", _("Abstimmung"), tooltip=_("Abstimmung öffnen oder schließen.")),
        Binding("a", "promote", _("Maßnahme"), tooltip=_("Aus dem markierten Thema eine Maßnahme machen.")),
        Binding("b", "projector", _("Beamer"), tooltip=_("Die Beamer-Ansicht ein- und ausschalten.")),
        Binding("t", "timer", _("Timer"), tooltip=_("Den Timer starten oder anhalten.")),
        Binding("<", "previous_step", _("Schritt zurück"), show=False, tooltip=_("Zum vorigen Schritt.")),
        Binding("E", "rename_theme", _("Thema umbenennen"), show=False),
        Binding("d", "merge_ideas", _("Duplikate zusammenführen"), show=False,
                tooltip=_("Ausgewählte Ideen zu einer zusammenführen (die markierte bleibt).")),
        Binding("M", "merge_themes", _("Themen zusammenführen"), show=False,
                tooltip=_("Das markierte Thema in ein anderes aufgehen lassen.")),
        Binding("x", "dissolve_theme", _("Thema auflösen"), show=False,
                tooltip=_("Das Thema entfernen; seine Ideen gehen nach „Unsortiert“.")),
        Binding("p", "paper_dots", _("Papierpunkte"), show=False,
                tooltip=_("Die an der Wand gezählten Punkte für das markierte Thema eintragen.")),
        Binding("r", "reveal", _("Ergebnis aufdecken"), show=False,
                tooltip=_("Das Ergebnis für Telefone und Beamer sichtbar machen.")),
        Binding("s", "results", _("Ergebnisliste"), show=False, tooltip=_("Die Rangliste mit Balken zeigen.")),
        Binding("c", "carry", _("Kritik übernehmen"), show=False,
                tooltip=_("Die Gewinnerthemen der Kritik als Impulse in die Phantasiephase übernehmen.")),
        Binding("A", "promote_idea", _("Idee als Maßnahme"), show=False,
                tooltip=_("Aus der markierten Idee eine Maßnahme machen.")),
        Binding("w", "measures", _("Maßnahmenliste"), show=False, tooltip=_("Alle Maßnahmen der Sitzung.")),
        Binding("T", "set_timer", _("Timer stellen"), show=False, tooltip=_("Die Zeit für diesen Schritt.")),
        Binding("f", "question", _("Leitfrage ändern"), show=False),
        Binding("j", "join", _("Beitreten & Adresse"), show=False,
                tooltip=_("Großer QR-Code und Wahl der Netzwerkadresse.")),
        Binding("l", "log", _("Protokoll"), show=False, tooltip=_("Was wann geschah (Ereignisprotokoll).")),
        Binding("o", "sessions", _("Sitzungen"), show=False, tooltip=_("Zur Sitzungsauswahl.")),
        Binding("left", "column(-1)", _("Spalte links"), show=False),
        Binding("right", "column(1)", _("Spalte rechts"), show=False),
        Binding("escape", "leave_input", _("Zurück zum Board"), show=False),
    ]

    def __init__(self, service: SessionService) -> None:
        super().__init__(service)
        self.data: BoardData | None = None
        self._items: dict = {}
        self.fresh: dict[str, float] = {}
        self._known: set[str] | None = None
        self._known_phase: Phase | None = None
        self._timer_signalled = False
        self._question = ""

    def compose(self) -> ComposeResult:
        yield SessionHeader(id="header")
        yield PhaseBar(id="phase-bar")
        yield Static(id="question")
        yield Line(id="status")
        with Horizontal(id="main"):
            yield Board(id="board")
            yield JoinPanel(id="join")
        yield Input(placeholder=_("Neue Idee: n drücken, tippen, ⏎ fügt hinzu · Esc zurück zum Board"),
                    id="new-idea", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # Building a big board makes many short-lived objects; collecting them midway only slows the first
        # frame. Afterwards the survivors are frozen out of the collector's way (RECIPES.md: 550 → 410 ms).
        gc.disable()
        try:
            self.reload()
        finally:
            self.call_after_refresh(self._settled)

    def on_resize(self, event: events.Resize) -> None:
        # Not a breakpoint class on the screen: changing the screen's classes restyles every column.
        for panel in self.query(JoinPanel):
            panel.display = event.size.width >= NARROW
        self.tick()

    def _settled(self) -> None:
        gc.freeze()
        gc.enable()

    # ------------------------------------------------------------------ live data

    def reload(self) -> None:
        """Re-read the session and patch the widgets that changed."""
        now = time.monotonic()
        self.fresh = {key: until for key, until in self.fresh.items() if until > now}
        self.data = update_board(self.service, self.data)
        view = build_view(self.data, selected=frozenset(self.selected), fresh=frozenset(self.fresh),
                          cache=self._items)
        self._mark_fresh(view, now)
        self.view = view
        session = view.session
        with self.app.batch_update():
            self.query_one(PhaseBar).show(session)
            question = f"„{visual(session.question(session.phase))}“"
            if question != self._question:
                self._question = question
                self.query_one("#question", Static).update(Text(question))
            self.query_one("#status", Line).show(_join(self._status_line(view), slips_line(self.service)))
            self.query_one(Board).patch(view)
            self._show_join()
            self.tick()

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
        remaining = self.service.timer_remaining(session)
        running = session.timer_started_at is not None
        header = self.query_one(SessionHeader)
        url = self.app.join_url(session)
        extra = url.removeprefix("http://") if url and self.size.width < NARROW else ""
        header.show(session, self.app.phones(session), extra)
        header.show_timer(remaining, running)
        if running and remaining <= 0 and not self._timer_signalled:
            self._timer_signalled = True
            self.app.bell()
            self.notify(_("Die Zeit für diesen Schritt ist um."), title=_("Timer"), severity="warning", timeout=10)
        elif remaining > 0:
            self._timer_signalled = False

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
            live = n_("● Abstimmung läuft · Punkte von Telefonen: {dots} (Geräte: {voters}) · v schließt · "
                      "Regeln: {budget} Punkt, höchstens {cap} pro Thema · Telefone sehen nichts bis zum Aufdecken",
                      "● Abstimmung läuft · Punkte von Telefonen: {dots} (Geräte: {voters}) · v schließt · "
                      "Regeln: {budget} Punkte, höchstens {cap} pro Thema · Telefone sehen nichts bis zum Aufdecken",
                      round_.budget)
            return live.format(voters=view.voters, dots=view.device_dots, budget=round_.budget, cap=round_.cap)
        if round_ is not None and round_.status == RoundStatus.CLOSED and not round_.revealed:
            closed = _("Abstimmung geschlossen · p Papierpunkte nachtragen · r deckt das Ergebnis auf")
            return _join(closed, counts)
        if session.phase == Phase.REALISATION:
            plan = _("a macht aus dem markierten Thema eine Maßnahme · w alle Maßnahmen · ⏎ bearbeitet")
            return _join(plan, counts)
        if round_ is not None and round_.revealed and session.step == Step.RESULTS:
            hint = _("Ergebnis aufgedeckt · s Rangliste · > weiter")
            if session.phase == Phase.CRITIQUE:
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
