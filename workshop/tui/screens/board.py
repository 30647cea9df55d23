"""The session's board: phase bar, guiding question, theme columns with their ideas, join panel, new idea.

This module lays the screen out and keeps it live. Its keys (`workshop/tui/actions.py` lists them) each run
one method of a part the screen composes: `board_grouping.GroupingKeys` (ideas and themes),
`board_sorting.SortMode`, `board_voting.VotingKeys`, `board_measures.MeasureKeys`,
`board_navigation.NavigationKeys` (steps, timer, other screens) and `board_export.ExportCommands` (the
palette's exports), all sharing the `board_base.Cursor`; `board_footer` picks the footer's keys.
"""

from __future__ import annotations

import time
from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from workshop.core.models import Phase, RoundStatus, Session, Step
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.actions import FOOTERS, Group, Mode, bindings
from workshop.tui.board_model import (MEASURES, BoardData, BoardView, Item, RowKind, build_view, column_count,
                                      update_board)
from workshop.tui.bidi import block
from workshop.tui.display import round_rules
from workshop.tui.screens.board_base import Cursor, Facilitator
from workshop.tui.screens.board_export import ExportCommands, PaletteCommand
from workshop.tui.screens.board_footer import footer_bindings, footer_mode
from workshop.tui.screens.board_grouping import GroupingKeys
from workshop.tui.screens.board_measures import MeasureKeys
from workshop.tui.screens.board_navigation import NavigationKeys
from workshop.tui.screens.board_sorting import SortMode
from workshop.tui.screens.board_voting import VotingKeys
from workshop.tui.screens.live import LiveScreen
from workshop.tui.slips import slips_line
from workshop.tui.widgets.board import Board, ThemeColumn
from workshop.tui.widgets.footer import SteadyFooter
from workshop.tui.widgets.join_panel import JoinPanel
from workshop.tui.widgets.hint_line import HintLine
from workshop.tui.widgets.phase_bar import PhaseBar
from workshop.tui.widgets.session_header import SessionHeader
from workshop.tui.widgets.sort_panel import SortPanel
from workshop.tui.widgets.text_input import TextInput

FRESH_SECONDS = 2.0  # how long a new idea from a phone stands out
NARROW = 110  # below this width the join panel folds into the header line


class BoardScreen(LiveScreen):
    """Everything a facilitator does during a session, by key; each key also in the command palette."""

    AUTO_FOCUS = "ThemeColumn"  # the inbox: one focus change at start, each restyles the whole board
    BINDINGS = bindings(Group.BOARD)

    def __init__(self, service: SessionService, app: Facilitator) -> None:
        super().__init__()
        self.service = service
        self.facilitator = app  # the app, as the board and its parts use it
        self.view: BoardView | None = None
        self.data: BoardData | None = None
        self.interim = False  # `z`: the facilitator sees a vote's counts before the reveal
        self.join_hidden = False  # `q`: the board takes the join panel's room
        self.fresh: dict[str, float] = {}
        self._items: dict = {}
        self._known: set[str] | None = None
        self._known_phase: Phase | None = None
        self._timer_armed = False
        self._taking_part, self._taking_part_read, self._taking_part_seq = 0, float("-inf"), -1
        self._question = ""
        self._question_width = 0
        self._footer: Mode | None = None
        self.cursor = Cursor(self)
        self.grouping = GroupingKeys(service, app, self, self.cursor)
        self.sort_mode = SortMode(service, app, self, self.cursor)
        self.voting = VotingKeys(service, app, self, self.cursor)
        self.measures = MeasureKeys(service, app, self, self.cursor)
        self.navigation = NavigationKeys(service, app, self, self.cursor, self.voting.carry_pending,
                                         self.voting.reveal)
        self.exports = ExportCommands(service, app, self)

    def compose(self) -> ComposeResult:
        # Read before the board and the footer compose: the board composes its columns with the screen, and the
        # footer shows the keys of the session's step at once. Either added after the first frame would lay the
        # whole board out again (on 1,000 ideas the longest step to the first full frame).
        self.facilitator.collector.screens_changed()  # this board is being built (another session's, maybe)
        self.data = update_board(self.service, self.data, self.interim)
        yield SessionHeader(id="header")
        yield PhaseBar(id="phase-bar")
        yield Static(id="question")
        yield HintLine(id="status")
        with Horizontal(id="main"):
            yield Board(id="board", first=self._build)
            yield JoinPanel(id="join")
        yield SortPanel(id="sort")
        yield TextInput(placeholder=_("Neue Idee: n drücken, tippen, ⏎ fügt hinzu · Esc zurück zum Board"),
                        id="new-idea", compact=True)
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.facilitator.collector.screens_changed()  # a screen above was closed, or this board is new

    def on_screen_suspend(self) -> None:
        self.facilitator.collector.screens_changed()  # a screen opens on top: built while the board waits

    def on_unmount(self) -> None:
        # Another session's board takes this one's place: its columns let go of their ideas and rendered lines at
        # once (the collector may have frozen this board, `tui/collector.py`; then only its shell waits).
        for column in self.query(ThemeColumn):
            column.clear_options()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows: the keys this step needs (every key still works, see actions.py)."""
        return footer_bindings(super().active_bindings, FOOTERS[self._mode()], self._width() or 120)

    def _mode(self) -> Mode:
        typing = self.focused is not None and self.focused.id == "new-idea"
        return footer_mode(self.data, sorting=self.sort_mode.active, typing=typing, carry=self.voting.can_carry)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_join_panel()
        self.refresh_bindings()  # the footer shows as many keys as the new width holds
        if self.view is not None and self._width() != self._question_width:
            self.reload()  # the question is wrapped for the width (right-to-left text): anew

    def fit_join_panel(self) -> None:
        """The join panel beside the board when it fits and is not hidden (`q`), else the URL in the header."""
        # Not a breakpoint class on the screen: changing the screen's classes restyles every column.
        for panel in self.query(JoinPanel):
            if panel.display != self.join_shown:  # setting it, even unchanged, lays the screen out anew
                panel.display = self.join_shown
        self.tick()

    @property
    def join_shown(self) -> bool:
        return self._width() >= NARROW and not self.join_hidden

    def _width(self) -> int:
        """The screen's width; before its first layout, the terminal's (which it will be)."""
        return self.size.width or self.app.size.width

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands without a key of their own (exports, the plan), for the command palette."""
        return self.exports.palette_commands()

    # ------------------------------------------------------------------ events of its widgets

    @on(events.DescendantFocus)
    def remember_column(self, event: events.DescendantFocus) -> None:
        self.cursor.remember(event.widget)

    @on(Input.Submitted, "#new-idea")
    def add_idea(self, event: Input.Submitted) -> None:
        self.grouping.add_idea(event.input, event.value)

    @on(ThemeColumn.OptionSelected)
    def open_measure(self, event: ThemeColumn.OptionSelected) -> None:
        """⏎ on a measure in its column opens its form."""
        column = event.option_list
        if isinstance(column, ThemeColumn) and column.key == MEASURES and event.option.id:
            self.measures.edit(event.option.id)

    @on(SortPanel.NameStarted)
    def sort_into_new_theme(self, event: SortPanel.NameStarted) -> None:
        self.sort_mode.new_theme(event.character)

    # ------------------------------------------------------------------ live data

    def reload(self) -> None:
        """Re-read the session and patch the widgets that changed."""
        now = time.monotonic()
        self.fresh = {key: until for key, until in self.fresh.items() if until > now}
        self.data = update_board(self.service, self.data, self.interim)
        view = self._build(self.query_one(Board))
        self._mark_fresh(view, now)
        self.view = view
        session = view.session
        with self.app.batch_update():
            self.query_one(PhaseBar).show(session)
            self._question_width = self._width()
            question = block(f"„{session.question(session.phase)}“", max(20, self._question_width - 2))
            if question != self._question:
                self._question = question
                self.query_one("#question", Static).update(Text(question))
            self.query_one("#status", HintLine).show(_join(self._status_line(view), slips_line(self.service)))
            self.query_one(Board).patch(view)
            self._show_join()
            self.tick()
            if self.sort_mode.active:
                self.sort_mode.sync()
        mode = self._mode()
        if mode != self._footer:
            self._footer = mode
            self.refresh_bindings()

    def _build(self, board: Board) -> BoardView:
        """The view of what was read, its ideas wrapped to the board's column width."""
        assert self.data is not None
        if not board.size.width:  # not laid out yet: wrap the ideas to the width they will have, not twice
            expected = board.width_for(column_count(self.data), self._expected_room(self.data.session))
            board.column_width = expected or board.column_width
        return build_view(self.data, selected=frozenset(self.cursor.selected), fresh=frozenset(self.fresh),
                          cache=self._items, numbered=self.sort_mode.active, interim=self.interim,
                          width=board.column_width)

    def _expected_room(self, session: Session) -> int:
        """The board's width before the first layout: the terminal's, less the join panel's beside it.

        A `1fr` width in a vertical layout leaves out the widest horizontal margin among its siblings (Textual's
        `resolve_box_models`): the input's `margin: 0 1` takes two cells from the board's row too."""
        terminal = self.app.size.width
        width = terminal - max((child.styles.margin.width for child in self.children if child.display), default=0)
        if terminal >= NARROW and not self.join_hidden:
            width -= JoinPanel.expected_width(self.facilitator.join_url(session))
        return width

    def _mark_fresh(self, view: BoardView, now: float) -> None:
        ids = {item.id for column in view.columns for item in column.items if item.kind == RowKind.IDEA}
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
        self.cursor.selected &= ids

    def tick(self) -> None:
        if self.view is None:
            return
        session = self.view.session
        remaining = self.service.read.timer_remaining(session)
        running = session.timer_started_at is not None
        header = self.query_one(SessionHeader)
        url = self.facilitator.join_url(session)
        address = url.removeprefix("http://") if url and not self.join_shown else ""
        now = time.monotonic()
        seq = self.data.seq if self.data is not None else 0
        # A pass over the ideas and dots: at most once a second, and only after something happened.
        if now - self._taking_part_read >= 1.0 and seq != self._taking_part_seq:
            self._taking_part_read, self._taking_part_seq = now, seq
            self._taking_part = self.service.read.phones_taking_part()
        connected = self.facilitator.phones(session) if self.facilitator.serving else None
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

    def on_board_width(self, message: Board.Width) -> None:
        """The columns got wider or narrower: their text is wrapped anew to the width they have."""
        if self.view is not None:
            self.reload()

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
        url = self.facilitator.join_url(session)
        phones = self.facilitator.phones(session)
        status = n_("{count} Telefon verbunden", "{count} Telefone verbunden", phones).format(count=phones)
        self.query_one(JoinPanel).show(url, f"{status}\n{self.facilitator.server_status()}\n" + _("j: Adresse wählen"))

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
            rules = round_rules(round_.kind, round_.budget, round_.cap)
            return _join(voters, interim, _("v schließt"), rules)
        if round_ is not None and round_.status == RoundStatus.CLOSED and not round_.revealed:
            closed = _("Abstimmung geschlossen · p Papierpunkte nachtragen · r deckt das Ergebnis auf")
            return _join(closed, counts)
        if session.phase == Phase.REALISATION:
            plan = _("a macht aus dem markierten Thema eine Maßnahme · w alle Maßnahmen · ⏎ bearbeitet")
            if view.phase == Phase.CRITIQUE:
                plan = _("Ohne Phantasie-Ergebnis: die Gewinnerthemen der Kritik mit ihren Punkten") + " · " + plan
            return _join(plan, counts)
        if round_ is not None and round_.revealed and session.step == Step.RESULTS:
            hint = _("Ergebnis aufgedeckt · s Rangliste · > weiter")
            if self.voting.can_carry():
                hint += _(" (danach c: Gewinner als Impulse übernehmen)")
            return _join(hint, counts)
        if session.phase == Phase.REVIEW and session.step in (Step.PREPARE, Step.COLLECT):  # no `n` here
            return _join(_("Rückblick: R zeigt die Maßnahmen und die Anmerkungen der Telefone"), counts)
        hints = {
            Step.COLLECT: _("Sammeln: n tippt eine Idee ein; Ideen von Telefonen landen in „Unsortiert“"),
            Step.GROUP: _("Gruppieren: ␣ wählt Ideen, g bildet ein Thema, m verschiebt, "
                          "d führt Duplikate zusammen"),
            Step.VOTE: _("Abstimmen: v öffnet die Abstimmung"),
            Step.RESULTS: _("Ergebnis: r deckt auf, s zeigt die Rangliste"),
        }
        return _join(hints.get(session.step, ""), counts)

    # ------------------------------------------------------------------ the keys' actions
    # Textual runs the action `hide` as the screen's `_action_hide` (or `action_hide`); each hands the key to
    # the part that does the work. Private, so that the screen's own interface stays what a caller needs.

    def _action_new_idea(self) -> None:
        self.grouping.new_idea()

    def _action_leave_input(self) -> None:
        self.grouping.leave_input()

    def _action_toggle_select(self) -> None:
        self.grouping.toggle_select()

    def _action_extend_selection(self, delta: int) -> None:
        self.grouping.extend_selection(delta)

    def _action_edit(self) -> None:
        self.grouping.edit()

    def _action_hide(self) -> None:
        self.grouping.hide()

    def _action_merge_ideas(self) -> None:
        self.grouping.merge_ideas()

    def _action_group(self) -> None:
        self.grouping.group()

    def _action_move(self) -> None:
        self.grouping.move()

    def _action_rename_theme(self) -> None:
        self.grouping.rename_theme()

    def _action_merge_themes(self) -> None:
        self.grouping.merge_themes()

    def _action_dissolve_theme(self) -> None:
        self.grouping.dissolve_theme()

    def _action_sort(self) -> None:
        self.sort_mode.toggle()

    def _action_sort_into(self, number: int) -> None:
        self.sort_mode.into(number)

    def _action_sort_new_theme(self) -> None:
        self.sort_mode.new_theme()

    def _action_sort_step(self, delta: int) -> None:
        self.sort_mode.step(delta)

    def _action_sort_leave(self) -> None:
        self.sort_mode.leave()

    def _action_vote(self) -> None:
        self.voting.vote()

    def _action_paper_dots(self) -> None:
        self.voting.paper_dots()

    def _action_paper_table(self) -> None:
        self.voting.paper_table()

    def _action_interim(self) -> None:
        self.voting.interim()

    def _action_reveal(self) -> None:
        self.voting.reveal()

    def _action_results(self) -> None:
        self.voting.results()

    def _action_carry(self) -> None:
        self.voting.carry()

    def _action_promote(self) -> None:
        self.measures.promote()

    def _action_promote_idea(self) -> None:
        self.measures.promote_idea()

    def _action_measures(self) -> None:
        self.measures.measures()

    def _action_review(self) -> None:
        from workshop.tui.screens.review import ReviewScreen  # a review session's own screen

        if self.service is None or self.service.review.plan() is None:
            self.notify(_("Diese Sitzung ist kein Rückblick (werkstatt new … --review PLAN.md)."), severity="warning")
            return
        self.app.push_screen(ReviewScreen(self.service))

    def _action_next_step(self) -> None:
        self.navigation.next_step()

    def _action_previous_step(self) -> None:
        self.navigation.previous_step()

    def _action_timer(self) -> None:
        self.navigation.timer()

    def _action_set_timer(self) -> None:
        self.navigation.set_timer()

    def _action_question(self) -> None:
        self.navigation.question()

    def _action_projector(self) -> None:
        self.navigation.projector()

    def _action_join(self) -> None:
        self.navigation.join()

    def _action_log(self) -> None:
        self.navigation.log()

    def _action_sessions(self) -> None:
        self.navigation.sessions()

    def _action_column(self, delta: int) -> None:
        self.navigation.column(delta)

    def _action_groups(self) -> None:
        from workshop.tui.screens.groups import GroupsScreen

        self.app.push_screen(GroupsScreen(self.service))

    def _action_toggle_join(self) -> None:
        """`q`: the join panel gives its room to the board (the join URL moves into the header line)."""
        self.join_hidden = not self.join_hidden
        self.fit_join_panel()


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _refreshed(item: Item, fresh: bool) -> Item:
    return item if item.fresh == fresh else replace(item, fresh=fresh)
