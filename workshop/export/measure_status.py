"""`werkstatt plan set`: find one of the plan's measures by what the coordinator types, and write its status
line — the only line of the plan that changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workshop.core.models import MeasureStatus
from workshop.export.errors import PlanError
from workshop.export.measure_block import layout, rebuilt
from workshop.export.plan import PlanDocument
from workshop.export.sections import Edits
from workshop.export.status import PlanEntry, plan_entries
from workshop.export.status_line import StatusLine, parse_status_line, updated_line
from workshop.i18n import _

MAX_CANDIDATES = 12


def find_measure(doc: PlanDocument, wanted: str) -> PlanEntry:
    """The measure `wanted` names: its exact id, else the one id that starts so, else the one title that starts
    so (case and runs of spaces aside). None or several: a PlanError that lists the candidates."""
    entries = plan_entries(doc)
    text = " ".join(wanted.split())
    if not text:
        raise PlanError(_("Bitte die Maßnahme angeben: ihre Kennung (oder deren Anfang) oder den Anfang ihres Titels."))
    exact = [entry for entry in entries if entry.id == text]
    if exact:
        return exact[0]
    folded = text.casefold()
    for matches in ([entry for entry in entries if entry.id.casefold().startswith(folded)],
                    [entry for entry in entries if " ".join(entry.title.split()).casefold().startswith(folded)]):
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "\n".join(f"  {entry.id}  {entry.title} ({entry.field_of_action})"
                               for entry in matches[:MAX_CANDIDATES])
            more = "\n  " + _("… und {count} weitere").format(count=len(matches) - MAX_CANDIDATES) \
                if len(matches) > MAX_CANDIDATES else ""
            raise PlanError(_("„{wanted}“ passt zu {count} Maßnahmen; bitte mehr von der Kennung oder vom Titel "
                              "angeben:\n{candidates}"), wanted=text, count=len(matches), candidates=listed + more)
    raise PlanError(_("Keine Maßnahme des Plans hat die Kennung „{wanted}“ oder einen Titel, der so beginnt. "
                      "`werkstatt plan history --plan …` listet alle."), wanted=text)


@dataclass(frozen=True, slots=True)
class StatusSet:
    """What `set_status` did: the measure, its line before (None: it had none) and after, and the plan's text."""

    entry: PlanEntry
    before: str | None
    after: str
    text: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def set_status(doc: PlanDocument, wanted: str, day: date, *, status: MeasureStatus | None = None,
               progress: int | None = None, note: str | None = None) -> StatusSet:
    """The plan with the measure's status line written (see `status_line.updated_line`)."""
    if status is None and progress is None and note is None:
        raise PlanError(_("Nichts anzugeben: bitte --status, --progress oder --note."))
    entry = find_measure(doc, wanted)
    block = doc.measure_blocks()[entry.id]
    parts = layout(doc, block)
    before = doc.content(parts.status) if parts.status is not None else None
    line = _readable(before, entry)
    after = updated_line(line, day, status=status, progress=progress, note=note).render()
    if after == before:
        return StatusSet(entry, before, after, doc.text)
    edits = Edits(doc)
    edits.replace(block.start, block.end, rebuilt(doc, block, status=after))
    return StatusSet(entry, before, after, edits.apply())


def _readable(before: str | None, entry: PlanEntry) -> StatusLine | None:
    if before is None:
        return None
    line = parse_status_line(before)
    if line is None:
        raise PlanError(_("Die Statuszeile von „{title}“ wurde von Hand so geändert, dass Werkstatt sie nicht mehr "
                          "lesen kann; bitte im Plan selbst ändern oder die Zeile löschen und neu setzen:\n  {line}"),
                        title=entry.title, line=before)
    return line
