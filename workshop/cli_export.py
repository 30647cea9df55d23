"""`werkstatt export` and `werkstatt plan merge|status`: the coordinator's commands, a thin layer over
`workshop.export`."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli import Context, cli, pass_context
from workshop.export.files import atomic_write, read_plan, unified_diff
from workshop.export.merge import merge_measures
from workshop.export.outcome import Outcome
from workshop.export.plan import parse_plan
from workshop.export.protocol import plan_measures, render_csv, render_json, render_markdown
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.i18n import _

RENDERERS = {"md": render_markdown, "csv": render_csv, "json": render_json}
OVERVIEW_LABELS = {Outcome.ADDED: _("neu"), Outcome.UPDATED: _("aktualisiert"),
                   Outcome.UNCHANGED: _("unverändert"),
                   Outcome.CONFLICT: _("Konflikt: von Hand geändert, nicht überschrieben")}


@cli.command("export")
@click.argument("session")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write (default: exports/<date>-<session>.<format> in the home folder; - for stdout).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="md", show_default=True,
              help="md: the protocol as Markdown; csv: the same data for spreadsheets; json: for other tools "
                   "and for `werkstatt plan merge`.")
@pass_context
def export(obj: Context, session: str, out: Path | None, fmt: str) -> None:
    """Write a session's protocol: themes ranked by dots with their ideas, vote rules, draft measures."""
    protocol = load_protocol(obj.home, session)
    text = RENDERERS[fmt](protocol)
    if out is not None and str(out) == "-":
        click.echo(text, nl=False)
        return
    if out is None:
        date, slug = protocol["session"]["date"], protocol["session"]["slug"]
        name = slug if slug.startswith(f"{date}-") else f"{date}-{slug}"
        out = obj.home.exports_dir / f"{name}.{fmt}"
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")  # a BOM tells Excel the CSV is UTF-8
    atomic_write(out, data)
    click.echo(str(out))


@cli.group("plan")
def plan() -> None:
    """The coordinator's integration plan: merge sessions' measures into it, show its overview."""


@plan.command("merge")
@click.argument("session")
@click.option("--plan", "plan_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The plan's Markdown file.")
@click.option("--dry-run", is_flag=True, help="Print the changes as a diff and write nothing.")
@click.option("--restore", is_flag=True, help="Put back measures whose block was deleted from the plan by hand.")
@pass_context
def merge(obj: Context, session: str, plan_path: Path, dry_run: bool, restore: bool) -> None:
    """Merge a session's draft measures (slug, .db file, or the JSON from `export --format json`) into the plan."""
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
    if result.overview is not None:
        click.echo(f"  {_('Übersicht')}: {OVERVIEW_LABELS.get(result.overview, result.overview)}")
    counts = result.counts()
    click.echo(_("{added} neu · {updated} aktualisiert · {unchanged} unverändert · {conflict} Konflikt(e) · "
                 "{removed} von Hand entfernt · {restored} wiederhergestellt").format(
        added=counts[Outcome.ADDED], updated=counts[Outcome.UPDATED], unchanged=counts[Outcome.UNCHANGED],
        conflict=counts[Outcome.CONFLICT], removed=counts[Outcome.REMOVED], restored=counts[Outcome.RESTORED]))
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


@plan.command("status")
@click.option("--plan", "plan_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The plan's Markdown file.")
@click.option("--write", is_flag=True, help="Also put the overview table into its own managed block in the plan.")
def status(plan_path: Path, write: bool) -> None:
    """Show the plan's measures by field, costs per field and per year, and counts per timeframe."""
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
