"""`werkstatt export` and `werkstatt plan merge|status`: the coordinator's commands, a thin layer over
`workshop.export`."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.commands.base import Context, command, group, home_option, option, pass_context
from workshop.export.files import atomic_write, read_plan, unified_diff
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.protocol import plan_measures
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.export.writing import OVERVIEW_LABELS, RENDERERS, merge_report, protocol_path, write_protocol
from workshop.i18n import _


@command("export", help=_("Das Protokoll einer Sitzung schreiben. Themen nach Punkten mit ihren Ideen, "
                          "Abstimmungsregeln, Maßnahmenentwürfe."))
@click.argument("session")
@option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Wohin schreiben (sonst exports/<Datum>-<Sitzung>.<Format> im Ordner; - für die Ausgabe)."))
@option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="md", show_default=True,
        help=_("md: das Protokoll als Markdown; csv: dieselben Daten für Tabellen; json: für andere Programme "
               "und für `werkstatt plan merge`."))
@home_option
@pass_context
def export(obj: Context, session: str, out: Path | None, fmt: str) -> None:
    protocol = load_protocol(obj.home, session)
    if out is not None and str(out) == "-":
        click.echo(RENDERERS[fmt](protocol), nl=False)
        return
    click.echo(str(write_protocol(protocol, fmt, out or protocol_path(obj.home.exports_dir, protocol, fmt))))


@group("plan", help=_("Der Integrationsplan. Maßnahmen von Sitzungen einfügen, die Übersicht zeigen."))
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
    measures = plan_measures(load_protocol(obj.home, session))
    original = read_plan(plan_path)
    result = merge_measures(parse_plan(original, str(plan_path)), measures, restore=restore)
    click.echo(_("Plan: {path}").format(path=plan_path))
    for line in merge_report(result):
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
                               "und Jahr, Anzahl je Zeitraum."))
@PLAN_OPTION
@option("--write", is_flag=True, help=_("Die Übersichtstabelle auch in ihren eigenen Block im Plan schreiben."))
@home_option
def status(plan_path: Path, write: bool) -> None:
    original = read_plan(plan_path)
    doc = parse_plan(original, str(plan_path))
    entries = plan_entries(doc)
    click.echo(render_status(entries))
    if not write:
        return
    if not entries and doc.overview() is None:
        click.echo(_("Keine Übersicht geschrieben: der Plan enthält noch keine Maßnahmen."))
        return
    text, outcome = write_overview(doc)
    click.echo("")
    click.echo(f"{_('Übersicht im Plan')}: {OVERVIEW_LABELS.get(outcome, outcome)}")
    if text != doc.text:
        atomic_write(plan_path, text.encode("utf-8"), expected=original)
        click.echo(_("Plan gespeichert."))


def register(cli: click.Group) -> None:
    """Add `export` and the `plan` group to the `werkstatt` group."""
    cli.add_command(export)
    cli.add_command(plan)
