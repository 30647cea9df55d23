"""`werkstatt network`: the actors' network of one session, or of every session of the home folder (`--all`), as a
table (CSV or XLSX), one row per person and measure; and `--withdraw`, a withdrawal that reached the town.

With `--all` each person is listed once (same e-mail, case ignored; or the same phone number) with every
measure and session; `--all --withdraw` erases the person from every session and names the files under
`exports/` that still hold them (those the coordinator must delete or correct by hand).
"""

from __future__ import annotations

import html
import zipfile
from datetime import date
from pathlib import Path

import click

from workshop.commands.base import Context, command, home_option, option, pass_context
from workshop.commands.outfiles import require_folder
from workshop.core.consent import contact_key
from workshop.core.errors import InvalidInput
from workshop.core.services import SessionService
from workshop.export.files import atomic_write
from workshop.export.network import NetworkRow, merged, network_csv, network_xlsx, session_rows
from workshop.export.spreadsheet import csv_bytes
from workshop.i18n import _, n_

TEXT_SUFFIXES = {".csv", ".md", ".json", ".txt", ".html", ".htm"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".odt", ".ods"}


@command("network", help=_("Das Netzwerk der Akteure als Tabelle schreiben: je Person und Maßnahme eine Zeile (Name, "
                           "Organisation, E-Mail, Telefon, Rolle, Maßnahme, Handlungsfeld, Sitzung, Einwilligung, "
                           "Zeitpunkt); oder mit --withdraw einen Widerruf umsetzen."))
@click.argument("session", required=False)
@option("--all", "every", is_flag=True,
        help=_("Alle Sitzungen des Ordners: jede Person einmal, mit allen ihren Maßnahmen und Sitzungen."))
@option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Wohin schreiben, .csv oder .xlsx (sonst exports/<Datum>-<Sitzung>-netzwerk.csv; - für die Ausgabe)."))
@option("--withdraw", "withdraw", metavar=_("E-MAIL"),
        help=_("Den Widerruf dieser Person umsetzen: ihr Eintrag und ihre Anmeldungen werden gelöscht (E-Mail, "
               "Groß- und Kleinschreibung egal, oder Telefonnummer)."))
@home_option
@pass_context
def network(obj: Context, session: str | None, every: bool, out: Path | None, withdraw: str | None) -> None:
    if (session is None) == (not every):
        raise click.UsageError(_("Entweder eine SESSION oder --all angeben."))
    if withdraw is not None and out is not None:
        raise click.UsageError(_("--withdraw und --out nicht zusammen."))
    names = [str(info.path) for info in sorted(obj.home.sessions(), key=lambda info: (info.date, info.slug))] \
        if every else [session]
    if withdraw is not None:
        _withdraw(obj, names, withdraw, every)
        return
    rows: list[NetworkRow] = []
    stem = f"{date.today().isoformat()}-netzwerk-alle"
    for name in names:
        service = obj.home.open(name)
        try:
            current = service.read.session()
            rows += session_rows(current, service.consent.network(), service.signups.all())
            if not every:
                stem = current.slug if current.slug.startswith(f"{current.date}-") else f"{current.date}-{current.slug}"
                stem = f"{stem}-netzwerk"
        finally:
            service.close()
    if every:
        rows = merged(rows)
    _write(obj, rows, out, stem)
    for name in names:  # only once the file is written: a purge then warns of nothing lost
        service = obj.home.open(name)
        try:
            if service.read_only is None:
                service.consent.mark_exported()
            else:  # the table is written; only the note that it was exported cannot be kept
                click.echo(_("Hinweis: {reason} Dass das Netzwerk exportiert wurde, ist in der Sitzung nicht vermerkt; "
                             "werkstatt purge nennt diese Einwilligungen noch als nicht exportiert.").format(
                    reason=service.read_only), err=True)
        finally:
            service.close()
    people = len({row.key for row in rows})
    click.echo(n_("{count} Person im Netzwerk der Akteure.", "{count} Personen im Netzwerk der Akteure.",
                  people).format(count=people), err=True)


def _write(obj: Context, rows: list[NetworkRow], out: Path | None, stem: str) -> None:
    if out is not None and str(out) == "-":
        click.echo(network_csv(rows), nl=False)
        return
    if out is not None:
        require_folder(out)
    out = out or obj.home.exports_dir / f"{stem}.csv"
    data = network_xlsx(rows, date.today()) if out.suffix.lower() == ".xlsx" else csv_bytes(network_csv(rows))
    atomic_write(out, data)
    click.echo(str(out))


def _withdraw(obj: Context, names: list[str], contact: str, every: bool) -> None:
    try:
        wanted = contact_key(contact)
    except InvalidInput as error:
        raise click.UsageError(str(error)) from None
    erased = 0
    for name in names:
        service: SessionService = obj.home.open(name)
        try:
            found = service.consent.withdraw_by_email(contact)
            if found and every:
                click.echo(_("{slug}: gelöscht.").format(slug=service.read.session().slug))
            erased += found
        finally:
            service.close()
    if erased:
        click.echo(n_("{count} Eintrag mit {email} gelöscht.", "{count} Einträge mit {email} gelöscht.",
                      erased).format(count=erased, email=contact))
    else:
        click.echo(_("Zu {email} ist nichts (mehr) gespeichert.").format(email=contact))
    if every:
        for path in files_holding(obj.home.exports_dir, wanted):
            click.echo(_("Noch in {path}: bitte dort löschen oder die Datei neu exportieren.").format(path=path))


def files_holding(folder: Path, wanted: str) -> list[Path]:
    """The exported files under `folder` that contain the e-mail address (case ignored) or phone number."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        try:
            if suffix in TEXT_SUFFIXES:
                texts = [path.read_bytes()]
            elif suffix in ZIP_SUFFIXES:
                with zipfile.ZipFile(path) as archive:
                    texts = [archive.read(member) for member in archive.namelist() if member.endswith(".xml")]
            else:
                continue
        except (OSError, zipfile.BadZipFile):
            continue
        # XML files escape characters (`&#64;`): compare the text they hold.
        if any(wanted in html.unescape(text.decode("utf-8", "replace")).casefold() for text in texts):
            found.append(path)
    return found
