"""The council paper: the plan rendered as a Word document, with a chart of its costs per field and year.

The chart goes right after the overview table (`plan status --write`); a plan without one gets it before
its first field of action, or at its end. The change log keeps the coordinator's working columns
(„Konflikte“, „von Hand entfernt“) in the Markdown plan; the paper shows it as a short „Fortschreibung“:
date, session, new and updated measures. Its date is the newest merged session's: the header's „Stand“,
the file's properties, so the same plan always gives the same file. Everything else is the plan as the
coordinator wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from workshop.export.costchart import PlanCosts, cost_chart, describe
from workshop.export.docx import DocumentInfo, render_docx
from workshop.export.handwritten import handwritten_costs
from workshop.export.measures import german_date
from workshop.export.plan import Heading, PlanDocument
from workshop.export.progress import progress_lines
from workshop.export.sections import Edits, Sections
from workshop.export.status import PlanEntry, newest_session, plan_entries
from workshop.i18n import _

COST_CHART = "werkstatt-kosten.png"


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
    headings: dict[int, Heading] = {heading.line: heading for heading in sections.known_fields()}
    for entry in entries:
        heading = sections.find(entry.field_of_action)
        if heading is not None:
            headings[heading.line] = heading
    by_hand: dict[str, dict[int | None, int]] = {}
    for line in sorted(headings):
        heading = headings[line]
        for cost in handwritten_costs(doc, sections, heading):
            by_year = by_hand.setdefault(heading.text, {})
            by_year[cost.year] = by_year.get(cost.year, 0) + cost.cost_eur
    return PlanCosts(costs_by_field_and_year(entries), by_hand)


def council_markdown(doc: PlanDocument) -> tuple[str, dict[str, bytes]]:
    """The plan's Markdown as the council reads it, and the cost chart's bytes by its link."""
    entries = plan_entries(doc)
    costs = plan_costs(doc, entries)
    edits = Edits(doc)
    changelog = doc.changelog()
    if changelog is not None:
        edits.replace(changelog.start, changelog.end, progress_lines(changelog.body))
    if not costs.fields():
        return edits.apply(), {}
    overview = doc.overview()
    sections = Sections(doc)
    fields = [heading.line for heading in sections.known_fields()]
    if overview is not None:
        point = overview.end + 1
    elif fields:
        point = min(fields)
    else:
        point = sections.end_point()
    alt = describe(costs).replace("[", "(").replace("]", ")")
    edits.insert(point, 5, [[f"![{alt}]({COST_CHART})"]])
    return edits.apply(), {COST_CHART: cost_chart(costs)}


def render_council_paper(doc: PlanDocument, *, title: str, base: Path | None, reference: Path | None = None,
                         toc: bool = False) -> bytes:
    """The plan as a .docx file's bytes."""
    markdown, images = council_markdown(doc)
    newest = newest_session(plan_entries(doc))
    info = DocumentInfo(subject=_("Integrationsplan, Fassung für den Rat"), date=newest,
                        note=_("Stand {date}").format(date=german_date(newest)) if newest else None, toc=toc)
    return render_docx(markdown, title=title, reference=reference, base=base, images=images, info=info)


def plan_title(doc: PlanDocument, fallback: str) -> str:
    """The plan's first heading, for the document's title."""
    return doc.headings[0].text if doc.headings else fallback
