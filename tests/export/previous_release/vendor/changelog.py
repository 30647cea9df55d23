"""The plan's change log: one table row per merge that changed the plan, in its own managed block.

    <!-- werkstatt:changelog -->
    | Datum | Sitzung | neu | aktualisiert | Konflikte | von Hand entfernt |
    |---|---|--:|--:|--:|--:|
    | 30.11.2016 | Zukunftswerkstatt Integrationsplan KW (24.11.2016) | 4 | 0 | 0 | 0 |
    <!-- /werkstatt:changelog -->

The block has no hash: rows are only ever appended, never rewritten, so a block the coordinator edited
(a comment added, a row corrected) is appended to as it stands. A new block goes after the overview, or
without one before the ledger at the plan's end.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from tests.export.previous_release.vendor.core_formatting import german_date
from tests.export.previous_release.vendor.escape import escape_inline
from tests.export.previous_release.vendor.outcome import Outcome
from tests.export.previous_release.vendor.plan import PlanDocument
from tests.export.previous_release.vendor.sections import Edits
from workshop.i18n import _

OPEN = "<!-- werkstatt:changelog -->"
CLOSE = "<!-- /werkstatt:changelog -->"


def header_lines() -> list[str]:
    names = [_("Datum"), _("Sitzung"), _("neu"), _("aktualisiert"), _("Konflikte"), _("von Hand entfernt")]
    return ["| " + " | ".join(names) + " |", "|---|---|--:|--:|--:|--:|"]


def row_line(today: date, session_title: str, session_date: str, counts: Counter[Outcome]) -> str:
    """One merge: its date, the session's title and date, and what it did."""
    session = f"{escape_inline(session_title) or '—'} ({german_date(session_date)})" if session_date \
        else escape_inline(session_title) or "—"
    cells = [german_date(today.isoformat()), session, str(counts[Outcome.ADDED] + counts[Outcome.RESTORED]),
             str(counts[Outcome.UPDATED]), str(counts[Outcome.CONFLICT]), str(counts[Outcome.REMOVED])]
    return "| " + " | ".join(cells) + " |"


def append_row(doc: PlanDocument, edits: Edits, row: str) -> None:
    """Add the row to the plan's change log (made where it belongs if the plan has none)."""
    block = doc.changelog()
    if block is not None:
        body = [line for line in block.body.split("\n") if line.strip()]
        if body and body[-1].lstrip().startswith("|"):
            lines = [row]
        else:  # no table at the end of a hand-edited block: a table of its own after a blank line
            lines = ([""] if body else []) + header_lines() + [row]
        edits.replace(block.end, block.end, [*lines, doc.content(block.end)])
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
