"""A session's protocol written to the exports folder, and what a plan merge did, in words.

Shared by the command line (`werkstatt export`, `werkstatt plan merge`) and the facilitator's app
(its command palette), so both write the same files and report the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop.export.files import atomic_write
from workshop.export.merge import MergeResult
from workshop.export.outcome import Outcome
from workshop.export.protocol import render_csv, render_json, render_markdown
from workshop.i18n import _, n_

RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {"md": render_markdown, "csv": render_csv,
                                                         "json": render_json}
OVERVIEW_LABELS = {Outcome.ADDED: _("neu"), Outcome.UPDATED: _("aktualisiert"),
                   Outcome.UNCHANGED: _("unverändert"),
                   Outcome.CONFLICT: _("Konflikt: von Hand geändert, nicht überschrieben")}


def protocol_path(exports_dir: Path, protocol: dict[str, Any], fmt: str) -> Path:
    """`exports/<date>-<session>.<format>`, where an export lands unless told otherwise."""
    date, slug = protocol["session"]["date"], protocol["session"]["slug"]
    name = slug if slug.startswith(f"{date}-") else f"{date}-{slug}"
    return exports_dir / f"{name}.{fmt}"


def write_protocol(protocol: dict[str, Any], fmt: str, path: Path) -> Path:
    """Render the protocol as `fmt` (md, csv, json) and write it atomically; returns the path."""
    data = RENDERERS[fmt](protocol).encode("utf-8-sig" if fmt == "csv" else "utf-8")  # a BOM tells Excel: UTF-8
    atomic_write(path, data)
    return path


def merge_report(result: MergeResult) -> list[str]:
    """One line per measure (what happened to it), new headings, the overview, and the counts."""
    lines = []
    for outcome in result.outcomes:
        note = ""
        if outcome.status == Outcome.CONFLICT:
            note = " — " + (_("von Hand geändert, nicht überschrieben; die Werkstatt hat eine neuere Fassung "
                              "(Block löschen und mit --restore neu einfügen, um sie zu übernehmen)")
                            if outcome.newer else _("von Hand geändert, bleibt so"))
        elif outcome.status == Outcome.REMOVED:
            note = " — " + _("nicht wieder eingefügt (mit --restore zurückholen)")
        lines.append(f"  {outcome.status.label:<18} {outcome.field_of_action} › {outcome.title}"
                     f" [{outcome.measure_id}]{note}")
    for heading in result.new_headings:
        lines.append(f"  {_('neue Überschrift'):<18} {heading}")
    if result.overview is not None:
        lines.append(f"  {_('Übersicht')}: {OVERVIEW_LABELS.get(result.overview, result.overview)}")
    counts = result.counts()
    conflicts = counts[Outcome.CONFLICT]
    lines.append(_("{added} neu · {updated} aktualisiert · {unchanged} unverändert · {conflicts} · "
                   "{removed} von Hand entfernt · {restored} wiederhergestellt").format(
        added=counts[Outcome.ADDED], updated=counts[Outcome.UPDATED], unchanged=counts[Outcome.UNCHANGED],
        conflicts=n_("{count} Konflikt", "{count} Konflikte", conflicts).format(count=conflicts),
        removed=counts[Outcome.REMOVED], restored=counts[Outcome.RESTORED]))
    return lines
