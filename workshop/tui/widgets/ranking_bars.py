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
from workshop.tui.display import visual

LABEL_MAX = 36


def ranking_text(rows: tuple[RankRow, ...], width: int, height: int | None = None) -> Text:
    """One line per item (as many as fit `height`): rank, label, bar, dots."""
    shown = rows[:height] if height else rows
    text = Text(no_wrap=True, overflow="ellipsis")
    if not shown:
        return text
    labels = [visual(row.label) for row in shown]
    label_width = max(6, min(LABEL_MAX, max(len(label) for label in labels), width // 3))
    figures = [n_("{count} Punkt", "{count} Punkte", row.dots).format(count=row.dots) for row in shown]
    figure_width = max(len(figure) for figure in figures)
    room = max(1, width - 4 - label_width - 1 - 1 - figure_width)
    for index, (row, label, figure) in enumerate(zip(shown, labels, figures, strict=True)):
        if index:
            text.append("\n")
        if len(label) > label_width:
            label = label[:label_width - 1] + "…"
        bar = "█" * max(1 if row.dots else 0, round(room * row.share))
        winner = row.rank == 1 and row.dots > 0
        text.append(f"{row.rank:>2}. ", style="bold")
        text.append(f"{label:<{label_width}} ", style="bold" if winner else "")
        text.append((bar or "·").ljust(room), style="bold green" if winner else "green" if row.dots else "dim")
        text.append(f" {figure:>{figure_width}}", style="bold")
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
