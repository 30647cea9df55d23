"""Where a command writes: the rules every `--out`/`--svg`/`--png` path follows, in one place.

A path typed by hand is trusted only as far as it can be checked before anything is written: its folder
must already exist (a typo must not grow a folder tree), and its ending must name the format written (a
Word file called `.pdf` opens nowhere). Binary data never goes to a terminal.
"""

from __future__ import annotations

import contextlib
import errno
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from workshop.commands.errors import Failure, file_failure
from workshop.i18n import _

STDOUT = "-"
# A format's own ending, and the endings that also name it.
ENDINGS = {"md": (".md", ".markdown"), "csv": (".csv",), "json": (".json",), "docx": (".docx",), "xlsx": (".xlsx",),
           "svg": (".svg",), "png": (".png",)}


def to_stdout(path: Path | None) -> bool:
    """Whether `--out -` asks for standard output."""
    return path is not None and str(path) == STDOUT


def require_folder(path: Path) -> None:
    """Refuse a file whose folder does not exist, in the words of every other write error.

    Why here and not in the writer: only the command knows the path was typed by a person; the home's own
    `exports/` folder may still be made on first use.
    """
    if not path.parent.is_dir():
        raise file_failure(OSError(errno.ENOENT, "", str(path)), writing=True)


def format_for(path: Path | None, fmt: str | None, formats: Sequence[str], *, default: str) -> str:
    """The format to write: `--format` if given, else the one `--out`'s ending names; they must agree."""
    if path is None or to_stdout(path):
        return fmt or default
    named = next((name for name in formats if path.suffix.lower() in ENDINGS.get(name, ())), None)
    suffix = f"„{path.suffix}“" if path.suffix else _("(keine)")
    if fmt is None and named is None:
        raise click.UsageError(_("{path}: die Endung {suffix} nennt kein Format. Möglich sind {endings}.").format(
            path=path, suffix=suffix, endings=", ".join(ENDINGS[name][0] for name in formats)))
    if fmt is not None and named != fmt:
        raise click.UsageError(_("--format {format} passt nicht zur Endung {suffix} von {path}. Für {format} bitte "
                                 "die Endung {ending}; nichts geschrieben.").format(
            format=fmt, suffix=suffix, path=path, ending=ENDINGS[fmt][0]))
    return fmt or named


def require_ending(path: Path, fmt: str, option: str) -> None:
    """Refuse a path whose ending is not `fmt`'s, for an option that writes only that one format."""
    if path.suffix.lower() not in ENDINGS[fmt]:
        raise click.UsageError(_("{option} {path}: die Datei braucht die Endung {ending}.").format(
            option=option, path=path, ending=ENDINGS[fmt][0]))


def write_stdout(data: bytes, *, binary: bool, ending: str = ".docx") -> None:
    """Write an export to standard output; binary data only into a pipe or a file, never onto a terminal.

    A ZIP shown as text garbles the terminal and helps nobody; `> datei.docx` or `| …` still works.
    """
    if binary and sys.stdout.isatty():
        if ending == ".docx":
            raise Failure(_("Eine Word-Datei lässt sich nicht im Terminal zeigen. Bitte mit --out DATEI.docx in "
                            "eine Datei schreiben (oder die Ausgabe umleiten: > datei.docx)."))
        raise Failure(_("Eine {ending}-Datei lässt sich nicht im Terminal zeigen. Bitte mit --out DATEI{ending} in "
                        "eine Datei schreiben (oder die Ausgabe umleiten: > datei{ending}).").format(ending=ending))
    click.echo(data, nl=False)  # bytes go to the binary stream as they are


@contextlib.contextmanager
def no_half_files(*paths: Path | None) -> Iterator[None]:
    """Remove each of `paths` that did not exist before, if the block fails (a full disk mid-write, a session
    that refused the write): no empty or cut-off file stays behind to be printed or sent."""
    new = [path for path in paths if path is not None and not to_stdout(path) and not path.exists()]
    try:
        yield
    except BaseException:
        for path in new:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        raise
