"""A session's protocol written to the exports folder, and what a plan merge did, in words.

Shared by the command line (`werkstatt export`, `werkstatt plan merge`) and the facilitator's app
(its command palette), so both write the same files and report the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop.core.formatting import german_date
from workshop.export.charts import protocol_charts
from workshop.export.docx import DocumentInfo, render_docx
from workshop.export.files import atomic_write
from workshop.export.merge import MergeResult
from workshop.export.outcome import Outcome
from workshop.export.protocol import render_csv, render_json, render_markdown
from workshop.export.protocol_sheets import render_xlsx
from workshop.export.status_line import Applied
from workshop.i18n import _, n_

RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {"md": render_markdown, "csv": render_csv,
                                                         "json": render_json}
FORMATS = ("md", "csv", "json", "docx", "xlsx")
BINARY = ("docx", "xlsx")  # ZIP files: never shown on a terminal
OVERVIEW_LABELS = {Outcome.ADDED: _("neu"), Outcome.UPDATED: _("aktualisiert"),
                   Outcome.UNCHANGED: _("unverändert"),
                   Outcome.CONFLICT: _("Konflikt: von Hand geändert, nicht überschrieben")}


STATUS_LABELS = {
    Applied.SET: (_("Status gesetzt"), ""), Applied.CHANGED: (_("Status geändert"), ""),
    Applied.UNCHANGED: (_("Status unverändert"), ""),
    Applied.CONFLICT: (_("Status: Konflikt"), _("die Statuszeile wurde nach dieser Sitzung geändert (oder ist "
                                                "unlesbar); sie bleibt, wie sie ist")),
    Applied.KEPT: (_("Status bleibt"), _("im Plan steht schon ein anderer Status; er bleibt (ändern mit "
                                         "`werkstatt plan set`)")),
}


def protocol_path(exports_dir: Path, protocol: dict[str, Any], fmt: str) -> Path:
    """`exports/<date>-<session>.<format>`, where an export lands unless told otherwise."""
    date, slug = protocol["session"]["date"], protocol["session"]["slug"]
    name = slug if slug.startswith(f"{date}-") else f"{date}-{slug}"
    return exports_dir / f"{name}.{fmt}"


def render_protocol(protocol: dict[str, Any], fmt: str, *, pictures_in: Path, stem: str,
                    beside: bool = True, reference: Path | None = None) -> tuple[bytes, dict[Path, bytes]]:
    """The protocol as `fmt` (md, csv, json, docx, xlsx), and its charts (one PNG per revealed round, md and docx).

    The charts are named `<stem>-runde-<n>.png` in `pictures_in`; the Markdown links them by file name
    when they lie beside it (`beside`), else by their path from here.
    """
    charts = protocol_charts(protocol) if fmt in ("md", "docx") else {}
    paths = {number: pictures_in / f"{stem}-runde-{number}.png" for number in charts}
    links = {number: path.name if beside else _path_from_here(path) for number, path in paths.items()}
    if fmt == "md":
        data = render_markdown(protocol, links).encode("utf-8")
    elif fmt == "docx":
        session = protocol["session"]
        info = DocumentInfo(subject=_("Protokoll einer Zukunftswerkstatt"), date=session["date"],
                            note=german_date(session["date"]))
        data = render_docx(render_markdown(protocol, links), title=session["title"], reference=reference,
                           images={links[number]: picture for number, picture in charts.items()}, info=info)
    elif fmt == "xlsx":
        data = render_xlsx(protocol)
    else:
        data = RENDERERS[fmt](protocol).encode("utf-8-sig" if fmt == "csv" else "utf-8")  # a BOM: UTF-8 for Excel
    return data, {paths[number]: picture for number, picture in charts.items()}


def write_protocol(protocol: dict[str, Any], fmt: str, path: Path, *, reference: Path | None = None) -> list[Path]:
    """Write the protocol atomically, its charts beside it; returns the paths written, the protocol first."""
    data, pictures = render_protocol(protocol, fmt, pictures_in=path.parent, stem=path.stem, reference=reference)
    atomic_write(path, data)  # first: a protocol that cannot be written leaves no pictures behind
    for picture_path, picture in pictures.items():
        atomic_write(picture_path, picture)
    return [path, *pictures]


def _path_from_here(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


NEWER_NOTE = _("von Hand geändert, nicht überschrieben; die Werkstatt hat eine neuere Fassung (Block löschen und "
                "mit --restore neu einfügen, um sie zu übernehmen)")
REMOVED_NOTE = _("nicht wieder eingefügt (mit --restore zurückholen)")
# In the app, whose merge never restores: what the reader can do, with no command-line flag in it.
NEWER_NOTE_APP = _("von Hand geändert, nicht überschrieben; die Werkstatt hat eine neuere Fassung (bitte den Block "
                   "im Plan mit ihr vergleichen)")
REMOVED_NOTE_APP = _("von Hand aus dem Plan gelöscht, daher nicht wieder eingefügt")


def merge_report(result: MergeResult, *, ids: bool = True, cli: bool = True) -> list[str]:
    """One line per measure (what happened to it), new headings, the overview, and the counts.

    `ids` adds each measure's id, the one the plan's `<!-- werkstatt:measure id=… -->` marker carries, so the
    CLI's reader can find a conflicting block in an editor; the app leaves it out (a title reads, a ULID not).
    `cli` names the command line's `--restore`; the app's report (`cli=False`) says what to do without a flag.
    """
    newer, removed = (NEWER_NOTE, REMOVED_NOTE) if cli else (NEWER_NOTE_APP, REMOVED_NOTE_APP)
    lines = []
    for outcome in result.outcomes:
        note = ""
        if outcome.status == Outcome.CONFLICT:
            note = " — " + (newer if outcome.newer else _("von Hand geändert, bleibt so"))
        elif outcome.status == Outcome.REMOVED:
            note = " — " + removed
        marker = f" [{outcome.measure_id}]" if ids else ""
        lines.append(f"  {outcome.status.label:<18} {outcome.field_of_action} › {outcome.title}{marker}{note}")
    for status in result.statuses:
        label, note = STATUS_LABELS[status.applied]
        marker = f" [{status.measure_id}]" if ids else ""
        lines.append(f"  {label:<18} {status.title}{marker}: {status.status}" + (f" — {note}" if note else ""))
    for heading in result.new_headings:
        lines.append(f"  {_('neue Überschrift'):<18} {heading}")
    for hint in result.hints:
        where = _("von Hand eingetragen") if hint.by_hand else _("aus einer Werkstatt")
        lines.append("  " + _("Hinweis: „{title}“ ähnelt „{other}“ ({where}) in {field}; bitte prüfen, ob beide "
                              "gemeint sind.").format(title=hint.title, other=hint.similar_to, where=where,
                                                      field=hint.field_of_action))
    if result.overview is not None:
        lines.append(f"  {_('Übersicht')}: {OVERVIEW_LABELS.get(result.overview, result.overview)}")
    if result.logged:
        lines.append(f"  {_('Änderungsverzeichnis')}: {_('eine Zeile angefügt')}")
    counts = result.counts()
    conflicts = counts[Outcome.CONFLICT]
    lines.append(_("{added} neu · {updated} aktualisiert · {unchanged} unverändert · {conflicts} · "
                   "{removed} von Hand entfernt · {restored} wiederhergestellt").format(
        added=counts[Outcome.ADDED], updated=counts[Outcome.UPDATED], unchanged=counts[Outcome.UNCHANGED],
        conflicts=n_("{count} Konflikt", "{count} Konflikte", conflicts).format(count=conflicts),
        removed=counts[Outcome.REMOVED], restored=counts[Outcome.RESTORED]))
    return lines
