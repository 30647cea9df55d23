"""Right-to-left text in a terminal, which draws every character strictly from left to right.

An Arabic idea must be reordered into visual order (python-bidi's `get_display`), but only after it
has been wrapped: reordering first and letting the terminal wrap afterwards puts the end of the
sentence on the first line. So `wrap_visual()` wraps the logical text to the width it will be shown
in, then reorders each line on its own, with the paragraph's direction. A name quoted inside a German
sentence is reordered on its own (`quoted()`), so the German quotes around it stay where they belong.

Shared by the board, the dialogs, the event log, sort mode and the projector (any terminal view).
"""

from __future__ import annotations

from bidi import get_display
from rich.cells import cell_len

from workshop.textshape import has_rtl, is_rtl


def direction(paragraph: str) -> str:
    """`R` if the paragraph runs right to left, else `L` (python-bidi's base level, Unicode's rule P2)."""
    return "R" if is_rtl(paragraph) else "L"


def visual(text: str) -> str:
    """Each line of `text` in visual order (for text that is not wrapped, or wrapped already)."""
    if not has_rtl(text):
        return text
    return "\n".join(get_display(line, base_dir=direction(line)) if has_rtl(line) else line
                     for line in text.split("\n"))


def wrap_visual(text: str, width: int) -> list[str]:
    """`text` wrapped at `width` cells in logical order, then each line reordered for display."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = wrap(paragraph, width)
        if has_rtl(paragraph):
            base = direction(paragraph)
            wrapped = [get_display(line, base_dir=base) for line in wrapped]
        lines.extend(wrapped)
    return lines


def clamp(text: str, width: int, lines: int = 2) -> list[str]:
    """`text` (spaces folded) in at most `lines` lines of `width` cells, in display order: whole where it fits,
    else cut at the end with an ellipsis (a long name wraps to a second line rather than being cut at once)."""
    words = " ".join(text.split())
    wrapped = wrap_visual(words, width)
    if len(wrapped) <= lines:
        return wrapped
    words = words[:max(1, width) * lines]  # more never fits; bounds the cutting below
    while words and len(wrap_visual(f"{words}…", width)) > lines:
        words = words[:-1].rstrip()
    return wrap_visual(f"{words}…", width)


def block(text: str, width: int) -> str:
    """Text for a widget that wraps at `width` cells: as it is, or (with right-to-left script) wrapped here
    and reordered line by line, so the widget's own wrapping has nothing left to break."""
    return "\n".join(wrap_visual(text, width)) if has_rtl(text) else text


def quoted(text: str) -> str:
    """„text“ inside a German sentence, the text reordered on its own so the quotes keep their places."""
    return f"„{visual(text)}“"


def wrap(paragraph: str, width: int) -> list[str]:
    """Greedy word wrap by terminal cells; a word longer than a line is cut."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for word in paragraph.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while cell_len(word) > width:
            cut = _fit(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    lines.append(line)
    return lines


def _fit(word: str, width: int) -> int:
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return max(1, index)
    return len(word)
