"""click in German: help layout, the help option, option notes and the wording of usage errors.

click marks its own texts for gettext, but gettext picks the language from the environment (a laptop with
`LANG=C` would get English) and needs compiled catalogues. The facilitator and the coordinator read German,
so what click lets a program set is set here through its public classes: the usage line, the headings,
the help option, the notes after an option's help. Usage errors carry structured data (which option,
which parameter), so their messages are written anew; the remaining messages that only exist as click's
English text are matched by pattern (`CLICK_TEXTS`). A message not listed keeps click's English.
"""

from __future__ import annotations

import re
from typing import Any

import click

from workshop.i18n import _

# click's own headings, by their English text.
HEADINGS = {"Options": _("Optionen"), "Commands": _("Befehle"), "Positional arguments": _("Argumente")}

# click's English texts (its types and parser) that reach a user inside a usage error, and their German.
CLICK_TEXTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<value>.+) is not a valid integer(?: range)?\."), _("{value} ist keine ganze Zahl.")),
    (re.compile(r"(?P<value>.+) is not a valid float(?: range)?\."), _("{value} ist keine Zahl.")),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\."), _("{value} liegt nicht im Bereich {range}.")),
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.", re.S), _("{value} ist keiner der Werte {choices}.")),
    (re.compile(r"(?P<value>.+) is not (?P<choices>'[^']*')\.", re.S), _("{value} ist nicht {choices}.")),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) does not exist\."), _("{path} gibt es nicht.")),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) is a file\."), _("{path} ist eine Datei, kein Ordner.")),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) is a directory\."), _("{path} ist ein Ordner, keine Datei.")),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) is not readable\."), _("{path} lässt sich nicht lesen.")),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) is not writable\."),
     _("{path} lässt sich nicht schreiben.")),
    (re.compile(r"Option (?P<name>.+) requires an argument\."), _("Die Option {name} braucht einen Wert.")),
    (re.compile(r"Option (?P<name>.+) requires (?P<count>\d+) arguments\."),
     _("Die Option {name} braucht {count} Werte.")),
    (re.compile(r"Option (?P<name>.+) does not take a value\."), _("Die Option {name} nimmt keinen Wert.")),
    (re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)", re.S), _("Überzählige Angabe: {args}")),
    (re.compile(r"Missing command\."), _("Es fehlt ein Befehl.")),
]


def german_text(text: str) -> str:
    """click's English text in German, where it is one of `CLICK_TEXTS`; otherwise unchanged."""
    for pattern, german in CLICK_TEXTS:
        match = pattern.fullmatch(text.strip())
        if match:
            return german.format(**match.groupdict())
    return text


def usage_message(error: click.UsageError) -> str:
    """A usage error's message in German, written from what the error knows."""
    if isinstance(error, click.NoSuchOption):
        return _("Unbekannte Option: {name}.").format(name=error.option_name) + _maybe(error.possibilities)
    if isinstance(error, click.exceptions.NoSuchCommand):
        return _("Unbekannter Befehl: {name}.").format(name=error.command_name) + _maybe(error.possibilities)
    if isinstance(error, click.MissingParameter):
        hint = _hint(error)
        if error.param_type == "option" or isinstance(error.param, click.Option):
            return _("Es fehlt die Option {name}.").format(name=hint)
        return _("Es fehlt die Angabe {name}.").format(name=hint)
    if isinstance(error, click.BadParameter):
        message = german_text(error.message)
        hint = _hint(error)
        return _("Ungültiger Wert für {name}: {message}").format(name=hint, message=message) if hint else message
    return german_text(error.message)


def _hint(error: click.BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else list(error.param_hint)
        return " / ".join(hints)
    if error.param is not None:
        return error.param.get_error_hint(error.ctx) if error.ctx is not None else str(error.param.name)
    return ""


def _maybe(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return " " + _("Meinten Sie {names}?").format(names=" / ".join(sorted(possibilities)))


class HelpFormatter(click.HelpFormatter):
    """click's help layout with a German usage line and headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else _("Aufruf:") + " ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class Context(click.Context):
    """click's context, writing help with the German formatter."""

    formatter_class = HelpFormatter


class Option(click.Option):
    """An option whose help ends in German notes: `[Standard: 8765; 0<=x<=65535; Pflicht]`."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        return {}  # click would write its English notes; get_help_record writes the German ones

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        extra = super().get_help_extra(ctx)
        notes = []
        if "envvars" in extra:
            notes.append(_("Umgebungsvariable: {names}").format(names=", ".join(extra["envvars"])))
        if "default" in extra:
            notes.append(_("Standard: {value}").format(value=extra["default"]))
        if "range" in extra:
            notes.append(extra["range"])
        if "required" in extra:
            notes.append(_("Pflicht"))
        spec, text = record
        if notes:
            text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
        return spec, text


class Command(click.Command):
    """A command whose help and usage line are German."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _("[OPTIONEN]"))
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Diese Hilfe zeigen und beenden.")
        return option


class Group(Command, click.Group):
    """A group of commands; its commands and subgroups are German too."""

    command_class = Command
    group_class = type  # a subgroup is of this class as well

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", _("BEFEHL [ARGUMENTE]..."))
        super().__init__(*args, **kwargs)
