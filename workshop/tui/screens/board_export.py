"""The board's commands for the coordinator's side, from the command palette: export the protocol (Markdown,
Word, XLSX, CSV, JSON), show where exports are, merge the session's measures into the plan and show the report."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from workshop.export.files import atomic_write, read_plan
from workshop.export.plan import parse_plan
from workshop.export.protocol import build_protocol
from workshop.export.review import merge_protocol, review_report
from workshop.export.review_start import typed_path
from workshop.export.writing import merge_report, protocol_path, write_protocol
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.display import short_path
from workshop.tui.screens.board_base import BoardHost, Facilitator
from workshop.tui.screens.dialogs import ChoiceDialog, PromptDialog
from workshop.tui.screens.plan_report import PlanReportDialog

FORMAT_NAMES = {"md": "Markdown", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "csv": "CSV", "json": "JSON"}
OTHER = "__other__"
PaletteCommand = tuple[str, str, Callable[[], object]]


class ExportCommands:
    """Exports through the export library, written where `werkstatt export` writes them."""

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.plan_path: Path | None = None  # the plan chosen last, offered first next time

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands without a key of their own: the command palette (Strg+P) lists them by name."""
        commands: list[PaletteCommand] = [
            (_("Protokoll exportieren ({format})").format(format=name),
             _("Schreibt das Protokoll der Sitzung in den Ordner exports/."),
             lambda fmt=fmt: self.export_protocol(fmt)) for fmt, name in FORMAT_NAMES.items()]
        commands.append((_("Exporte anzeigen"), _("Wo die Exporte liegen und welche es schon gibt."),
                         self.show_exports))
        commands.append((_("Maßnahmen in den Plan einfügen …"),
                         _("Die Plan-Datei wählen, sehen, was sich ändert, dann speichern."), self.merge_into_plan))
        return commands

    def export_protocol(self, fmt: str) -> Path | None:
        protocol = build_protocol(self.service.read.snapshot())
        written = self.app.attempt(write_protocol, protocol, fmt,
                                   protocol_path(self.app.home.exports_dir, protocol, fmt))
        if written is None:
            return None
        path, charts = written[0], len(written) - 1
        message = _("Protokoll gespeichert: {path}").format(path=short_path(path))
        if charts:
            message += " " + n_("(und {count} Diagramm daneben)", "(und {count} Diagramme daneben)", charts).format(
                count=charts)
        self.board.notify(message, timeout=8)
        return path

    def show_exports(self) -> None:
        folder = self.app.home.exports_dir
        files = sorted(folder.glob("*")) if folder.is_dir() else []
        listing = "\n".join(f"  {path.name}" for path in files[-8:])
        count = n_("{count} Datei", "{count} Dateien", len(files)).format(count=len(files))
        self.board.notify(_("Exporte in {folder} ({count})").format(folder=short_path(folder), count=count) +
                          (f"\n{listing}" if listing else ""), timeout=12)

    def merge_into_plan(self) -> None:
        """Choose the plan file (Markdown files of the home folder, the last one first, or a path)."""
        home = self.app.home.root
        candidates = [self.plan_path] if self.plan_path else []
        candidates += sorted(path.resolve() for path in home.glob("*.md"))
        choices = [(str(path), short_path(path)) for path in dict.fromkeys(candidates)]
        choices.append((OTHER, _("Andere Datei angeben …")))

        def chosen(key: str | None) -> None:
            if key == OTHER:
                prefill = str(home) + os.sep
                self.app.push_screen(PromptDialog(_("Pfad der Plan-Datei (Markdown)"), prefill,
                                                  placeholder=_("z. B. ~/Integrationsplan/plan.md"),
                                                  hint=_("⏎ übernehmen · ein Pfad ab / oder ~ ersetzt den "
                                                         "vorgegebenen Ordner · Strg+U leert · Esc abbrechen")),
                                     lambda path: self._merge(typed_path(path, prefill, home)) if path else None)
            elif key:
                self._merge(Path(key))

        self.app.push_screen(ChoiceDialog(_("In welchen Plan?"), choices), chosen)

    def _merge(self, path: Path) -> None:
        original = self.app.attempt(read_plan, path)
        if original is None:
            return
        protocol = build_protocol(self.service.read.snapshot())
        merged = self.app.attempt(lambda: merge_protocol(parse_plan(original, str(path)), protocol))
        if merged is None:
            return
        result, review = merged
        self.plan_path = path
        # Titles, not ULIDs, at 80 columns; no command-line flag in the app.
        report = [*merge_report(result, ids=False, cli=False), *review_report(review)]
        if not result.changed:
            report.append(_("Nichts zu ändern; der Plan bleibt, wie er ist."))

        def save(yes: bool | None) -> None:
            written = yes and self.app.attempt(
                lambda: atomic_write(path, result.text.encode("utf-8"), expected=original) or True)
            if written:
                self.board.notify(_("Plan gespeichert: {path}").format(path=short_path(path)), timeout=8)

        self.app.push_screen(PlanReportDialog(_("Plan: {path}").format(path=short_path(path)), report,
                                              changes=result.changed), save)
