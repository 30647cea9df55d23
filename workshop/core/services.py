"""`SessionService`: the one door to a session for the terminal app, the phones' server and the command line.

Every use case is one transaction that checks the rules and logs an event, so the views cannot disagree
about a rule. The class only composes the parts, one module per reason to change:

- `queries.py` the read side; `steps.py` settings, steps and timer; `ideas.py` and `themes.py` the wall;
  `voting.py` the facilitator's side of a vote; `phones.py` the phones' hot paths, on `devices.py`
  (device ids minted without storing, a participant from the first write); `slips.py` voting slips;
  `measures.py` draft measures; `consent.py` the actors' network; `privacy.py` retention and withdrawal
  contact; `purge.py` the deletion of per-device data; `turnout.py` who took part; `undo.py` undo and redo;
  `snapshot.py` the plain-data view.
- Under them: `transactions.py` (one transaction, its events published after the commit), `rules.py`
  (every limit and check), `rows.py` (row mappers and shared SQL), `ranking.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from workshop.core import ids
from workshop.core.consent import Consent
from workshop.core.errors import NotFound, RuleViolation
from workshop.core.events import EventKind
from workshop.core.ideas import Ideas
from workshop.core.measures import Measures
from workshop.core.models import FACILITATOR, DotsState, Phase, Step
from workshop.core.phones import Phones
from workshop.core.privacy import Privacy
from workshop.core.purge import Purge
from workshop.core.rules import (
    MAX_COST_EUR, MAX_DOTS, MAX_PAPER_DOTS, MAX_TIMER_SECONDS, RETENTION_DAYS_DEFAULT, check_date, check_language,
    check_retention_days, check_rules, clean_contact, clean_title, clean_venue, suggested_budget)
from workshop.core.slips import Slips
from workshop.core.snapshot import build_snapshot
from workshop.core.steps import Steps
from workshop.core.store import Store
from workshop.core.themes import Themes
from workshop.core.undo import Undo
from workshop.core.voting import Voting
from workshop.i18n import _

# Importers of this module keep finding these here.
__all__ = ["MAX_COST_EUR", "MAX_DOTS", "MAX_PAPER_DOTS", "MAX_TIMER_SECONDS", "DotsState", "SessionService",
           "suggested_budget"]


class SessionService(Steps, Ideas, Themes, Voting, Phones, Slips, Measures, Consent, Privacy, Purge, Undo):
    """The use cases of one session, over its SQLite file."""

    @classmethod
    def create(cls, path: Path | str, title: str, *, slug: str, date: str | None = None, venue: str = "",
               language: str = "de", dots_per_participant: int = 5, cap_per_item: int = 3, slips: bool = False,
               retention_days: int = RETENTION_DAYS_DEFAULT, contact: str = "",
               clock: Callable[[], float] = time.time) -> SessionService:
        """Create the session's file with its first row; fails if the file exists."""
        path = Path(path)
        title = clean_title(title)
        venue = clean_venue(venue)
        date = check_date(date or datetime.fromtimestamp(clock()).date().isoformat())
        check_language(language)
        check_rules(dots_per_participant, cap_per_item)
        check_retention_days(retention_days)
        contact = clean_contact(contact)
        if path.exists():
            raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        service = cls(Store(path), clock=clock)

        def first_row() -> None:
            with service._transaction() as log:
                if log.tx.one("SELECT id FROM session") is not None:
                    raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
                log.tx.insert("session", {
                    "id": ids.new_id(), "slug": slug, "title": title, "date": date, "venue": venue,
                    "language": language, "join_token": ids.new_join_token(),
                    "dots_per_participant": dots_per_participant, "cap_per_item": cap_per_item,
                    "phase": str(Phase.CRITIQUE), "step": str(Step.COLLECT), "questions": "{}",
                    "timer_seconds": 600, "timer_started_at": None, "timer_remaining": 600.0,
                    "created_at": service._now(), "slips": int(bool(slips)),
                    "retention_days": retention_days, "contact": contact,
                })
                log.append(EventKind.SESSION_CREATED, {"title": title, "slug": slug}, actor=FACILITATOR)

        try:
            service.writer.call(first_row)
        except BaseException:
            service.close()
            raise
        return service

    @classmethod
    def open(cls, path: Path | str, clock: Callable[[], float] = time.time) -> SessionService:
        path = Path(path)
        if not path.is_file():
            raise NotFound(_("Keine Sitzungsdatei {path}."), path=str(path))
        service = cls(Store(path), clock=clock)
        with service.store.read() as tx:
            if tx.one("SELECT id FROM session") is None:
                service.close()
                raise NotFound(_("{path} enthält keine Sitzung."), path=str(path))
        return service

    def close(self) -> None:
        self.store.close()

    def snapshot(self) -> dict[str, Any]:
        """The whole session as plain data: for `werkstatt show --json`, exports and tests."""
        return build_snapshot(self.store, self.session())
