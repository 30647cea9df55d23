"""`werkstatt plan history`: each measure's course, told from the plan alone.

The block's „Herkunft“ line names the session, its day and the dots that carried the measure; the change
log's rows for that session say when it came into the plan and when the session was merged again with
updates (the log counts per session, not per measure: „N Maßnahmen aktualisiert“); the status line holds
every reported state; the review sessions' priority lines their verdicts. A block edited by hand says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workshop.core.formatting import german_date
from workshop.export.changelog import changelog_rows
from workshop.export.escape import unescape
from workshop.export.measure_block import layout
from workshop.export.plan import PlanDocument
from workshop.export.status import PlanEntry, plan_entries
from workshop.export.status_line import StatusState, parse_day, parse_priority_line, parse_status_line
from workshop.i18n import _, n_

_ORIGIN = re.compile(r"^- \*\*Herkunft:\*\* (?P<session>.*?), (?P<day>\d{2}\.\d{2}\.\d{4})(?P<rest>.*)$")
_DOTS = re.compile(r"(\d+) Punkte?\)\s*$")
_THEME = re.compile(r"Thema „(.*?)“")


@dataclass(frozen=True, slots=True)
class Step:
    """One event of a measure's course: its day (None: unknown), its kind, German words, and its data."""

    day: date | None
    kind: str           # created, merged, updated, status, review, edited, note
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MeasureHistory:
    entry: PlanEntry
    steps: tuple[Step, ...]


def measure_histories(doc: PlanDocument, entries: list[PlanEntry] | None = None) -> list[MeasureHistory]:
    """The course of each measure (all of the plan's, or those given), in plan order."""
    rows = changelog_rows(doc)
    blocks = doc.measure_blocks()
    histories = []
    for entry in entries if entries is not None else plan_entries(doc):
        block = blocks[entry.id]
        lines = block.body.split("\n")
        steps = _origin_steps(lines, rows)
        parts = layout(doc, block)
        status = parse_status_line(doc.content(parts.status)) if parts.status is not None else None
        if status is not None:
            steps += _status_steps(status.course)
        elif parts.status is not None:
            steps.append(Step(None, "status", _("Statuszeile von Hand geändert, nicht lesbar: {line}").format(
                line=doc.content(parts.status)), {"line": doc.content(parts.status)}))
        for index in parts.priorities:
            priority = parse_priority_line(doc.content(index))
            if priority is not None:
                steps.append(Step(priority.session_day, "review", _("Priorität bei „{session}“: {dots}, Rang {rank} "
                                                                    "in {field}").format(
                    session=priority.session_title, dots=n_("{dots} Punkt", "{dots} Punkte", priority.dots).format(
                        dots=priority.dots), rank=priority.rank, field=priority.field_of_action),
                    {"session": priority.session_title, "dots": priority.dots, "rank": priority.rank,
                     "field_of_action": priority.field_of_action}))
        steps.sort(key=lambda step: (step.day is None, step.day or date.min))
        if status is not None and status.note:
            steps.append(Step(None, "note", _("Notiz: {note}").format(note=status.note_text),
                              {"note": status.note_text}))
        if entry.edited:
            steps.append(Step(None, "edited", _("Block von Hand geändert: Werkstatt überschreibt ihn nicht mehr.")))
        histories.append(MeasureHistory(entry, tuple(steps)))
    return histories


def _origin_steps(lines: list[str], rows: list[dict[str, str]]) -> list[Step]:
    origin = next((match for line in lines if (match := _ORIGIN.match(line))), None)
    if origin is None:
        return []
    session, day = unescape(origin["session"]), parse_day(origin["day"])
    dots = _DOTS.search(origin["rest"])
    themes = _THEME.findall(unescape(origin["rest"]))
    details = [_("Thema „{name}“").format(name=name) for name in themes]
    if dots:
        details.append(n_("{dots} Punkt", "{dots} Punkte", int(dots[1])).format(dots=int(dots[1])))
    text = _("entstanden in der Werkstatt „{session}“").format(session=session)
    if details:
        text += f" ({', '.join(details)})"
    steps = [Step(day, "created", text, {"session": session, "themes": themes,
                                         "dots": int(dots[1]) if dots else None})]
    wanted = f"{session} ({origin['day']})"
    merged = [row for row in rows if unescape(row.get(_("Sitzung"), "")) == wanted]
    for position, row in enumerate(merged):
        row_day = parse_day(row.get(_("Datum"), ""))
        updated = _number(row.get(_("aktualisiert"), ""))
        if position == 0:
            steps.append(Step(row_day, "merged", _("in den Plan übernommen")))
        elif updated:
            steps.append(Step(row_day, "updated", n_("Werkstatt erneut zusammengeführt: {count} ihrer Maßnahmen "
                                                     "aktualisiert", "Werkstatt erneut zusammengeführt: {count} ihrer "
                                                     "Maßnahmen aktualisiert", updated).format(count=updated),
                              {"updated": updated}))
    return steps


def _status_steps(course: list[StatusState]) -> list[Step]:
    steps = []
    previous: StatusState | None = None
    for state in course:
        now = _state_text(state)
        if previous is None:
            text = _("Status: {status}").format(status=now)
        elif previous.status != state.status:
            text = _("Status: {before} → {after}").format(before=_state_text(previous), after=now)
        else:
            text = _("Stand gemeldet: {status}").format(status=now)
        steps.append(Step(state.day, "status", text, {"status": str(state.status), "progress": state.progress,
                                                      "changed": previous is None or previous.status != state.status}))
        previous = state
    return steps


def _state_text(state: StatusState) -> str:
    return state.status.label + (f", {state.progress} %" if state.progress is not None else "")


def _number(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def render_history(histories: list[MeasureHistory]) -> str:
    """The courses for the terminal: per measure its title, id and field, then a line per step."""
    if not histories:
        return _("Der Plan enthält noch keine Maßnahmen aus Werkstätten.")
    out: list[str] = []
    for history in histories:
        entry = history.entry
        if out:
            out.append("")
        out.append(f"{entry.title} [{entry.id}] · {entry.field_of_action}")
        for step in history.steps:
            day = german_date(step.day) if step.day else " " * 10
            out.append(f"  {day}  {step.text}")
    return "\n".join(out)


def history_json(histories: list[MeasureHistory]) -> dict[str, Any]:
    """The courses as data for scripts (`--json`): days as ISO dates, the German text beside the data."""
    return {"format": "werkstatt-plan-history", "version": 1, "measures": [
        {"id": history.entry.id, "title": history.entry.title, "field_of_action": history.entry.field_of_action,
         "edited": history.entry.edited,
         "steps": [{"date": step.day.isoformat() if step.day else None, "kind": step.kind, "text": step.text,
                    **step.data} for step in history.steps]}
        for history in histories]}
