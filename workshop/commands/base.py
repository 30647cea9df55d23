"""What every command shares: the home folder (`--home` before or after the command's name), the options
of the phones' server, and the German click classes to declare commands and options with."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from workshop.commands import german
from workshop.core.home import HOME_ENV, Home
from workshop.i18n import _
from workshop.net import DEFAULT_HOST, DEFAULT_PORT

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

command = partial(click.command, cls=german.Command)
group = partial(click.group, cls=german.Group)
option = partial(click.option, cls=german.Option)

HOME_HELP = _("Ordner mit sessions/ und exports/ (sonst $WERKSTATT_HOME, sonst das aktuelle Verzeichnis).")


class Context:
    """What every command gets: the home folder."""

    def __init__(self, home: Home) -> None:
        self.home = home


pass_context = click.make_pass_decorator(Context)


def _home_for_all(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    ctx.obj = Context(Home(value))


def _home_for_this(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:  # given after the command's name: it wins over one given before
        ctx.obj = Context(Home(value))


def root_home_option(function: F) -> F:
    """`werkstatt --home DIR …` (or $WERKSTATT_HOME): the home folder for whatever command follows."""
    return option("--home", type=click.Path(file_okay=False, path_type=Path), envvar=HOME_ENV, metavar=_("ORDNER"),
                  expose_value=False, callback=_home_for_all, help=HOME_HELP)(function)


def home_option(function: F) -> F:
    """`werkstatt COMMAND … --home DIR`: every command takes the home folder after its name too."""
    return option("--home", type=click.Path(file_okay=False, path_type=Path), metavar=_("ORDNER"),
                  expose_value=False, callback=_home_for_this, help=HOME_HELP)(function)


def check_public_url(_ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """A URL that goes into QR codes and links (`--public-url`, `--url`): http or https with a host, nothing else.

    Phones open whatever the code says; a `javascript:` or `ftp://` address, or one with a name and password
    in front of the host, must never be printed on a handout or a slip.
    """
    if value is None:
        return None
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number from 0 to 65535
    except ValueError:
        parts = None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or parts.username is not None or any(char.isspace() or ord(char) < 32 for char in value.strip())):
        raise click.BadParameter(_("„{url}“ ist keine Webadresse für Telefone. Erwartet wird http:// oder https:// "
                                   "mit einem Rechner, z. B. http://192.168.0.12:8765.").format(url=value),
                                 param=param)
    return value.strip()


def public_url_option(*names: str, help: str) -> Callable[[F], F]:
    """An option taking the public base URL, checked the one way (`check_public_url`)."""
    return option(*names, metavar="URL", callback=check_public_url, help=help)


def listen_options(function: F) -> F:
    """--public-url, --host and --port: where the phones' server listens and what the QR code says."""
    for decorator in reversed([
        public_url_option("--public-url",
                          help=_("Basisadresse in QR-Code und Beitrittslink, z. B. http://192.168.0.12:8765 "
                                 "(sonst die erkannte Adresse im lokalen Netz).")),
        option("--host", default=DEFAULT_HOST, show_default=True, metavar=_("ADRESSE"),
               help=_("Netzwerkschnittstelle, auf der der Server für die Telefone lauscht.")),
        option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535), metavar="PORT",
               help=_("Port des Servers für die Telefone.")),
    ]):
        function = decorator(function)
    return function


def printed_url_options(lang_help: str) -> Callable[[F], F]:
    """--public-url, --port and --lang for what is printed before the evening (slips, group cards): the
    address the QR codes carry, and the languages of the printed instructions (`lang_help` names the paper)."""
    def decorate(function: F) -> F:
        for decorator in reversed([
            public_url_option("--public-url", "public_url",
                              help=_("Basisadresse für die QR-Codes, z. B. http://10.42.0.1:8765 (sonst die erkannte "
                                     "Adresse).")),
            option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), metavar="PORT",
                   help=_("Port in der erkannten Adresse.")),
            option("--lang", "languages", metavar=_("SPRACHEN"), help=lang_help),
        ]):
            function = decorator(function)
        return function
    return decorate


def server_options(function: F) -> F:
    """`listen_options` and --no-serve, for the commands that open the terminal app."""
    function = option("--no-serve", is_flag=True,
                      help=_("Keinen Server für die Telefone starten (nur die Tafel)."))(function)
    return listen_options(function)  # applied last, so listed first


def interactive() -> bool:
    """Whether a person sits at a terminal (not CI, not a pipe): only then the terminal app opens."""
    return sys.stdin.isatty() and sys.stdout.isatty()
