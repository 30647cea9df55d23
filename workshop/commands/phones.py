"""`werkstatt serve` (the phones' server without the terminal app) and `werkstatt qr` (printable handouts)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import click

from workshop.commands.base import (
    Context, command, home_option, listen_options, option, pass_context, public_url_option)
from workshop.commands.errors import Failure, file_failure, reason
from workshop.commands.outfiles import no_half_files, require_ending, require_folder
from workshop.core.home import Home
from workshop.core.models import Session
from workshop.core.room import room_of
from workshop.i18n import LANGUAGES, _
from workshop.net import DEFAULT_PORT, detect_address, local_addresses
from workshop.qr import Handout, LogoError, Wifi, save_handout
from workshop.reach import ALL_INTERFACES, beamer_url


def run_loop(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run `main` in uvloop where it exists (not on Windows), else in asyncio's own loop."""
    loop_factory = None
    if sys.platform != "win32":
        try:
            import uvloop
            loop_factory = uvloop.new_event_loop
        except ImportError:
            loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(main())


async def serve_until_stopped(home: Home, session: Session, *, host: str, port: int,
                              public_url: str | None, name: str | None = None,
                              header_seconds: float | None = None) -> None:
    from workshop.web.server import ParticipantServer  # Starlette and uvicorn load only for `serve`

    # Only this session's phones may write; every other session's join link reads "beendet".
    server = ParticipantServer(home, host=host, port=port, public_url=public_url, session=name or session.slug,
                               header_seconds=header_seconds)
    room_of(home).show(session.slug)  # the projector page shows the session served
    await server.start()
    click.echo(_("Telefone verbinden sich mit: {url}").format(url=server.join_url(session)))
    beamer = beamer_url(server.host, server.port)
    if beamer:
        click.echo(_("Beamer-Seite (nur auf diesem Laptop): {url}").format(url=beamer))
    if not public_url and host in ALL_INTERFACES:  # other addresses only where the server listens on them
        others = [address for address in local_addresses() if address != server.address]
        if others:
            click.echo(_("Andere Adressen dieses Laptops: {addresses}").format(addresses=", ".join(others)))
    click.echo(_("Beenden mit Strg+C."))
    stopped = asyncio.Event()
    # A service manager's TERM stops it as cleanly as Ctrl+C (the runtime file goes with it). Windows' loops
    # have no signal handlers (NotImplementedError): there Ctrl+C alone stops it, which is all it needs.
    with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    try:
        await stopped.wait()
    finally:
        await server.stop()


@command(help=_("Die Seiten einer Sitzung den Telefonen bereitstellen. Ohne die App der Moderation, bis Strg+C."))
@click.argument("session")
@listen_options
@option("--header-timeout", type=click.FloatRange(0.1, 300), hidden=True, metavar=_("SEKUNDEN"),
        help=_("So lange darf eine Anfrage für ihre Kopfzeilen brauchen (Standard 10; für Tests)."))
@home_option
@pass_context
def serve(obj: Context, session: str, host: str, port: int, public_url: str | None,
          header_timeout: float | None) -> None:
    service = obj.home.service(session)
    current = service.read.session()
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir), err=True)
    try:
        run_loop(lambda: serve_until_stopped(obj.home, current, host=host, port=port, public_url=public_url,
                                             name=session, header_seconds=header_timeout))
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise Failure(_("Port {port} ist nicht frei: {reason}").format(port=port, reason=reason(error))) from None
    finally:
        obj.home.close_all()


def join_url_for(session: Session, url: str | None, port: int) -> str:
    """`--url` as given when it is a whole join URL, as the base otherwise; else the detected address."""
    if url:
        url = url.rstrip("/")
        return url if "/j/" in url.lower() else f"{url}/j/{session.join_token}"
    return f"http://{detect_address()}:{port}/j/{session.join_token}"


def languages_option(value: str | None) -> tuple[str, ...]:
    """`--lang de,ar,uk`: the handout's languages after German, each one Werkstatt speaks."""
    if not value:
        return ()
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [language for language in chosen if language not in LANGUAGES]
    if unknown:
        raise click.BadParameter(_("Unbekannte Sprache „{language}“. Möglich sind: {languages}.").format(
            language=unknown[0], languages=", ".join(LANGUAGES)), param_hint="--lang")
    return chosen


@command("qr", help=_("Ein Blatt mit QR-Code zum Ausdrucken. Titel, QR-Code zum Mitmachen und Adresse der "
                      "Sitzung SESSION (und ein WLAN-Code mit Name und Passwort), die Anleitung auf Deutsch und in "
                      "den Sprachen von --lang."))
@click.argument("session")
@option("--svg", "svg_path", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Das Blatt als SVG schreiben."))
@option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path), metavar=_("DATEI"),
        help=_("Das Blatt als PNG schreiben."))
@option("--wifi", "ssid", metavar=_("NETZWERKNAME"),
        help=_("Name des WLANs (Hotspot): das Blatt bekommt zuerst einen WLAN-Code."))
@option("--wifi-password", metavar=_("PASSWORT"), help=_("Passwort des WLANs (WPA)."))
@option("--lang", "languages", metavar=_("SPRACHEN"),
        help=_("Die Anleitung nach dem Deutschen auch in diesen Sprachen, z. B. ar,uk,en."))
@option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar=_("BILD"),
        help=_("Ein Bild für die Mitte des QR-Codes im PNG (Fehlerkorrektur H)."))
@public_url_option("--url", "--public-url", "url",
                   help=_("Basisadresse oder ganze Beitrittsadresse, wenn die erkannte Adresse nicht stimmt."))
@option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), metavar="PORT",
        help=_("Port in der erkannten Adresse."))
@home_option
@pass_context
def qr_command(obj: Context, session: str, svg_path: Path | None, png_path: Path | None, ssid: str | None,
               wifi_password: str | None, languages: str | None, logo: Path | None, url: str | None,
               port: int) -> None:
    if svg_path is None and png_path is None:
        raise click.UsageError(_("Bitte --svg DATEI und/oder --png DATEI angeben."))
    if wifi_password and not ssid:
        raise click.UsageError(_("--wifi-password braucht --wifi NETZWERKNAME."))
    chosen = languages_option(languages)
    for kind, path in (("svg", svg_path), ("png", png_path)):  # both checked before either is written
        if path is not None:
            require_ending(path, kind, f"--{kind}")
            require_folder(path)
    service = obj.home.open(session)
    try:
        current = service.read.session()
    finally:
        service.close()
    handout = Handout(title=current.title, url=join_url_for(current, url, port),
                      wifi=Wifi(ssid, wifi_password or None) if ssid else None, logo=logo, languages=chosen)
    written = []
    for kind, path in (("svg", svg_path), ("png", png_path)):
        if path is None:
            continue
        try:
            with no_half_files(path):
                written += save_handout(handout, **{kind: path})
        except LogoError as error:
            raise Failure(_("Das Logo {path} ist kein lesbares Bild.").format(path=error)) from error
        except OSError as error:  # a full disk names no file: this one was being written
            raise file_failure(error, path=path, writing=error.filename in (None, str(path))) from error
    click.echo(handout.url)
    for path in written:
        click.echo(path)


def register(cli: click.Group) -> None:
    """Add `serve` and `qr` to the `werkstatt` group."""
    cli.add_command(serve)
    cli.add_command(qr_command)
