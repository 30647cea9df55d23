"""The council paper: the plan rendered as a Word document, with a chart of its costs per field and year.

The chart goes right after the overview table (`plan status --write`); a plan without one gets it before
its first field of action, or at its end. Everything else is the plan as the coordinator wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from workshop.export.charts import cost_chart
from workshop.export.docx import render_docx
from workshop.export.plan import PlanDocument
from workshop.export.sections import Edits, Sections
from workshop.export.status import PlanEntry, plan_entries
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


def council_markdown(doc: PlanDocument) -> tuple[str, dict[str, bytes]]:
    """The plan's Markdown with the cost chart's picture placed, and the picture's bytes by its link."""
    costs = costs_by_field_and_year(plan_entries(doc))
    if not any(amount for by_year in costs.values() for amount in by_year.values()):
        return doc.text, {}
    picture = cost_chart(_("Kosten je Handlungsfeld und Jahr"), costs)
    edits = Edits(doc)
    overview = doc.overview()
    sections = Sections(doc)
    fields = [heading.line for heading in sections.known_fields()]
    if overview is not None:
        point = overview.end + 1
    elif fields:
        point = min(fields)
    else:
        point = sections.end_point()
    edits.insert(point, 5, [[f"![{_('Kosten je Handlungsfeld und Jahr')}]({COST_CHART})"]])
    return edits.apply(), {COST_CHART: picture}


def render_council_paper(doc: PlanDocument, *, title: str, base: Path | None,
                         reference: Path | None = None) -> bytes:
    """The plan as a .docx file's bytes."""
    markdown, images = council_markdown(doc)
    return render_docx(markdown, title=title, reference=reference, base=base, images=images)


def plan_title(doc: PlanDocument, fallback: str) -> str:
    """The plan's first heading, for the document's title."""
    return doc.headings[0].text if doc.headings else fallback
