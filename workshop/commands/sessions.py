"""`werkstatt new`, `list`, `show` and `demo`: the sessions of a home folder."""

from __future__ import annotations

import json
from pathlib import Path

import click

from workshop.commands.base import Context, command, home_option, interactive, option, pass_context, server_options
from workshop.commands.terminal import run_app
from workshop.core.demo import DEMO_SLUG, create_demo
from workshop.core.privacy import KEEP_MONTHS_DEFAULT, KEEP_MONTHS_MAX
from workshop.core.rules import RETENTION_DAYS_DEFAULT, RETENTION_DAYS_MAX
from workshop.export.demo_review import REVIEW_SLUG, create_review_demo
from workshop.export.review_start import create_review, review_plan_items
from workshop.i18n import _
from workshop.summary import render_summary


@command(help=_("Eine neue Sitzung anlegen. Gibt ihre Kennung und ihre Datei aus."))
@click.argument("title", metavar=_("TITEL"))
@option("--date", metavar=_("DATUM"), help=_("Datum der Sitzung, JJJJ-MM-TT (sonst heute)."))
@option("--venue", default="", metavar=_("ORT"), help=_("Wo die Sitzung stattfindet."))
@option("--language", default="de", show_default=True, metavar=_("SPRACHE"), help=_("Sprache der Sitzung."))
@option("--dots", default=5, show_default=True, metavar=_("ANZAHL"), help=_("Punkte je Person."))
@option("--cap", default=3, show_default=True, metavar=_("ANZAHL"),
        help=_("Höchstens so viele Punkte darf eine Person auf einen Eintrag setzen."))
@option("--id", "slug", metavar=_("KENNUNG"),
        help=_("Kennung der Sitzung (sonst Datum und Titel, z. B. 2016-11-24-integrationsplan)."))
@option("--slips", is_flag=True,
        help=_("Abstimmen nur mit Stimmzettel: jedes Telefon braucht einen gedruckten Code (werkstatt slips)."))
@option("--retention-days", default=RETENTION_DAYS_DEFAULT, show_default=True,
        type=click.IntRange(0, RETENTION_DAYS_MAX), metavar=_("TAGE"),
        help=_("So viele Tage nach dem Datum der Sitzung werden die Daten zu den Telefonen gelöscht "
               "(werkstatt purge --expired); die Telefone nennen die Frist."))
@option("--contact", default="", metavar=_("E-MAIL"),
        help=_("Adresse für den Widerruf nach der Veranstaltung; die Telefone nennen sie."))
@option("--network-keep-months", default=KEEP_MONTHS_DEFAULT, show_default=True,
        type=click.IntRange(1, KEEP_MONTHS_MAX), metavar=_("MONATE"),
        help=_("So viele Monate bewahrt die Stadt exportierte Listen der Mitwirkenden höchstens auf "
               "(werkstatt network); die Einwilligung auf den Telefonen nennt die Frist."))
@option("--review", "review_plan", type=click.Path(dir_okay=False, path_type=Path), metavar=_("PLAN.md"),
        help=_("Ein Rückblick auf diesen Plan: seine Maßnahmen (Titel, Handlungsfeld, Status, Zieljahr) kommen "
               "vor den drei Phasen dran, zum Gewichten und Kommentieren."))
@home_option
@pass_context
def new(obj: Context, title: str, date: str | None, venue: str, language: str, dots: int, cap: int,
        slug: str | None, slips: bool, retention_days: int, contact: str, network_keep_months: int,
        review_plan: Path | None) -> None:
    settings = {"date": date, "venue": venue, "language": language, "dots_per_participant": dots,
                "cap_per_item": cap, "slug": slug, "slips": slips, "retention_days": retention_days,
                "contact": contact, "network_keep_months": network_keep_months}
    if review_plan is not None:  # the plan first: a refused one leaves no session behind
        service = create_review(obj.home, review_plan, review_plan_items(review_plan), title, **settings)
    else:
        service = obj.home.create(title, **settings)
    session = service.read.session()
    click.echo(session.slug)
    click.echo(service.store.path)
    service.close()


@command("list", help=_("Die Sitzungen des Ordners: Kennung, Titel, Datum, Phase, Zahlen."))
@home_option
@pass_context
def list_sessions(obj: Context) -> None:
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir))
    sessions = obj.home.sessions()
    if not sessions:
        click.echo("  " + _("(noch keine)"))
        return
    for info in sessions:
        where = f"{info.phase.label} › {info.step.label}"
        counts = _("Ideen: {ideas} · Themen: {themes} · Maßnahmen: {measures} · Telefone: {participants}").format(
            ideas=info.ideas, themes=info.themes, measures=info.measures, participants=info.participants)
        click.echo(f"  {info.slug:<36} {info.date}  {info.title}")
        click.echo(f"  {'':<36} {where} · {counts}")


@command(help=_("Eine Sitzung zusammenfassen. Phasen, Themen mit Ideen und Punkten, Maßnahmen (oder JSON)."))
@click.argument("session")
@option("--json", "as_json", is_flag=True, help=_("Die Sitzung als JSON ausgeben, für Skripte."))
@home_option
@pass_context
def show(obj: Context, session: str, as_json: bool) -> None:
    service = obj.home.open(session)
    try:
        snapshot, support = service.read.snapshot(), service.read.public_support()
    finally:
        service.close()
    if as_json:
        click.echo(json.dumps(snapshot, ensure_ascii=False, indent=2))
    else:
        click.echo(render_summary(snapshot, support))  # no count of a vote not yet revealed


@command(help=_("Die Demo-Sitzung anlegen und öffnen. Sie heißt `demo`: die Zukunftswerkstatt eines "
                       "Integrationsplans; ohne Terminal oder mit --no-tui nur ihre Zusammenfassung."))
@option("--no-tui", is_flag=True, help=_("Die Zusammenfassung der Demo ausgeben, statt die App zu öffnen."))
@option("--reset", is_flag=True, help=_("Die Demo neu aufbauen; Änderungen an ihr gehen verloren."))
@server_options
@home_option
@pass_context
def demo(obj: Context, no_tui: bool, reset: bool, public_url: str | None, host: str, port: int,
         no_serve: bool) -> None:
    service = create_demo(obj.home, reset=reset)
    if reset or not obj.home.path_of(REVIEW_SLUG).exists():  # `demo-rueckblick`: the plan a year on
        create_review_demo(obj.home, reset=reset).close()  # (built once, not opened at every start)
    click.echo(_("Demo-Sitzung in {home}").format(home=obj.home.sessions_dir), err=True)  # once it is there
    try:
        snapshot, support = service.read.snapshot(), service.read.public_support()
    finally:
        service.close()
    if no_tui or not interactive():
        click.echo(render_summary(snapshot, support))
        return
    run_app(obj.home, session=DEMO_SLUG, public_url=public_url, serve=not no_serve, host=host, port=port)


def register(cli: click.Group) -> None:
    """Add `new`, `list`, `show` and `demo` to the `werkstatt` group."""
    for each in (new, list_sessions, show, demo):
        cli.add_command(each)
