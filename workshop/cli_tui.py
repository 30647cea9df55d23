"""`werkstatt open`: the facilitator's terminal app on one session, with the phones' server in its loop."""

from __future__ import annotations

from pathlib import Path

import click

from workshop.cli import Context, cli, pass_context
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
@click.option("--public-url", help="Base URL phones use, e.g. http://192.168.0.12:8765 (default: detected address).")
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface the phones' server listens on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the phones' server.")
@click.option("--no-serve", is_flag=True, help="Do not start the phones' server (the board only).")
@pass_context
def open_session(obj: Context, session: str, public_url: str | None, host: str, port: int, no_serve: bool) -> None:
    """Open SESSION (id or .db file) in the facilitator's terminal app and serve the phones."""
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir), err=True)
    run_app(obj.home, session=session, public_url=public_url, serve=not no_serve, host=host, port=port)
