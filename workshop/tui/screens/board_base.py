"""What the board's parts are written against: the app and the board screen as two small protocols, and the cursor.

`board.BoardScreen` composes one part per concern, each a plain object given what it needs: the session's
service, the app (`Facilitator`), the screen (`BoardHost`) and the `Cursor` — `board_grouping.GroupingKeys`,
`board_sorting.SortMode`, `board_voting.VotingKeys`, `board_measures.MeasureKeys`,
`board_navigation.NavigationKeys` and `board_export.ExportCommands`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, overload

from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from workshop.core.home import Home
from workshop.core.models import Session
from workshop.i18n import _
from workshop.tui.board_model import MEASURES, BoardData, BoardView
from workshop.tui.collector import Collector
from workshop.tui.widgets.board import Board, ThemeColumn
from workshop.tui.write_queue import WriteQueue

T = TypeVar("T")
W = TypeVar("W", bound=Widget)


class Facilitator(Protocol):
    """What the board and its parts ask of the app (`WerkstattApp` is one): run a service call, queue a write,
    open a screen, and what the join panel shows."""

    home: Home
    writes: WriteQueue
    collector: Collector  # told when the screens change (what freezing waits for)

    @property
    def serving(self) -> bool: ...
    def attempt(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None: ...
    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], object] | None = None) -> Any: ...
    def show_picker(self) -> None: ...
    def join_url(self, session: Session) -> str | None: ...
    def phones(self, session: Session) -> int: ...
    def server_status(self) -> str: ...


class BoardHost(Protocol):
    """What the board's parts ask of the board screen: what it shows, a fresh read, messages, its widgets."""

    view: BoardView | None
    data: BoardData | None
    interim: bool  # `z`: the facilitator sees a vote's counts before the reveal

    @property
    def focused(self) -> Widget | None: ...
    def reload(self) -> None: ...
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...
    @overload
    def query_one(self, selector: type[W]) -> W: ...
    @overload
    def query_one(self, selector: str, expect_type: type[W]) -> W: ...


class Cursor:
    """Where the facilitator is on the board: the focused column (or the last one), its highlighted row, and the
    ideas selected with ␣."""

    def __init__(self, board: BoardHost) -> None:
        self.board = board
        self.selected: set[str] = set()
        self._last_column: ThemeColumn | None = None

    def remember(self, widget: Widget) -> None:
        """A widget got the focus: if it is a column, ⏎ in the idea field later returns to it."""
        if isinstance(widget, ThemeColumn):
            self._last_column = widget

    def current_column(self) -> ThemeColumn | None:
        focused = self.board.focused
        if isinstance(focused, ThemeColumn):
            return focused
        board = self.board.query_one(Board)
        # Not a column the board let go of (the emptied inbox folds away) while its removal is under way.
        last = self._last_column
        if last is not None and last.is_attached and board.column(last.key) is last:
            return last
        columns = [column for column in board.columns if board.column(column.key) is column]
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
            self.board.notify(_("Keine Idee markiert."), severity="warning")
            return None
        return idea

    def current_theme(self) -> str | None:
        """The focused column's theme, or None with a hint to pick a theme column."""
        column = self.current_column()
        if column is None or column.theme is None:
            self.board.notify(_("Markieren Sie eine Themenspalte (← →)."), severity="warning")
            return None
        return column.theme.id

    def targets(self) -> list[str]:
        """The selected ideas in board order, else the highlighted one."""
        view = self.board.view
        if self.selected and view is not None:
            return [item.id for column in view.columns for item in column.items if item.id in self.selected]
        idea = self.current_idea()
        return [idea] if idea else []


def require(board: BoardHost, value: object, message: str) -> bool:
    """True if `value` is there; else the board says `message` and the key does nothing."""
    if not value:
        board.notify(message, severity="warning")
        return False
    return True
