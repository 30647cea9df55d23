"""Reading and writing files safely: a plan is read as bytes and replaced atomically, or not at all.

A new file gets the permissions any program gives it (0644 under the usual umask 022), so colleagues on a
shared drive can open an export; a file that exists (the plan) keeps its own mode.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import secrets
import stat
from pathlib import Path

from workshop.export.errors import PlanError
from workshop.export.plan import split_lines, strip_eol
from workshop.i18n import _


def read_plan(path: Path) -> bytes:
    """The plan's bytes; a missing file or a folder gets a clear error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlanError(_("Den Plan {path} gibt es nicht. Bitte den Pfad prüfen."), path=str(path)) from None
    except IsADirectoryError:
        raise PlanError(_("{path} ist ein Ordner, kein Plan."), path=str(path)) from None
    except OSError as error:
        raise PlanError(_("Der Plan {path} lässt sich nicht lesen: {reason}"), path=str(path),
                        reason=error.strerror or str(error)) from None


def atomic_write(path: Path, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace `path` with `data` through a temporary file in the same folder and a rename.

    With `expected`, the file must still hold those bytes at the moment of the swap: a plan the
    coordinator saved meanwhile is not overwritten.
    """
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_beside(target)
    except OSError as error:
        raise PlanError(_("{path} lässt sich nicht schreiben: {reason}"), path=str(path),
                        reason=error.strerror or str(error)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        if expected is not None and read_plan(target) != expected:
            raise PlanError(_("{path} wurde während des Zusammenführens geändert; nichts geschrieben. "
                              "Bitte noch einmal ausführen."), path=str(path))
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise PlanError(_("{path} lässt sich nicht schreiben: {reason}"), path=str(path),
                            reason=error.strerror or str(error)) from None
        raise
    with contextlib.suppress(OSError):
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _create_beside(target: Path) -> tuple[int, str]:
    """A new, empty temporary file in the target's folder, opened for writing.

    Not `tempfile.mkstemp`: it creates files with mode 0600 whatever the umask says. Asking for 0666 lets the
    system apply the umask as for any file a program creates; O_EXCL and a random name keep it our own.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        temporary = str(target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(str(target.parent))


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff of two versions of a text, line endings shown as plain line breaks."""
    old_lines = [strip_eol(line) for line in split_lines(old)]
    new_lines = [strip_eol(line) for line in split_lines(new)]
    diff = difflib.unified_diff(old_lines, new_lines, fromfile=f"a/{name}", tofile=f"b/{name}", lineterm="", n=2)
    return "\n".join(diff)
