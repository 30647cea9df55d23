"""`werkstatt export` and `werkstatt plan merge|status`: the coordinator's commands, a thin layer over
`workshop.export`."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.commands.base import Context, command, group, home_option, option, pass_context
from workshop.export.charts import protocol_charts
from workshop.export.council import plan_title, render_council_paper
from workshop.export.docx import render_docx
from workshop.export.files import atomic_write, read_plan, unified_diff
from workshop.export.merge import merge_measures
from workshop.export.outcome import Outcome
from workshop.export.plan import parse_plan
from workshop.export.protocol import plan_measures, render_csv, render_json, render_markdown
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.i18n import _, n_

RENDERERS = {"md": render_markdown, "csv": render_csv, "json": render_json}
OVERVIEW_LABELS = {Outcome.ADDED: _("neu"), Outcome.UPDATED: _("aktualisiert"),
                   Outcome.UNCHANGED: _("unverändert"),
                   Outcome.CONFLICT: _("Konflikt: von Hand geändert, nicht überschrieben")}


FORMATS = ("md", "csv", "json", "docx")
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
@option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
        help=_("md: das Protokoll als Markdown; docx: als Word-Datei; csv: dieselben Daten für Tabellen; json: für "
               "andere Programme und für `werkstatt plan merge`."))
@REFERENCE_OPTION
@home_option
@pass_context
def export(obj: Context, session: str, out: Path | None, fmt: str, reference: Path | None) -> None:
    if reference is not None and fmt != "docx":
        raise click.UsageError(_("--reference-doc gilt nur für --format docx."))
    protocol = load_protocol(obj.home, session)
    date, slug = protocol["session"]["date"], protocol["session"]["slug"]
    stem = slug if slug.startswith(f"{date}-") else f"{date}-{slug}"
    to_stdout = out is not None and str(out) == "-"
    if out is None:
        out = obj.home.exports_dir / f"{stem}.{fmt}"
    pictures = protocol_charts(protocol) if fmt in ("md", "docx") else {}
    # Beside the protocol, named after it; beside the default export when the protocol goes to stdout.
    folder, picture_stem = (obj.home.exports_dir, stem) if to_stdout else (out.parent, out.stem)
    picture_paths = {number: folder / f"{picture_stem}-runde-{number}.png" for number in pictures}
    links = {number: _link(path, relative_to=None if to_stdout else folder) for number, path in picture_paths.items()}
    if fmt == "md":
        data = render_markdown(protocol, links).encode("utf-8")
    elif fmt == "docx":
        data = render_docx(render_markdown(protocol, links), title=protocol["session"]["title"], reference=reference,
                           images={links[number]: picture for number, picture in pictures.items()})
    else:
        text = RENDERERS[fmt](protocol)
        data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")  # a BOM tells Excel the CSV is UTF-8
    if to_stdout:
        for number, picture in pictures.items():
            atomic_write(picture_paths[number], picture)
        click.echo(data, nl=False)
        for path in picture_paths.values():
            click.echo(str(path), err=True)
        return
    atomic_write(out, data)  # first: a protocol that cannot be written leaves no pictures behind
    for number, picture in pictures.items():
        atomic_write(picture_paths[number], picture)
    click.echo(str(out))
    for path in picture_paths.values():
        click.echo(str(path))


def _link(path: Path, *, relative_to: Path | None) -> str:
    """How the Markdown names a picture: its file name beside the protocol, else a path from here."""
    if relative_to is not None:
        return path.name
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


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
    for outcome in result.outcomes:
        note = ""
        if outcome.status == Outcome.CONFLICT:
            note = " — " + (_("von Hand geändert, nicht überschrieben; die Werkstatt hat eine neuere Fassung "
                              "(Block löschen und mit --restore neu einfügen, um sie zu übernehmen)")
                            if outcome.newer else _("von Hand geändert, bleibt so"))
        elif outcome.status == Outcome.REMOVED:
            note = " — " + _("nicht wieder eingefügt (mit --restore zurückholen)")
        click.echo(f"  {outcome.status.label:<18} {outcome.field_of_action} › {outcome.title}"
                   f" [{outcome.measure_id}]{note}")
    for heading in result.new_headings:
        click.echo(f"  {_('neue Überschrift'):<18} {heading}")
    for hint in result.hints:
        where = _("von Hand eingetragen") if hint.by_hand else _("aus einer Werkstatt")
        click.echo("  " + _("Hinweis: „{title}“ ähnelt „{other}“ ({where}) in {field}; bitte prüfen, ob beide "
                            "gemeint sind.").format(title=hint.title, other=hint.similar_to, where=where,
                                                    field=hint.field_of_action))
    if result.overview is not None:
        click.echo(f"  {_('Übersicht')}: {OVERVIEW_LABELS.get(result.overview, result.overview)}")
    if result.logged:
        click.echo(f"  {_('Änderungsverzeichnis')}: {_('eine Zeile angefügt')}")
    counts = result.counts()
    conflicts = counts[Outcome.CONFLICT]
    click.echo(_("{added} neu · {updated} aktualisiert · {unchanged} unverändert · {conflicts} · "
                 "{removed} von Hand entfernt · {restored} wiederhergestellt").format(
        added=counts[Outcome.ADDED], updated=counts[Outcome.UPDATED], unchanged=counts[Outcome.UNCHANGED],
        conflicts=n_("{count} Konflikt", "{count} Konflikte", conflicts).format(count=conflicts),
        removed=counts[Outcome.REMOVED], restored=counts[Outcome.RESTORED]))
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


@plan.command("render", help=_("Den Plan als Word-Datei für den Rat schreiben, mit einem Diagramm der Kosten je "
                               "Handlungsfeld und Jahr."))
@PLAN_OPTION
@option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI.docx"),
        help=_("Wohin schreiben (sonst neben den Plan, mit der Endung .docx)."))
@REFERENCE_OPTION
@home_option
def render(plan_path: Path, out: Path | None, reference: Path | None) -> None:
    original = read_plan(plan_path)
    doc = parse_plan(original, str(plan_path))
    out = out or plan_path.with_suffix(".docx")
    data = render_council_paper(doc, title=plan_title(doc, plan_path.stem), base=plan_path.resolve().parent,
                                reference=reference)
    atomic_write(out, data)
    click.echo(str(out))


def register(cli: click.Group) -> None:
    """Add `export` and the `plan` group to the `werkstatt` group."""
    cli.add_command(export)
    cli.add_command(plan)
