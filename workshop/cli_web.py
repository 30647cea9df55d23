"""`werkstatt serve` (the phones' server without the terminal app) and `werkstatt qr` (printable handouts)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import click

from workshop.cli import Context, cli, pass_context
from workshop.core.home import Home
from workshop.core.models import Session
from workshop.i18n import _, translate
from workshop.net import detect_address, local_addresses
from workshop.qr import Handout, LogoError, Wifi, save_handout

DEFAULT_PORT = 8765


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
                              public_url: str | None) -> None:
    from workshop.web.server import ParticipantServer

    server = ParticipantServer(home, host=host, port=port, public_url=public_url)
    await server.start()
    click.echo(_("Telefone verbinden sich mit: {url}").format(url=server.join_url(session)))
    if not public_url:
        others = [address for address in local_addresses() if address != server.address]
        if others:
            click.echo(_("Andere Adressen dieses Laptops: {addresses}").format(addresses=", ".join(others)))
    click.echo(_("Beenden mit Strg+C."))
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


@cli.command()
@click.argument("session")
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--public-url", help="Base URL phones use, e.g. http://192.168.0.12:8765 (default: detected address).")
@pass_context
def serve(obj: Context, session: str, host: str, port: int, public_url: str | None) -> None:
    """Serve SESSION's pages to phones without the terminal app, until Ctrl+C."""
    service = obj.home.service(session)
    current = service.session()
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir), err=True)
    try:
        run_loop(lambda: serve_until_stopped(obj.home, current, host=host, port=port, public_url=public_url))
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise click.ClickException(_("Port {port} ist nicht frei ({error}).").format(port=port, error=error)) from None
    finally:
        obj.home.close_all()


def join_url_for(session: Session, url: str | None, port: int) -> str:
    """`--url` as given when it is a whole join URL, as the base otherwise; else the detected address."""
    if url:
        url = url.rstrip("/")
        return url if "/j/" in url.lower() else f"{url}/j/{session.join_token}"
    return f"http://{detect_address()}:{port}/j/{session.join_token}"


@cli.command("qr")
@click.argument("session")
@click.option("--svg", "svg_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the sheet as SVG.")
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the sheet as PNG.")
@click.option("--wifi", "ssid", help="The hotspot's network name: the sheet gets a Wi-Fi code first.")
@click.option("--wifi-password", help="The hotspot's password (WPA).")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An image for the centre of the PNG's join code (error correction H).")
@click.option("--url", "--public-url", "url", help="Base or whole join URL, when the detected address is wrong.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="Port in the detected URL.")
@pass_context
def qr_command(obj: Context, session: str, svg_path: Path | None, png_path: Path | None, ssid: str | None,
               wifi_password: str | None, logo: Path | None, url: str | None, port: int) -> None:
    """Write a printable sheet for SESSION: title, join QR code and URL (and a Wi-Fi code)."""
    if svg_path is None and png_path is None:
        raise click.UsageError(_("Bitte --svg DATEI und/oder --png DATEI angeben."))
    if wifi_password and not ssid:
        raise click.UsageError(_("--wifi-password braucht --wifi NETZWERKNAME."))
    service = obj.home.open(session)
    try:
        current = service.session()
    finally:
        service.close()
    language = current.language
    texts = {message: translate(message, language) for message in
             (_("1. WLAN verbinden: {ssid}"), _("2. Mitmachen: Code scannen"), _("Mitmachen: Code scannen"))}
    handout = Handout(title=current.title, url=join_url_for(current, url, port),
                      wifi=Wifi(ssid, wifi_password or None) if ssid else None, logo=logo, texts=texts)
    try:
        written = save_handout(handout, svg=svg_path, png=png_path)
    except LogoError as error:
        raise click.ClickException(_("Das Logo {path} ist kein lesbares Bild.").format(path=error)) from error
    except OSError as error:
        raise click.ClickException(str(error)) from error
    click.echo(handout.url)
    for path in written:
        click.echo(path)
