"""Merge a session's draft measures into the plan, touching nothing but Werkstatt's managed blocks.

Each measure is a block under the heading of its field of action. A block whose body no longer
matches its hash was edited by hand: it is reported as a conflict and kept. The ledger at the end of
the plan remembers every measure ever merged, so a block the coordinator deleted stays deleted
unless `restore` is asked for. Merging the same measures again changes nothing.

A block's status line is the coordinator's (`status_line.py`): an update of the block keeps it, and the
priority lines after it, byte for byte. A status set in the session's form becomes a block's first status
line, only while it has none; a review session's statuses (`status_changes`) go in unless the coordinator
changed the line after the session's day.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from workshop.core.models import MeasureStatus
from workshop.export.changelog import append_row, row_line
from workshop.export.escape import escape_inline, unescape
from workshop.export.measure_block import layout, rebuilt, status_text
from workshop.export.measures import Origin, PlanMeasure, body_hash, body_lines
from workshop.export.outcome import Outcome
from workshop.export.overlap import OverlapHint, overlap_hints
from workshop.export.plan import Block, Heading, PlanDocument, parse_plan
from workshop.export.sections import Edits, Sections, normalise
from workshop.export.status import refresh_overview
from workshop.export.status_line import Applied, apply_change, first_status, parse_day
from workshop.i18n import _

LEDGER_NOTE = _("Werkstatt: Verzeichnis der zusammengeführten Maßnahmen (id und hash), bitte nicht ändern")
_BODY_HEADING = re.compile(r"^(#{1,6})[ \t]")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)(\.?)\s")


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    status: Outcome
    measure_id: str
    title: str
    field_of_action: str
    newer: bool = False     # for a conflict: the session has changed the measure since the last merge


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A status a review session set for a measure of the plan, on the session's day."""

    measure_id: str
    status: MeasureStatus
    day: date


@dataclass(frozen=True, slots=True)
class StatusOutcome:
    """What a merge did to a measure's status line."""

    applied: Applied
    measure_id: str
    title: str
    status: str                 # the session's status
    line: str | None = None     # the line written (None: none written)


@dataclass(slots=True)
class MergeResult:
    original: str
    text: str
    outcomes: list[MergeOutcome] = field(default_factory=list)
    overview: Outcome | None = None  # None (no overview block), UPDATED, UNCHANGED or CONFLICT
    new_headings: list[str] = field(default_factory=list)   # headings made for fields the plan lacked
    hints: list[OverlapHint] = field(default_factory=list)  # new measures much like one already in their field
    logged: bool = False                                     # a row was added to the change log
    statuses: list[StatusOutcome] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def counts(self) -> Counter[Outcome]:
        return Counter(outcome.status for outcome in self.outcomes)

    @property
    def statuses_written(self) -> int:
        return sum(1 for outcome in self.statuses if outcome.applied in (Applied.SET, Applied.CHANGED))


def block_lines(measure: PlanMeasure, heading_level: int, status: str | None = None) -> tuple[list[str], str]:
    """A measure's whole block (markers included, and a first status line if given) and its hash."""
    body = body_lines(measure, heading_level)
    digest = body_hash("\n".join(body))
    return [opening_marker(measure.id, digest), *body, *([status] if status else []), "<!-- /werkstatt:measure -->"], \
        digest


def opening_marker(measure_id: str, digest: str) -> str:
    return f"<!-- werkstatt:measure id={measure_id} hash={digest} -->"


def ledger_lines(entries: dict[str, str]) -> list[str]:
    return ["<!-- werkstatt:ledger", LEDGER_NOTE, *(f"id={key} hash={value}" for key, value in entries.items()), "-->"]


def merge_measures(doc: PlanDocument, measures: list[PlanMeasure], *, restore: bool = False,
                   today: date | None = None, status_changes: Sequence[StatusChange] = (),
                   reviewed: int = 0, session: Origin | None = None, priorities: Mapping[str, str] = {},
                   extra: Callable[[PlanDocument, Edits], None] | None = None) -> MergeResult:
    """The plan with `measures` merged in, and what happened to each; a merge that changes the plan adds a
    row (dated `today`) to its change log. `status_changes` are a review session's statuses for measures of
    the plan, `reviewed` the number of measures it reviewed (the change log's „geprüft“), `session` names the
    session in that row where no measure's origin does (a review that brought no new measure); `priorities`
    its priority line per measure id, appended to the block (`export/review.py` leaves out one it holds
    already), and `extra` makes its other edits (the „Rückblick“ table) before the change log's row."""
    result = MergeResult(original=doc.text, text=doc.text)
    today = today or date.today()
    edits = Edits(doc)
    sections = Sections(doc)
    existing = doc.measure_blocks()
    ledger = dict(doc.ledger.entries) if doc.ledger else {}
    for block_id, block in existing.items():
        ledger.setdefault(block_id, block.hash)
    changes = _BlockChanges(doc)
    pending: dict[str, list[PlanMeasure]] = {}
    for measure in measures:
        block = existing.get(measure.id)
        newer = False
        if block is not None:
            outcome, newer = _merge_existing(sections, changes, block, measure, ledger)
            applied, line = first_status(status_text(doc, block), measure.status, _session_day(measure, today))
            changes.status(block, line)
            _report_status(result, applied, measure.id, measure.title, measure.status, line)
        elif measure.id in ledger and not restore:
            outcome = Outcome.REMOVED
        else:
            outcome = Outcome.RESTORED if measure.id in ledger else Outcome.ADDED
            # Fields differing only in case or spacing are one field, named as first written.
            key = next((name for name in pending if normalise(name) == normalise(measure.field_of_action)),
                       measure.field_of_action)
            pending.setdefault(key, []).append(measure)
        result.outcomes.append(MergeOutcome(outcome, measure.id, measure.title, measure.field_of_action, newer))
    for change in status_changes:
        block = existing.get(change.measure_id)
        if block is None:
            continue
        applied, line = apply_change(status_text(doc, block), change.status, change.day)
        changes.status(block, line)
        _report_status(result, applied, change.measure_id, _block_title(block), str(change.status), line, review=True)
    for measure_id, line in priorities.items():
        if measure_id in existing:
            changes.append(existing[measure_id], line)
    changes.apply(edits)
    if extra is not None:
        extra(doc, edits)
    result.new_headings = _place_new(doc, sections, edits, pending, ledger, result, today)
    if ledger != (doc.ledger.entries if doc.ledger else {}) or (doc.ledger is None and ledger):
        if doc.ledger is not None:
            edits.replace(doc.ledger.start, doc.ledger.end, ledger_lines(ledger))
        else:
            edits.insert(len(doc.lines), 3, [ledger_lines(ledger)])
    added = {outcome.measure_id for outcome in result.outcomes if outcome.status == Outcome.ADDED}
    result.hints = overlap_hints(doc, [measure for measure in measures if measure.id in added])
    row = _log_row(measures, result, today, reviewed, session)
    if edits.replacements or edits.insertions:
        append_row(doc, edits, row)
        result.logged = True
    result.text = edits.apply() if (edits.replacements or edits.insertions) else doc.text
    if doc.overview() is not None:
        # Hand edits of measures change the figures too, so the overview is checked even when nothing else changed.
        current = parse_plan(result.text.encode("utf-8")) if result.changed else doc
        result.text, result.overview = refresh_overview(current)
        if result.changed and not result.logged:  # only the overview changed: that too is a change worth a row
            current = parse_plan(result.text.encode("utf-8"))
            edits = Edits(current)
            append_row(current, edits, row)
            result.text, result.logged = edits.apply(), True
    return result


def _log_row(measures: list[PlanMeasure], result: MergeResult, today: date, reviewed: int,
             session: Origin | None) -> str:
    origin = session or next((measure.origin for measure in measures if measure.origin is not None), None)
    title, day = (origin.session_title, origin.session_date) if origin else ("—", "")
    return row_line(today, title, day, result.counts(), reviewed=reviewed, statuses=result.statuses_written)


def _session_day(measure: PlanMeasure, today: date) -> date:
    """The day a session's status was set: the session's, else (a measure from nowhere) the merge's."""
    day = parse_day(measure.origin.session_date) if measure.origin else None
    return day or today


def _report_status(result: MergeResult, applied: Applied, measure_id: str, title: str, status: str,
                   line: str | None, *, review: bool = False) -> None:
    if review or applied != Applied.UNCHANGED:  # a form's „Entwurf“ (every measure's default) is no news
        result.statuses.append(StatusOutcome(applied, measure_id, title, status, line))


def _block_title(block: Block) -> str:
    first = block.body.split("\n", 1)[0]
    return unescape(first.lstrip("#").strip()) or block.id or ""


class _BlockChanges:
    """What a merge changes in existing blocks — the hashed body, the status line — made into one replacement
    per block, so that a block's update and its status never step on each other."""

    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.blocks: dict[int, Block] = {}
        self.bodies: dict[int, tuple[str, list[str]]] = {}
        self.statuses: dict[int, str] = {}
        self.appended: dict[int, list[str]] = {}

    def body(self, block: Block, opening: str, body: list[str]) -> None:
        self.blocks[block.start] = block
        self.bodies[block.start] = (opening, body)

    def status(self, block: Block, line: str | None) -> None:
        if line is not None:
            self.blocks[block.start] = block
            self.statuses[block.start] = line

    def append(self, block: Block, line: str) -> None:
        self.blocks[block.start] = block
        self.appended.setdefault(block.start, []).append(line)

    def apply(self, edits: Edits) -> None:
        for start, block in self.blocks.items():
            opening, body = self.bodies.get(start, (None, None))
            edits.replace(start, block.end, rebuilt(self.doc, block, body=body, opening=opening,
                                                    status=self.statuses.get(start),
                                                    appended=self.appended.get(start, ())))


def _merge_existing(sections: Sections, changes: _BlockChanges, block: Block, measure: PlanMeasure,
                    ledger: dict[str, str]) -> tuple[Outcome, bool]:
    """(outcome, whether the session's text is newer than what Werkstatt last wrote into the block)."""
    first = block.body.split("\n", 1)[0]
    match = _BODY_HEADING.match(first)
    level = len(match[1]) if match else _level_above(sections, block.start) + 1
    contents, digest = block_lines(measure, level)
    if not block.intact:
        return Outcome.CONFLICT, digest != block.hash
    body = contents[1:-1]
    if digest == block.hash and [sections.doc.content(index) for index in layout(sections.doc, block).hashed] == body:
        ledger[measure.id] = digest
        return Outcome.UNCHANGED, False
    changes.body(block, contents[0], body)
    ledger[measure.id] = digest
    return Outcome.UPDATED, True




def _level_above(sections: Sections, line: int) -> int:
    above = [heading for heading in sections.headings if heading.line < line]
    return above[-1].level if above else 3


def _new_block(measure: PlanMeasure, level: int, result: MergeResult, today: date) -> tuple[list[str], str]:
    applied, line = first_status(None, measure.status, _session_day(measure, today))
    _report_status(result, applied, measure.id, measure.title, measure.status, line)
    return block_lines(measure, level, line)


def _place_new(doc: PlanDocument, sections: Sections, edits: Edits, pending: dict[str, list[PlanMeasure]],
               ledger: dict[str, str], result: MergeResult, today: date) -> list[str]:
    """Insert new blocks under their fields (making missing fields' headings); the headings made."""
    missing: list[str] = []
    found: dict[str, Heading] = {}
    for field_name in pending:
        heading = sections.find(field_name)
        if heading is None:
            missing.append(field_name)
        else:
            found[field_name] = heading
    for field_name, heading in found.items():
        groups = []
        for measure in pending[field_name]:
            contents, digest = _new_block(measure, heading.level + 1, result, today)
            ledger[measure.id] = digest
            groups.append(contents)
        edits.insert(sections.append_point(heading), 0, groups)
    if not missing:
        return []
    siblings = sorted({heading.line: heading for heading in [*found.values(), *sections.known_fields()]}.values(),
                      key=lambda heading: heading.line)
    if siblings:
        last = sections.last_sibling(siblings[-1])
        level, point = last.level, sections.after_text(last.line, sections.end(last))
        number = _NUMBER.match(last.raw)
    else:
        level, point, number = 2, sections.end_point(), None
    groups, made = [], []
    for position, field_name in enumerate(missing, start=1):
        prefix = ""
        if number:
            parts = number[1].split(".")
            parts[-1] = str(int(parts[-1]) + position)
            prefix = ".".join(parts) + number[2] + " "
        groups.append([f"{'#' * level} {prefix}{escape_inline(field_name) or '—'}"])
        made.append(groups[-1][0])
        for measure in pending[field_name]:
            contents, digest = _new_block(measure, level + 1, result, today)
            ledger[measure.id] = digest
            groups.append(contents)
    edits.insert(point, 1, groups)
    return made
