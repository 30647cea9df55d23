"""Where the plan's measures stand (the „Umsetzungsstand“), read from the plan alone, as of a day.

Werkstatt's measures count with their status line (`status_line.py`); a block without one is still an
„Entwurf“, last reported on its session's day. Hand-written measures count where their status can be read
(`handwritten.hand_section`). A measure is overdue when its target year lies before the year of the
day asked about and it is neither „umgesetzt“ nor „verworfen“; it waits for news (stale) when it is not
closed either and its last report is twelve months old or older. `plan status` shows this, `--write` keeps
it in the plan's `werkstatt-progress` block (`progress_block.py`), the council paper draws it
(`statuschart.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from workshop.core.models import MeasureStatus
from workshop.export.handwritten import hand_section, read_status
from workshop.export.measures import STATUS_LABEL
from workshop.export.plan import Heading, PlanDocument
from workshop.export.sections import Sections
from workshop.export.status import PlanEntry, plan_entries
from workshop.export.status_line import parse_day, parse_status_line

STALE_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Tracked:
    """One measure as the progress report counts it."""

    title: str
    field_of_action: str
    status: MeasureStatus
    year: int | None
    cost_eur: int | None
    responsible: str
    reported: date | None        # the last report: the status line's newest day, else the session's day
    progress: int | None = None
    measure_id: str = ""         # empty for a hand-written measure
    source: str = "werkstatt"    # or, written by hand: „table“ (a „Status“ column), „stand“ (a „Stand:“ line)

    @property
    def by_hand(self) -> bool:
        return self.source != "werkstatt"


@dataclass(frozen=True, slots=True)
class ProgressReport:
    as_of: date
    measures: tuple[Tracked, ...]
    uncounted_fields: tuple[str, ...] = ()   # fields with hand-written measures whose status cannot be read

    def fields(self) -> list[str]:
        return list(dict.fromkeys(measure.field_of_action for measure in self.measures))

    def statuses(self) -> list[MeasureStatus]:
        """The statuses that occur, in their usual order."""
        present = {measure.status for measure in self.measures}
        return [status for status in MeasureStatus if status in present]

    def counts(self, field_name: str | None = None) -> Counter[MeasureStatus]:
        return Counter(measure.status for measure in self.measures
                       if field_name is None or measure.field_of_action == field_name)

    def years(self) -> list[int | None]:
        """The target years that carry costs, then None if some costs have no year."""
        known = {measure.year for measure in self.measures if measure.cost_eur is not None}
        return sorted(year for year in known if year is not None) + ([None] if None in known else [])

    def costs(self) -> dict[tuple[str, MeasureStatus], dict[int | None, int]]:
        """Known costs by (field, status) and target year; a measure without a cost adds nothing (never 0 EUR)."""
        costs: dict[tuple[str, MeasureStatus], dict[int | None, int]] = defaultdict(dict)
        for measure in self.measures:
            if measure.cost_eur is not None:
                by_year = costs[(measure.field_of_action, measure.status)]
                by_year[measure.year] = by_year.get(measure.year, 0) + measure.cost_eur
        return dict(costs)

    def overdue(self) -> list[Tracked]:
        return [measure for measure in self.measures
                if measure.year is not None and measure.year < self.as_of.year and not measure.status.closed]

    @property
    def stale_since(self) -> date:
        """A last report on this day or before is twelve months old."""
        return _months_before(self.as_of, STALE_MONTHS)

    def stale(self) -> list[Tracked]:
        return [measure for measure in self.measures if not measure.status.closed and measure.reported is not None
                and measure.reported <= self.stale_since]

    def hand_sources(self) -> dict[str, list[str]]:
        """The fields whose hand-written measures count, with how their status was read."""
        found: dict[str, list[str]] = {}
        for measure in self.measures:
            if measure.by_hand:
                sources = found.setdefault(measure.field_of_action, [])
                if measure.source not in sources:
                    sources.append(measure.source)
        return found

    @property
    def newest(self) -> date | None:
        """The latest day the plan names for its measures (a session's or a report's): the council paper's day
        unless told otherwise, so the same plan gives the same paper."""
        return max((measure.reported for measure in self.measures if measure.reported), default=None)


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (day.day, 30, 29, 28):  # 29 February and the 31st fall back to the month's last day
        try:
            return date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def tracked(entry: PlanEntry) -> Tracked:
    """A Werkstatt measure with what its status line says (an unreadable line: its first words, if a status)."""
    line = parse_status_line(entry.status_line) if entry.status_line else None
    reported = parse_day(entry.session_date) if entry.session_date else None
    status, progress = MeasureStatus.DRAFT, None
    if line is not None:
        status, progress, reported = line.current.status, line.current.progress, line.newest
    elif entry.status_line:  # changed by hand beyond the format: what can still be read
        status = read_status(entry.status_line[len(STATUS_LABEL):]) or status
    return Tracked(entry.title, entry.field_of_action, status, entry.year, entry.cost_eur, entry.responsible,
                   reported, progress, entry.id)


def progress_report(doc: PlanDocument, as_of: date) -> ProgressReport:
    """Every measure of the plan whose status can be read: Werkstatt's, then the hand-written ones by field."""
    entries = plan_entries(doc)
    measures = [tracked(entry) for entry in entries]
    sections = Sections(doc)
    uncounted = []
    for heading in field_headings(sections, entries, siblings=True):
        hand = hand_section(doc, sections, heading)
        measures += [Tracked(found.title, heading.text, found.status, found.year, found.cost_eur, found.responsible,
                             found.reported, source=found.source) for found in hand.statuses]
        if len(hand.titles) > len(hand.statuses):
            uncounted.append(heading.text)
    return ProgressReport(as_of, tuple(measures), tuple(uncounted))


def field_headings(sections: Sections, entries: list[PlanEntry], *, siblings: bool = False) -> list[Heading]:
    """The headings of the usual fields and of every field a measure of the plan stands in, in plan order;
    with `siblings`, also the headings beside them (a field the coordinator added by hand, „3.5 Kultur“)."""
    headings = {heading.line: heading for heading in sections.known_fields()}
    for entry in entries:
        heading = sections.find(entry.field_of_action)
        if heading is not None:
            headings[heading.line] = heading
    for heading in list(headings.values()) if siblings else []:
        parent = next((other for other in reversed(sections.headings)
                       if other.line < heading.line and other.level < heading.level), None)
        stop = sections.end(parent) if parent is not None else len(sections.doc.lines)
        for other in sections.headings:
            if other.level == heading.level and (parent.line if parent else -1) < other.line < stop:
                headings.setdefault(other.line, other)
    return [headings[line] for line in sorted(headings)]
