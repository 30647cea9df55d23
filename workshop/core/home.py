"""The home folder: `sessions/` with one SQLite file per session, `exports/` for what exports write."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import date as date_type
from pathlib import Path

from workshop.core import ids
from workshop.core.errors import InvalidInput, NotFound
from workshop.core.models import Phase, Step
from workshop.core.phone_side import PhoneSide
from workshop.core.privacy import KEEP_MONTHS_DEFAULT
from workshop.core.services import SessionService
from workshop.core.storage import read_only_connection
from workshop.core.turnout import LIVE_TAKING_PART_SQL, TAKING_PART_SQL
from workshop.i18n import _

HOME_ENV = "WERKSTATT_HOME"
TOKEN_RESCAN_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """One line of `werkstatt list`, read without opening a service."""

    slug: str
    path: Path
    title: str
    date: str
    venue: str
    phase: Phase
    step: Step
    ideas: int
    themes: int
    measures: int
    participants: int
    modified: float
    last_used: str = ""  # when something last happened in it (the newest event), ISO 8601


class Home:
    """Where sessions live; resolves a slug or a path to a session file."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root or os.environ.get(HOME_ENV) or Path.cwd()).expanduser().resolve()
        self.sessions_dir = self.root / "sessions"
        self.exports_dir = self.root / "exports"
        self._tokens: dict[str, Path] = {}
        self._tokens_lock = threading.Lock()
        self._services: dict[Path, SessionService] = {}
        self._tokens_scanned_at = float("-inf")
        self._slips: dict[str, Path] = {}
        self._slips_scanned_at = float("-inf")

    def path_of(self, slug: str) -> Path:
        return self.sessions_dir / f"{slug}.db"

    def resolve(self, name: str | Path, *, exact: bool = False) -> Path:
        """The one session resolver of every command: a path to a `.db` file anywhere, a session id (slug) of
        this home, or — unless `exact` (`purge` deletes only what was named in full) — a unique beginning of one.
        An ambiguous beginning is refused with the ids it could mean."""
        candidate = Path(name)
        if candidate.suffix == ".db" and candidate.is_file():
            return candidate.resolve()
        if isinstance(name, str) and ids.SLUG_PATTERN.match(name):
            if self.path_of(name).is_file():
                return self.path_of(name)
            matches = sorted(path.stem for path in self.sessions_dir.glob("*.db")
                             if path.stem.startswith(name)) if not exact and self.sessions_dir.is_dir() else []
            if len(matches) == 1:
                return self.path_of(matches[0])
            if matches:
                raise NotFound(_("„{name}“ passt zu mehreren Sitzungen: {matches}. Bitte mehr von der Kennung "
                                 "angeben."), name=name, matches=", ".join(matches))
        raise NotFound(_("Keine Sitzung „{name}“ in {home}."), name=str(name), home=str(self.sessions_dir))

    def open(self, name: str | Path, *, exact: bool = False) -> SessionService:
        return SessionService.open(self.resolve(name, exact=exact))

    def service(self, name: str | Path) -> SessionService:
        """The shared service of a session in this process (one connection, one event bus).

        The terminal app and the phones' server both use it, so an idea sent from a phone reaches the
        board as an in-process event. Close them all with `close_all()`, not one by one.
        """
        path = self.resolve(name)
        with self._tokens_lock:
            service = self._services.get(path)
            if service is None:
                service = self._services[path] = SessionService.open(path)
            return service

    def phones(self, name: str | Path) -> PhoneSide:
        """The phones' side of a session's shared service (`phone_side.py`): all the participants' server gets."""
        return self.service(name).phone_side

    def phones_for_token(self, token: str) -> PhoneSide | None:
        """The phones' side of the session with this join token, or None."""
        path = self.path_for_token(token)
        if path is None:
            return None
        phones = self.phones(path)
        # A session file replaced under the same name (the demo, rebuilt) has a new token.
        return phones if phones.session().join_token == token else None

    def phones_for_slip(self, code: str) -> PhoneSide | None:
        """The phones' side of the session that printed this voting slip's code, or None."""
        found = ids.slip_code(code)
        if found is None:
            return None
        with self._tokens_lock:
            path = self._slips.get(found)
            stale = time.monotonic() - self._slips_scanned_at >= TOKEN_RESCAN_SECONDS
            if (path is None or not path.is_file()) and stale:
                # Slips printed by another process (`werkstatt slips`) are found within a second.
                self._slips = {}
                for candidate in self.sessions_dir.glob("*.db"):
                    for slip in _read_slip_codes(candidate):
                        self._slips[slip] = candidate.resolve()
                self._slips_scanned_at = time.monotonic()
                path = self._slips.get(found)
        if path is None or not path.is_file():
            return None
        phones = self.phones(path)
        return phones if phones.slip_exists(found) else None

    def forget(self, path: Path) -> None:
        """Drop what this home remembers of a session file that is about to be replaced or removed."""
        path = path.resolve()
        with self._tokens_lock:
            service = self._services.pop(path, None)
            self._tokens = {token: known for token, known in self._tokens.items() if known != path}
            self._tokens_scanned_at = float("-inf")
        if service is not None:
            service.close()

    def close_all(self) -> None:
        with self._tokens_lock:
            services, self._services = list(self._services.values()), {}
        for service in services:
            service.close()

    def new_slug(self, title: str, day: str) -> str:
        """`2016-11-24-integrationsplan`, with `-2`, `-3` … where taken."""
        base = f"{day}-{ids.slugify(title)}"
        slug, number = base, 1
        while self.path_of(slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def create(self, title: str, *, date: str | None = None, venue: str = "", language: str = "de",
               dots_per_participant: int = 5, cap_per_item: int = 3, slug: str | None = None,
               slips: bool = False, retention_days: int = 30, contact: str = "",
               network_keep_months: int = KEEP_MONTHS_DEFAULT) -> SessionService:
        """A new session file under `sessions/`."""
        day = date or date_type.today().isoformat()
        if slug is None:
            slug = self.new_slug(title or "werkstatt", day)
        elif not ids.SLUG_PATTERN.match(slug):
            raise InvalidInput(_("Ungültige Sitzungskennung: {slug}."), slug=slug)
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        service = SessionService.create(self.path_of(slug), title, slug=slug, date=day, venue=venue,
                                        language=language, dots_per_participant=dots_per_participant,
                                        cap_per_item=cap_per_item, slips=slips, retention_days=retention_days,
                                        contact=contact, network_keep_months=network_keep_months)
        self._tokens_scanned_at = float("-inf")  # the next unknown token looks again
        return service

    def sessions(self) -> list[SessionInfo]:
        """Every session of this home, the most recently used first (its newest event; opening one to look
        at it changes nothing, so the order stays put)."""
        found = []
        for path in sorted(self.sessions_dir.glob("*.db")):
            info = _read_info(path)
            if info is not None:
                found.append(info)
        return sorted(found, key=lambda info: (info.last_used, info.modified), reverse=True)

    def path_for_token(self, token: str) -> Path | None:
        """The session file whose join token this is (for the phones' server), or None."""
        if not ids.is_join_token(token):
            return None
        with self._tokens_lock:
            path = self._tokens.get(token)
            if path is not None and path.is_file():
                return path
            # A flood of wrong tokens must not make every request scan the folder: rescan at most once a
            # second (a session created by another process is found within that second).
            if time.monotonic() - self._tokens_scanned_at < TOKEN_RESCAN_SECONDS:
                return None
            self._scan_tokens()
            return self._tokens.get(token)

    def _scan_tokens(self) -> None:
        self._tokens = {}
        for candidate in self.sessions_dir.glob("*.db"):
            found = _read_token(candidate)
            if found:
                self._tokens[found] = candidate.resolve()
        self._tokens_scanned_at = time.monotonic()


def _read_only(path: Path) -> sqlite3.Connection:
    conn, _uri = read_only_connection(path, timeout=5)  # on a full disk or a read-only folder, too
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _read_token(path: Path) -> str | None:
    try:
        conn = _read_only(path)
        try:
            row = conn.execute("SELECT join_token FROM session").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _read_slip_codes(path: Path) -> list[str]:
    try:
        conn = _read_only(path)
        try:
            return [code for (code,) in conn.execute("SELECT code FROM slips").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # not a session file, or one from before slips


def _read_info(path: Path) -> SessionInfo | None:
    try:
        conn = _read_only(path)
        try:
            # A file from before the `turnout` table (opened read-only, so not migrated) was never purged.
            frozen = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'turnout'").fetchone()
            row = conn.execute(
                "SELECT slug, title, date, venue, phase, step, "
                "(SELECT COUNT(*) FROM ideas WHERE status = 'visible'), (SELECT COUNT(*) FROM themes), "
                "(SELECT COUNT(*) FROM measures), "
                f"({TAKING_PART_SQL if frozen else LIVE_TAKING_PART_SQL}), "
                "(SELECT COALESCE((SELECT at FROM events ORDER BY seq DESC LIMIT 1), '')) FROM session").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not a session file, or one from a newer version: `list` skips it
    if row is None:
        return None
    slug, title, day, venue, phase, step, idea_count, theme_count, measure_count, participants, last_used = row
    try:
        phase, step = Phase(phase), Step(step)
    except ValueError:
        return None  # a phase or step this version does not know: `list` skips the file
    return SessionInfo(slug=path.stem, path=path, title=title, date=day, venue=venue or "", phase=phase, step=step,
                       ideas=idea_count, themes=theme_count, measures=measure_count, participants=participants,
                       modified=max(path.stat().st_mtime, _wal_mtime(path)), last_used=last_used)


def _wal_mtime(path: Path) -> float:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_mtime if wal.exists() else 0.0
