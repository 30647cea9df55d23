"""`werkstatt export` and `werkstatt plan merge|status`: the coordinator's commands, a thin layer over
`workshop.export`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from workshop.commands.base import F, Context, command, group, home_option, option, pass_context
from workshop.commands.outfiles import format_for, require_ending, require_folder, to_stdout, write_stdout
from workshop.export.council import plan_title, render_council_paper
from workshop.core.models import MeasureStatus
from workshop.export.files import atomic_write, read_plan, unified_diff
from workshop.export.history import history_json, measure_histories, render_history
from workshop.export.implementation import progress_report
from workshop.export.measure_status import find_measure, set_status
from workshop.export.plan import parse_plan
from workshop.export.progress_block import render_progress, write_progress
from workshop.export.review import merge_protocol, review_report
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.export.status_line import parse_day
from workshop.export.writing import (
    BINARY, FORMATS, OVERVIEW_LABELS, merge_report, protocol_path, render_protocol, write_protocol)
from workshop.i18n import _

REFERENCE_OPTION = option("--reference-doc", "reference", type=click.Path(dir_okay=False, path_type=Path),
                          metavar=_("VORLAGE.docx"),
                          help=_("Word-Vorlage der Stadt: ihre Formatvorlagen, Seitenränder, Kopf- und Fußzeilen "
                                 "(sonst Werkstatts schlichte Vorlage)."))


@command("export", help=_("Das Protokoll einer Sitzung schreiben. Themen nach Punkten mit ihren Ideen, "
                          "Abstimmungsregeln und Beteiligung, Maßnahmenentwürfe; je aufgedeckter Abstimmung "
                          "ein Diagramm daneben (…-runde-<n>.png)."))
@click.argument("session")
@option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Wohin schreiben (sonst exports/<Datum>-<Sitzung>.<Format> im Ordner; - für die Ausgabe)."))
@option("--format", "fmt", type=click.Choice(FORMATS),
        help=_("md: das Protokoll als Markdown; docx: als Word-Datei; xlsx: als Tabelle für Excel oder LibreOffice "
               "(Text bleibt Text); csv: dieselben Daten für Skripte; json: für andere Programme und für "
               "`werkstatt plan merge`. Ohne --format: nach der Endung von --out, sonst md."))
@REFERENCE_OPTION
@home_option
@pass_context
def export(obj: Context, session: str, out: Path | None, fmt: str | None, reference: Path | None) -> None:
    fmt = format_for(out, fmt, FORMATS, default="md")
    if reference is not None and fmt != "docx":
        raise click.UsageError(_("--reference-doc gilt nur für --format docx."))
    if out is not None and not to_stdout(out):
        require_folder(out)
    protocol = load_protocol(obj.home, session)
    target = protocol_path(obj.home.exports_dir, protocol, fmt) if out is None or to_stdout(out) else out
    if to_stdout(out):  # the charts go beside the default export
        data, pictures = render_protocol(protocol, fmt, pictures_in=target.parent, stem=target.stem, beside=False,
                                         reference=reference)
        write_stdout(data, binary=fmt in BINARY, ending=f".{fmt}")  # first: a refusal leaves no pictures behind
        for path, picture in pictures.items():
            atomic_write(path, picture)
        for path in pictures:
            click.echo(str(path), err=True)
        return
    for path in write_protocol(protocol, fmt, target, reference=reference):
        click.echo(str(path))


def _day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A day as the coordinator types it, ISO or German."""
    if value is None:
        return None
    day = parse_day(value)
    if day is None:
        raise click.BadParameter(_("„{value}“ ist kein Datum; bitte als 2018-06-01 oder 01.06.2018.").format(
            value=value), param=param)
    return day


def _status(_ctx: click.Context, param: click.Parameter, value: str | None) -> MeasureStatus | None:
    """One of the six statuses, case aside, as the plan stores it."""
    if value is None:
        return None
    status = MeasureStatus.parse(value)
    if status is None:
        raise click.BadParameter(_("„{value}“ ist kein Status; erlaubt sind {statuses}.").format(
            value=value, statuses=", ".join(f"„{status}“" for status in MeasureStatus)), param=param)
    return status


def date_option(name: str, text: str) -> Callable[[F], F]:
    """An option taking a day (`--as-of`, `--date`), passed to the command as `day`."""
    return option(name, "day", metavar=_("DATUM"), callback=_day, help=text)


@group("plan", help=_("Der Integrationsplan. Maßnahmen von Sitzungen einfügen, den Stand jeder Maßnahme führen, "
                      "die Übersicht zeigen, das Papier für den Rat schreiben."))
@home_option
def plan() -> None:
    pass


PLAN_OPTION = option("--plan", "plan_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     metavar=_("PLAN.md"), help=_("Die Markdown-Datei des Plans."))


@plan.command("merge", help=_("Die Maßnahmen einer Sitzung in den Plan einfügen. SESSION ist ihre Kennung, "
                              "ihre .db-Datei oder das JSON von `werkstatt export --format json`."))
@click.argument("session")
@PLAN_OPTION
@option("--dry-run", is_flag=True, help=_("Die Änderungen als Diff zeigen und nichts schreiben."))
@option("--restore", is_flag=True,
        help=_("Maßnahmen zurückholen, deren Block von Hand aus dem Plan gelöscht wurde."))
@home_option
@pass_context
def merge(obj: Context, session: str, plan_path: Path, dry_run: bool, restore: bool) -> None:
    protocol = load_protocol(obj.home, session)
    original = read_plan(plan_path)
    result, review = merge_protocol(parse_plan(original, str(plan_path)), protocol, restore=restore)
    click.echo(_("Plan: {path}").format(path=plan_path))
    for line in [*merge_report(result), *review_report(review)]:
        click.echo(line)
    if dry_run:
        if result.changed:
            click.echo(unified_diff(result.original, result.text, plan_path.name))
        click.echo(_("Probelauf: nichts geschrieben."))
        return
    if not result.changed:
        click.echo(_("Nichts zu ändern; der Plan bleibt, wie er ist."))
        return
    atomic_write(plan_path, result.text.encode("utf-8"), expected=original)
    click.echo(_("Plan gespeichert."))


@plan.command("status", help=_("Die Übersicht des Plans zeigen. Maßnahmen nach Handlungsfeld, Kosten je Feld "
                               "und Jahr, Anzahl je Zeitraum; der Umsetzungsstand: Maßnahmen und Kosten nach Status, "
                               "überfällige und solche ohne neuen Stand seit zwölf Monaten."))
@PLAN_OPTION
@option("--write", is_flag=True, help=_("Die Übersichtstabelle und den Umsetzungsstand auch in ihre eigenen Blöcke im "
                                        "Plan schreiben."))
@date_option("--as-of", _("Der Stichtag für überfällige Maßnahmen und solche ohne neuen Stand (sonst heute)."))
@home_option
def status(plan_path: Path, write: bool, day: date | None) -> None:
    original = read_plan(plan_path)
    doc = parse_plan(original, str(plan_path))
    entries = plan_entries(doc)
    report = progress_report(doc, day or date.today())
    click.echo(render_status(entries))
    click.echo("")
    click.echo(render_progress(report))
    if not write:
        return
    if not entries and doc.overview() is None:
        click.echo(_("Keine Übersicht geschrieben: der Plan enthält noch keine Maßnahmen."))
        return
    text, outcome = write_overview(doc)
    click.echo("")
    click.echo(f"{_('Übersicht im Plan')}: {OVERVIEW_LABELS.get(outcome, outcome)}")
    if report.measures or doc.block("progress") is not None:
        text, progress_outcome = write_progress(parse_plan(text.encode("utf-8"), str(plan_path)), report)
        click.echo(f"{_('Umsetzungsstand im Plan')}: {OVERVIEW_LABELS.get(progress_outcome, progress_outcome)}")
    if text != doc.text:
        atomic_write(plan_path, text.encode("utf-8"), expected=original)
        click.echo(_("Plan gespeichert."))


@plan.command("set", help=_("Den Stand einer Maßnahme in den Plan schreiben: ihre Statuszeile (Status, Fortschritt, "
                            "Datum, Notiz, die früheren Stände). MEASURE ist ihre Kennung, der Anfang der Kennung "
                            "oder der Anfang ihres Titels. Nur diese Zeile ändert sich."))
@click.argument("measure")
@PLAN_OPTION
@option("--status", "status_", callback=_status, metavar="STATUS", help=_("Der neue Status: {statuses} (Groß- und Kleinschreibung egal).").format(
            statuses=", ".join(f"„{status}“" for status in MeasureStatus)))
@option("--progress", type=click.IntRange(0, 100), metavar="0-100", help=_("Fortschritt in Prozent."))
@option("--note", metavar=_("TEXT"), help=_("Eine Notiz zum Stand (ersetzt die bisherige; \"\" löscht sie)."))
@date_option("--date", _("Der Tag der Meldung (sonst heute)."))
@option("--dry-run", is_flag=True, help=_("Die Änderung als Diff zeigen und nichts schreiben."))
@home_option
def set_(measure: str, plan_path: Path, status_: MeasureStatus | None, progress: int | None, note: str | None,
         day: date | None, dry_run: bool) -> None:
    original = read_plan(plan_path)
    doc = parse_plan(original, str(plan_path))
    result = set_status(doc, measure, day or date.today(), status=status_, progress=progress, note=note)
    click.echo(_("Plan: {path}").format(path=plan_path))
    click.echo(f"{_('Maßnahme')}: {result.entry.title} [{result.entry.id}] · {result.entry.field_of_action}")
    click.echo(f"  {_('bisher')}: {result.before or _('(keine Statuszeile)')}")
    click.echo(f"  {_('neu')}:    {result.after}")
    if not result.changed:
        click.echo(_("Nichts zu ändern; der Plan bleibt, wie er ist."))
    elif dry_run:
        click.echo(unified_diff(doc.text, result.text, plan_path.name))
        click.echo(_("Probelauf: nichts geschrieben."))
    else:
        atomic_write(plan_path, result.text.encode("utf-8"), expected=original)
        click.echo(_("Plan gespeichert."))


@plan.command("history", help=_("Den Verlauf jeder Maßnahme aus dem Plan erzählen: entstanden (Sitzung, Datum, "
                                "Punkte), aktualisiert, Statuswechsel mit Datum, Prioritäten aus Rückblicken. Mit "
                                "MEASURE nur diese Maßnahme."))
@click.argument("measure", required=False)
@PLAN_OPTION
@option("--json", "as_json", is_flag=True, help=_("Als JSON für andere Programme ausgeben."))
@home_option
def history(measure: str | None, plan_path: Path, as_json: bool) -> None:
    doc = parse_plan(read_plan(plan_path), str(plan_path))
    histories = measure_histories(doc, [find_measure(doc, measure)] if measure is not None else None)
    if as_json:
        click.echo(json.dumps(history_json(histories), ensure_ascii=False, indent=2))
    else:
        click.echo(render_history(histories))


@plan.command("render", help=_("Den Plan als Word-Datei für den Rat schreiben, mit einem Diagramm der Kosten je "
                               "Handlungsfeld und Jahr, Kopfzeile mit Stand und Seitenzahlen."))
@PLAN_OPTION
@option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI.docx"),
        help=_("Wohin schreiben (sonst neben den Plan, mit der Endung .docx)."))
@REFERENCE_OPTION
@option("--toc", is_flag=True, help=_("Ein Inhaltsverzeichnis nach dem Titel einfügen (Word füllt die Seitenzahlen "
                                      "beim Öffnen ein, LibreOffice mit „Extras › Aktualisieren“)."))
@date_option("--as-of", _("Der Stichtag des Umsetzungsstands (sonst der letzte Tag, den der Plan nennt: so "
                               "gibt derselbe Plan dasselbe Papier)."))
@home_option
def render(plan_path: Path, out: Path | None, reference: Path | None, toc: bool, day: date | None) -> None:
    if out is not None:
        require_ending(out, "docx", "--out")
        require_folder(out)
    original = read_plan(plan_path)
    doc = parse_plan(original, str(plan_path))
    out = out or plan_path.with_suffix(".docx")
    data = render_council_paper(doc, title=plan_title(doc, plan_path.stem), base=plan_path.resolve().parent,
                                reference=reference, toc=toc, as_of=day)
    atomic_write(out, data)
    click.echo(str(out))


def register(cli: click.Group) -> None:
    """Add `export` and the `plan` group to the `werkstatt` group."""
    cli.add_command(export)
    cli.add_command(plan)
