"""When the session's file will not: a full disk, a read-only file or folder, a lock held elsewhere, a folder
gone — one German sentence from SQLite's error code, and a read-only way in where reading still works.

`storage_error(error, path)` words an `sqlite3.Error` as a `StorageError` (a `DomainError`, so every command
prints it as its one line). `read_only_connection(path)` opens a file that cannot be opened for writing: first
SQLite's read-only mode (locks as usual; it needs the `-shm` file, so it fails on a full or read-only folder),
then, when the write-ahead log is empty, as immutable (no lock, no `-shm`), which only a file nobody writes
may be opened as — and a file on a full disk or a read-only mount is one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workshop.core.errors import StorageError
from workshop.i18n import _

# SQLite's primary result codes (the low byte of `sqlite_errorcode`) and the extended ones that matter here.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
SQLITE_IOERR_SHMSIZE = SQLITE_IOERR | (19 << 8)  # the -shm file could not grow: no room on the disk
# What reading still survives: the file is there, only writing (or the -shm beside it) fails.
READABLE_WITHOUT_WRITING = frozenset({SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN})

FULL = _("Der Datenträger ist voll.")
READ_ONLY = _("Die Datei oder ihr Ordner ist schreibgeschützt.")
LOCKED = _("Ein anderes Programm hält die Datei gesperrt; bitte gleich noch einmal versuchen.")
CANT_OPEN = _("Die Datei oder ihr Ordner fehlt, oder der Ordner ist schreibgeschützt.")
IO_ERROR = _("Ein- oder Ausgabefehler des Datenträgers (voll oder entfernt?).")
NOT_A_SESSION = _("Das ist keine Sitzungsdatei, oder sie ist beschädigt.")


class ReadOnlySession(sqlite3.OperationalError):
    """A write to a session opened for reading only, refused before it begins: SQLite's own error (so the
    phones' server answers it as it answers SQLite's), with the reason the file could not be opened for
    writing (`sqlite_errorcode` that first error's code: a full disk stays a full disk)."""

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sqlite_errorcode = code


def error_code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) or 0


def reason(error: sqlite3.Error) -> str:
    """Why SQLite refused, in one German sentence."""
    if isinstance(error, ReadOnlySession):
        return error.reason
    code = error_code(error)
    primary = code & 0xFF
    if primary == SQLITE_FULL or code == SQLITE_IOERR_SHMSIZE:
        return FULL
    if primary == SQLITE_READONLY:
        return READ_ONLY
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return LOCKED
    if primary == SQLITE_CANTOPEN:
        return CANT_OPEN
    if primary in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return NOT_A_SESSION
    if primary == SQLITE_IOERR:
        return IO_ERROR
    return _("SQLite meldet: {text}.").format(text=str(error) or type(error).__name__)


def read_only_reason(error: sqlite3.Error) -> tuple[str, int]:
    """Why a file that was opened for reading only takes no writes, and the code its writes are refused
    with: a full disk (however SQLite noticed it), else a read-only file or folder (the file is there)."""
    if reason(error) == FULL:
        return FULL, SQLITE_FULL
    return READ_ONLY, SQLITE_READONLY


def storage_error(error: sqlite3.Error, path: Path | str | None = None) -> StorageError:
    """The German form of a session file's failure: which file, and why; nothing was written."""
    if path is None:
        return StorageError(_("Die Sitzungsdatei lässt sich nicht schreiben, nichts wurde gespeichert: {reason}"),
                            reason=reason(error))
    return StorageError(_("Die Sitzungsdatei {path} lässt sich nicht öffnen oder schreiben: {reason}"),
                        path=str(path), reason=reason(error))


def readable_without_writing(error: sqlite3.Error) -> bool:
    """Whether the file may still be read although it cannot be opened for writing."""
    return error_code(error) & 0xFF in READABLE_WITHOUT_WRITING


def read_only_uri(path: Path, *, immutable: bool) -> str:
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def read_only_connection(path: Path, **options: object) -> tuple[sqlite3.Connection, str]:
    """The file opened for reading only (see above) and the URI that opened it, for more connections like it;
    raises the first attempt's error if neither way works."""
    first: sqlite3.Error | None = None
    for immutable in (False, True):
        if immutable:
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                break  # the log holds commits the file does not have yet: immutable would not see them
        uri = read_only_uri(path, immutable=immutable)
        made = missing_logs(path)
        conn = sqlite3.connect(uri, uri=True, **options)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the -shm is mapped on the first read
        except sqlite3.Error as error:
            conn.close()
            remove_empty_logs(made)
            first = first or error
            continue
        return conn, uri
    assert first is not None
    raise first


def missing_logs(path: Path) -> list[Path]:
    """The session file's `-wal` and `-shm` files that do not exist (yet)."""
    return [log for log in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
            if not log.exists()]


def remove_empty_logs(made: list[Path]) -> None:
    """The `-wal` and `-shm` files a failed open just made (a full disk leaves them empty or cut off): they
    hold nothing (an empty log), and no one else had the file open, or they would have existed before."""
    wal = next((log for log in made if log.name.endswith("-wal")), None)
    if wal is None or (wal.exists() and wal.stat().st_size > 0):
        return
    for log in made:
        try:
            log.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder: nothing was made there either
