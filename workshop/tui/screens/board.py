"""The session's board: phase bar, guiding question, theme columns with their ideas, join panel, new idea."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Static

from workshop.core.models import COLLECTING_PHASES, IdeaStatus, ItemKind, Phase, RoundStatus, Step
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.board_model import MEASURES, UNSORTED, BoardData, BoardView, Item, build_view, update_board
from workshop.tui.display import visual
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog, VoteDialog
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.board import Board, ThemeColumn
from workshop.tui.widgets.join_panel import JoinPanel
from workshop.tui.widgets.line import Line
from workshop.tui.widgets.phase_bar import PhaseBar
from workshop.tui.widgets.session_header import SessionHeader

FRESH_SECONDS = 2.0  # how long a new idea from a phone stands out
NARROW = 110  # below this width the join panel folds into the header line


class BoardScreen(LiveScreen):
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
        super().__init__()
        self.service = service
        self.view: BoardView | None = None
        self.data: BoardData | None = None
        self._items: dict = {}
        self.selected: set[str] = set()
        self.fresh: dict[str, float] = {}
        self._known: set[str] | None = None
        self._known_phase: Phase | None = None
        self._last_column: ThemeColumn | None = None
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
            self.query_one("#status", Line).show(self._status_line(view))
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
        status = _("{count} Telefone verbunden").format(count=self.app.phones(session))
        self.query_one(JoinPanel).show(url, f"{status}\n{self.app.server_status()}\n" + _("j: Adresse wählen"))

    def _status_line(self, view: BoardView) -> str:
        session, round_ = view.session, view.round
        # No idea count here: this line would then repaint with every idea from a phone, and with it
        # the whole width of the screen down to the inbox (the inbox's title counts its ideas already).
        counts = _("{count} ausgeblendet").format(count=view.hidden_count) if view.hidden_count else ""
        if round_ is not None and round_.is_open:
            live = _("● Abstimmung läuft · Punkte von Telefonen: {dots} (Geräte: {voters}) · v schließt · "
                     "Regeln: {budget} Punkte, höchstens {cap} pro Thema · Telefone sehen nichts bis zum Aufdecken")
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

    # ------------------------------------------------------------------ where the cursor is

    @on(events.DescendantFocus)
    def remember_column(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ThemeColumn):
            self._last_column = event.widget

    def current_column(self) -> ThemeColumn | None:
        focused = self.focused
        if isinstance(focused, ThemeColumn):
            return focused
        if self._last_column is not None and self._last_column.is_attached:
            return self._last_column
        columns = self.query_one(Board).columns
        return columns[0] if columns else None

    def current_item(self) -> str | None:
        column = self.current_column()
        return column.highlighted_id if column is not None else None

    def current_idea(self) -> str | None:
        column = self.current_column()
        if column is None or column.key == MEASURES:
            return None
        return column.highlighted_id

    def targets(self) -> list[str]:
        """The selected ideas in board order, else the highlighted one."""
        if self.selected and self.view is not None:
            return [item.id for column in self.view.columns for item in column.items if item.id in self.selected]
        idea = self.current_idea()
        return [idea] if idea else []

    def _require(self, value: object, message: str) -> bool:
        if not value:
            self.notify(message, severity="warning")
            return False
        return True

    # ------------------------------------------------------------------ ideas

    def action_new_idea(self) -> None:
        self.query_one("#new-idea", Input).focus()

    def action_leave_input(self) -> None:
        column = self.current_column()
        if column is not None:
            column.focus()

    @on(Input.Submitted, "#new-idea")
    def add_idea(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_leave_input()
            return
        if self.app.attempt(self.service.add_idea, event.value) is not None:
            event.input.clear()

    def action_toggle_select(self) -> None:
        idea = self.current_idea()
        if not self._require(idea, _("Keine Idee markiert.")):
            return
        assert idea is not None
        self.selected.symmetric_difference_update({idea})
        self.reload()
        column = self.current_column()
        if column is not None:
            column.action_cursor_down()

    def action_edit(self) -> None:
        column = self.current_column()
        item = self.current_item()
        if column is not None and column.key == MEASURES and item:
            self._edit_measure(item)
            return
        if item is None:
            self.action_rename_theme()
            return
        idea = self.service.idea(item)

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.edit_idea, item, text)

        self.app.push_screen(PromptDialog(_("Idee bearbeiten"), idea.text), done)

    def action_hide(self) -> None:
        idea_id = self.current_idea()
        if not self._require(idea_id, _("Keine Idee markiert.")):
            return
        assert idea_id is not None
        idea = self.service.idea(idea_id)
        if idea.status == IdeaStatus.HIDDEN:
            if self.app.attempt(self.service.show_idea, idea_id):
                self.notify(_("Die Idee ist wieder sichtbar."))
        elif self.app.attempt(self.service.hide_idea, idea_id):
            self.notify(_("Ausgeblendet: Telefone, Beamer und Export zeigen die Idee nicht mehr."))

    def action_merge_ideas(self) -> None:
        targets = self.targets()
        if len(targets) < 2:
            self.notify(_("Wählen Sie mit ␣ mindestens zwei Ideen aus."), severity="warning")
            return
        current = self.current_idea()
        keep = current if current in targets else targets[0]
        if self.app.attempt(self.service.merge_ideas, keep, [idea for idea in targets if idea != keep]):
            self.selected.clear()
            self.notify(_("{count} Ideen zusammengeführt.").format(count=len(targets)))

    # ------------------------------------------------------------------ themes

    def action_group(self) -> None:
        targets = self.targets()

        def done(name: str | None) -> None:
            if name is None:
                return
            assert self.view is not None
            if self.app.attempt(self.service.create_theme, name, phase=self.view.phase, idea_ids=targets):
                self.selected.clear()
                self.reload()

        title = _("Neues Thema aus {count} Ideen").format(count=len(targets)) if targets else _("Neues Thema")
        self.app.push_screen(PromptDialog(title, placeholder=_("Name des Themas")), done)

    def _theme_choices(self, *, unsorted: bool, exclude: str | None = None) -> list[tuple[str, str]]:
        assert self.view is not None
        choices = [(column.key, f"{visual(column.theme.name)} ({len(column.items)})") for column in self.view.columns
                   if column.theme is not None and column.key != exclude]
        return ([(UNSORTED, _("Unsortiert"))] if unsorted else []) + choices

    def action_move(self) -> None:
        targets = self.targets()
        if not self._require(targets, _("Keine Idee ausgewählt.")):
            return

        def done(key: str | None) -> None:
            if key is not None and self.app.attempt(self.service.move_ideas, targets,
                                                    None if key == UNSORTED else key):
                self.selected.clear()
                self.reload()

        self.app.push_screen(ChoiceDialog(_("{count} Ideen verschieben nach …").format(count=len(targets)),
                                          self._theme_choices(unsorted=True)), done)

    def _current_theme(self) -> str | None:
        column = self.current_column()
        if column is None or column.theme is None:
            self.notify(_("Markieren Sie eine Themenspalte (← →)."), severity="warning")
            return None
        return column.theme.id

    def action_rename_theme(self) -> None:
        theme_id = self._current_theme()
        if theme_id is None:
            return
        theme = self.service.theme(theme_id)

        def done(name: str | None) -> None:
            if name is not None:
                self.app.attempt(self.service.rename_theme, theme_id, name)

        self.app.push_screen(PromptDialog(_("Thema umbenennen"), theme.name), done)

    def action_merge_themes(self) -> None:
        theme_id = self._current_theme()
        if theme_id is None:
            return

        def done(target: str | None) -> None:
            if target is not None:
                self.app.attempt(self.service.merge_themes, target, [theme_id])

        choices = self._theme_choices(unsorted=False, exclude=theme_id)
        if self._require(choices, _("Es gibt kein anderes Thema.")):
            self.app.push_screen(ChoiceDialog(_("Thema zusammenführen mit …"), choices), done)

    def action_dissolve_theme(self) -> None:
        theme_id = self._current_theme()
        if theme_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.attempt(self.service.delete_theme, theme_id)

        self.app.push_screen(ConfirmDialog(_("Thema auflösen?"), _("Die Ideen gehen zurück nach „Unsortiert“. "
                                                                   "Strg+Z macht es rückgängig.")), done)

    def action_carry(self) -> None:
        """The winning critique themes become prompts of the fantasy phase."""
        winners = winning_themes(self.service, Phase.CRITIQUE)
        if not self._require(winners, _("Es gibt noch kein Ergebnis einer Abstimmung in der Kritikphase.")):
            return
        themes = self.app.attempt(self.service.carry_themes, winners, Phase.FANTASY)
        if themes is not None:
            self.notify(_("{count} Gewinnerthemen als Impulse in der Phantasiephase: „Es wäre schön, wenn …“")
                        .format(count=len(themes)))

    # ------------------------------------------------------------------ steps and voting

    def _confirm_leaving_vote(self, go: Callable[[], object]) -> None:
        assert self.view is not None
        round_ = self.view.round
        if self.view.session.step == Step.VOTE and round_ is not None and round_.is_open:
            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Der Schritt schließt die laufende Abstimmung; Telefone können dann keine Punkte mehr vergeben."),
                _("Schließen und weiter")), lambda yes: go() if yes else None)
        else:
            go()

    def action_next_step(self) -> None:
        def go() -> None:
            session = self.app.attempt(self.service.next_step)
            if session is not None and session.phase == Phase.FANTASY and session.step == Step.COLLECT:
                self.notify(_("Phantasiephase: c übernimmt die Gewinnerthemen der Kritik als Impulse."), timeout=8)

        self._confirm_leaving_vote(go)

    def action_previous_step(self) -> None:
        self._confirm_leaving_vote(lambda: self.app.attempt(self.service.previous_step))

    def action_vote(self) -> None:
        assert self.view is not None
        round_ = self.view.round
        if round_ is not None and round_.is_open:
            def close(yes: bool | None) -> None:
                if yes and self.app.attempt(self.service.close_round, round_.id):
                    self.notify(_("Abstimmung geschlossen. p trägt Papierpunkte nach, r deckt auf."))

            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Telefone können danach keine Punkte mehr vergeben. Papierpunkte lassen sich weiter eintragen."),
                _("Schließen")), close)
            return
        session = self.view.session
        if session.phase not in COLLECTING_PHASES:
            self.notify(_("Abgestimmt wird in der Kritik- und der Phantasiephase."), severity="warning")
            return
        themes = [column for column in self.view.columns if column.theme is not None]
        kind = ItemKind.THEME if themes else ItemKind.IDEA
        count = len(themes) if themes else self.view.idea_count
        what = _("Themen") if themes else _("Ideen")

        def done(rules: tuple[int, int] | None) -> None:
            if rules is not None and self.app.attempt(self.service.open_round, kind, budget=rules[0], cap=rules[1]):
                self.notify(_("Abstimmung offen: Telefone zeigen jetzt die Punkte."))

        self.app.push_screen(VoteDialog(session.dots_per_participant, session.cap_per_item,
                                        self.service.suggested_budget(kind), count, what), done)

    def action_paper_dots(self) -> None:
        assert self.view is not None
        round_ = self.view.round
        if not self._require(round_, _("In dieser Phase gibt es noch keine Abstimmung.")):
            return
        assert round_ is not None
        if round_.kind == ItemKind.THEME:
            item_id = self._current_theme()
        else:
            item_id = self.current_idea()
        if item_id is None:
            return
        result = self.view.results.get(item_id)
        if result is None:
            self.notify(_("Darüber wird in dieser Runde nicht abgestimmt."), severity="warning")
            return

        def done(value: str | None) -> None:
            if value is not None and value.strip():
                self.app.attempt(self.service.set_paper_dots, round_.id, item_id, int(value))

        self.app.push_screen(PromptDialog(_("Papierpunkte für „{label}“").format(label=result.label),
                                          str(result.paper_dots), numeric=True,
                                          hint=_("Die an der Wand gezählten Punkte · ⏎ übernehmen")), done)

    def action_reveal(self) -> None:
        if self.app.attempt(self.service.reveal_round) is not None:
            self.notify(_("Ergebnis aufgedeckt: Telefone und Beamer zeigen die Rangliste."))
            self.action_results()

    def action_results(self) -> None:
        from workshop.tui.screens.results import ResultsScreen

        assert self.view is not None
        rounds = self.service.rounds(self.view.phase)
        if self._require(rounds, _("In dieser Phase gibt es noch keine Abstimmung.")):
            self.app.push_screen(ResultsScreen(self.service, rounds[-1].id))

    # ------------------------------------------------------------------ measures

    def action_promote(self) -> None:
        column = self.current_column()
        if column is not None and column.key == MEASURES:
            item = column.highlighted_id
            if item:
                self._edit_measure(item)
            return
        if column is not None and column.theme is not None:
            theme = column.theme
            self._promote(ItemKind.THEME, theme.id, theme.name, _("Aus dem Thema „{name}“").format(name=theme.name))
        else:
            self.action_promote_idea()

    def action_promote_idea(self) -> None:
        idea_id = self.current_idea()
        if not self._require(idea_id, _("Keine Idee markiert.")):
            return
        assert idea_id is not None
        idea = self.service.idea(idea_id)
        self._promote(ItemKind.IDEA, idea.id, idea.text, _("Aus der Idee „{text}“").format(text=idea.text))

    def _promote(self, kind: ItemKind, source_id: str, title: str, source: str) -> None:
        from workshop.tui.screens.measure_form import MeasureForm

        def saved(measure_id: str | None) -> None:
            if measure_id is not None:
                self.notify(_("Maßnahme als Entwurf gespeichert (w zeigt alle)."))

        self.app.push_screen(MeasureForm(_("Neue Maßnahme (Entwurf)"), {"title": title},
                                         lambda fields: self.service.promote(kind, source_id, **fields),
                                         source=source), saved)

    def _edit_measure(self, measure_id: str) -> None:
        from workshop.tui.screens.measures import edit_measure

        edit_measure(self.app, self.service, measure_id)

    def action_measures(self) -> None:
        from workshop.tui.screens.measures import MeasuresScreen

        self.app.push_screen(MeasuresScreen(self.service))

    @on(ThemeColumn.OptionSelected)
    def open_item(self, event: ThemeColumn.OptionSelected) -> None:
        column = event.option_list
        if isinstance(column, ThemeColumn) and column.key == MEASURES and event.option.id:
            self._edit_measure(event.option.id)

    # ------------------------------------------------------------------ timer, question, views

    def action_timer(self) -> None:
        session = self.service.session()
        if session.timer_started_at is None:
            self.app.attempt(self.service.start_timer)
        else:
            self.app.attempt(self.service.pause_timer)

    def action_set_timer(self) -> None:
        session = self.service.session()

        def done(value: str | None) -> None:
            if value and value.strip():
                self.app.attempt(self.service.set_timer, int(value) * 60)

        self.app.push_screen(PromptDialog(_("Minuten für diesen Schritt"), str(max(1, session.timer_seconds // 60)),
                                          numeric=True, hint=_("⏎ stellt den Timer · t startet ihn")), done)

    def action_question(self) -> None:
        session = self.service.session()

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.set_question, session.phase, text)

        self.app.push_screen(PromptDialog(_("Leitfrage der Phase {phase}").format(phase=session.phase.label),
                                          session.question()), done)

    def action_projector(self) -> None:
        from workshop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.service))

    def action_join(self) -> None:
        from workshop.tui.screens.join import JoinScreen

        self.app.push_screen(JoinScreen(self.service))

    def action_log(self) -> None:
        from workshop.tui.screens.event_log import EventLogScreen

        self.app.push_screen(EventLogScreen(self.service))

    def action_sessions(self) -> None:
        self.app.show_picker()

    def action_column(self, delta: int) -> None:
        columns = self.query_one(Board).columns
        if not columns:
            return
        current = self.current_column()
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + delta))]
        target.focus()
        target.scroll_visible()


def winning_themes(service: SessionService, phase: Phase, places: int = 3) -> list[str]:
    """Themes on the first `places` ranks of the phase's newest closed theme vote, with at least one dot."""
    rounds = [round_ for round_ in service.rounds(phase)
              if round_.kind == ItemKind.THEME and round_.status == RoundStatus.CLOSED]
    if not rounds:
        return []
    return [row.item_id for row in service.results(rounds[-1].id) if row.rank <= places and row.total > 0]


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _refreshed(item: Item, fresh: bool) -> Item:
    return item if item.fresh == fresh else replace(item, fresh=fresh)
