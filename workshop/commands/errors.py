"""The one error path of `werkstatt`: whatever stops a command reaches the user as German text on stderr.

A rule of the workshop (`DomainError`, export and plan errors among them) carries its own German message;
an `OSError` (a missing folder, no permission, a folder where a file belongs, a full disk) is described
from its errno, an `sqlite3.Error` (the session's file full, read-only or locked) from SQLite's code,
also where an export error quotes the system's English reason; click's usage errors get their German words from `workshop.commands.german`. Exit code 1 for errors, 2 for usage errors, and no
traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from workshop.commands.german import Group, usage_message
from workshop.core.errors import DomainError
from workshop.core.storage import storage_error
from workshop.i18n import _
from workshop.net import BIND_REASONS

_REASONS = {
    errno.EACCES: _("Keine Berechtigung."),
    errno.EPERM: _("Nicht erlaubt (schreibgeschützt?)."),
    errno.EISDIR: _("Das ist ein Ordner, keine Datei."),
    errno.ENOTDIR: _("Ein Teil des Pfads ist eine Datei, kein Ordner."),
    errno.ENOENT: _("Die Datei oder der Ordner existiert nicht."),
    errno.ENOSPC: _("Der Datenträger ist voll."),
    errno.EROFS: _("Das Dateisystem ist schreibgeschützt."),
    errno.EEXIST: _("Das gibt es schon."),
    errno.ENAMETOOLONG: _("Der Name ist zu lang."),
    errno.EMFILE: _("Zu viele offene Dateien."),
    errno.ENFILE: _("Zu viele offene Dateien."),
    errno.EIO: _("Ein- oder Ausgabefehler des Datenträgers."),
    errno.EBUSY: _("Die Datei oder das Gerät ist belegt."),
}
_REASONS.update({code: text for code, text in BIND_REASONS.items() if code != errno.EACCES})  # a port's
if hasattr(errno, "EDQUOT"):  # not on Windows
    _REASONS[errno.EDQUOT] = _("Das Speicherkontingent ist erschöpft.")


class Failure(click.ClickException):
    """A command could not do its work: one German line on stderr, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(_("Fehler: {message}").format(message=self.format_message()), file=file, err=file is None)


def reason(error: OSError) -> str:
    """Why the system refused, in German (the errno's name and the system's text where we have no German)."""
    path = Path(error.filename) if isinstance(error.filename, str) else None
    if path is not None and error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):
        in_the_way = _file_in_the_way(path, itself=error.errno == errno.EEXIST)
        if in_the_way is not None:
            return _("{path} ist eine Datei, kein Ordner.").format(path=in_the_way)
        if error.errno == errno.ENOENT:
            if not path.parent.is_dir():
                return _("Den Ordner {folder} gibt es nicht.").format(folder=path.parent)
            return _("Die Datei gibt es nicht.")
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    code = errno.errorcode.get(error.errno or 0, str(error.errno))
    return _("Systemfehler {code} ({text}).").format(code=code, text=error.strerror or error)


def _file_in_the_way(path: Path, *, itself: bool) -> Path | None:
    """The file that stands where a folder of `path` should be (`plan.md/x`), if that is what went wrong."""
    for candidate in ([path] if itself else []) + list(path.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def file_failure(error: OSError, *, path: Path | str | None = None, writing: bool | None = None) -> Failure:
    """An OSError on a file as a Failure: which file (`path` where the error names none), whether it was read
    or written, and why."""
    path = error.filename or path
    if path is None:
        return Failure(_("Ein- oder Ausgabe misslungen: {reason}").format(reason=reason(error)))
    if writing is True:
        message = _("Die Datei {path} lässt sich nicht schreiben: {reason}")
    elif writing is False:
        message = _("Die Datei {path} lässt sich nicht lesen: {reason}")
    else:
        message = _("Die Datei {path} lässt sich nicht öffnen: {reason}")
    return Failure(message.format(path=path, reason=reason(error)))


def failure(error: BaseException) -> click.ClickException | None:
    """The German form of an error a command may meet; None for anything else (a bug)."""
    if isinstance(error, click.UsageError):
        return error
    if isinstance(error, click.ClickException):
        return error if isinstance(error, Failure) else Failure(error.format_message())
    if isinstance(error, DomainError):
        return Failure(_domain_message(error))
    if isinstance(error, OSError):
        return file_failure(error)
    if isinstance(error, sqlite3.Error):  # the session's file refused a write: full, read-only, locked
        return Failure(str(storage_error(error)))
    return None


def _domain_message(error: DomainError) -> str:
    # An export error that quotes the system's reason (`error.strerror`, English) says it again in German.
    cause = error.__cause__ or error.__context__
    params = getattr(error, "params", None)
    if isinstance(cause, OSError) and isinstance(params, dict) and "reason" in params:
        try:
            return error.message.format(**{**params, "reason": reason(cause)})
        except (AttributeError, KeyError, IndexError, ValueError):
            pass
    return str(error)


def show(error: click.ClickException) -> None:
    """Print an error the German way: usage errors with the usage line and where help is."""
    if not isinstance(error, click.UsageError):
        error.show()
        return
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        names = ctx.command.get_help_option_names(ctx)
        if names:
            click.echo(_("Hilfe: {command} {option}").format(command=ctx.command_path, option=min(names, key=len)),
                       err=True)
        click.echo(err=True)
    click.echo(_("Fehler: {message}").format(message=usage_message(error)), err=True)


class RootGroup(Group):
    """The top group: its `main` is the one place where errors become German text and an exit code."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:  # click's contract: the caller handles every error itself, unchanged
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.Abort:
            click.echo(_("Abgebrochen."), err=True)
            sys.exit(1)
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                # stdout was closed by the reader (`werkstatt show demo | head`): nothing to say to anyone
                sys.stdout = click.utils.PacifyFlushWrapper(sys.stdout)
                sys.exit(1)
            german = failure(error)
            if german is None:
                raise
            _exit(german)
        sys.exit(result if isinstance(result, int) else 0)


def _exit(error: click.ClickException) -> NoReturn:
    show(error)
    sys.exit(error.exit_code)
