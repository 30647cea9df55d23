"""A vote's ranking as bars: rank, label, bar, dots (phones ● and paper ○ apart when asked)."""

from __future__ import annotations

from rich.text import Text

from workshop.core.models import ResultRow
from workshop.i18n import _
from workshop.tui.display import visual


def result_text(rows: list[ResultRow], width: int, *, split: bool = True, limit: int | None = None) -> Text:
    """One line per item; bars scaled to the largest total so they fit `width` cells."""
    text = Text()
    if not rows:
        return Text(_("Keine Einträge."))
    shown = rows[:limit] if limit else rows
    label_width = max(8, min(32, max(len(row.caption) for row in shown)))
    top = max((row.total for row in shown), default=0) or 1
    for index, row in enumerate(shown):
        figures = f"{row.total:>4}" + (f"  (●{row.device_dots} ○{row.paper_dots})" if split else "")
        room = max(4, width - label_width - len(figures) - 8)
        bar = "█" * round(room * row.total / top)
        if index:
            text.append("\n")
        label = row.caption if len(row.caption) <= label_width else row.caption[:label_width - 1] + "…"
        label = visual(label)  # cut in reading order first, then reordered for the terminal
        text.append(f"{row.rank:>2}. ", style="bold")
        text.append(f"{label:<{label_width}} ")
        text.append((bar or "·").ljust(room), style="green" if row.rank <= 3 and row.total else "dim")
        text.append(figures, style="bold")
    return text
