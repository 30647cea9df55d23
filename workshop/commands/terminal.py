"""`werkstatt open`: the facilitator's terminal app on one session, with the phones' server in its loop."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.commands.base import Context, command, home_option, pass_context, server_options
from workshop.core.home import Home
from workshop.i18n import _
from workshop.net import DEFAULT_HOST, DEFAULT_PORT


def run_app(home: Home, *, session: str | Path | None = None, public_url: str | None = None, serve: bool = True,
            host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Run the app until the facilitator quits; every session it opened is closed afterwards."""
    from workshop.app import make_app  # Textual loads only for the commands that open the app

    if session is not None:
        home.resolve(session)  # a missing session is a readable error before the screen switches modes
    app = make_app(home, public_url=public_url, serve=serve, host=host, port=port, session=session)
    try:
        app.run()
    finally:
        home.close_all()


@command("open", help=_("Eine Sitzung in der App der Moderation öffnen. SESSION ist ihre Kennung oder ihre "
                        ".db-Datei; der Server für die Telefone läuft mit."))
@click.argument("session")
@server_options
@home_option
@pass_context
def open_session(obj: Context, session: str, public_url: str | None, host: str, port: int, no_serve: bool) -> None:
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir), err=True)
    run_app(obj.home, session=session, public_url=public_url, serve=not no_serve, host=host, port=port)


def register(cli: click.Group) -> None:
    """Add `open` to the `werkstatt` group."""
    cli.add_command(open_session)
