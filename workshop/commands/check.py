"""`werkstatt check`: „Können Telefone mich erreichen?“ — on the command line, beside the app's `i`.

It reads where the running server listens from its runtime file in the home folder, checks the
laptop's addresses (connecting only to those the server is bound to), prints plain advice and the real
test with one's own phone. Exit status 0 when the QR code's address answers, 1 when not (or when no
server runs, or `--wait` saw no phone).
"""

from __future__ import annotations

import http.client
import json
import time

import click

from workshop.commands.base import Context, command, home_option, interactive, option, pass_context
from workshop.core.models import Session
from workshop.i18n import _
from workshop.net import DEFAULT_PORT
from workshop.reach import ALL_INTERFACES, Listening, is_loopback, running_servers
from workshop.reach.check import FINAL_TEST, PING_PATH, check, port_taken, report_lines

WAIT_POLL_SECONDS = 0.5


@command("check", help=_("Können Telefone mich erreichen? Zeigt die Adressen dieses Laptops, wo der Server für die "
                         "Telefone antwortet, und was zu tun ist. Endstatus 0, wenn die Adresse im QR-Code antwortet."))
@click.argument("session", required=False)
@option("--port", type=click.IntRange(1, 65535), metavar="PORT",
        help=_("Den Server auf diesem Port prüfen (sonst den zuletzt gestarteten)."))
@option("--wait", type=click.IntRange(0, 3600), default=0, show_default=True, metavar=_("SEKUNDEN"),
        help=_("So lange darauf warten, dass ein Telefon die Seite lädt (Testtelefon)."))
@home_option
@pass_context
def check_command(obj: Context, session: str | None, port: int | None, wait: int) -> None:
    current = _session(obj, session)
    servers = [server for server in running_servers(obj.home.root) if port is None or server.port == port]
    if not servers:
        click.echo(_("Es läuft kein Server für die Telefone: In {home} hat sich keiner eingetragen.").format(
            home=obj.home.root))
        wanted = port or DEFAULT_PORT
        if port_taken("0.0.0.0", wanted):
            click.echo(_("Port {port} ist aber belegt: Ein anderes Programm benutzt ihn (oder ein Werkstatt-Server "
                         "eines anderen Home-Ordners).").format(port=wanted))
        click.echo(_("Starten Sie ihn mit werkstatt open SESSION oder werkstatt serve SESSION."))
        click.get_current_context().exit(1)
    listening = servers[0]
    report = check(listening, session=current.slug if current else None)
    for line in report_lines(report):
        click.echo(line)
    click.echo()
    if current is not None:
        url = f"{listening.base_url}/j/{current.join_token}"
        if interactive():
            from workshop.qr import make_qr, qr_url

            make_qr(qr_url(url)).terminal(compact=True)
        click.echo(url)
    click.echo(FINAL_TEST)
    code = report.exit_code
    if wait:
        code = max(code, _wait_for_phone(listening, wait))
    click.get_current_context().exit(code)


def _session(obj: Context, name: str | None) -> Session | None:
    if name is None:
        return None
    service = obj.home.open(name)
    try:
        return service.read.session()
    finally:
        service.close()


def _wait_for_phone(listening: Listening, seconds: int) -> int:
    """Poll the server (on loopback) until a phone loads a join page; 0 when one did."""
    if not (listening.host in ALL_INTERFACES or is_loopback(listening.host)):
        click.echo(_("Warten geht nur, wenn der Server auch auf 127.0.0.1 lauscht."))
        return 1
    start = _page_loads(listening.port)
    if start is None:
        click.echo(_("Der Server antwortet nicht."))
        return 1
    click.echo(_("Warte bis zu {seconds} s auf ein Telefon … (Strg+C bricht ab)").format(seconds=seconds))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        now = _page_loads(listening.port)
        if now is not None and now > start:
            click.echo(_("Testtelefon verbunden ✓"))
            return 0
    click.echo(_("Kein Telefon hat die Seite geöffnet. Sind Laptop und Telefon im selben WLAN? Siehe oben."))
    return 1


def _page_loads(port: int) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", f"{PING_PATH}/loads")
        response = connection.getresponse()
        if response.status != 200:
            return None
        return int(json.loads(response.read(256))["number"])
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return None
    finally:
        connection.close()


def register(cli: click.Group) -> None:
    """Add `check` to the `werkstatt` group."""
    cli.add_command(check_command)
