"""A review session and the plan: the plan's measures as its items, and what the review brings back.

`plan_items` reads what a review shows of each measure — title, field of action, status, target year — from
the plan alone (Werkstatt's blocks, and hand-written measures whose status can be read, as the progress report
reads them); `werkstatt new --review` hands them to the session (`core/review.py`).

`plan merge` of a review session (`review_merge`) brings back, for each measure the room saw:

- a Werkstatt measure: its priority line „- **Priorität bei <Sitzung> (<Datum>):** 23 Punkte, Rang 2 in
  Bildung“ from the revealed priority round, appended to its block after the earlier reviews' lines (a block
  that holds the line of this session already gets none), and the status set in the session, applied to the
  status line (`status_line.apply_change`: a *Konflikt* where the coordinator changed it after the session);
- a hand-written measure: a row in the managed „Rückblick“ table (a `werkstatt-review` block, placed before
  the change log), one row per review session and measure; the measure's own text is never touched;
- the change log's row counts the measures reviewed („geprüft“) and the status lines written.

The remarks stay in the protocol (`review_protocol.py`, which also reads and checks the JSON export's `review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workshop.core.formatting import german_date
from workshop.core.models import MeasureStatus
from workshop.core.review import PlanItem
from workshop.export.escape import escape_inline
from workshop.export.implementation import progress_report
from workshop.export.measure_block import layout
from workshop.export.measures import Origin, body_hash
from workshop.export.merge import MergeResult, StatusChange, merge_measures
from workshop.export.outcome import Outcome
from workshop.export.plan import PlanDocument
from workshop.export.protocol import plan_measures
from workshop.export.sections import Edits
from workshop.export.status_line import Priority, parse_day, parse_priority_line, priority_line
from workshop.i18n import _, n_

KIND = "review"  # the table's block: <!-- werkstatt-review hash=… --> … <!-- /werkstatt-review -->


# --------------------------------------------------------------------------------------- the plan's items


def plan_items(doc: PlanDocument, as_of: date) -> list[PlanItem]:
    """The plan's measures as a review shows them, grouped by field (in the order the fields first appear):
    in each, Werkstatt's first, then the hand-written ones."""
    items = [PlanItem(title=measure.title, field_of_action=measure.field_of_action, status=str(measure.status),
                      target_year=measure.year, measure_id=measure.measure_id or None,
                      source="hand" if measure.by_hand else "werkstatt")
             for measure in progress_report(doc, as_of).measures]
    order = {name: position for position, name in enumerate(dict.fromkeys(item.field_of_action for item in items))}
    return sorted(items, key=lambda item: order[item.field_of_action])


# --------------------------------------------------------------------------------------- the merge


@dataclass(slots=True)
class ReviewMerge:
    """What a review session brings to the plan, for `merge_measures`; `table` tells afterwards what
    became of the „Rückblick“ table (None: the review had no hand-written measure)."""

    session_title: str
    day: date
    reviewed: int
    status_changes: list[StatusChange] = field(default_factory=list)
    priorities: dict[str, str] = field(default_factory=dict)
    hand_rows: list[list[str]] = field(default_factory=list)
    table: Outcome | None = None

    def place_table(self, doc: PlanDocument, edits: Edits) -> None:
        """The „Rückblick“ table with this session's rows (`merge_measures`' `extra`)."""
        if not self.hand_rows:
            return
        block = doc.block(KIND)
        session = session_cell(self.session_title, self.day)
        rows = [table_row(cells) for cells in self.hand_rows]
        if block is None:
            edits.insert(*_table_point(doc), [table_block(rows)])
            self.table = Outcome.ADDED
            return
        if not block.intact:
            self.table = Outcome.CONFLICT
            return
        kept = [row for row in _body_rows(block.body) if _first_cell(row) != escape_inline(session)]
        lines = table_block([*kept, *rows])
        if lines[1:-1] == block.body.split("\n"):
            self.table = Outcome.UNCHANGED
            return
        edits.replace(block.start, block.end, lines)
        self.table = Outcome.UPDATED


def review_merge(doc: PlanDocument, review: dict[str, Any], session_title: str, session_date: str) -> ReviewMerge:
    """The priority lines, statuses and hand-written rows a review session's protocol brings to this plan."""
    day = parse_day(session_date) or date.today()
    merge = ReviewMerge(session_title, day, reviewed=len(review["items"]))
    blocks = doc.measure_blocks()
    for item in review["items"]:
        if item["source"] == "werkstatt":
            block = blocks.get(item["measure_id"])
            if block is None:
                continue
            if item["new_status"]:
                merge.status_changes.append(StatusChange(item["measure_id"], MeasureStatus(item["new_status"]), day))
            if item["dots"] is not None and item["rank"] is not None:
                held = [parse_priority_line(doc.content(index)) for index in layout(doc, block).priorities]
                if not any(line is not None and line.session_title == session_title and line.session_day == day
                           for line in held):
                    merge.priorities[item["measure_id"]] = priority_line(Priority(
                        session_title, day, item["dots"], item["rank"], item["field_of_action"]))
        else:
            merge.hand_rows.append([session_cell(session_title, day), item["field_of_action"], item["title"],
                                    item["status"] or "—", item["new_status"] or "—",
                                    "—" if item["dots"] is None else str(item["dots"]),
                                    "—" if item["rank"] is None else str(item["rank"])])
    return merge


def session_cell(title: str, day: date) -> str:
    return f"{title} ({german_date(day)})"


def column_names() -> list[str]:
    return [_("Sitzung"), _("Handlungsfeld"), _("Maßnahme"), _("Status im Plan"), _("Status im Rückblick"),
            _("Punkte"), _("Rang")]


def table_row(cells: list[str]) -> str:
    return "| " + " | ".join(escape_inline(cell) or "—" for cell in cells) + " |"


def table_block(rows: list[str]) -> list[str]:
    """The whole block, markers and hash included: a caption, the header, the rows."""
    body = [f"**{_('Rückblick: Prioritäten der von Hand geschriebenen Maßnahmen')}**", "",
            "| " + " | ".join(column_names()) + " |", "|---|---|---|---|---|--:|--:|", *rows]
    return [f"<!-- werkstatt-{KIND} hash={body_hash(chr(10).join(body))} -->", *body, f"<!-- /werkstatt-{KIND} -->"]


def _body_rows(body: str) -> list[str]:
    """The table's rows as written (the caption and header left out)."""
    lines = [line for line in body.split("\n") if line.lstrip().startswith("|")]
    return lines[2:]


def _first_cell(row: str) -> str:
    inner = row.strip()[1:]
    cell, _bar, _rest = _split_cell(inner)
    return cell.strip()


def _split_cell(text: str) -> tuple[str, str, str]:
    """The first cell of a row (an escaped bar `\\|` stays inside it)."""
    position = 0
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if text[position] == "|":
            return text[:position], "|", text[position + 1:]
        position += 1
    return text, "", ""


def _table_point(doc: PlanDocument) -> tuple[int, int]:
    """Where a new table goes: before the change log, else after the overview, else before the ledger."""
    changelog = doc.changelog()
    if changelog is not None:
        return changelog.start, 2
    overview = doc.overview()
    if overview is not None:
        return overview.end + 1, 1  # before a change log made in the same merge (order 2)
    if doc.ledger is not None:
        return doc.ledger.start, 1
    return len(doc.lines), 1


def merge_protocol(doc: PlanDocument, protocol: dict[str, Any], *, restore: bool = False,
                   today: date | None = None) -> tuple[MergeResult, ReviewMerge | None]:
    """A session's protocol merged into the plan: its measures, and for a review session what it brings back."""
    measures = plan_measures(protocol)
    review = protocol.get("review")
    if not review:
        return merge_measures(doc, measures, restore=restore, today=today), None
    session = protocol["session"]
    back = review_merge(doc, review, session["title"], session.get("date") or "")
    result = merge_measures(doc, measures, restore=restore, today=today, status_changes=back.status_changes,
                            reviewed=back.reviewed, session=Origin(session["title"], session.get("date") or ""),
                            priorities=back.priorities, extra=back.place_table)
    return result, back


def review_report(back: ReviewMerge | None) -> list[str]:
    """What the merge did with the review, for the report under the measures' lines."""
    if back is None:
        return []
    lines = ["  " + n_("Rückblick: {count} Maßnahme geprüft, ", "Rückblick: {count} Maßnahmen geprüft, ",
                        back.reviewed).format(count=back.reviewed)
             + n_("{count} Prioritätszeile eingetragen", "{count} Prioritätszeilen eingetragen",
                  len(back.priorities)).format(count=len(back.priorities))]
    if back.table is not None:
        lines.append("  " + _("Rückblick-Tabelle (von Hand geschriebene Maßnahmen): {outcome}").format(
            outcome=TABLE_OUTCOMES[back.table]))
    return lines


TABLE_OUTCOMES = {Outcome.ADDED: _("angelegt"), Outcome.UPDATED: _("aktualisiert"), Outcome.UNCHANGED: _("unverändert"),
                  Outcome.CONFLICT: _("von Hand geändert, bleibt so")}
