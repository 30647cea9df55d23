"""The board's hint line: hints joined by " · ", on a second line when the width asks, broken between hints
(never inside "v schließt"); an aside ("→ 2 weitere Spalten") at the right end."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size

from workshop.tui.bidi import wrap
from workshop.tui.widgets.line import Line

SEPARATOR = " · "
MAX_LINES = 2


def hint_lines(text: str, aside: str, width: int) -> list[tuple[str, str]]:
    """(hint, aside) per line: the hints packed greedily, a hint longer than a line wrapped at its words; the
    aside right of the first line with room, else on a line of its own, else in place of the hints' end."""
    width = max(1, width)
    lines: list[str] = []
    for part in (part for part in text.split(SEPARATOR) if part):
        joined = f"{lines[-1]}{SEPARATOR}{part}" if lines else part
        if lines and len(joined) <= width:
            lines[-1] = joined
        else:
            lines.extend(wrap(part, width) if len(part) > width else [part])
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], " ".join(lines[MAX_LINES - 1:])]
    lines = lines or [""]
    rows = [(line, "") for line in lines]
    if not aside:
        return rows
    for index, line in enumerate(lines):
        if len(line) + 2 + len(aside) <= width:
            rows[index] = (line, aside)
            return rows
    if len(lines) < MAX_LINES:
        return [*rows, ("", aside)]
    room = max(0, width - len(aside) - 3)
    rows[-1] = (lines[-1][:room] + "…" if room else "", aside)
    return rows


class HintLine(Line):
    """One line, two when the hints need them; its layout is redone only when the number of lines changes."""

    DEFAULT_CSS = """
    HintLine { height: auto; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._aside = ""

    def show(self, text: Text | str | None = None, aside: str | None = None) -> None:
        """New hints and/or a new aside (None keeps what is shown)."""
        text = self._text if text is None else str(text)
        aside = self._aside if aside is None else aside
        if (text, aside) == (self._text, self._aside):
            return
        width = self.content_region.width
        before = len(hint_lines(self._text, self._aside, width))
        self._text, self._aside = text, aside
        self.refresh(layout=len(hint_lines(text, aside, width)) != before)

    @property
    def plain(self) -> str:
        return SEPARATOR.join(part for part in (self._text, self._aside) if part)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(hint_lines(self._text, self._aside, width))

    def render(self) -> Text:
        width = self.size.width
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (line, aside) in enumerate(hint_lines(self._text, self._aside, width)):
            if index:
                text.append("\n")
            text.append(line)
            if aside:
                text.append(" " * max(2, width - len(line) - len(aside)))
                text.append(aside, style="bold")
        return text
