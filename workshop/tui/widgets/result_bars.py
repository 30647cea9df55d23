"""A vote's ranking as bars: rank, label, bar, dots (phones ● and paper ○ apart when asked).

A long label (a wish-theme of 45 characters) wraps to a second line under itself rather than being cut, and
the note of what was merged into it after the vote follows on its own lines; the bar stays on the first line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from workshop.core.models import MERGED_WITH, ResultRow
from workshop.i18n import _
from workshop.tui.bidi import clamp

LABEL_LINES = 2  # a label's lines; its merge note gets as many more


def caption_lines(label: str, merged: tuple[str, ...], width: int) -> tuple[list[str], list[str]]:
    """The label in at most two lines of `width` cells, and its merge note „(mit „Beta“ zusammengeführt)“."""
    note = clamp(MERGED_WITH.format(names="“, „".join(merged)), width, LABEL_LINES) if merged else []
    return clamp(label, width, LABEL_LINES), note


def label_width(captions: list[str], width: int, least: int) -> int:
    """The label column: as wide as the longest caption, at most a third of the width (and never below `least`)."""
    return max(least, min(max(cell_len(caption) for caption in captions), width // 3))


def padded(line: str, width: int) -> str:
    return line + " " * max(0, width - cell_len(line))


def result_text(rows: list[ResultRow], width: int, *, split: bool = True, limit: int | None = None) -> Text:
    """One row per item (a long label on two lines); bars scaled to the largest total so they fit `width` cells."""
    text = Text()
    if not rows:
        return Text(_("Keine Einträge."))
    shown = rows[:limit] if limit else rows
    room_label = label_width([row.caption for row in shown], width, 8)
    top = max((row.total for row in shown), default=0) or 1
    for index, row in enumerate(shown):
        figures = f"{row.total:>4}" + (f"  (●{row.device_dots} ○{row.paper_dots})" if split else "")
        room = max(4, width - room_label - len(figures) - 8)
        bar = "█" * round(room * row.total / top)
        if index:
            text.append("\n")
        (first, *more), note = caption_lines(row.label, row.merged, room_label)
        text.append(f"{row.rank:>2}. ", style="bold")
        text.append(f"{padded(first, room_label)} ")
        text.append((bar or "·").ljust(room), style="green" if row.rank <= 3 and row.total else "dim")
        text.append(figures, style="bold")
        for line in more:
            text.append("\n    " + line)
        for line in note:
            text.append("\n    " + line, style="dim")
    return text
