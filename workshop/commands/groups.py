"""`werkstatt groups`: print one card per small group of a session (theme, code, QR code, guiding question)."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.commands.base import Context, command, home_option, option, pass_context, printed_url_options
from workshop.commands.errors import file_failure
from workshop.commands.outfiles import require_folder
from workshop.i18n import LANGUAGES, _
from workshop.net import detect_address


@command(help=_("Karten der Kleingruppen drucken. Schreibt für jede Kleingruppe der Sitzung SESSION eine A4-Karte "
                "(Thema, Code, QR-Code, Leitfrage) als PDF, PNG oder SVG, je nach Endung der Datei."))
@click.argument("session")
@option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar=_("DATEI"),
        help=_("Die Datei: .pdf (eine Seite je Gruppe), .png oder .svg (die Karten untereinander)."))
@printed_url_options(_("Sprachen der Anleitung auf der Karte, z. B. de,ar,uk (sonst die Sprache der Sitzung)."))
@home_option
@pass_context
def groups(obj: Context, session: str, out: Path, public_url: str | None, port: int, languages: str | None) -> None:
    from workshop.groupcards import FORMATS, Card, CardSheet, save_cards  # Pillow and reportlab only when printing
    from workshop.slipprint import languages_of

    if out.suffix.lower() not in FORMATS:
        raise click.UsageError(_("Die Datei braucht die Endung .pdf, .png oder .svg."))
    require_folder(out)
    service = obj.home.open(session)
    try:
        current = service.read.session()
        try:
            chosen = languages_of(languages, list(LANGUAGES), current.language)
        except ValueError as error:
            raise click.UsageError(_("Unbekannte Sprache: {language}.").format(language=str(error))) from None
        made = service.groups.list()
        themes = {theme.id: theme.name for theme in service.read.themes()}
        phase = made[-1].phase if made else current.phase
        question = current.question(phase)
    finally:
        service.close()
    if not made:
        raise click.ClickException(_("Die Sitzung {slug} hat noch keine Kleingruppen (in der App: G, dann n).")
                                   .format(slug=session))
    base = public_url.rstrip("/") if public_url else f"http://{detect_address()}:{port}"
    sheet = CardSheet(title=current.title, token=current.join_token, question=question,
                      cards=tuple(Card(group.name, group.code, themes.get(group.theme_id or "")) for group in made),
                      base_url=base, languages=chosen)
    try:
        save_cards(sheet, out)
    except OSError as error:
        raise file_failure(error, path=out, writing=True) from error
    click.echo(_("{count} Karten der Kleingruppen in {path}").format(count=len(made), path=out))


def register(cli: click.Group) -> None:
    """Add `groups` to the `werkstatt` group."""
    cli.add_command(groups)
