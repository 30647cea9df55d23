"""The board: one column per theme (plus the "unsorted" inbox), patched in place by item id.

The columns' titles stand above them in one strip (`ColumnTitles`: a theme's long name wraps to two lines
there, which a border title cannot). The columns share the board's width: at least `MIN_WIDTH` cells (readable), wider
while the terminal has room (at most `MAX_WIDTH`); the screen re-wraps their text to the width the board
posts (`Board.Width`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workshop.i18n import _
from workshop.tui.actions import COLUMN_LEFT, COLUMN_RIGHT
from workshop.tui.board_model import COLUMN_WIDTH, MEASURES, UNSORTED, BoardView, Column, Item, RowKind
from workshop.tui.widgets.column_titles import ColumnTitles

MIN_WIDTH = 26  # a column never narrower: an idea keeps 21 cells a line (at 200 columns six themes and more fit)
MAX_WIDTH = 48  # nor wider: a line of more than ~43 characters is hard to read from a distance


def item_prompt(item: Item) -> Text:
    """The row of an idea or measure: the selection mark, then its text and figures, wrapped here so that every
    line stands inside the mark's indent (the list's own wrapping would start them at the column's edge)."""
    body = Text()
    body_style = "dim strike" if item.hidden else ("bold reverse" if item.fresh else "")
    body.append(item.text, style=body_style)
    if item.merged:
        body.append(f" (+{item.merged})", style="dim")
    if item.hidden:
        body.append(" " + _("(ausgeblendet)"), style="italic dim")
    if item.dots is not None:
        body.append(f" ●{item.dots[0]}" + (f" ○{item.dots[1]}" if item.dots[1] else ""), style="bold")
    if item.kind == RowKind.IDEA:
        body.append(" 📱" if item.from_device else " ⌨", style="dim")
    text = Text("✓ " if item.selected else "  ", style="bold green" if item.selected else "")
    width = item.width
    plain = body.plain
    if len(plain) <= width and "\n" not in plain and "\t" not in plain and cell_len(plain) <= width:  # one line
        text.append_text(body)
        return text
    for index, line in enumerate(body.wrap(None, width, justify="default", overflow="fold")):  # type: ignore[arg-type]
        if index:
            text.append("\n  ")
        text.append_text(line)
    return text


class ThemeColumn(OptionList):
    """The ideas of one theme; its border title names the theme, its options are ideas by id."""

    DEFAULT_CSS = f"""
    ThemeColumn {{ width: {COLUMN_WIDTH}; height: 1fr; border: round $panel-lighten-2; padding: 0;
                  overflow-y: scroll; scrollbar-size-vertical: 1; scrollbar-background: $surface;
                  scrollbar-background-hover: $surface; scrollbar-background-active: $surface; }}
    ThemeColumn:focus {{ border: round $accent; }}
    ThemeColumn.-unsorted {{ border: round $warning 60%; }}
    ThemeColumn.-unsorted:focus {{ border: round $warning; }}
    ThemeColumn.-measures {{ border: round $success 60%; }}
    """

    # OptionList would scroll sideways on ← →; on the board they move between columns (the board's own keys).
    BINDINGS = [replace(action.binding, action=f"screen.{action.action}") for action in (COLUMN_LEFT, COLUMN_RIGHT)]

    def __init__(self, column: Column) -> None:
        super().__init__(id=None, classes=f"-{column.key}" if column.key in (UNSORTED, MEASURES) else None)
        self.key = column.key
        self.theme = column.theme
        self._shown: list[str] = []
        self._signatures: dict[str, tuple] = {}
        self._patching = False
        self._items: dict[str, Item] = {}
        self._titles: tuple[str, str, str] | None = None
        self.title_text = ""  # what the title above the column says (its theme's name, wrapped to two lines)
        self.apply(column)

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        # A new idea changes only this column's scrollable height; with the scrollbar always shown that
        # needs no layout of the whole screen (which costs ~40 ms on a 1,000-idea board), just a repaint.
        if layout and self._patching:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @property
    def item_ids(self) -> list[str]:
        return list(self._shown)

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def apply(self, column: Column) -> bool:
        """Bring the options in line with `column`; True if anything changed."""
        self.theme = column.theme
        if len(column.items) == len(self._items) and all(
                item is self._items.get(item.id) for item in column.items) and self._titles == (
                column.title, column.subtitle, column.figures) and self._shown == [i.id for i in column.items]:
            return False  # nothing new in this column: the common case on a big board
        self._items = {item.id: item for item in column.items}
        changed = False
        if self._titles != (column.title, column.subtitle, column.figures):
            self._titles = (column.title, column.subtitle, column.figures)
            self.border_title = Text(column.figures) if column.figures else None
            self.title_text = column.title  # the board's `ColumnTitles` draws it
            self.border_subtitle = Text(column.subtitle) if column.subtitle else None
        wanted = [item.id for item in column.items]
        wanted_set = set(wanted)
        for item_id in [item_id for item_id in self._shown if item_id not in wanted_set]:
            self.remove_option(item_id)
            self._signatures.pop(item_id, None)
            changed = True
        self._shown = [item_id for item_id in self._shown if item_id in wanted_set]
        kept = set(self._shown)
        kept_order = [item_id for item_id in wanted if item_id in kept]
        if kept_order != self._shown or wanted[:len(kept_order)] != kept_order:
            return self._rebuild(column) or True  # reordered or inserted in the middle: redo this column only
        for item in column.items:
            if item.id in kept and self._signatures.get(item.id) != item.signature:
                self.replace_option_prompt(item.id, item_prompt(item))
                self._signatures[item.id] = item.signature
                changed = True
        new = column.items[len(kept_order):]
        if new:
            self._patching = self.is_mounted
            try:
                self.add_options([Option(item_prompt(item), id=item.id) for item in new])
            finally:
                self._patching = False
            for item in new:
                self._signatures[item.id] = item.signature
            self._shown.extend(item.id for item in new)
            if self.highlighted is None:
                self.highlighted = 0
            changed = True
        return changed

    def _rebuild(self, column: Column) -> bool:
        current = self.highlighted_id
        self.clear_options()
        self.add_options([Option(item_prompt(item), id=item.id) for item in column.items])
        self._shown = [item.id for item in column.items]
        self._signatures = {item.id: item.signature for item in column.items}
        if current in self._signatures:
            self.highlighted = self.get_option_index(current)
        elif self._shown:
            self.highlighted = 0
        return True

    def scroll_to_highlight(self, top: bool = False) -> None:
        # With the first option highlighted and the column at its top there is nothing to scroll; skipping
        # it spares wrapping every idea of the columns beyond the screen before the first frame.
        if not self.highlighted and self.scroll_y == 0:
            return
        super().scroll_to_highlight(top)

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class Board(HorizontalScroll):
    """The columns side by side; `patch()` applies a new `BoardView` without rebuilding."""

    DEFAULT_CSS = """
    Board { height: 1fr; }
    """

    @dataclass
    class Width(Message):
        """The width each column now has (the screen wraps the columns' text to it)."""

        width: int

    @dataclass
    class ColumnsHidden(Message):
        """How many columns lie (even partly) beyond the left and the right edge, after a scroll or resize."""

        left: int
        right: int

    def __init__(self, *, id: str | None = None, first: Callable[[Board], BoardView] | None = None) -> None:
        """`first`: the view to compose the columns from (asked when the board composes, before its first layout:
        columns mounted later cost the screen a second layout and full repaint)."""
        super().__init__(id=id)
        self._first = first
        self._columns: dict[str, ThemeColumn] = {}
        self._hidden = (0, 0)
        self.column_width = COLUMN_WIDTH
        self.titles = ColumnTitles(lambda: self.columns, lambda: self.scroll_x)

    def compose(self) -> ComposeResult:
        yield self.titles
        if self._first is not None:
            columns = [self._new(column) for column in self._first(self).columns]
            self._columns = {column.key: column for column in columns}
            yield from columns

    def title_region(self, column: ThemeColumn) -> Region:
        """Where the title of `column` is drawn on the screen."""
        return self.titles.region_of(column)

    def hidden_columns(self) -> tuple[int, int]:
        """Columns not wholly in view, left and right: only ← → show them, so the board says they are there."""
        start = round(self.scroll_x)
        end = start + self.scrollable_content_region.width
        left = right = 0
        for column in self.columns:
            region = column.virtual_region
            if region.width and region.x < start:
                left += 1
            elif region.width and region.right > end:
                right += 1
        return left, right

    def _check_hidden(self) -> None:
        hidden = self.hidden_columns()
        if hidden != self._hidden:
            self._hidden = hidden
            self.post_message(self.ColumnsHidden(*hidden))

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self.titles.refresh()
        self._check_hidden()

    def on_resize(self) -> None:
        self._share_width()
        self.call_after_refresh(self._check_hidden)

    @staticmethod
    def width_for(count: int, room: int) -> int | None:
        """The width each of `count` columns gets in `room` cells (None without columns or room)."""
        if not count or room <= 0:
            return None
        # As many whole columns as fit at MIN_WIDTH share the room; the rest lie beyond the edge (← →).
        shown = max(1, min(count, room // MIN_WIDTH))
        return max(MIN_WIDTH, min(MAX_WIDTH, room // shown))

    def _share_width(self) -> None:
        """Give every column the same width: the board's width shared, within MIN_WIDTH and MAX_WIDTH."""
        width = self.width_for(len(self._columns), self.size.width)
        if width is None:
            return
        for column in self.columns:
            self._fit(column, width)
        if width != self.column_width:
            self.column_width = width
            self.post_message(self.Width(width))

    @staticmethod
    def _fit(column: ThemeColumn, width: int) -> None:
        if column.styles.width is None or column.styles.width.value != width:
            column.styles.width = width

    @property
    def columns(self) -> list[ThemeColumn]:
        """The columns shown, left to right (not one whose removal is under way)."""
        return [child for child in self.children
                if isinstance(child, ThemeColumn) and self._columns.get(child.key) is child]

    def column(self, key: str) -> ThemeColumn | None:
        return self._columns.get(key)

    def patch(self, view: BoardView) -> None:
        wanted = {column.key for column in view.columns}
        focused = self.screen.focused if self.is_attached else None
        lost_focus = False
        count = len(self._columns)
        for key in [key for key in self._columns if key not in wanted]:
            widget = self._columns.pop(key)
            lost_focus = lost_focus or widget is focused
            widget.clear_options()  # its ideas and rendered lines go now, even if the collector froze the column
            widget.remove()
        if not self._columns:
            columns = [self._new(column) for column in view.columns]
            self._columns = {column.key: column for column in columns}
            self.mount_all(columns)
        else:
            previous: ThemeColumn | None = None
            for column in view.columns:
                widget = self._columns.get(column.key)
                if widget is None:
                    widget = self._columns[column.key] = self._new(column)
                    if previous is None:
                        self.mount(widget, after=self.titles)
                    else:
                        self.mount(widget, after=previous)
                else:
                    widget.apply(column)
                    if previous is not None and self._index(widget) < self._index(previous):
                        self.move_child(widget, after=previous)
                previous = widget
        # Every title as high as the highest, so the columns start level.
        self.titles.show_lines(max((column.title.count("\n") + 1 for column in view.columns), default=1))
        if len(self._columns) != count:
            self._share_width()
        if lost_focus and self._columns:
            next(iter(self._columns.values())).focus()
        self.call_after_refresh(self._check_hidden)  # once the new columns have their places

    def _new(self, column: Column) -> ThemeColumn:
        widget = ThemeColumn(column)
        self._fit(widget, self.column_width)
        return widget

    def _index(self, widget: ThemeColumn) -> int:
        try:
            return self.children.index(widget)
        except ValueError:
            return -1
