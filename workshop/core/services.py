"""`SessionService`: one session, composed of its parts — the facilitator's side, and the phones' door.

Every use case is one transaction that checks the rules and logs an event, so the views cannot disagree
about a rule. The session only composes the parts, each an object of its own that is given what it needs
(the write path in `transactions.py`: the writer, the readers, the clock and the bus; and the other parts
it calls), one module per reason to change:

- `service.read` (`queries.py`): the read side, every view's questions; `read.snapshot()` the plain data.
- `service.settings` (`settings.py`), `service.steps` (`steps.py`), `service.timer` (`timer.py`): the
  session's settings and questions, its course, the step's timer.
- `service.ideas` (`ideas.py`), `service.themes` (`themes.py`): the wall.
- `service.voting` (`voting.py`): the facilitator's side of a vote.
- `service.devices` (`devices.py`): device ids minted without storing, a participant from the first write;
  `service.phones` (`phones.py`): the phones' hot paths; `service.slips` (`slips.py`): voting slips.
- `service.measures` (`measures.py`): draft measures.
- `service.consent` (`consent.py`): the actors' network; `service.signups` (`signups.py`): sign-ups to carry
  out a measure; `service.privacy` (`privacy.py`): retention and
  withdrawal contact; `service.purge` (`purge.py`): the deletion of per-device data.
- `service.review` (`review.py`): a review session's items (the plan's measures), statuses and remarks.
- `service.undo` (`undo.py`): undo and redo.
- `service.groups` (`groups.py`): small groups and their shared drafts.
- `service.phone_side` (`phone_side.py`): the narrow door the participants' server gets.
- Under them: `rules.py` (every limit and check), `rows.py` (row mappers and shared SQL), `turnout.py`
  (who took part), `ranking.py`, `snapshot.py`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from workshop.core import ids
from workshop.core.consent import Consent
from workshop.core.devices import Devices
from workshop.core.errors import NotFound, RuleViolation
from workshop.core.groups import GroupPhones, Groups
from workshop.core.events import EventBus, SessionCreated
from workshop.core.ideas import Ideas
from workshop.core.measures import Measures
from workshop.core.models import FACILITATOR, Phase, Step
from workshop.core.phone_side import PhoneDoor
from workshop.core.phones import Phones
from workshop.core.privacy import KEEP_MONTHS_DEFAULT, Privacy, check_keep_months
from workshop.core.purge import Purge
from workshop.core.queries import Reads
from workshop.core.review import Review
from workshop.core.rules import (
    RETENTION_DAYS_DEFAULT, check_date, check_language, check_retention_days, check_rules, clean_contact,
    clean_title, clean_venue)
from workshop.core.settings import Settings
from workshop.core.signups import Signups
from workshop.core.slips import Slips
from workshop.core.steps import Steps
from workshop.core.storage import (
    missing_logs, read_only_reason, readable_without_writing, remove_empty_logs, storage_error)
from workshop.core.store import SchemaTooNew, Store
from workshop.core.themes import Themes
from workshop.core.timer import StepTimer
from workshop.core.transactions import Transactions
from workshop.core.undo import Undo
from workshop.core.voting import Voting
from workshop.core.writer import Writer
from workshop.i18n import _


class SessionService:
    """One session over its SQLite file: the parts the facilitator's app and the commands use, and the phones'
    door (`phone_side`) that the participants' server gets instead."""

    def __init__(self, store: Store, bus: EventBus | None = None, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.bus = bus or EventBus()
        self.clock = clock
        self.transactions = path = Transactions(store, self.bus, clock)
        self.read = Reads(path)
        self.settings = Settings(path)
        self.steps = Steps(path)
        self.timer = StepTimer(path, self.read)
        self.ideas = Ideas(path)
        self.themes = Themes(path)
        self.voting = Voting(path)
        self.devices = Devices(path)
        self.phones = Phones(path, self.devices)
        self.slips = Slips(path)
        self.measures = Measures(path)
        self.consent = Consent(path, self.devices)
        self.signups = Signups(path, self.devices)
        self.privacy = Privacy(path)
        self.purge = Purge(path, self.read)
        self.undo = Undo(path)
        self.groups = Groups(path, self.devices)
        self.review = Review(path, self.devices)
        self.phone_side = PhoneDoor(store, self.read, self.devices, self.phones, self.consent, self.slips,
                                    self.bus.subscribe, self.signups, self.review, groups=GroupPhones(self.groups))

    @classmethod
    def create(cls, path: Path | str, title: str, *, slug: str, date: str | None = None, venue: str = "",
               language: str = "de", dots_per_participant: int = 5, cap_per_item: int = 3, slips: bool = False,
               retention_days: int = RETENTION_DAYS_DEFAULT, contact: str = "",
               network_keep_months: int = KEEP_MONTHS_DEFAULT,
               clock: Callable[[], float] = time.time) -> SessionService:
        """Create the session's file with its first row; fails if the file exists."""
        path = Path(path)
        title = clean_title(title)
        venue = clean_venue(venue)
        date = check_date(date or datetime.fromtimestamp(clock()).date().isoformat())
        check_language(language)
        check_rules(dots_per_participant, cap_per_item)
        check_retention_days(retention_days)
        check_keep_months(network_keep_months)
        contact = clean_contact(contact)
        if path.exists():
            raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            service = cls(Store(path), clock=clock)
        except sqlite3.Error as error:  # a full disk or a read-only folder: no half-made file stays behind
            _remove_files(path)
            raise storage_error(error, path) from error
        transactions = service.transactions

        def first_row() -> None:
            with transactions.transaction() as log:
                if log.tx.one("SELECT id FROM session") is not None:
                    raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
                log.tx.insert("session", {
                    "id": ids.new_id(), "slug": slug, "title": title, "date": date, "venue": venue,
                    "language": language, "join_token": ids.new_join_token(),
                    "dots_per_participant": dots_per_participant, "cap_per_item": cap_per_item,
                    "phase": str(Phase.CRITIQUE), "step": str(Step.COLLECT), "questions": "{}",
                    "timer_seconds": 600, "timer_started_at": None, "timer_remaining": 600.0,
                    "created_at": transactions.now(), "slips": int(bool(slips)),
                    "retention_days": retention_days, "contact": contact,
                    "network_keep_months": network_keep_months,
                })
                created = SessionCreated(title=title, slug=slug)
                log.append(created.KIND, created.data(), actor=FACILITATOR)

        try:
            service.writer.call(first_row)
        except BaseException as error:
            service.close()
            _remove_files(path)
            if isinstance(error, sqlite3.Error):
                raise storage_error(error, path) from error
            raise
        return service

    @classmethod
    def open(cls, path: Path | str, clock: Callable[[], float] = time.time) -> SessionService:
        """Open an existing session file (migrating its schema if it comes from an older version)."""
        path = Path(path)
        if not path.is_file():
            raise NotFound(_("Keine Sitzungsdatei {path}."), path=str(path))
        made = missing_logs(path)
        try:
            store = _opened(Store(path))
        except sqlite3.Error as error:
            remove_empty_logs(made)
            if not readable_without_writing(error):
                raise storage_error(error, path) from error
            # A full disk, a read-only file or folder: the session can still be read (and exported).
            try:
                why, code = read_only_reason(error)
                store = _opened(Store(path, read_only=why, read_only_code=code))
            except (sqlite3.Error, SchemaTooNew):
                raise storage_error(error, path) from error
        service = cls(store, clock=clock)
        with service.store.read() as tx:
            if tx.one("SELECT id FROM session") is None:
                service.close()
                raise NotFound(_("{path} enthält keine Sitzung."), path=str(path))
        return service

    @property
    def read_only(self) -> str | None:
        """Why this session's file takes no writes (one German sentence: full disk, read-only file or folder),
        or None."""
        return self.store.read_only

    @property
    def writer(self) -> Writer:
        """The session's writer: `submit(use_case, …)` hands a write over without waiting for it."""
        return self.store.writer

    def close(self) -> None:
        """Write what is queued, then close the file (every part's reads and writes fail from then on)."""
        self.store.close()


def _opened(store: Store) -> Store:
    """The store after its first read (which maps the `-shm` file: where that fails, reading fails too)."""
    try:
        with store.read() as tx:
            tx.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        store.close()
        raise
    return store


def _remove_files(path: Path) -> None:
    """A session file that could not be made, with its log files (never one that was there before)."""
    for suffix in ("", "-wal", "-shm"):
        leftover = path.with_name(path.name + suffix)
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder: nothing was made there either
