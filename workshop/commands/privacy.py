"""`werkstatt purge`: a session's personal data, kept as long as promised and no longer (`werkstatt network`, the
actors' network as the people in it consented, is registered with it from `network.py`)."""

from __future__ import annotations

from datetime import date

import click

from workshop.commands.base import Context, command, home_option, interactive, option, pass_context
from workshop.commands.errors import Failure
from workshop.core.formatting import german_date
from workshop.core.privacy import expires_on, is_expired
from workshop.core.services import SessionService
from workshop.commands.network import network
from workshop.export.protocol import local_day
from workshop.i18n import _, n_, np_

YES = ("j", "ja", "y", "yes")


@command("purge", help=_("Die personenbezogenen Daten einer Sitzung löschen. Übrig bleiben Ideen, Themen, "
                         "Ergebnisse, Beteiligung und Maßnahmen; gelöscht werden Telefone (Beitrittszeit), "
                         "ihre Punkte und deren Verlauf und das Netzwerk der Akteure."))
@click.argument("session", required=False)
@option("--expired", is_flag=True, help=_("Alle Sitzungen des Ordners, deren Aufbewahrungsfrist abgelaufen ist."))
@option("--yes", is_flag=True, help=_("Ohne Rückfrage löschen (nötig ohne Terminal)."))
@home_option
@pass_context
def purge(obj: Context, session: str | None, expired: bool, yes: bool) -> None:
    if (session is None) == (not expired):
        raise click.UsageError(_("Entweder eine SESSION oder --expired angeben."))
    if expired:
        today = date.today()
        names = []
        for info in obj.home.sessions():
            service = SessionService.open(info.path)
            try:
                if is_expired(service.read.session(), today):
                    names.append(str(info.path))
            finally:
                service.close()
        if not names:
            click.echo(_("Keine Sitzung in {home} hat ihre Aufbewahrungsfrist überschritten.").format(
                home=obj.home.sessions_dir))
            return
    else:
        names = [session]
    for name in names:
        _purge_one(obj, name, yes)


def _purge_one(obj: Context, name: str, yes: bool) -> None:
    service = obj.home.open(name, exact=True)  # never a session guessed from the beginning of its id
    try:
        current = service.read.session()
        if current.purged_at:
            click.echo(_("{slug}: die personenbezogenen Daten sind schon am {date} gelöscht worden.").format(
                slug=current.slug, date=german_date(local_day(current.purged_at))))
            return
        if service.read_only is not None:  # before the question: nothing can be deleted from this file now
            raise Failure(_("Nichts gelöscht: Die Sitzungsdatei {path} lässt sich nicht schreiben. {reason}").format(
                path=service.store.path, reason=service.read_only))
        click.echo(_("{slug} ({title}, {date}), aufzubewahren bis {until}:").format(
            slug=current.slug, title=current.title, date=german_date(current.date),
            until=german_date(expires_on(current).isoformat())))
        devices, consents = service.purge.counts()
        click.echo("  " + _("Gelöscht werden die Daten von {phones} (Beitrittszeit, Punkte je Telefon und ihr "
                            "Verlauf) und {people} im Netzwerk der Akteure.").format(
            # Translators: in the dative („die Daten von 3 Telefonen“), unlike „{count} Telefone“.
            phones=np_("dative", "{count} Telefon", "{count} Telefonen", devices).format(count=devices),
            people=n_("{count} Eintrag", "{count} Einträge", consents).format(count=consents)))
        unexported = service.consent.unexported()
        if unexported:
            click.echo("  " + n_("{count} Einwilligung für das Netzwerk der Akteure wurde nie exportiert und geht "
                                 "verloren (sichern: werkstatt network {slug} --out DATEI).",
                                 "{count} Einwilligungen für das Netzwerk der Akteure wurden nie exportiert und gehen "
                                 "verloren (sichern: werkstatt network {slug} --out DATEI).",
                                 unexported).format(count=unexported, slug=current.slug))
        if not yes:
            if not interactive():
                raise Failure(_("Nichts gelöscht: ohne Terminal gibt es keine Rückfrage; mit --yes bestätigen."))
            if unexported:
                raise Failure(_("Nichts gelöscht: nicht exportierte Einwilligungen gehen nur mit --yes verloren."))
            answer = click.prompt(_("Wirklich löschen? [j/N]"), default="", show_default=False)
            if answer.strip().lower() not in YES:
                raise Failure(_("Nichts gelöscht."))
        report = service.purge.run()
        click.echo(_("Gelöscht am {date}: {devices}, {consents}.").format(
            date=german_date(local_day(report.purged_at)),
            devices=n_("{count} Telefon", "{count} Telefone", report.devices).format(count=report.devices),
            consents=n_("{count} Eintrag im Netzwerk", "{count} Einträge im Netzwerk", report.consents).format(
                count=report.consents)))
        if not report.checkpointed:
            click.echo(_("Achtung: die Sitzung ist noch in einem anderen Programm geöffnet; gelöschte Daten stehen "
                         "bis zu dessen Ende noch in der Datei {path}-wal.").format(path=service.store.path), err=True)
    finally:
        service.close()


def register(cli: click.Group) -> None:
    """Add `purge` and `network` to the `werkstatt` group."""
    cli.add_command(purge)
    cli.add_command(network)  # `commands/network.py`
