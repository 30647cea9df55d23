"""The revealed ranking as bars on the terminal projector, sized to the widget's width whenever it is drawn.

The bars are computed in `render()`, from the width the widget has after layout, so they fill the
screen at any terminal size and follow every resize (a width read when the screen mounts is the width
before layout: a few cells).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from workshop.core.projector import RankRow
from workshop.i18n import n_
from workshop.tui.widgets.result_bars import caption_lines, label_width, padded


def ranking_text(rows: tuple[RankRow, ...], width: int, height: int | None = None) -> Text:
    """One row per item (as many as fit `height` lines): rank, label, bar, dots. A long label wraps to a second
    line, the note of what was merged into it follows on its own lines; the bar stays on the first line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not rows:
        return text
    room_label = label_width([row.caption for row in rows], width, 6)
    figures = [n_("{count} Punkt", "{count} Punkte", row.dots).format(count=row.dots) for row in rows]
    figure_width = max(len(figure) for figure in figures)
    room = max(1, width - 4 - room_label - 1 - 1 - figure_width)
    used = 0
    for row, figure in zip(rows, figures, strict=True):
        (first, *more), note = caption_lines(row.label, row.merged, room_label)
        if height and used + 1 + len(more) + len(note) > height:
            break  # a row shows whole or not at all
        if used:
            text.append("\n")
        used += 1 + len(more) + len(note)
        bar = "█" * max(1 if row.dots else 0, round(room * row.share))
        winner = row.rank == 1 and row.dots > 0
        text.append(f"{row.rank:>2}. ", style="bold")
        text.append(f"{padded(first, room_label)} ", style="bold" if winner else "")
        text.append((bar or "·").ljust(room), style="bold green" if winner else "green" if row.dots else "dim")
        text.append(f" {figure:>{figure_width}}", style="bold")
        for line in more:
            text.append("\n    " + line, style="bold" if winner else "")
        for line in note:
            text.append("\n    " + line, style="dim")
    return text


class RankingBars(Widget):
    """As many rows of the ranking as fit, each bar scaled to the top item and the current width."""

    DEFAULT_CSS = """
    RankingBars { width: 1fr; height: 1fr; }
    """

    rows: reactive[tuple[RankRow, ...]] = reactive((), layout=True)

    def render(self) -> Text:
        size = self.content_size
        return ranking_text(self.rows, size.width, size.height or None)
