"""The session's settings (`service.settings`): its title, date, place, language, voting rules and questions."""

from __future__ import annotations

import json
from typing import Any

from workshop.core.errors import RuleViolation
from workshop.core.events import EventKind, QuestionChanged, SettingsChanged
from workshop.core.models import Phase, Session
from workshop.core.rows import load_session
from workshop.core.rules import check_date, check_language, check_phase, check_rules, clean_title, clean_venue
from workshop.core.text import TITLE_MAX, clean_text
from workshop.core.transactions import Part, writes
from workshop.i18n import _


class Settings(Part):
    """The facilitator's settings form and the phases' guiding questions (both undoable)."""

    @writes
    def update(self, *, title: str | None = None, date: str | None = None, venue: str | None = None,
               language: str | None = None, dots_per_participant: int | None = None,
               cap_per_item: int | None = None, slips: bool | None = None) -> Session:
        """Change the session's settings; `slips`: whether dots need a voting slip (not during a vote)."""
        with self._action(EventKind.SETTINGS_CHANGED) as (tx, action):
            session = load_session(tx)
            values: dict[str, Any] = {}
            if slips is not None and bool(slips) != session.slips:
                if tx.one("SELECT id FROM rounds WHERE status = 'open'") is not None:
                    raise RuleViolation(_("Stimmzettel lassen sich nicht während einer Abstimmung ein- oder "
                                          "ausschalten."))
                values["slips"] = int(bool(slips))
            if title is not None:
                values["title"] = clean_title(title)
            if date is not None:
                values["date"] = check_date(date)
            if venue is not None:
                values["venue"] = clean_venue(venue)
            if language is not None:
                values["language"] = check_language(language)
            dots = session.dots_per_participant if dots_per_participant is None else dots_per_participant
            cap = session.cap_per_item if cap_per_item is None else cap_per_item
            check_rules(dots, cap)
            values.update(dots_per_participant=dots, cap_per_item=cap)
            tx.update("session", {"id": session.id}, **values)
            action.payload = SettingsChanged(**values)
            return load_session(tx)

    @writes
    def set_question(self, phase: Phase | str, text: str) -> None:
        """Change a phase's guiding question (shown on the board, the projector and the phones)."""
        phase = check_phase(phase)
        text = clean_text(text, max_length=TITLE_MAX, what=_("Die Leitfrage"))
        with self._action(EventKind.QUESTION_CHANGED) as (tx, action):
            session = load_session(tx)
            questions = dict(session.questions)
            questions[str(phase)] = text
            tx.update("session", {"id": session.id}, questions=json.dumps(questions, ensure_ascii=False))
            action.payload = QuestionChanged(phase=str(phase), question=text)
