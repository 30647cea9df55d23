"""What every part of the board screen shares: the session's service, the view shown, the selection, the cursor.

The board's key actions live in one mixin per concern (`board_grouping`, `board_voting`, `board_measures`,
`board_navigation`); each builds on this class, and `board.BoardScreen` combines them with the live data.
"""

from __future__ import annotations

from textual import events, on

from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.board_model import MEASURES, BoardView
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.board import Board, ThemeColumn


class BoardBase(LiveScreen):
    """The board's state and where its cursor is; no keys of its own."""

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service
        self.view: BoardView | None = None
        self.selected: set[str] = set()
        self._last_column: ThemeColumn | None = None
        self.interim = False  # `z`: the facilitator sees a vote's counts before the reveal
        self.join_hidden = False  # `q`: the board takes the join panel's room

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

    def marked_idea(self) -> str | None:
        """The highlighted idea, or None with a hint that none is."""
        idea = self.current_idea()
        if not idea:
            self.notify(_("Keine Idee markiert."), severity="warning")
            return None
        return idea

    def current_theme(self) -> str | None:
        """The focused column's theme, or None with a hint to pick a theme column."""
        column = self.current_column()
        if column is None or column.theme is None:
            self.notify(_("Markieren Sie eine Themenspalte (← →)."), severity="warning")
            return None
        return column.theme.id

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

    def _edit_measure(self, measure_id: str) -> None:
        from workshop.tui.screens.measures import edit_measure

        edit_measure(self.app, self.service, measure_id)
