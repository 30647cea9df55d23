"""The `werkstatt` command: a thin click layer; every command calls the library and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from workshop.core.demo import DEMO_SLUG, create_demo
from workshop.core.errors import DomainError
from workshop.core.home import HOME_ENV, Home
from workshop.i18n import _
from workshop.summary import render_summary

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Context:
    """What every command gets: the home folder."""

    def __init__(self, home: Home) -> None:
        self.home = home


pass_context = click.make_pass_decorator(Context)


def server_options(command):
    """--public-url, --host, --port and --no-serve: where the phones' server listens and what the QR says."""
    for option in reversed([
        click.option("--public-url", help="Base URL in the QR code and join link, e.g. http://192.168.0.12:8765 "
                                          "(default: the detected local network address)."),
        click.option("--host", default="0.0.0.0", show_default=True, help="Interface the phones' server listens on."),
        click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
                     help="Port of the phones' server."),
        click.option("--no-serve", is_flag=True, help="Do not start the phones' server (the board only)."),
    ]):
        command = option(command)
    return command


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option("--home", "home_dir", type=click.Path(file_okay=False, path_type=Path), envvar=HOME_ENV,
              help="Folder holding sessions/ and exports/ (default: the current directory, or $WERKSTATT_HOME).")
@click.version_option(package_name="werkstatt", prog_name="werkstatt")
@server_options
@click.pass_context
def cli(ctx: click.Context, home_dir: Path | None, public_url: str | None, host: str, port: int,
        no_serve: bool) -> None:
    """Werkstatt: run a Zukunftswerkstatt and turn its ideas into measures of a plan.

    Without a command, on a terminal: the facilitator's app with its session picker.
    """
    ctx.obj = Context(Home(home_dir))
    if ctx.invoked_subcommand is None and _interactive():
        from workshop.cli_tui import run_app

        run_app(ctx.obj.home, public_url=public_url, serve=not no_serve, host=host, port=port)  # the picker
        return
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_sessions)
        click.echo()
        click.echo(_("Neue Sitzung: werkstatt new TITEL · Demo: werkstatt demo · Hilfe: werkstatt -h"))


@cli.command()
@click.argument("title")
@click.option("--date", help="Date of the session, YYYY-MM-DD (default: today).")
@click.option("--venue", default="", help="Where the session takes place.")
@click.option("--language", default="de", show_default=True, help="Language of the session.")
@click.option("--dots", default=5, show_default=True, help="Dots per participant.")
@click.option("--cap", default=3, show_default=True, help="Most dots one participant may put on one item.")
@click.option("--id", "slug", help="The session's id (default: date and title, e.g. 2016-11-24-integrationsplan).")
@pass_context
def new(obj: Context, title: str, date: str | None, venue: str, language: str, dots: int, cap: int,
        slug: str | None) -> None:
    """Create a new session and print its id and file."""
    service = obj.home.create(title, date=date, venue=venue, language=language, dots_per_participant=dots,
                              cap_per_item=cap, slug=slug)
    session = service.session()
    click.echo(session.slug)
    click.echo(service.store.path)
    service.close()


@cli.command("list")
@pass_context
def list_sessions(obj: Context) -> None:
    """List the sessions of the home folder: id, title, date, phase, counts."""
    click.echo(_("Sitzungen in {home}").format(home=obj.home.sessions_dir))
    sessions = obj.home.sessions()
    if not sessions:
        click.echo("  " + _("(noch keine)"))
        return
    for info in sessions:
        where = f"{info.phase.label} › {info.step.label}"
        counts = _("Ideen: {ideas} · Themen: {themes} · Maßnahmen: {measures} · Telefone: {participants}").format(
            ideas=info.ideas, themes=info.themes, measures=info.measures, participants=info.participants)
        click.echo(f"  {info.slug:<36} {info.date}  {info.title}")
        click.echo(f"  {'':<36} {where} · {counts}")


@cli.command()
@click.argument("session")
@click.option("--json", "as_json", is_flag=True, help="Print the session as JSON, for scripts.")
@pass_context
def show(obj: Context, session: str, as_json: bool) -> None:
    """Summarise a session: phases, themes with ideas and dots, measures."""
    service = obj.home.open(session)
    try:
        snapshot = service.snapshot()
    finally:
        service.close()
    if as_json:
        click.echo(json.dumps(snapshot, ensure_ascii=False, indent=2))
    else:
        click.echo(render_summary(snapshot))


@cli.command()
@click.option("--no-tui", is_flag=True, help="Print the demo's summary instead of opening the terminal app.")
@click.option("--reset", is_flag=True, help="Build the demo session anew, discarding changes made to it.")
@server_options
@pass_context
def demo(obj: Context, no_tui: bool, reset: bool, public_url: str | None, host: str, port: int,
         no_serve: bool) -> None:
    """Create the demo session `demo` (an integration plan's Zukunftswerkstatt) and open it."""
    click.echo(_("Demo-Sitzung in {home}").format(home=obj.home.sessions_dir), err=True)
    service = create_demo(obj.home, reset=reset)
    try:
        snapshot = service.snapshot()
    finally:
        service.close()
    if no_tui or not _interactive():
        click.echo(render_summary(snapshot))
        return
    _run_app(obj, DEMO_SLUG, public_url=public_url, serve=not no_serve, host=host, port=port)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _run_app(obj: Context, slug: str, **server: object) -> None:
    """Open a session in the terminal app, with the phones' server as the options say."""
    from workshop.cli_tui import run_app

    run_app(obj.home, session=slug, **server)


def main() -> None:
    """Entry point of the `werkstatt` console script: domain errors become readable messages."""
    try:
        cli(standalone_mode=False)
    except DomainError as error:
        click.echo(_("Fehler: {message}").format(message=error), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo(_("Abgebrochen."), err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)


from workshop import cli_tui  # noqa: E402,F401  (registers its commands)
from workshop import cli_export  # noqa: E402,F401  (registers its commands)
from workshop import cli_web  # noqa: E402,F401  (registers its commands)
