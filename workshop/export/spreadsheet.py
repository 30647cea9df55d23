"""Rows for German spreadsheets: semicolons, CRLF, a UTF-8 byte order mark, and no formulas from people's text.

A cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or CR) gets a leading apostrophe, so a
participant's `=HYPERLINK(…)` stays text in Excel or LibreOffice. The protocol's CSV and the actors'
network use this one dialect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell's value as written: None empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as semicolon-separated text with CRLF line ends (without the byte order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_bytes(text: str) -> bytes:
    """CSV text as a file's bytes: UTF-8 with a byte order mark, which tells Excel the encoding."""
    return text.encode("utf-8-sig")
