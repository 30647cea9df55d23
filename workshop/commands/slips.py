"""`werkstatt slips`: print new voting slips for a session, or release a redeemed one."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.commands.base import Context, command, home_option, option, pass_context, printed_url_options
from workshop.commands.errors import file_failure
from workshop.commands.outfiles import no_half_files, require_folder
from workshop.i18n import LANGUAGES, _
from workshop.net import detect_address


@command(help=_("Stimmzettel drucken. Schreibt ANZAHL neue Stimmzettel der Sitzung SESSION (nummeriert nach "
                "den vorigen) als PDF zum Ausschneiden, PNG oder SVG, je nach Endung der Datei; oder gibt mit "
                "--release einen eingelösten Stimmzettel wieder frei."))
@click.argument("session")
@option("--count", type=click.IntRange(1, 2000), metavar=_("ANZAHL"), help=_("Wie viele neue Stimmzettel."))
@option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Die Datei: .pdf (Seiten zum Ausschneiden), .png (ein Blatt) oder .svg."))
@printed_url_options(_("Sprachen der Anleitung auf dem Zettel, z. B. de,ar,uk (sonst die Sprache der Sitzung)."))
@option("--release", metavar=_("CODE"),
        help=_("Den Stimmzettel mit diesem Code wieder freigeben (sein Telefon ging verloren)."))
@home_option
@pass_context
def slips(obj: Context, session: str, count: int | None, out: Path | None, public_url: str | None, port: int,
          languages: str | None, release: str | None) -> None:
    from workshop.slipprint import FORMATS, SlipSheet, languages_of, save_slips  # Pillow only when printing

    if release is not None:
        if count is not None or out is not None:
            raise click.UsageError(_("--release geht nicht zusammen mit --count und --out."))
        service = obj.home.open(session)
        try:
            slip = service.slips.release(release)
        finally:
            service.close()
        click.echo(_("Stimmzettel Nr. {number} ist wieder frei.").format(number=slip.number))
        return
    if count is None or out is None:
        raise click.UsageError(_("Bitte --count ANZAHL und --out DATEI angeben (oder --release CODE)."))
    if out.suffix.lower() not in FORMATS:
        raise click.UsageError(_("Die Datei braucht die Endung .pdf, .png oder .svg."))
    require_folder(out)
    service = obj.home.open(session)
    try:
        with no_half_files(out):
            current = service.read.session()
            try:
                chosen = languages_of(languages, list(LANGUAGES), current.language)
            except ValueError as error:
                raise click.UsageError(_("Unbekannte Sprache: {language}.").format(language=str(error))) from None
            base = public_url.rstrip("/") if public_url else f"http://{detect_address()}:{port}"
            try:  # before any slip exists: a file that cannot be written costs no numbers
                out.open("ab").close()
            except OSError as error:
                raise file_failure(error, path=out, writing=True) from error
            made = service.slips.create(count)
            sheet = SlipSheet(title=current.title, slips=tuple(made), base_url=base, languages=chosen)
            try:
                save_slips(sheet, out)
            except OSError as error:  # a full disk, now: these slips exist unprinted, the next run numbers on
                raise file_failure(error, path=out, writing=True) from error
            total = service.slips.count()
    finally:
        service.close()
    click.echo(_("Stimmzettel Nr. {first} bis {last} in {path}").format(first=made[0].number, last=made[-1].number,
                                                                         path=out))
    click.echo(_("{total} Stimmzettel, davon {redeemed} eingelöst.").format(total=total.total,
                                                                           redeemed=total.redeemed))
    if not current.slips:
        click.echo(_("Hinweis: Diese Sitzung verlangt noch keine Stimmzettel. Einschalten in der App "
                     "(Strg+P, „Stimmzettel“) oder bei werkstatt new mit --slips."), err=True)


def register(cli: click.Group) -> None:
    """Add `slips` to the `werkstatt` group."""
    cli.add_command(slips)
