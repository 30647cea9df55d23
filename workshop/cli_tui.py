"""`werkstatt open`: the facilitator's terminal app on one session, with the phones' server in its loop."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli import Context, cli, pass_context, server_options
from workshop.core.home import Home
from workshop.i18n import _


def run_app(home: Home, *, session: str | Path | None = None, public_url: str | None = None, serve: bool = True,
            host: str = "0.0.0.0", port: int = 8765) -> None:
    """Run the app until the facilitator quits; every session it opened is closed afterwards."""
    from workshop.app import make_app

    if session is not None:
        home.resolve(session)  # a missing session is a readable error before the screen switches modes
    app = make_app(home, public_url=public_url, serve=serve, host=host, port=port, session=session)
    try:
        app.run()
    finally:
        home.close_all()


@cli.command("open")
@click.argument("session")
@server_options
@pass_context
def open_session(obj: Context, session: str, public_url: str | None, host: str, port: int, no_serve: bool) -> None:
    """Open SESSION (id or .db file) in the facilitator's terminal app and serve the phones."""
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir), err=True)
    run_app(obj.home, session=session, public_url=public_url, serve=not no_serve, host=host, port=port)
