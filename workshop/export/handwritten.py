"""Measures the coordinator wrote by hand in a field's section: headings one level below the field (where
Werkstatt puts its own) and the rows of a table
with a „Maßnahme“ column, outside Werkstatt's blocks. The overview's caption says when a field holds
such measures (its table covers only the workshops'), the merge compares new titles with them, and the
council paper's cost chart counts their costs where the table has a readable „Kosten“ column.

Where such a measure says where it stands — a table with a „Status“ column, or below its heading a line
„Stand: in Umsetzung“ — the progress report counts it too (`hand_section`), with its year, cost and
responsible unit where a column or a line („Zeitraum:“, „Kosten:“, „Zuständig:“) gives them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from markdown_it import MarkdownIt

from workshop.core.errors import InvalidInput
from workshop.core.formatting import parse_euros
from workshop.core.models import MeasureStatus
from workshop.export.plan import Heading, PlanDocument, heading_text
from workshop.export.sections import Sections

_MEASURE_COLUMN = re.compile(r"ma(ß|ss)nahme", re.IGNORECASE)
_COST_COLUMN = re.compile(r"kosten|betrag|mittel", re.IGNORECASE)
_YEAR_COLUMN = re.compile(r"zeitraum|jahr|termin|zeitplan", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d\d|20\d\d|2100)\b")
_STATUS_COLUMN = re.compile(r"^(status|stand)\b", re.IGNORECASE)
_RESPONSIBLE_COLUMN = re.compile(r"zuständig|verantwortlich|federführ", re.IGNORECASE)
# „Stand: in Umsetzung“, „- **Zuständig:** FB Soziales“, „__Zeitraum:__ 2018“ below a measure's heading.
_LABELLED = re.compile(r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)?(?P<label>Stand|Status|Zeitraum|Zieljahr|Jahr|Kosten|"
                       r"Zuständig)\s*:\s*(?:\*\*|__)?\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_DAY = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


@dataclass(frozen=True, slots=True)
class HandCost:
    """A hand-written measure with a readable cost: its title, year (None: none given) and euros."""

    title: str
    year: int | None
    cost_eur: int


@dataclass(frozen=True, slots=True)
class HandStatus:
    """A hand-written measure that says where it stands: from a table row („table“) or below a heading
    („stand“, its „Stand:“ line)."""

    title: str
    status: MeasureStatus
    source: str
    year: int | None = None
    cost_eur: int | None = None
    responsible: str = ""
    reported: date | None = None    # a day the status cell or line names, as the last report


@cache
def _tables() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def handwritten_measures(doc: PlanDocument, sections: Sections, heading: Heading) -> list[str]:
    """Titles of the measures written by hand in this field's section, in order."""
    return hand_section(doc, sections, heading).titles


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


@dataclass(frozen=True, slots=True)
class HandSection:
    """A field's hand-written measures: every title, and those whose status can be read."""

    titles: list[str]
    statuses: list[HandStatus]


def hand_section(doc: PlanDocument, sections: Sections, heading: Heading) -> HandSection:
    """The hand-written measures of this field's section (headings first, then table rows), read once."""
    titles: list[str] = []
    found: list[HandStatus] = []
    inside_blocks = _block_lines(doc)
    stop = sections.end(heading)
    for other in sections.headings:
        if heading.line < other.line < stop and other.level == heading.level + 1 and other.line not in inside_blocks:
            titles.append(other.text)
            labelled = _labelled_lines(doc, other.end, sections.end(other), inside_blocks)
            status = read_status(labelled.get("stand") or labelled.get("status") or "")
            if status is not None:
                found.append(HandStatus(other.text, status, "stand", _year(labelled.get("zeitraum") or
                                        labelled.get("zieljahr") or labelled.get("jahr") or ""),
                                        _amount(labelled.get("kosten") or ""), labelled.get("zuständig") or "",
                                        _day(labelled.get("stand") or labelled.get("status") or "")))
    for headers, cells in _table_rows(doc, sections, heading):
        columns = [_column(headers, pattern) for pattern in (_MEASURE_COLUMN, _STATUS_COLUMN, _YEAR_COLUMN,
                                                              _COST_COLUMN, _RESPONSIBLE_COLUMN)]
        title, status, when, cost, responsible = (cells[column] if column is not None and column < len(cells) else ""
                                                  for column in columns)
        if title:
            titles.append(title)
        read = read_status(status) if title and columns[1] is not None else None
        if read is not None:
            found.append(HandStatus(title, read, "table", _year(when), _amount(cost), responsible, _day(status)))
    return HandSection(titles, found)


def read_status(text: str) -> MeasureStatus | None:
    """The status a cell or a line starts with („in Umsetzung (seit 03/2018)“ → in Umsetzung), case aside."""
    folded = " ".join(text.split()).casefold()
    for status in sorted(MeasureStatus, key=lambda status: -len(status.value)):
        word = status.value.casefold()
        if folded.startswith(word) and not folded[len(word):len(word) + 1].isalnum():
            return status
    return None


def _labelled_lines(doc: PlanDocument, start: int, stop: int, inside_blocks: _BlockLines) -> dict[str, str]:
    found: dict[str, str] = {}
    for index in range(start, stop):
        match = _LABELLED.match(doc.content(index)) if index not in inside_blocks else None
        if match:
            found.setdefault(match["label"].casefold(), match["value"].replace("**", "").replace("__", "").strip())
    return found


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match[1]) if match else None


def _amount(text: str) -> int | None:
    try:
        return parse_euros(text)
    except InvalidInput:
        return None


def _day(text: str) -> date | None:
    match = _DAY.search(text)
    try:
        return date(int(match[3]), int(match[2]), int(match[1])) if match else None
    except ValueError:
        return None


def _column(headers: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((index for index, text in enumerate(headers) if pattern.search(text)), None)


class _BlockLines:
    """Whether a line lies in one of Werkstatt's blocks (they never overlap: a bisection of their starts)."""

    def __init__(self, doc: PlanDocument) -> None:
        self.starts = [block.start for block in doc.blocks]
        self.ends = [block.end for block in doc.blocks]

    def __contains__(self, index: int) -> bool:
        position = bisect.bisect_right(self.starts, index) - 1
        return position >= 0 and index <= self.ends[position]


def _block_lines(doc: PlanDocument) -> _BlockLines:
    return _BlockLines(doc)


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
