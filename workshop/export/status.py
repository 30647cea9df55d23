"""The council's overview: the plan's measures by field, costs per field and per year, counts per timeframe.

It is read from the plan itself (the managed blocks as they stand, hand edits included), not from a
session, so it shows what the council will read. `write_overview` puts it into one managed block
holding a whole table, before the first field of action.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from workshop.core.formatting import euros, german_date, timeframe_text
from workshop.core.models import Timeframe
from workshop.export.escape import escape_inline, unescape
from workshop.export.handwritten import handwritten_measures
from workshop.export.measures import STATUS_LABEL, body_hash
from workshop.export.outcome import Outcome
from workshop.export.plan import PlanDocument
from workshop.export.sections import Edits, Sections
from workshop.i18n import _, n_

_TITLE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
_WHEN_COST = re.compile(r"^- \*\*Zeitraum:\*\* (?P<when>.*?) · \*\*Kosten:\*\* (?P<cost>.*)$")
_AMOUNT = re.compile(r"^(\d{1,3}(?:\\?\.\d{3})+|\d+) EUR")
_YEAR = re.compile(r"\b(20\d\d|2100)\b")
# The session's date in a block's „Herkunft“ line: „…, 24.11.2016, Thema …“ (see measures.origin_text).
_ORIGIN = re.compile(r"^- \*\*Herkunft:\*\* .*?, (\d{2})\.(\d{2})\.(\d{4})(?:,| \(|$)")
_RESPONSIBLE = re.compile(r"^- \*\*Zuständig:\*\* (?P<who>.*?) · \*\*Partner:\*\*")
# The plan is anyone's text file: no terminal control sequences from it reach the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One measure as the plan shows it now."""

    id: str
    title: str
    field_of_action: str
    timeframe: str
    year: int | None
    cost_eur: int | None
    edited: bool
    session_date: str | None = None   # ISO date of the workshop the measure came from
    responsible: str = ""
    status_line: str | None = None    # the block's status line as it stands (status_line.py reads it)


def plan_entries(doc: PlanDocument) -> list[PlanEntry]:
    """Every measure block of the plan, in order, with its field (the heading above it)."""
    entries = []
    headings = doc.headings
    heading_lines = [heading.line for heading in headings]
    for block in doc.blocks:
        if block.kind != "measure":
            continue
        lines = block.body.split("\n")
        title_match = _TITLE.match(lines[0]) if lines else None
        level = len(title_match[1]) if title_match else 7
        title = _CONTROL.sub("", unescape(title_match[2])) if title_match else _("(ohne Titel)")
        field_name = _("(ohne Handlungsfeld)")
        for position in range(bisect.bisect_left(heading_lines, block.start) - 1, -1, -1):
            if headings[position].level < level:
                field_name = _CONTROL.sub("", headings[position].text) or field_name
                break
        timeframe, year, cost, session_date, responsible, status_line = "", None, None, None, "", None
        for line in lines[1:]:
            origin = _ORIGIN.match(line)
            if origin:
                session_date = f"{origin[3]}-{origin[2]}-{origin[1]}"
            if who := _RESPONSIBLE.match(line):
                responsible = "" if who["who"] == "—" else _CONTROL.sub("", unescape(who["who"]))
            if line.startswith(STATUS_LABEL) and status_line is None:
                status_line = line
            match = _WHEN_COST.match(line)
            if match:
                when = unescape(match["when"])
                timeframe = next((str(name) for name in Timeframe if when.startswith(name)), "")
                year_match = _YEAR.search(when)
                year = int(year_match[1]) if year_match else None
                amount = _AMOUNT.match(match["cost"])
                cost = int(amount[1].replace("\\", "").replace(".", "")) if amount else None
        entries.append(PlanEntry(id=block.id or "", title=title, field_of_action=field_name, timeframe=timeframe,
                                 year=year, cost_eur=cost, edited=not block.intact, session_date=session_date,
                                 responsible=responsible, status_line=status_line))
    return entries


def table_lines(entries: list[PlanEntry]) -> list[str]:
    """The overview as one GFM table: a row per field and a sum row."""
    fields = list(dict.fromkeys(entry.field_of_action for entry in entries))
    years = sorted({entry.year for entry in entries if entry.year is not None})
    no_year = any(entry.year is None and entry.cost_eur is not None for entry in entries)
    no_timeframe = any(not entry.timeframe for entry in entries)
    open_cost = any(entry.cost_eur is None for entry in entries)
    headers = [_("Handlungsfeld"), _("Maßnahmen"), *map(str, Timeframe)]
    if no_timeframe:
        headers.append(_("ohne Zeitraum"))
    headers += [_("Kosten {year}").format(year=year) for year in years]
    if no_year:
        headers.append(_("Kosten ohne Jahr"))
    headers.append(_("Kosten gesamt"))
    if open_cost:
        headers.append(_("Kosten offen"))

    def row(label: str, group: list[PlanEntry]) -> list[str]:
        timeframes = Counter(entry.timeframe for entry in group)
        cells = [label, str(len(group)), *(str(timeframes[name]) for name in Timeframe)]
        if no_timeframe:
            cells.append(str(timeframes[""]))
        for year in [*years, *([None] if no_year else [])]:
            cells.append(cost_cell([entry for entry in group if entry.year == year]))
        cells.append(cost_cell(group))
        if open_cost:
            cells.append(str(sum(1 for entry in group if entry.cost_eur is None)))
        return cells

    rows = [row(escape_inline(name) or "—", [entry for entry in entries if entry.field_of_action == name])
            for name in fields]
    rows.append(row(f"**{_('Summe')}**", entries))
    align = ["---"] + ["--:"] * (len(headers) - 1)
    return ["| " + " | ".join(cells) + " |" for cells in (headers, align, *rows)]


def render_status(entries: list[PlanEntry]) -> str:
    """The overview for the terminal: measures by field, then costs per year and counts per timeframe."""
    if not entries:
        return _("Der Plan enthält noch keine Maßnahmen aus Werkstätten.")
    by_field: dict[str, list[PlanEntry]] = defaultdict(list)
    for entry in entries:
        by_field[entry.field_of_action].append(entry)
    fields = n_("{fields} Handlungsfeld", "{fields} Handlungsfeldern", len(by_field)).format(fields=len(by_field))
    out = [n_("{count} Maßnahme in {fields}", "{count} Maßnahmen in {fields}", len(entries)).format(
        count=len(entries), fields=fields)]
    for name, group in by_field.items():
        out += ["", f"{name} — " + n_("{count} Maßnahme, {cost}", "{count} Maßnahmen, {cost}", len(group)).format(
            count=len(group), cost=costs_text(group))]
        for entry in group:
            when = timeframe_text(entry.timeframe, entry.year)
            edited = " " + _("(von Hand geändert)") if entry.edited else ""
            out.append(f"  - {entry.title} · {when} · {euros(entry.cost_eur)}{edited}")
    years: dict[int | None, int] = defaultdict(int)
    for entry in entries:
        if entry.cost_eur is not None:
            years[entry.year] += entry.cost_eur
    per_year = " · ".join(f"{year or _('ohne Jahr')}: {euros(cost)}"
                          for year, cost in sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0)))
    timeframes = Counter(entry.timeframe or _("ohne Zeitraum") for entry in entries)
    out += ["", _("Kosten je Jahr: {years}").format(years=per_year or "—"),
            _("Maßnahmen je Zeitraum: {counts}").format(counts=" · ".join(
                f"{name}: {timeframes[name]}" for name in (*Timeframe, _("ohne Zeitraum")) if timeframes[name])),
            "", *table_lines(entries)]
    return "\n".join(out)


def known_costs(group: list[PlanEntry]) -> list[int]:
    """The costs that are known: an open cost is never counted as 0 EUR."""
    return [entry.cost_eur for entry in group if entry.cost_eur is not None]


def cost_cell(group: list[PlanEntry]) -> str:
    """The table's cell for these measures' costs: their sum, or „—“ when none is known."""
    known = known_costs(group)
    return escape_inline(euros(sum(known))) if known else "—"


def costs_text(group: list[PlanEntry]) -> str:
    """„15.000 EUR“, „15.000 EUR (1 ohne Kosten)“ or „Kosten offen“ (open costs are not 0 EUR)."""
    known = known_costs(group)
    if not known:
        return _("Kosten offen")
    missing = len(group) - len(known)
    if not missing:
        return euros(sum(known))
    return _("{cost} ({missing} ohne Kosten)").format(cost=euros(sum(known)), missing=missing)


def caption(doc: PlanDocument, entries: list[PlanEntry]) -> str:
    """What the overview covers: „Maßnahmen aus Zukunftswerkstätten, Stand <newest session>“, where costs
    are booked, and which fields also hold measures written by hand (the table leaves those out)."""
    newest = newest_session(entries)
    text = _("Maßnahmen aus Zukunftswerkstätten, Stand {date}.").format(date=german_date(newest)) if newest \
        else _("Maßnahmen aus Zukunftswerkstätten.")
    text += " " + _("Kosten sind im Zieljahr der Maßnahme gebucht.")
    sections = Sections(doc)
    fields = []
    for name in dict.fromkeys(entry.field_of_action for entry in entries):
        heading = sections.find(name)
        if heading is not None and handwritten_measures(doc, sections, heading):
            fields.append(escape_inline(heading.text))
    if fields:
        text += " " + n_("Die Tabelle umfasst nur diese Maßnahmen; im Abschnitt {fields} stehen weitere, von Hand "
                         "eingetragene.", "Die Tabelle umfasst nur diese Maßnahmen; in den Abschnitten {fields} stehen "
                         "weitere, von Hand eingetragene.", len(fields)).format(fields=", ".join(fields))
    return f"*{text}*"


def newest_session(entries: list[PlanEntry]) -> str | None:
    """The ISO date of the newest workshop whose measures the plan holds (the plan's „Stand“)."""
    return max((entry.session_date for entry in entries if entry.session_date), default=None)


def overview_block(doc: PlanDocument, entries: list[PlanEntry]) -> list[str]:
    body = [caption(doc, entries), "", *table_lines(entries)]
    digest = body_hash("\n".join(body))
    return [f"<!-- werkstatt:overview hash={digest} -->", *body, "<!-- /werkstatt:overview -->"]


def refresh_overview(doc: PlanDocument) -> tuple[str, Outcome | None]:
    """The plan with its existing overview block brought up to date (text, outcome); None without one."""
    block = doc.overview()
    if block is None:
        return doc.text, None
    if not block.intact:
        return doc.text, Outcome.CONFLICT
    contents = overview_block(doc, plan_entries(doc))
    if "\n".join(contents[1:-1]) == block.body:
        return doc.text, Outcome.UNCHANGED
    edits = Edits(doc)
    edits.replace(block.start, block.end, contents)
    return edits.apply(), Outcome.UPDATED


def write_overview(doc: PlanDocument) -> tuple[str, Outcome]:
    """The plan with the overview written: refreshed in place, or added before the first field of action."""
    text, outcome = refresh_overview(doc)
    if outcome is not None:
        return text, outcome
    sections = Sections(doc)
    fields = {heading.line: heading for heading in sections.known_fields()}
    for entry in plan_entries(doc):
        heading = sections.find(entry.field_of_action)
        if heading is not None:
            fields[heading.line] = heading
    edits = Edits(doc)
    if fields:
        edits.insert(min(fields), 2, [overview_block(doc, plan_entries(doc))])
    else:
        edits.insert(sections.end_point(), 2, [overview_block(doc, plan_entries(doc))])
    return edits.apply(), Outcome.ADDED
