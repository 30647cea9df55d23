"""Spreadsheets that open right in Excel and LibreOffice: an XLSX workbook of typed cells, through openpyxl.

What a CSV cannot promise: people's text stays text. Every string is written as a string cell (type "s"),
so „=1+1“ is never a formula, „01.02.2017“ never a date, „00123“ never 123, and nothing needs the CSV's
guarding apostrophe. Numbers and days are typed cells. Each sheet has a bold, frozen header row, an
autofilter and column widths fitted to its content.

The same sheets give the same bytes: the document's dates are the given day (the session's), and the ZIP's
entries carry that day too, instead of the moment of writing. Reusable by any export (the protocol today,
the actors' network later): give it `Sheet`s.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

CellValue = str | int | float | date | None
DAY_FORMAT = "DD.MM.YYYY"
NUMBER_FORMAT = "#,##0"
WIDEST = 60  # characters; longer text wraps inside its cell
NARROWEST = 6
# Characters XML 1.0 cannot hold (openpyxl refuses them), and text that a spreadsheet would read as one of
# OOXML's own escapes (`_x0041_` shows as „A“ unless its underscore is escaped).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_EARLIEST_ZIP_DAY = date(1980, 1, 1)  # ZIP's clock starts in 1980


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its tab's name (at most 31 characters, none of `[]:*?/\\`), a header row, rows of cells."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[CellValue]]


def xlsx_bytes(sheets: Sequence[Sheet], *, day: date, creator: str = "Werkstatt") -> bytes:
    """The workbook's bytes; `day` dates the document and every entry of its ZIP, so equal input is equal bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _fill(workbook.create_sheet(sheet.title), sheet)
    stamp = datetime(day.year, day.month, day.day)
    workbook.properties.creator = creator
    workbook.properties.created = workbook.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not openpyxl's save_workbook, which dates the file now
    return _restamp(raw.getvalue(), max(day, _EARLIEST_ZIP_DAY))


def _fill(worksheet: Any, sheet: Sheet) -> None:
    bold = Font(bold=True)
    worksheet.append([_text(title) for title in sheet.header])
    for cell in worksheet[1]:
        cell.data_type = "s"
        cell.font = bold
    widths = [len(title) for title in sheet.header]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_index, row in enumerate(sheet.rows, start=2):
        for column_index, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = worksheet.cell(row=row_index, column=column_index)
            shown = _put(cell, value)
            if column_index > len(widths):
                widths.append(0)
            longest = max(map(len, shown.split("\n")))
            widths[column_index - 1] = max(widths[column_index - 1], longest)
            if longest > WIDEST or "\n" in shown:
                cell.alignment = wrap
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = min(WIDEST, max(NARROWEST, width)) + 2
    worksheet.freeze_panes = "A2"
    last_row = max(1, len(sheet.rows) + 1)
    worksheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(widths)))}{last_row}"


def _put(cell: Any, value: CellValue) -> str:
    """Write a value as its own type; returns it as shown, to size the column."""
    if isinstance(value, bool):  # a bool is an int to Python, but a yes/no to a reader
        raise TypeError("write yes/no as words")
    if isinstance(value, (int, float)):
        cell.value = value
        cell.number_format = NUMBER_FORMAT
        return f"{value:,}"
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DAY_FORMAT
        return "00.00.0000"
    cell.value = _text(value)
    cell.data_type = "s"  # after the value: openpyxl would make „=…“ a formula
    return str(value)


def _text(value: str) -> str:
    escaped = _LOOKS_ESCAPED.sub(r"_x005F_\1", value)
    return _UNWRITABLE.sub(lambda found: f"_x{ord(found[0]):04X}_", escaped)


def _restamp(data: bytes, day: date) -> bytes:
    """The same ZIP with every entry dated `day` (openpyxl's entries carry the moment of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        # The content types first, where readers that sniff a file's kind look for them.
        for entry in sorted(source.infolist(), key=lambda entry: entry.filename != "[Content_Types].xml"):
            info = zipfile.ZipInfo(entry.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
