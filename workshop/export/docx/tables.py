"""Tables that fit the page: column widths from the real font, a grid that agrees with its cells.

Word and LibreOffice lay a fixed table out from its grid (`w:tblGrid`), so the grid and every cell carry
the same widths, which add up to the text width. A column is at least as wide as its widest unit (a word,
an amount with its „EUR“) at 9 pt, else at 8 pt; the spare width goes to the columns whose text wraps, so
long prose takes the rest. Where even 8 pt cannot hold every word whole, long words get a syllable break
(`words.hyphenated`); where a table has more columns than any page could hold, it is cut into parts of
neighbouring columns, each repeating the first column. Header rows repeat on every page and no row is
split across two; the header and the first row keep with what stands before the table (its heading).
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.export.docx.fonts import TextMeter
from workshop.export.docx.ooxml import element, set_child
from workshop.export.docx.words import narrowest, units

SIZES = (9.0, 8.0)                # table text in points; 8 pt is the least a printed paper should use
CELL_MARGIN = 85                  # twips (0.15 cm) left and right inside each cell
SAFETY = 1.02                     # measured width × this: renderers round each glyph's advance
PAD = 2 * CELL_MARGIN / 20 + 2.0  # points a column needs beyond its text: margins, border, rounding
SPLIT_BELOW = 4                  # a table is cut into parts only if each column needs under 1/4 of the width
HEADER_FILL = "EDEDED"
BORDER = "999999"


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


def plan_table(cells: list[list[str]], width: int, meter: TextMeter, *, header_rows: int = 1) -> TableLayout:
    """The font size and the columns' widths for a table of plain cell texts on a text width (twips)."""
    columns = max((len(row) for row in cells), default=0)
    room = width / 20
    for size in SIZES:
        needs = _needs(cells, columns, size, meter, header_rows, room)
        if sum(need.whole for need in needs) + PAD * columns <= room:
            return TableLayout(size, (_part(tuple(range(columns)), needs, width),))
    if sum(need.broken for need in needs) + PAD * columns <= room or any(
            need.broken > room / SPLIT_BELOW for need in needs):
        # Fits once long words break; or a unit wider than any part could hold (a pasted run-on word)
        # is the trouble, not the number of columns: one table, squeezed, and that unit breaks anywhere.
        return TableLayout(size, (_part(tuple(range(columns)), needs, width),))
    return TableLayout(size, tuple(_part(group, needs, width) for group in _groups(needs, room)))


def _needs(cells: list[list[str]], columns: int, size: float, meter: TextMeter, header_rows: int,
           room: float) -> list[Needs]:
    cap = room - PAD  # one absurdly long unit must not swallow the arithmetic
    whole, broken, line = [0.0] * columns, [0.0] * columns, [0.0] * columns
    for index, row in enumerate(cells):
        bold = index < header_rows

        def measure(text: str, bold: bool = bold) -> float:
            return min(cap, meter.width(text, size, bold=bold) * SAFETY)

        for column, text in enumerate(row[:columns]):
            line[column] = max(line[column], measure(" ".join(text.split())))
            for unit in units(text):
                width = measure(unit)
                whole[column] = max(whole[column], width)
                if width > broken[column]:
                    broken[column] = max(broken[column], narrowest(unit, measure))
    return [Needs(w, min(b, w), max(l, w)) for w, b, l in zip(whole, broken, line, strict=True)]


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


def _part(columns: tuple[int, ...], needs: list[Needs], width: int) -> TablePart:
    content = width / 20 - PAD * len(columns)
    chosen = [needs[column] for column in columns]
    whole = [need.whole for need in chosen]
    if sum(whole) <= content:
        sizes = _share(whole, [need.line for need in chosen], content)
    else:
        sizes = _squeeze([need.broken for need in chosen], whole, content)
    twips = [int((size + PAD) * 20) for size in sizes]
    twips[-1] += width - sum(twips)  # rounding: exactly the text width
    return TablePart(columns, tuple(twips))


def _share(low: list[float], high: list[float], content: float) -> list[float]:
    """Widths between what each column must have and what it would like, adding up to `content`."""
    if sum(low) >= content:
        total = sum(low) or 1.0
        return [content * value / total for value in low]
    if sum(high) <= content:  # everything on one line: the spare goes by how much each column holds
        total = sum(high) or 1.0
        return [value + (content - sum(high)) * value / total for value in high]
    extra = [max(0.0, want - least) for want, least in zip(high, low, strict=True)]
    spare = content - sum(low)
    total = sum(extra) or 1.0
    return [least + spare * more / total for least, more in zip(low, extra, strict=True)]


def _squeeze(broken: list[float], whole: list[float], content: float) -> list[float]:
    """Widths where not every word fits whole: first the columns that cost least to keep whole get their
    width (so few columns break words at all), the rest of the room goes to those still short of it."""
    if sum(broken) >= content:
        return _share(broken, whole, content)
    sizes = list(broken)
    spare = content - sum(broken)
    for column in sorted(range(len(sizes)), key=lambda index: whole[index] - broken[index]):
        cost = whole[column] - sizes[column]
        if cost <= spare:
            sizes[column], spare = whole[column], spare - cost
    short = [max(0.0, want - have) for want, have in zip(whole, sizes, strict=True)]
    total = sum(short) or 1.0
    return [have + spare * missing / total for have, missing in zip(sizes, short, strict=True)]


def table_element(widths: tuple[int, ...], rows: int, *, header_rows: int, style_id: str | None) -> object:
    """An empty fixed-layout table: grid, cell widths, borders, repeated header rows, rows kept whole."""
    table = element("tbl")
    properties = element("tblPr")
    table.append(properties)
    if style_id:
        set_child(properties, "tblStyle", val=style_id)
    set_child(properties, "tblW", w=str(sum(widths)), type="dxa")
    set_child(properties, "jc", val="center")
    if not style_id:
        borders = set_child(properties, "tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(element(edge, val="single", sz="4", space="0", color=BORDER))
    set_child(properties, "tblLayout", type="fixed")
    margins = set_child(properties, "tblCellMar")
    margins.append(element("left", w=str(CELL_MARGIN), type="dxa"))
    margins.append(element("right", w=str(CELL_MARGIN), type="dxa"))
    set_child(properties, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0",
              noHBand="0", noVBand="1")
    grid = element("tblGrid")
    for width in widths:
        grid.append(element("gridCol", w=str(width)))
    table.append(grid)
    for index in range(rows):
        row = element("tr")
        row_properties = element("trPr")
        row.append(row_properties)
        set_child(row_properties, "cantSplit")
        if index < header_rows:
            set_child(row_properties, "tblHeader")
        for width in widths:
            cell = element("tc")
            cell_properties = element("tcPr")
            cell.append(cell_properties)
            set_child(cell_properties, "tcW", w=str(width), type="dxa")
            if index < header_rows:
                set_child(cell_properties, "shd", val="clear", color="auto", fill=HEADER_FILL)
            cell.append(element("p"))
            row.append(cell)
        table.append(row)
    return table


def cell_paragraphs(table: object) -> list[list[object]]:
    """The (single) paragraph of every cell, row by row."""
    from docx.oxml.ns import qn

    return [[cell.find(qn("w:p")) for cell in row.iterchildren(qn("w:tc"))] for row in table.iterchildren(qn("w:tr"))]
