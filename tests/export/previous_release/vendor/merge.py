"""Merge a session's draft measures into the plan, touching nothing but Werkstatt's managed blocks.

Each measure is a block under the heading of its field of action. A block whose body no longer
matches its hash was edited by hand: it is reported as a conflict and kept. The ledger at the end of
the plan remembers every measure ever merged, so a block the coordinator deleted stays deleted
unless `restore` is asked for. Merging the same measures again changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from tests.export.previous_release.vendor.changelog import append_row, row_line
from tests.export.previous_release.vendor.escape import escape_inline
from tests.export.previous_release.vendor.measures import PlanMeasure, body_hash, body_lines
from tests.export.previous_release.vendor.outcome import Outcome
from tests.export.previous_release.vendor.overlap import OverlapHint, overlap_hints
from tests.export.previous_release.vendor.plan import Block, Heading, PlanDocument, parse_plan
from tests.export.previous_release.vendor.sections import Edits, Sections, normalise
from tests.export.previous_release.vendor.status import refresh_overview
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


@dataclass(slots=True)
class MergeResult:
    original: str
    text: str
    outcomes: list[MergeOutcome] = field(default_factory=list)
    overview: Outcome | None = None  # None (no overview block), UPDATED, UNCHANGED or CONFLICT
    new_headings: list[str] = field(default_factory=list)   # headings made for fields the plan lacked
    hints: list[OverlapHint] = field(default_factory=list)  # new measures much like one already in their field
    logged: bool = False                                     # a row was added to the change log

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def counts(self) -> Counter[Outcome]:
        return Counter(outcome.status for outcome in self.outcomes)


def block_lines(measure: PlanMeasure, heading_level: int) -> tuple[list[str], str]:
    """A measure's whole block (markers included) and its hash."""
    body = body_lines(measure, heading_level)
    digest = body_hash("\n".join(body))
    return [f"<!-- werkstatt:measure id={measure.id} hash={digest} -->", *body, "<!-- /werkstatt:measure -->"], digest


def ledger_lines(entries: dict[str, str]) -> list[str]:
    return ["<!-- werkstatt:ledger", LEDGER_NOTE, *(f"id={key} hash={value}" for key, value in entries.items()), "-->"]


def merge_measures(doc: PlanDocument, measures: list[PlanMeasure], *, restore: bool = False,
                   today: date | None = None) -> MergeResult:
    """The plan with `measures` merged in, and what happened to each; a merge that changes the plan adds a
    row (dated `today`) to its change log."""
    result = MergeResult(original=doc.text, text=doc.text)
    edits = Edits(doc)
    sections = Sections(doc)
    existing = doc.measure_blocks()
    ledger = dict(doc.ledger.entries) if doc.ledger else {}
    for block_id, block in existing.items():
        ledger.setdefault(block_id, block.hash)
    pending: dict[str, list[PlanMeasure]] = {}
    for measure in measures:
        block = existing.get(measure.id)
        newer = False
        if block is not None:
            outcome, newer = _merge_existing(sections, edits, block, measure, ledger)
        elif measure.id in ledger and not restore:
            outcome = Outcome.REMOVED
        else:
            outcome = Outcome.RESTORED if measure.id in ledger else Outcome.ADDED
            # Fields differing only in case or spacing are one field, named as first written.
            key = next((name for name in pending if normalise(name) == normalise(measure.field_of_action)),
                       measure.field_of_action)
            pending.setdefault(key, []).append(measure)
        result.outcomes.append(MergeOutcome(outcome, measure.id, measure.title, measure.field_of_action, newer))
    result.new_headings = _place_new(doc, sections, edits, pending, ledger)
    if ledger != (doc.ledger.entries if doc.ledger else {}) or (doc.ledger is None and ledger):
        if doc.ledger is not None:
            edits.replace(doc.ledger.start, doc.ledger.end, ledger_lines(ledger))
        else:
            edits.insert(len(doc.lines), 3, [ledger_lines(ledger)])
    added = {outcome.measure_id for outcome in result.outcomes if outcome.status == Outcome.ADDED}
    result.hints = overlap_hints(doc, [measure for measure in measures if measure.id in added])
    today = today or date.today()
    row = _log_row(measures, result, today)
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


def _log_row(measures: list[PlanMeasure], result: MergeResult, today: date) -> str:
    origin = next((measure.origin for measure in measures if measure.origin is not None), None)
    title, day = (origin.session_title, origin.session_date) if origin else ("—", "")
    return row_line(today, title, day, result.counts())


def _merge_existing(sections: Sections, edits: Edits, block: Block, measure: PlanMeasure,
                    ledger: dict[str, str]) -> tuple[Outcome, bool]:
    """(outcome, whether the session's text is newer than what Werkstatt last wrote into the block)."""
    first = block.body.split("\n", 1)[0]
    match = _BODY_HEADING.match(first)
    level = len(match[1]) if match else _level_above(sections, block.start) + 1
    contents, digest = block_lines(measure, level)
    if not block.intact:
        return Outcome.CONFLICT, digest != block.hash
    if digest == block.hash and "\n".join(contents[1:-1]) == block.body:
        ledger[measure.id] = digest
        return Outcome.UNCHANGED, False
    edits.replace(block.start, block.end, contents)
    ledger[measure.id] = digest
    return Outcome.UPDATED, True


def _level_above(sections: Sections, line: int) -> int:
    above = [heading for heading in sections.headings if heading.line < line]
    return above[-1].level if above else 3


def _place_new(doc: PlanDocument, sections: Sections, edits: Edits, pending: dict[str, list[PlanMeasure]],
               ledger: dict[str, str]) -> list[str]:
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
            contents, digest = block_lines(measure, heading.level + 1)
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
            contents, digest = block_lines(measure, level + 1)
            ledger[measure.id] = digest
            groups.append(contents)
    edits.insert(point, 1, groups)
    return made
