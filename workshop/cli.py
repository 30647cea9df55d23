"""The `werkstatt` command: the root group, and the entry point of the console script and `python -m workshop`.

The commands live in `workshop.commands`, one module per audience; each module's `register(cli)` adds its
commands here. Imports go one way, from this module to the command modules, never back.
"""

from __future__ import annotations

import click

from workshop.commands import check, groups, phones, plan, privacy, sessions, slips, terminal
from workshop.commands.base import CONTEXT_SETTINGS, interactive, root_home_option, server_options
from workshop.commands.errors import RootGroup
from workshop.i18n import _


@click.group(cls=RootGroup, context_settings=CONTEXT_SETTINGS, invoke_without_command=True,
             help=_("Werkstatt: eine Zukunftswerkstatt durchführen und ihre Ideen zu Maßnahmen eines Plans machen."
                    "\n\nOhne Befehl, an einem Terminal: die App der Moderation mit der Auswahl der Sitzungen."))
@root_home_option
@click.version_option(package_name="werkstatt", prog_name="werkstatt", message=_("%(prog)s, Version %(version)s"),
                      help=_("Die Version zeigen und beenden."))
@server_options
@click.pass_context
def cli(ctx: click.Context, public_url: str | None, host: str, port: int, no_serve: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    if interactive():
        terminal.run_app(ctx.obj.home, public_url=public_url, serve=not no_serve, host=host, port=port)  # the picker
        return
    ctx.invoke(sessions.list_sessions)
    click.echo()
    click.echo(_("Neue Sitzung: werkstatt new TITEL · Demo: werkstatt demo · Hilfe: werkstatt -h"))


for module in (sessions, terminal, phones, slips, groups, check, plan, privacy):
    module.register(cli)


def main() -> None:
    """Entry point of the `werkstatt` console script; errors become German messages (see commands.errors)."""
    cli.main()
