"""The council paper: the plan rendered as a Word document, with a chart of its costs per field and year.

The chart goes right after the overview table (`plan status --write`); a plan without one gets it before
its first field of action, or at its end. The change log keeps the coordinator's working columns
(„Konflikte“, „von Hand entfernt“) in the Markdown plan; the paper shows it as a short „Fortschreibung“:
date, session, new and updated measures. Its date is the newest merged session's: the header's „Stand“,
the file's properties, so the same plan always gives the same file.

Once the plan tracks where its measures stand (a status line, a hand-written status, a progress block, or a
day asked for), an „Umsetzungsstand“ section — a chart of the measures' statuses per field and the list of
overdue measures — takes the place of the plan's progress block (`plan status --write`), or, without one,
follows the overview and its cost chart. Its day is the one asked for, else the progress block's, else the
latest day the plan names for its measures (so again: the same plan, the same file). Everything else is the
plan as the coordinator wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

from workshop.export.costchart import PlanCosts, cost_chart, describe
from workshop.export.docx import DocumentInfo, render_docx
from workshop.export.escape import escape_inline
from workshop.export.handwritten import handwritten_costs
from workshop.export.implementation import ProgressReport, field_headings, progress_report
from workshop.export.measures import german_date
from workshop.export.plan import PlanDocument
from workshop.export.progress import progress_lines
from workshop.export.progress_block import KIND, block_day, caption, overdue_lines
from workshop.export.sections import Edits, Sections
from workshop.export.status import PlanEntry, newest_session, plan_entries
from workshop.export.statuschart import describe as describe_statuses
from workshop.export.statuschart import status_chart
from workshop.i18n import _

COST_CHART = "werkstatt-kosten.png"
STATUS_CHART = "werkstatt-umsetzung.png"


def costs_by_field_and_year(entries: list[PlanEntry]) -> dict[str, dict[int | None, int]]:
    """The costs of the plan's measures by field of action and target year (booked in the measure's year)."""
    costs: dict[str, dict[int | None, int]] = {}
    for entry in entries:
        by_year = costs.setdefault(entry.field_of_action, defaultdict(int))
        if entry.cost_eur:
            by_year[entry.year] += entry.cost_eur
    return {name: dict(by_year) for name, by_year in costs.items()}


def plan_costs(doc: PlanDocument, entries: list[PlanEntry]) -> PlanCosts:
    """The workshops' costs and the readable costs of hand-written table rows, by field and year."""
    sections = Sections(doc)
    by_hand: dict[str, dict[int | None, int]] = {}
    for heading in field_headings(sections, entries):
        for cost in handwritten_costs(doc, sections, heading):
            by_year = by_hand.setdefault(heading.text, {})
            by_year[cost.year] = by_year.get(cost.year, 0) + cost.cost_eur
    return PlanCosts(costs_by_field_and_year(entries), by_hand)


def council_markdown(doc: PlanDocument, as_of: date | None = None) -> tuple[str, dict[str, bytes]]:
    """The plan's Markdown as the council reads it, and the charts' bytes by their links."""
    entries = plan_entries(doc)
    costs = plan_costs(doc, entries)
    edits = Edits(doc)
    images: dict[str, bytes] = {}
    changelog = doc.changelog()
    if changelog is not None:
        edits.replace(changelog.start, changelog.end, progress_lines(changelog.body))
    point = _beside_overview(doc)
    if costs.fields():
        edits.insert(point, 5, [[f"![{_alt(describe(costs))}]({COST_CHART})"]])
        images[COST_CHART] = cost_chart(costs)
    block = doc.block(KIND)
    report = progress_report(doc, as_of or block_day(doc) or date.max)
    if report.as_of == date.max:  # no day given: the latest the plan names
        report = replace(report, as_of=report.newest or date.max)
    # A plan that tracks no status yet keeps its paper as it was: every measure a draft tells the council nothing.
    tracking = as_of is not None or block is not None or any(entry.status_line for entry in entries) or \
        any(measure.by_hand for measure in report.measures)
    if report.measures and report.as_of != date.max and tracking:
        section = _progress_section(doc, report)
        images[STATUS_CHART] = status_chart(report)
        if block is not None:
            edits.replace(block.start, block.end, section)
        else:
            edits.insert(point, 6, [section])
    elif block is not None:
        edits.replace(block.start, block.end, [""])
    return edits.apply(), images


def _beside_overview(doc: PlanDocument) -> int:
    """After the overview, else before the first field of action, else at the end."""
    overview = doc.overview()
    if overview is not None:
        return overview.end + 1
    sections = Sections(doc)
    fields = [heading.line for heading in sections.known_fields()]
    return min(fields) if fields else sections.end_point()


def _progress_section(doc: PlanDocument, report: ProgressReport) -> list[str]:
    """„Umsetzungsstand“ as a heading at the fields' level (the plan's second level without fields), the
    status chart and the overdue measures."""
    known = Sections(doc).known_fields()
    level = min(heading.level for heading in known) if known else 2
    return [f"{'#' * level} {_('Umsetzungsstand')}", "", f"*{escape_inline(caption(report))}*", "",
            f"![{_alt(describe_statuses(report))}]({STATUS_CHART})", "", *overdue_lines(report)]


def _alt(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def render_council_paper(doc: PlanDocument, *, title: str, base: Path | None, reference: Path | None = None,
                         toc: bool = False, as_of: date | None = None) -> bytes:
    """The plan as a .docx file's bytes."""
    markdown, images = council_markdown(doc, as_of)
    newest = newest_session(plan_entries(doc))
    info = DocumentInfo(subject=_("Integrationsplan, Fassung für den Rat"), date=newest,
                        note=_("Stand {date}").format(date=german_date(newest)) if newest else None, toc=toc)
    return render_docx(markdown, title=title, reference=reference, base=base, images=images, info=info)


def plan_title(doc: PlanDocument, fallback: str) -> str:
    """The plan's first heading, for the document's title."""
    return doc.headings[0].text if doc.headings else fallback
