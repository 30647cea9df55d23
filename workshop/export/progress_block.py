"""The progress report in words: for the terminal (`plan status`), and as Markdown in the plan's own block,
which `plan status --write` keeps beside the overview:

    <!-- werkstatt-progress hash=HASH -->
    *Umsetzungsstand am 01.06.2018: …*          (the caption: the day, what counts, what overdue means)
    | Handlungsfeld | beschlossen | … | Maßnahmen |       measures by status, per field
    **Kosten nach Status und Jahr** …                     known costs per field and status, by target year
    **Überfällig** … / **Ohne neuen Stand seit zwölf Monaten** …   the lists, with the responsible unit
    <!-- /werkstatt-progress -->

The block belongs to the family earlier versions read as a plain comment (`plan.py`): they keep it as it is.
It is a snapshot of one day, so a merge leaves it alone; `plan status --write` renews it. Its title column
reads „Titel“, not „Maßnahme“, so no reader takes its rows for hand-written measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from workshop.core.formatting import euros, german_date
from workshop.core.models import MeasureStatus
from workshop.export.escape import escape_inline
from workshop.export.implementation import ProgressReport, Tracked
from workshop.export.measures import body_hash
from workshop.export.outcome import Outcome
from workshop.export.plan import PlanDocument
from workshop.export.sections import Edits, Sections
from workshop.export.status_line import parse_day
from workshop.i18n import _, n_

KIND = "progress"
_CAPTION_DAY = re.compile(r"^\*Umsetzungsstand am (\d{2}\.\d{2}\.\d{4})")
SOURCES = {"table": _("Tabelle mit Spalte „Status“"), "stand": _("Zeile „Stand:“")}


def caption(report: ProgressReport) -> str:
    """What the report counts, as of which day, and what its lists mean."""
    text = _("Umsetzungsstand am {day}: die Maßnahmen aus Zukunftswerkstätten (ohne Statuszeile als Entwurf "
             "gezählt)").format(day=_day(report.as_of))
    hand = report.hand_sources()
    if hand:
        count = sum(1 for measure in report.measures if measure.by_hand)
        text += n_(" und {count} von Hand eingetragene mit lesbarem Status ({where})",
                   " und {count} von Hand eingetragene mit lesbarem Status ({where})", count).format(
            count=count, where="; ".join(f"{name}: {', '.join(str(SOURCES[source]) for source in sources)}"
                                         for name, sources in hand.items()))
    text += "."
    if report.uncounted_fields:
        text += " " + _("Ohne lesbaren Status nicht gezählt: von Hand eingetragene Maßnahmen in {fields}.").format(
            fields=", ".join(report.uncounted_fields))
    text += " " + _("Überfällig: Zieljahr vor {year}, weder umgesetzt noch verworfen. Ohne neuen Stand: der letzte "
                    "vom {day} oder früher.").format(year=report.as_of.year, day=_day(report.stale_since))
    return text


def render_progress(report: ProgressReport) -> str:
    """The report for the terminal: per field the measures by status and their costs, then the two lists."""
    if not report.measures:
        return _("Umsetzungsstand: keine Maßnahme mit lesbarem Status.")
    out = [caption(report)]
    for name in report.fields():
        counts = report.counts(name)
        out += ["", f"{name} — " + " · ".join(f"{counts[status]} {status.label}" for status in MeasureStatus
                                               if counts[status])]
        for (field_name, status), by_year in report.costs().items():
            if field_name == name:
                out.append("  " + _("Kosten {status}: {years}").format(status=status.label, years=" · ".join(
                    f"{year or _('ohne Jahr')}: {euros(amount)}" for year, amount in _ordered(by_year))))
    for title, measures, when in _lists(report):
        out += ["", f"{title}: {len(measures)}"]
        out += [f"  - {measure.title} · {measure.field_of_action} · {when(measure)} · {measure.status.label} · "
                f"{measure.responsible or '—'}" for measure in measures]
    return "\n".join(out)


def markdown_lines(report: ProgressReport) -> list[str]:
    """The report as the plan's block holds it: the caption and the tables."""
    out = [f"*{escape_inline(caption(report))}*", "", *_status_table(report)]
    years = report.years()
    costs = report.costs()
    if costs:
        headers = [_("Handlungsfeld"), _("Status"), *(_("Kosten {year}").format(year=year) if year is not None
                                                      else _("Kosten ohne Jahr") for year in years), _("Kosten gesamt")]
        rows = [[escape_inline(name) or "—", status.label, *(_amount(by_year.get(year)) for year in years),
                 _amount(sum(by_year.values()))] for (name, status), by_year in costs.items()]
        out += ["", f"**{_('Kosten nach Status und Jahr')}**", "", *_table(headers, rows, numeric_from=2)]
    for title, measures, when in _lists(report):
        out += ["", f"**{title}**", ""]
        if not measures:
            out.append(f"*{_('Keine.')}*")
            continue
        headers = [_("Handlungsfeld"), _("Titel"), when(None), _("Status"), _("Zuständig")]
        out += _table(headers, [[escape_inline(measure.field_of_action), escape_inline(measure.title) or "—",
                                 when(measure), measure.status.label, escape_inline(measure.responsible) or "—"]
                                for measure in measures])
    return out


def overdue_lines(report: ProgressReport) -> list[str]:
    """The overdue measures as a table for the council paper (or one line saying there are none)."""
    title, measures, when = _lists(report)[0]
    if not measures:
        return [f"*{_('Keine Maßnahme ist überfällig.')}*"]
    return [f"**{title}**", "", *_table([_("Handlungsfeld"), _("Titel"), when(None), _("Status"), _("Zuständig")],
                                        [[escape_inline(measure.field_of_action), escape_inline(measure.title) or "—",
                                          when(measure), measure.status.label,
                                          escape_inline(measure.responsible) or "—"] for measure in measures])]


def block_day(doc: PlanDocument) -> date | None:
    """The day the plan's progress block speaks of (from its caption), if it has one."""
    block = doc.block(KIND)
    match = _CAPTION_DAY.search(block.body.split("\n", 1)[0]) if block is not None else None
    return parse_day(match[1]) if match else None


def write_progress(doc: PlanDocument, report: ProgressReport) -> tuple[str, Outcome]:
    """The plan with its progress block renewed, or added right after the overview (else before the first
    field of action, else at the end); a block edited by hand is a conflict and stays."""
    body = markdown_lines(report)
    contents = [f"<!-- werkstatt-{KIND} hash={body_hash(chr(10).join(body))} -->", *body, f"<!-- /werkstatt-{KIND} -->"]
    block = doc.block(KIND)
    edits = Edits(doc)
    if block is not None:
        if not block.intact:
            return doc.text, Outcome.CONFLICT
        if block.body == "\n".join(body):
            return doc.text, Outcome.UNCHANGED
        edits.replace(block.start, block.end, contents)
        return edits.apply(), Outcome.UPDATED
    overview = doc.overview()
    sections = Sections(doc)
    fields = [heading.line for heading in sections.known_fields()]
    point = overview.end + 1 if overview is not None else min(fields) if fields else sections.end_point()
    edits.insert(point, 2, [contents])
    return edits.apply(), Outcome.ADDED


def _lists(report: ProgressReport) -> list[tuple[str, list[Tracked], Callable[[Tracked | None], str]]]:
    """The two lists: title, measures, and what the third column says (its header for None)."""
    def target(measure: Tracked | None) -> str:
        return _("Zieljahr") if measure is None else str(measure.year)

    def last(measure: Tracked | None) -> str:
        return _("letzter Stand") if measure is None else _day(measure.reported)

    return [(_("Überfällig"), report.overdue(), target),
            (_("Ohne neuen Stand seit zwölf Monaten"), report.stale(), last)]


def _status_table(report: ProgressReport) -> list[str]:
    statuses = report.statuses()
    rows = [[escape_inline(name) or "—", *(str(report.counts(name)[status]) for status in statuses),
             str(sum(report.counts(name).values()))] for name in report.fields()]
    rows.append([f"**{_('Summe')}**", *(str(report.counts()[status]) for status in statuses), str(len(report.measures))])
    return _table([_("Handlungsfeld"), *(status.label for status in statuses), _("Maßnahmen")], rows, numeric_from=1)


def _table(headers: list[str], rows: list[list[str]], *, numeric_from: int | None = None) -> list[str]:
    align = ["--:" if numeric_from is not None and index >= numeric_from else "---" for index in range(len(headers))]
    return ["| " + " | ".join(cells) + " |" for cells in (headers, align, *rows)]


def _ordered(by_year: dict[int | None, int]) -> list[tuple[int | None, int]]:
    return sorted(by_year.items(), key=lambda item: (item[0] is None, item[0] or 0))


def _amount(amount: int | None) -> str:
    return escape_inline(euros(amount)) if amount is not None else "—"


def _day(day: date | None) -> str:
    return german_date(day) if day is not None else "—"
