"""How wide each column of a table is: measured text, then the widths that make the table shortest.

A column is at least as wide as its widest unit (a word, an amount with its „EUR“) at 9 pt, else at 8 pt,
so no word breaks; where even 8 pt cannot hold every word whole, long words may break at a syllable
(`words.hyphenated`), but no column gets narrower than its widest syllable piece. Between those floors the
width goes where it saves most lines: a few ways of sharing it are laid out on paper here (each cell's
units wrapped at its width, as the word processor will), a few small moves between columns are tried, and
the table with the fewest lines wins, every syllable break counting half a line. Where a table has more
columns than any page could hold, it is cut into parts of neighbouring columns, each repeating the first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from workshop.export.docx.fonts import TextMeter
from workshop.export.docx.words import narrowest, units

SIZES = (9.0, 8.0)                # table text in points; 8 pt is the least a printed paper should use
CELL_MARGIN = 57                  # twips (0.1 cm, LibreOffice's own) left and right inside each cell
SAFETY = 1.02                     # measured width × this: renderers round each glyph's advance
PAD = 2 * CELL_MARGIN / 20 + 2.0  # points a column needs beyond its text: margins, border, rounding
SPLIT_BELOW = 4                   # a table is cut into parts only if each column needs under 1/4 of the width
BREAK_COST = 0.5                  # a syllable break weighs as much as half a line …
HEADER_BREAK_COST = 2.0           # … and two in the header row, which a reader scans for the columns' names
SAMPLE_ROWS = 60                  # rows laid out when comparing widths (evenly spread over a long table)
MOVES = 8                         # rounds of moving width between columns


@dataclass(frozen=True, slots=True)
class Needs:
    """What one column's text asks for, in points at one size."""

    whole: float    # its widest unit kept whole
    broken: float   # its widest line once long words break at a syllable
    line: float     # its widest cell on a single line


@dataclass(frozen=True, slots=True)
class TablePart:
    """Some of the table's columns, side by side on the page, with their widths (twips)."""

    columns: tuple[int, ...]
    widths: tuple[int, ...]

    def limit(self, position: int) -> float:
        """The width (points) a unit of this column may have before it gets a syllable break."""
        return self.widths[position] / 20 - PAD


@dataclass(frozen=True, slots=True)
class TableLayout:
    size: float
    parts: tuple[TablePart, ...]


@dataclass(frozen=True, slots=True)
class Measured:
    """The table's text measured at one size: each cell's units' widths, and each column's needs."""

    cells: list[list[list[float]]]   # row → column → widths of the cell's units (points)
    space: float
    needs: list[Needs]


def plan_table(cells: list[list[str]], width: int, meter: TextMeter, *, header_rows: int = 1) -> TableLayout:
    """The font size and the columns' widths for a table of plain cell texts on a text width (twips)."""
    columns = max((len(row) for row in cells), default=0)
    room = width / 20
    for size in SIZES:
        measured = measure(cells, columns, size, meter, header_rows, room)
        needs = measured.needs
        if sum(need.whole for need in needs) + PAD * columns <= room:
            return TableLayout(size, (_part(tuple(range(columns)), measured, width),))
    if sum(need.broken for need in needs) + PAD * columns <= room or any(
            need.broken > room / SPLIT_BELOW for need in needs):
        # Fits once long words break; or a unit wider than any part could hold (a pasted run-on word)
        # is the trouble, not the number of columns: one table, squeezed, and that unit breaks anywhere.
        return TableLayout(size, (_part(tuple(range(columns)), measured, width),))
    return TableLayout(size, tuple(_part(group, measured, width) for group in _groups(needs, room)))


def measure(cells: list[list[str]], columns: int, size: float, meter: TextMeter, header_rows: int,
            room: float) -> Measured:
    cap = room - PAD  # one absurdly long unit must not swallow the arithmetic
    whole, broken, line = [0.0] * columns, [0.0] * columns, [0.0] * columns
    grid: list[list[list[float]]] = []
    for index, row in enumerate(cells):
        bold = index < header_rows

        def width_of(text: str, bold: bool = bold) -> float:
            return min(cap, meter.width(text, size, bold=bold) * SAFETY)

        grid.append([])
        for column in range(columns):
            text = row[column] if column < len(row) else ""
            line[column] = max(line[column], width_of(" ".join(text.split())))
            widths = []
            for unit in units(text):
                widths.append(width_of(unit))
                whole[column] = max(whole[column], widths[-1])
                if widths[-1] > broken[column]:
                    broken[column] = max(broken[column], narrowest(unit, width_of))
            grid[-1].append(widths)
    needs = [Needs(w, min(b, w), max(l, w)) for w, b, l in zip(whole, broken, line, strict=True)]
    return Measured(grid, meter.width(" ", size) * SAFETY, needs)


def _groups(needs: list[Needs], room: float) -> list[tuple[int, ...]]:
    """Neighbouring columns packed into parts that fit whole, each starting with the first column."""
    groups: list[list[int]] = [[0]]
    for column in range(1, len(needs)):
        candidate = groups[-1] + [column]
        if len(groups[-1]) == 1 or sum(needs[c].whole for c in candidate) + PAD * len(candidate) <= room:
            groups[-1] = candidate
        else:
            groups.append([0, column])
    return [tuple(group) for group in groups]


def _part(columns: tuple[int, ...], measured: Measured, width: int) -> TablePart:
    content = width / 20 - PAD * len(columns)
    chosen = [measured.needs[column] for column in columns]
    whole, broken, line = ([getattr(need, name) for need in chosen] for name in ("whole", "broken", "line"))
    if sum(whole) <= content:
        floor = whole
        candidates = [_share(whole, [l - w for l, w in zip(line, whole, strict=True)], content),
                      _share(whole, line, content),
                      _share(whole, [math.sqrt(max(0.0, l - w)) for l, w in zip(line, whole, strict=True)], content)]
    else:
        floor = broken
        greedy = _whole_first(broken, whole, content)
        prose = _share(broken, [l - b for l, b in zip(line, broken, strict=True)], content)
        candidates = [greedy, _share(broken, [w - b for w, b in zip(whole, broken, strict=True)], content), prose,
                      [(a + b) / 2 for a, b in zip(greedy, prose, strict=True)]]
    rows = _sample([[row[column] for column in columns] for row in measured.cells])
    sizes = _shortest(candidates, floor, whole, rows, measured.space, content)
    twips = [int((size + PAD) * 20) for size in sizes]
    twips[-1] += width - sum(twips)  # rounding: exactly the text width
    return TablePart(columns, tuple(twips))


def _share(low: list[float], weights: list[float], content: float) -> list[float]:
    """`low` plus the rest of `content` shared by `weights` (evenly without any); `low` scaled if too wide."""
    if sum(low) >= content:
        total = sum(low) or 1.0
        return [content * value / total for value in low]
    spare = content - sum(low)
    total = sum(weights)
    if total <= 0:
        return [value + spare / len(low) for value in low]
    return [value + spare * weight / total for value, weight in zip(low, weights, strict=True)]


def _whole_first(broken: list[float], whole: list[float], content: float) -> list[float]:
    """The columns that cost least to keep whole get their width first (so few columns break words at
    all); the rest of the room goes to those still short of it."""
    if sum(broken) >= content:
        return _share(broken, [], content)
    sizes = list(broken)
    spare = content - sum(broken)
    for column in sorted(range(len(sizes)), key=lambda index: whole[index] - broken[index]):
        cost = whole[column] - sizes[column]
        if cost <= spare:
            sizes[column], spare = whole[column], spare - cost
    return _share(sizes, [max(0.0, want - have) for want, have in zip(whole, sizes, strict=True)],
                  content)


def _sample(rows: list[list[list[float]]]) -> list[list[list[float]]]:
    if len(rows) <= SAMPLE_ROWS:
        return rows
    step = len(rows) / SAMPLE_ROWS
    return [rows[0], *(rows[int(index * step)] for index in range(1, SAMPLE_ROWS))]


def _shortest(candidates: list[list[float]], floor: list[float], whole: list[float], rows: list[list[list[float]]],
              space: float, content: float) -> list[float]:
    """The candidate that lays the table out in the fewest lines, then improved while that saves lines:
    a small amount of width moved from one column to another, or a column widened to hold its words whole
    at the others' expense (never below a column's floor)."""
    best = min(candidates, key=lambda widths: _cost(widths, rows, space))
    cost = _cost(best, rows, space)
    step = content / 40
    for _round in range(MOVES):
        trials = []
        for giver in range(len(best)):
            for taker in range(len(best)):
                if giver != taker and best[giver] - step >= floor[giver]:
                    widths = list(best)
                    widths[giver] -= step
                    widths[taker] += step
                    trials.append((_cost(widths, rows, space), widths))
        for taker, wanted in enumerate(whole):
            widths = _widen(best, floor, taker, wanted)
            if widths is not None:
                trials.append((_cost(widths, rows, space), widths))
        if not trials or min(trials)[0] >= cost:
            break
        cost, best = min(trials)
    return best


def _widen(widths: list[float], floor: list[float], taker: int, wanted: float) -> list[float] | None:
    """`widths` with column `taker` at `wanted`, the difference taken from the others in proportion to what
    they have above their floor; None if it is wide enough already or the others cannot give it."""
    missing = wanted - widths[taker]
    slack = [0.0 if index == taker else max(0.0, width - floor[index]) for index, width in enumerate(widths)]
    if missing <= 0.01 or sum(slack) < missing:
        return None
    share = missing / sum(slack)
    return [wanted if index == taker else width - slack[index] * share for index, width in enumerate(widths)]


def _cost(widths: list[float], rows: list[list[list[float]]], space: float) -> float:
    total = 0.0
    for index, row in enumerate(rows):  # the first row is the header (a Markdown table has one)
        weight = HEADER_BREAK_COST if index == 0 else BREAK_COST
        tallest = 0.0
        for width, cell in zip(widths, row, strict=False):
            tallest = max(tallest, _lines(cell, width, space, weight))
        total += tallest
    return total


def _lines(cell: list[float], width: float, space: float, weight: float) -> float:
    """How many lines a cell's units take at `width` (greedy, as a word processor wraps), plus the weight
    of the syllable breaks its too-wide units need."""
    lines, used, breaks = 1, 0.0, 0
    for unit in cell:
        if unit > width:
            breaks += 1
            pieces = math.ceil(unit / max(width, 1.0))
            lines += pieces - (0 if used else 1)
            used = unit - (pieces - 1) * width
            continue
        if not used:
            used = unit
        elif used + space + unit <= width:
            used += space + unit
        else:
            lines, used = lines + 1, unit
    return lines + weight * breaks
