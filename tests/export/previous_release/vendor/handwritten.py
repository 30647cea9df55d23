"""Measures the coordinator wrote by hand in a field's section: headings one level below the field (where
Werkstatt puts its own) and the rows of a table
with a „Maßnahme“ column, outside Werkstatt's blocks. The overview's caption says when a field holds
such measures (its table covers only the workshops'), the merge compares new titles with them, and the
council paper's cost chart counts their costs where the table has a readable „Kosten“ column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

from tests.export.previous_release.vendor.core_errors import InvalidInput
from tests.export.previous_release.vendor.core_formatting import parse_euros
from tests.export.previous_release.vendor.plan import Heading, PlanDocument, heading_text
from tests.export.previous_release.vendor.sections import Sections

_MEASURE_COLUMN = re.compile(r"ma(ß|ss)nahme", re.IGNORECASE)
_COST_COLUMN = re.compile(r"kosten|betrag|mittel", re.IGNORECASE)
_YEAR_COLUMN = re.compile(r"zeitraum|jahr|termin|zeitplan", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d\d|20\d\d|2100)\b")


@dataclass(frozen=True, slots=True)
class HandCost:
    """A hand-written measure with a readable cost: its title, year (None: none given) and euros."""

    title: str
    year: int | None
    cost_eur: int


@cache
def _tables() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def handwritten_measures(doc: PlanDocument, sections: Sections, heading: Heading) -> list[str]:
    """Titles of the measures written by hand in this field's section, in order."""
    stop = sections.end(heading)
    inside_blocks = _block_lines(doc)
    titles = [other.text for other in sections.headings
              if heading.line < other.line < stop and other.level == heading.level + 1 and other.line not in inside_blocks]
    for headers, cells in _table_rows(doc, sections, heading):
        column = _column(headers, _MEASURE_COLUMN)
        if column is not None and column < len(cells) and cells[column]:
            titles.append(cells[column])
    return titles


def handwritten_costs(doc: PlanDocument, sections: Sections, heading: Heading) -> list[HandCost]:
    """The hand-written table rows of this field's section whose „Kosten“ cell holds an amount."""
    costs = []
    for headers, cells in _table_rows(doc, sections, heading):
        title, cost, when = (_column(headers, pattern) for pattern in (_MEASURE_COLUMN, _COST_COLUMN, _YEAR_COLUMN))
        if title is None or cost is None or cost >= len(cells):
            continue
        try:
            amount = parse_euros(cells[cost])
        except InvalidInput:  # „ca. 15.000“, „offen“: not readable as an amount, so not counted
            continue
        if amount is None:
            continue
        year = _YEAR.search(cells[when]) if when is not None and when < len(cells) else None
        costs.append(HandCost(cells[title] if title < len(cells) else "", int(year[1]) if year else None, amount))
    return costs


def _column(headers: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((index for index, text in enumerate(headers) if pattern.search(text)), None)


def _block_lines(doc: PlanDocument) -> set[int]:
    return {line for block in doc.blocks for line in range(block.start, block.end + 1)}


def _table_rows(doc: PlanDocument, sections: Sections, heading: Heading) -> Iterator[tuple[list[str], list[str]]]:
    """(header texts, cell texts) of every body row of the tables in the section, outside Werkstatt's blocks."""
    stop = sections.end(heading)
    inside_blocks = _block_lines(doc)
    # The section's own lines, blocks blanked (their titles are Werkstatt's), parsed for tables only.
    lines = ["" if index in inside_blocks else doc.content(index) for index in range(heading.end, stop)]
    if not any("|" in line for line in lines):
        return
    tokens = _tables().parse("\n".join(lines))
    headers: list[str] = []
    row: list[str] = []
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            in_head, headers = True, []
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            (headers if in_head else row).append(heading_text(tokens[index + 1].content))
        elif token.type == "tr_close" and not in_head:
            yield headers, row
