"""The plan's change log: one table row per merge that changed the plan, in its own managed block.

    <!-- werkstatt:changelog -->
    | Datum | Sitzung | neu | aktualisiert | Konflikte | von Hand entfernt | geprüft | Status geändert |
    |---|---|--:|--:|--:|--:|--:|--:|
    | 30.11.2016 | Zukunftswerkstatt Integrationsplan KW (24.11.2016) | 4 | 0 | 0 | 0 | 0 | 0 |
    <!-- /werkstatt:changelog -->

The block has no hash: rows are only ever appended, never rewritten, so a block the coordinator edited
(a comment added, a row corrected) is appended to as it stands. A new block goes after the overview, or
without one before the ledger at the plan's end. „geprüft“ counts the measures a review session went
through, „Status geändert“ the status lines a merge wrote. A table that still has the first six columns gets
the two new ones in its header only: its old rows stay as they are (a reader shows their new cells empty).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

from markdown_it import MarkdownIt

from workshop.core.formatting import german_date
from workshop.export.escape import escape_inline
from workshop.export.outcome import Outcome
from workshop.export.plan import Block, PlanDocument
from workshop.export.sections import Edits, Kept
from workshop.i18n import _

OPEN = "<!-- werkstatt:changelog -->"
CLOSE = "<!-- /werkstatt:changelog -->"


def column_names() -> list[str]:
    return [_("Datum"), _("Sitzung"), _("neu"), _("aktualisiert"), _("Konflikte"), _("von Hand entfernt"),
            _("geprüft"), _("Status geändert")]


def header_lines() -> list[str]:
    return ["| " + " | ".join(column_names()) + " |", "|---|---|--:|--:|--:|--:|--:|--:|"]


def _first_header() -> list[str]:
    """The header of the first releases, before „geprüft“ and „Status geändert“."""
    return ["| " + " | ".join(column_names()[:6]) + " |", "|---|---|--:|--:|--:|--:|"]


def row_line(today: date, session_title: str, session_date: str, counts: Counter[Outcome], *, reviewed: int = 0,
             statuses: int = 0) -> str:
    """One merge: its date, the session's title and date, and what it did."""
    session = f"{escape_inline(session_title) or '—'} ({german_date(session_date)})" if session_date \
        else escape_inline(session_title) or "—"
    cells = [german_date(today.isoformat()), session, str(counts[Outcome.ADDED] + counts[Outcome.RESTORED]),
             str(counts[Outcome.UPDATED]), str(counts[Outcome.CONFLICT]), str(counts[Outcome.REMOVED]),
             str(reviewed), str(statuses)]
    return "| " + " | ".join(cells) + " |"


def append_row(doc: PlanDocument, edits: Edits, row: str) -> None:
    """Add the row to the plan's change log (made where it belongs if the plan has none)."""
    block = doc.changelog()
    if block is not None:
        header = _first_header_at(doc, block)
        if header is not None:
            edits.replace(header, header + 1, header_lines())
        body = [line for line in block.body.split("\n") if line.strip()]
        if body and body[-1].lstrip().startswith("|"):
            lines = [row]
        else:  # no table at the end of a hand-edited block: a table of its own after a blank line
            lines = ([""] if body else []) + header_lines() + [row]
        edits.replace(block.end, block.end, [*lines, Kept(block.end)])
        return
    overview = doc.overview()
    if overview is not None:
        point = overview.end + 1
    elif doc.ledger is not None:
        point = doc.ledger.start
    else:
        point = len(doc.lines)
    # Order 2: after new fields' sections (1), before a ledger made in the same merge (3).
    edits.insert(point, 2, [[OPEN, *header_lines(), row, CLOSE]])


def _first_header_at(doc: PlanDocument, block: Block) -> int | None:
    """The line of the block's last table's header if it is still the first releases' (six columns) and only
    rows follow it: that header gets the two new columns."""
    first = _first_header()
    for index in range(block.end - 2, block.start, -1):
        if doc.content(index).strip() == first[0] and doc.content(index + 1).strip() == first[1]:
            rows = [doc.content(row) for row in range(index + 2, block.end) if doc.content(row).strip()]
            return index if all(row.lstrip().startswith("|") for row in rows) else None
    return None


@cache
def _tables() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def changelog_rows(doc: PlanDocument) -> list[dict[str, str]]:
    """The change log's rows, each by its column names (as Markdown source; a row of a table without
    „Sitzung“ is left out), in order."""
    block = doc.changelog()
    if block is None:
        return []
    tokens = _tables().parse(block.body)
    rows: list[dict[str, str]] = []
    headers: list[str] = []
    cells: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            headers = []
        elif token.type == "tr_open":
            cells = []
        elif token.type in ("th_open", "td_open"):
            (headers if token.type == "th_open" else cells).append(tokens[index + 1].content.strip())
        elif token.type == "tr_close" and cells and _("Sitzung") in headers:
            rows.append(dict(zip(headers, cells, strict=False)))
    return rows
