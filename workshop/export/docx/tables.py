"""A table's XML: a fixed layout whose grid and cells carry the same widths (`columns.plan_table`).

Word and LibreOffice lay a fixed table out from its grid (`w:tblGrid`); python-docx's own tables have an
equal grid and put other widths only into the cells, which LibreOffice ignores. Header rows repeat on
every page and no row is split across two.
"""

from __future__ import annotations


from workshop.export.docx.columns import CELL_MARGIN
from workshop.export.docx.ooxml import element, set_child

HEADER_FILL = "EDEDED"
BORDER = "999999"


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
