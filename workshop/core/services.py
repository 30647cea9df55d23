"""Every use case of a session, each one transaction that checks the rules and logs an event.

The terminal app, the phones' server and the command line all call these methods, so they cannot
disagree about a rule. Facilitator actions record the rows they change, which is what undo and redo
replay; participants' actions (an idea, a dot) are plain SQL on the hot path and are never undone.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workshop.core import ids
from workshop.core.errors import (
    BudgetExceeded, CapExceeded, DomainError, InvalidInput, NotFound, RoundClosed, RuleViolation,
    UndoRefused, WrongPhase)
from workshop.core.events import EventBus
from workshop.core.models import (
    COLLECTING_PHASES, FACILITATOR, MEASURE_STATUSES, STEPS, Event, Idea, IdeaStatus, ItemKind, Measure,
    Participant, Phase, ResultRow, RoundItem, RoundStatus, Session, Step, Theme, Timeframe, VoteRound)
from workshop.core.store import PRIMARY_KEYS, Row, Store, Tx
from workshop.core.text import FIELD_MAX, IDEA_MAX, TITLE_MAX, clean_text
from workshop.i18n import LANGUAGES, _

MAX_DOTS = 99
MAX_PAPER_DOTS = 100_000
MAX_TIMER_SECONDS = 24 * 3600
MAX_COST_EUR = 10**12


@dataclass
class _Action:
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    publish: bool = True


@dataclass(frozen=True, slots=True)
class DotsState:
    """What one device has spent in one round, after a change."""

    round_id: str
    budget: int
    cap: int
    spent: int
    by_item: dict[str, int]

    @property
    def left(self) -> int:
        return self.budget - self.spent


@dataclass(frozen=True, slots=True)
class _HotRound:
    id: str
    phase: str
    budget: int
    cap: int
    items: frozenset[str]


@dataclass(slots=True)
class _HotCache:
    """What the phones' hot paths check on every request, stamped to know when it is stale."""

    version: int
    changes: int
    phase: str
    step: str
    open_round: _HotRound | None
    devices: set[str]
    next_position: int | None = None


def suggested_budget(item_count: int, default: int) -> int:
    """The method's rule of thumb: half the items, at least 3 (never more than the items), at most the default."""
    if item_count <= 0:
        return 0
    return max(1, min(default, max(min(3, item_count), item_count // 2)))


class SessionService:
    """The use cases of one session, over its SQLite file."""

    def __init__(self, store: Store, bus: EventBus | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.bus = bus or EventBus()
        self.clock = clock
        self._hot_cache: _HotCache | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def create(cls, path: Path | str, title: str, *, slug: str, date: str | None = None, venue: str = "",
               language: str = "de", dots_per_participant: int = 5, cap_per_item: int = 3,
               clock: Callable[[], float] = time.time) -> SessionService:
        """Create the session's file with its first row; fails if the file exists."""
        path = Path(path)
        title = clean_text(title, max_length=TITLE_MAX, what=_("Der Titel"), multiline=False)
        venue = clean_text(venue, max_length=TITLE_MAX, what=_("Der Ort"), multiline=False, required=False)
        date = _check_date(date or datetime.fromtimestamp(clock()).date().isoformat())
        if language not in LANGUAGES:
            raise InvalidInput(_("Unbekannte Sprache: {language}."), language=language)
        _check_rules(dots_per_participant, cap_per_item)
        if path.exists():
            raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        service = cls(Store(path), clock=clock)
        now = service._now()
        with service.store.write() as tx:
            if tx.one("SELECT id FROM session") is not None:
                raise RuleViolation(_("Die Sitzung {slug} gibt es schon."), slug=slug)
            tx.insert("session", {
                "id": ids.new_id(), "slug": slug, "title": title, "date": date, "venue": venue,
                "language": language, "join_token": ids.new_join_token(),
                "dots_per_participant": dots_per_participant, "cap_per_item": cap_per_item,
                "phase": str(Phase.CRITIQUE), "step": str(Step.COLLECT), "questions": "{}",
                "timer_seconds": 600, "timer_started_at": None, "timer_remaining": 600.0, "created_at": now,
            })
            tx.append_event(now, FACILITATOR, "SessionCreated", {"title": title, "slug": slug}, undoable=False)
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

    def _now(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="milliseconds")

    @contextlib.contextmanager
    def _action(self, kind: str, *, actor: str = FACILITATOR, undoable: bool = True) -> Iterator[tuple[Tx, _Action]]:
        """A transaction that ends with one event in the log, published after the commit."""
        action = _Action(kind)
        with self.store.write(record=undoable) as tx:
            yield tx, action
            if not action.publish:
                return
            at = self._now()
            seq = tx.append_event(at, actor, action.kind, action.data, undoable)
        if action.publish:
            self.bus.publish(Event(seq, at, actor, action.kind, action.data, undoable))

    # ----------------------------------------------------------------- reads

    def session(self) -> Session:
        with self.store.read() as tx:
            return _session(tx)

    def ideas(self, phase: Phase | str | None = None, *, visible_only: bool = False) -> list[Idea]:
        sql = "SELECT * FROM ideas"
        where, params = [], []
        if phase is not None:
            where.append("phase = ?")
            params.append(str(phase))
        if visible_only:
            where.append("status = 'visible'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.store.read() as tx:
            return [_idea(row) for row in tx.all(sql + " ORDER BY position", tuple(params))]

    def idea(self, idea_id: str) -> Idea:
        with self.store.read() as tx:
            return _idea(_require(tx, "ideas", idea_id, _("Die Idee")))

    def ideas_of_device(self, device_id: str) -> list[Idea]:
        with self.store.read() as tx:
            return [_idea(row) for row in tx.all("SELECT * FROM ideas WHERE author = ? ORDER BY position", (device_id,))]

    def themes(self, phase: Phase | str | None = None) -> list[Theme]:
        with self.store.read() as tx:
            if phase is None:
                rows = tx.all("SELECT * FROM themes ORDER BY position")
            else:
                rows = tx.all("SELECT * FROM themes WHERE phase = ? ORDER BY position", (str(phase),))
            return [_theme(row) for row in rows]

    def theme(self, theme_id: str) -> Theme:
        with self.store.read() as tx:
            return _theme(_require(tx, "themes", theme_id, _("Das Thema")))

    def rounds(self, phase: Phase | str | None = None) -> list[VoteRound]:
        with self.store.read() as tx:
            if phase is None:
                rows = tx.all("SELECT * FROM rounds ORDER BY number")
            else:
                rows = tx.all("SELECT * FROM rounds WHERE phase = ? ORDER BY number", (str(phase),))
            return [_round(tx, row) for row in rows]

    def round(self, round_id: str) -> VoteRound:
        with self.store.read() as tx:
            return _round(tx, _require(tx, "rounds", round_id, _("Die Abstimmung")))

    def current_round(self) -> VoteRound | None:
        """The open round, else the newest round of the current phase, else None."""
        with self.store.read() as tx:
            row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
            if row is None:
                row = tx.one("SELECT * FROM rounds WHERE phase = (SELECT phase FROM session) "
                             "ORDER BY number DESC LIMIT 1")
            return _round(tx, row) if row else None

    def results(self, round_id: str) -> list[ResultRow]:
        """The round's items ranked by dots (devices + paper); ties keep the items' order."""
        with self.store.read() as tx:
            _require(tx, "rounds", round_id, _("Die Abstimmung"))
            return _results(tx, round_id)

    def device_dots(self, round_id: str, device_id: str) -> DotsState:
        with self.store.read() as tx:
            round_row = _require(tx, "rounds", round_id, _("Die Abstimmung"))
            return _dots_state(tx, round_row, device_id)

    def round_activity(self, round_id: str) -> tuple[int, int]:
        """(devices that spent dots, dots spent from devices) — the facilitator's live figures."""
        with self.store.read() as tx:
            row = tx.one("SELECT COUNT(DISTINCT device_id) AS voters, COALESCE(SUM(count), 0) AS dots "
                         "FROM dots WHERE round_id = ? AND count > 0", (round_id,))
            return row["voters"], row["dots"]

    def measures(self) -> list[Measure]:
        with self.store.read() as tx:
            return [_measure(row) for row in tx.all("SELECT * FROM measures ORDER BY position")]

    def measure(self, measure_id: str) -> Measure:
        with self.store.read() as tx:
            return _measure(_require(tx, "measures", measure_id, _("Die Maßnahme")))

    def participants(self) -> list[Participant]:
        with self.store.read() as tx:
            return [Participant(**row) for row in tx.all("SELECT * FROM devices ORDER BY joined_at, id")]

    def participant(self, device_id: str) -> Participant | None:
        with self.store.read() as tx:
            row = tx.get("devices", {"id": device_id})
            return Participant(**row) if row else None

    def events_since(self, seq: int = 0, limit: int = 1000) -> list[Event]:
        with self.store.read() as tx:
            rows = tx.all("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
        return [_event(row) for row in rows]

    def last_seq(self) -> int:
        with self.store.read() as tx:
            return tx.one("SELECT COALESCE(MAX(seq), 0) AS seq FROM events")["seq"]

    def counts(self) -> dict[str, int]:
        """Ideas (visible), themes, participants and measures, for lists and headers."""
        with self.store.read() as tx:
            return tx.one(
                "SELECT (SELECT COUNT(*) FROM ideas WHERE status = 'visible') AS ideas, "
                "(SELECT COUNT(*) FROM themes) AS themes, (SELECT COUNT(*) FROM devices) AS participants, "
                "(SELECT COUNT(*) FROM measures) AS measures")

    def suggested_budget(self, kind: ItemKind | str = ItemKind.THEME) -> int:
        """The method's suggestion for the next round of the current phase."""
        session = self.session()
        with self.store.read() as tx:
            items = _round_candidates(tx, session.phase, ItemKind(kind))
        return suggested_budget(len(items), session.dots_per_participant)

    def timer_remaining(self, session: Session | None = None) -> float:
        """Seconds left on the step's timer (it counts on while running, even across restarts)."""
        session = session or self.session()
        remaining = session.timer_remaining if session.timer_remaining is not None else session.timer_seconds
        if session.timer_started_at is not None:
            remaining -= self.clock() - session.timer_started_at
        return max(0.0, remaining)

    def can_undo(self) -> Event | None:
        """The action that undo would take back, if any."""
        with self.store.read() as tx:
            stack, _redo = _undo_stacks(tx)
            return _event(tx.one("SELECT * FROM events WHERE seq = ?", (stack[-1],))) if stack else None

    def undo_depth(self) -> int:
        """How many facilitator actions undo could take back, one after another."""
        with self.store.read() as tx:
            return len(_undo_stacks(tx)[0])

    def can_redo(self) -> Event | None:
        with self.store.read() as tx:
            _stack, redo = _undo_stacks(tx)
            return _event(tx.one("SELECT * FROM events WHERE seq = ?", (redo[-1],))) if redo else None

    # ----------------------------------------------------------------- session and phases

    def update_settings(self, *, title: str | None = None, date: str | None = None, venue: str | None = None,
                        language: str | None = None, dots_per_participant: int | None = None,
                        cap_per_item: int | None = None) -> Session:
        with self._action("SettingsChanged") as (tx, action):
            session = _session(tx)
            values: dict[str, Any] = {}
            if title is not None:
                values["title"] = clean_text(title, max_length=TITLE_MAX, what=_("Der Titel"), multiline=False)
            if date is not None:
                values["date"] = _check_date(date)
            if venue is not None:
                values["venue"] = clean_text(venue, max_length=TITLE_MAX, what=_("Der Ort"), multiline=False,
                                             required=False)
            if language is not None:
                if language not in LANGUAGES:
                    raise InvalidInput(_("Unbekannte Sprache: {language}."), language=language)
                values["language"] = language
            dots = session.dots_per_participant if dots_per_participant is None else dots_per_participant
            cap = session.cap_per_item if cap_per_item is None else cap_per_item
            _check_rules(dots, cap)
            values.update(dots_per_participant=dots, cap_per_item=cap)
            tx.update("session", {"id": session.id}, **values)
            action.data = {key: value for key, value in values.items()}
            return _session(tx)

    def set_question(self, phase: Phase | str, text: str) -> None:
        """Change a phase's guiding question (shown on the board, the projector and the phones)."""
        phase = _phase(phase)
        text = clean_text(text, max_length=TITLE_MAX, what=_("Die Leitfrage"))
        with self._action("QuestionChanged") as (tx, action):
            session = _session(tx)
            questions = dict(session.questions)
            questions[str(phase)] = text
            tx.update("session", {"id": session.id}, questions=json.dumps(questions, ensure_ascii=False))
            action.data = {"phase": str(phase), "question": text}

    def next_step(self) -> Session:
        """Move on one step; leaving the vote step closes the open round."""
        return self._move(+1)

    def previous_step(self) -> Session:
        return self._move(-1)

    def go_to(self, phase: Phase | str, step: Step | str) -> Session:
        target = (_phase(phase), Step(step))
        if target not in STEPS:
            raise InvalidInput(_("Diesen Schritt gibt es in dieser Phase nicht."))
        return self._move(0, target)

    def _move(self, delta: int, target: tuple[Phase, Step] | None = None) -> Session:
        with self._action("StepChanged") as (tx, action):
            session = _session(tx)
            index = STEPS.index((session.phase, session.step))
            new_index = STEPS.index(target) if target else index + delta
            if not 0 <= new_index < len(STEPS):
                raise RuleViolation(_("Hier geht es nicht weiter.") if delta > 0 else _("Das ist der erste Schritt."))
            phase, step = STEPS[new_index]
            if session.step == Step.VOTE and (phase, step) != (session.phase, session.step):
                open_row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
                if open_row is not None:
                    _close(tx, open_row, self._now())
                    action.data["closed_round"] = open_row["id"]
            _enter_step(tx, session, phase, step)
            action.data.update({"phase": str(phase), "step": str(step)})
            return _session(tx)

    # ----------------------------------------------------------------- timer (not undone)

    def set_timer(self, seconds: int) -> Session:
        """Set the step's timebox and stop the clock at its full length."""
        if not isinstance(seconds, int) or not 1 <= seconds <= MAX_TIMER_SECONDS:
            raise InvalidInput(_("Die Zeit muss zwischen 1 Sekunde und 24 Stunden liegen."))
        return self._timer("TimerSet", timer_seconds=seconds, timer_remaining=float(seconds), timer_started_at=None)

    def start_timer(self) -> Session:
        session = self.session()
        if session.timer_started_at is not None:
            return session
        remaining = self.timer_remaining(session) or float(session.timer_seconds)
        return self._timer("TimerStarted", timer_remaining=remaining, timer_started_at=self.clock())

    def pause_timer(self) -> Session:
        session = self.session()
        if session.timer_started_at is None:
            return session
        return self._timer("TimerPaused", timer_remaining=self.timer_remaining(session), timer_started_at=None)

    def _timer(self, kind: str, **values: Any) -> Session:
        with self._action(kind, undoable=False) as (tx, action):
            session = _session(tx)
            tx.update("session", {"id": session.id}, **values)
            session = _session(tx)
            action.data = {"seconds": session.timer_seconds, "remaining": self.timer_remaining(session),
                           "running": session.timer_started_at is not None}
            return session

    # ----------------------------------------------------------------- ideas

    def add_idea(self, text: str, *, phase: Phase | str | None = None, theme_id: str | None = None) -> Idea:
        """The facilitator captures an idea (in any step of a collecting phase)."""
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self._action("IdeaAdded") as (tx, action):
            session = _session(tx)
            phase = _phase(phase) if phase else session.phase
            if phase not in COLLECTING_PHASES:
                raise WrongPhase(_("In der Verwirklichungsphase werden keine Ideen gesammelt."))
            if theme_id is not None:
                _check_theme_phase(tx, theme_id, phase)
            row = _idea_row(tx, phase, text, FACILITATOR, None, theme_id, self._now())
            tx.insert("ideas", row)
            action.data = {"idea": row["id"], "phase": str(phase)}
            return _idea(row)

    def submit_idea(self, device_id: str, client_id: str, text: str) -> Idea:
        """A participant sends an idea; a retried request with the same client id returns the first."""
        client_id = _check_client_id(client_id)
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self.store.lock:  # the hot cache's stamp is taken before another thread may write
            with self._action("IdeaSubmitted", actor=device_id, undoable=False) as (tx, action):
                existing = tx.one("SELECT * FROM ideas WHERE author = ? AND client_id = ?", (device_id, client_id))
                if existing is not None:
                    action.publish = False
                    return _idea(existing)
                hot = self._hot(tx)
                self._require_hot_device(tx, hot, device_id)
                if hot.step != Step.COLLECT or hot.phase not in COLLECTING_PHASES:
                    raise WrongPhase(_("Gerade werden keine Ideen gesammelt."))
                if hot.next_position is None:
                    hot.next_position = tx.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM ideas").fetchone()[0]
                row = {"id": ids.new_id(), "phase": hot.phase, "text": text, "author": device_id,
                       "client_id": client_id, "theme_id": None, "status": str(IdeaStatus.VISIBLE),
                       "merged_into": None, "position": hot.next_position, "created_at": self._now()}
                tx.execute("INSERT INTO ideas (id, phase, text, author, client_id, theme_id, status, merged_into, "
                           "position, created_at) VALUES (:id, :phase, :text, :author, :client_id, :theme_id, "
                           ":status, :merged_into, :position, :created_at)", row)
                hot.next_position += 1
                action.data = {"idea": row["id"], "phase": hot.phase}
            self._restamp(hot)
            return _idea(row)

    def edit_idea(self, idea_id: str, text: str) -> Idea:
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self._action("IdeaEdited") as (tx, action):
            _require(tx, "ideas", idea_id, _("Die Idee"))
            tx.update("ideas", {"id": idea_id}, text=text)
            action.data = {"idea": idea_id}
            return _idea(tx.get("ideas", {"id": idea_id}))

    def hide_idea(self, idea_id: str) -> Idea:
        """Moderate an idea away: phones, projector and exports no longer show it."""
        return self._set_status(idea_id, IdeaStatus.HIDDEN, "IdeaHidden")

    def show_idea(self, idea_id: str) -> Idea:
        return self._set_status(idea_id, IdeaStatus.VISIBLE, "IdeaShown")

    def _set_status(self, idea_id: str, status: IdeaStatus, kind: str) -> Idea:
        with self._action(kind) as (tx, action):
            row = _require(tx, "ideas", idea_id, _("Die Idee"))
            if row["status"] == IdeaStatus.MERGED:
                raise RuleViolation(_("Die Idee ist mit einer anderen zusammengeführt."))
            tx.update("ideas", {"id": idea_id}, status=str(status))
            action.data = {"idea": idea_id}
            return _idea(tx.get("ideas", {"id": idea_id}))

    def merge_ideas(self, keep_id: str, duplicate_ids: Iterable[str]) -> Idea:
        """Mark duplicates as merged into `keep_id`; they keep their text for the protocol."""
        duplicates = [idea_id for idea_id in dict.fromkeys(duplicate_ids) if idea_id != keep_id]
        if not duplicates:
            raise InvalidInput(_("Wählen Sie mindestens zwei Ideen zum Zusammenführen."))
        with self._action("IdeasMerged") as (tx, action):
            keep = _require(tx, "ideas", keep_id, _("Die Idee"))
            if keep["status"] != IdeaStatus.VISIBLE:
                raise RuleViolation(_("Zusammenführen nur in eine sichtbare Idee."))
            for idea_id in duplicates:
                row = _require(tx, "ideas", idea_id, _("Die Idee"))
                if row["phase"] != keep["phase"]:
                    raise WrongPhase(_("Ideen aus verschiedenen Phasen lassen sich nicht zusammenführen."))
                if row["status"] == IdeaStatus.MERGED:
                    raise RuleViolation(_("Die Idee ist schon zusammengeführt."))
                tx.update("ideas", {"id": idea_id}, status=str(IdeaStatus.MERGED), merged_into=keep_id,
                          theme_id=keep["theme_id"])
            action.data = {"idea": keep_id, "merged": duplicates}
            return _idea(keep)

    def move_ideas(self, idea_ids: Iterable[str], theme_id: str | None) -> list[Idea]:
        """Put ideas into a theme of their phase, or back into "unsorted" (None)."""
        idea_ids = list(dict.fromkeys(idea_ids))
        if not idea_ids:
            raise InvalidInput(_("Keine Idee ausgewählt."))
        with self._action("IdeasMoved") as (tx, action):
            for idea_id in idea_ids:
                row = _require(tx, "ideas", idea_id, _("Die Idee"))
                if theme_id is not None:
                    _check_theme_phase(tx, theme_id, Phase(row["phase"]))
                tx.update("ideas", {"id": idea_id}, theme_id=theme_id)
            action.data = {"ideas": idea_ids, "theme": theme_id}
            return [_idea(tx.get("ideas", {"id": idea_id})) for idea_id in idea_ids]

    # ----------------------------------------------------------------- themes

    def create_theme(self, name: str, *, phase: Phase | str | None = None, idea_ids: Iterable[str] = (),
                     source_theme_id: str | None = None) -> Theme:
        """A new theme, optionally made from selected ideas or carried over from a critique theme."""
        name = clean_text(name, max_length=TITLE_MAX, what=_("Der Name des Themas"), multiline=False)
        with self._action("ThemeCreated") as (tx, action):
            phase = _phase(phase) if phase else _session(tx).phase
            if phase not in COLLECTING_PHASES:
                raise WrongPhase(_("Themen gibt es nur in Kritik- und Phantasiephase."))
            if source_theme_id is not None:
                _require(tx, "themes", source_theme_id, _("Das Thema"))
            position = tx.one("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM themes")["p"]
            row = {"id": ids.new_id(), "phase": str(phase), "name": name, "position": position,
                   "source_theme_id": source_theme_id, "created_at": self._now()}
            tx.insert("themes", row)
            for idea_id in dict.fromkeys(idea_ids):
                idea = _require(tx, "ideas", idea_id, _("Die Idee"))
                if idea["phase"] != str(phase):
                    raise WrongPhase(_("Die Idee gehört zu einer anderen Phase."))
                tx.update("ideas", {"id": idea_id}, theme_id=row["id"])
            action.data = {"theme": row["id"], "phase": str(phase)}
            return _theme(row)

    def rename_theme(self, theme_id: str, name: str) -> Theme:
        name = clean_text(name, max_length=TITLE_MAX, what=_("Der Name des Themas"), multiline=False)
        with self._action("ThemeRenamed") as (tx, action):
            _require(tx, "themes", theme_id, _("Das Thema"))
            tx.update("themes", {"id": theme_id}, name=name)
            action.data = {"theme": theme_id}
            return _theme(tx.get("themes", {"id": theme_id}))

    def merge_themes(self, target_id: str, source_ids: Iterable[str]) -> Theme:
        """Move the sources' ideas into the target and remove the sources."""
        sources = [theme_id for theme_id in dict.fromkeys(source_ids) if theme_id != target_id]
        if not sources:
            raise InvalidInput(_("Wählen Sie mindestens zwei Themen zum Zusammenführen."))
        with self._action("ThemesMerged") as (tx, action):
            target = _require(tx, "themes", target_id, _("Das Thema"))
            for theme_id in sources:
                source = _require(tx, "themes", theme_id, _("Das Thema"))
                if source["phase"] != target["phase"]:
                    raise WrongPhase(_("Themen aus verschiedenen Phasen lassen sich nicht zusammenführen."))
                _check_not_in_open_round(tx, theme_id)
                for idea in tx.all("SELECT id FROM ideas WHERE theme_id = ?", (theme_id,)):
                    tx.update("ideas", {"id": idea["id"]}, theme_id=target_id)
                _forget_theme(tx, theme_id)
            action.data = {"theme": target_id, "merged": sources}
            return _theme(target)

    def delete_theme(self, theme_id: str) -> None:
        """Remove a theme; its ideas go back to "unsorted"."""
        with self._action("ThemeDeleted") as (tx, action):
            _require(tx, "themes", theme_id, _("Das Thema"))
            _check_not_in_open_round(tx, theme_id)
            for idea in tx.all("SELECT id FROM ideas WHERE theme_id = ?", (theme_id,)):
                tx.update("ideas", {"id": idea["id"]}, theme_id=None)
            _forget_theme(tx, theme_id)
            action.data = {"theme": theme_id}

    def carry_themes(self, source_ids: Iterable[str], phase: Phase | str = Phase.FANTASY) -> list[Theme]:
        """Carry themes (the critique's winners) into another phase as prompts, in one undoable step.

        A theme already carried into that phase is skipped; the new themes keep their source's name.
        """
        phase = _phase(phase)
        if phase not in COLLECTING_PHASES:
            raise WrongPhase(_("Themen gibt es nur in Kritik- und Phantasiephase."))
        with self._action("ThemesCarried") as (tx, action):
            carried = {row["source_theme_id"] for row in tx.all(
                "SELECT source_theme_id FROM themes WHERE phase = ? AND source_theme_id IS NOT NULL", (str(phase),))}
            created: list[Theme] = []
            for source_id in dict.fromkeys(source_ids):
                source = _require(tx, "themes", source_id, _("Das Thema"))
                if source["phase"] == str(phase):
                    raise WrongPhase(_("Das Thema gehört schon zu dieser Phase."))
                if source_id in carried:
                    continue
                position = tx.one("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM themes")["p"]
                row = {"id": ids.new_id(), "phase": str(phase), "name": source["name"], "position": position,
                       "source_theme_id": source_id, "created_at": self._now()}
                tx.insert("themes", row)
                created.append(_theme(row))
            if not created:
                raise RuleViolation(_("Diese Themen sind schon übernommen."))
            action.data = {"themes": [theme.id for theme in created], "phase": str(phase)}
            return created

    # ----------------------------------------------------------------- voting

    def open_round(self, kind: ItemKind | str = ItemKind.THEME, *, budget: int | None = None,
                   cap: int | None = None) -> VoteRound:
        """Open a dot vote on the current phase's themes (or ideas); the step becomes "vote"."""
        kind = ItemKind(kind)
        with self._action("RoundOpened") as (tx, action):
            session = _session(tx)
            if session.phase not in COLLECTING_PHASES:
                raise WrongPhase(_("Abgestimmt wird in der Kritik- und der Phantasiephase."))
            if tx.one("SELECT id FROM rounds WHERE status = 'open'") is not None:
                raise RuleViolation(_("Es läuft schon eine Abstimmung."))
            items = _round_candidates(tx, session.phase, kind)
            if not items:
                raise RuleViolation(_("Es gibt noch keine Themen zum Abstimmen.") if kind == ItemKind.THEME
                                    else _("Es gibt noch keine Ideen zum Abstimmen."))
            budget = session.dots_per_participant if budget is None else budget
            cap = session.cap_per_item if cap is None else cap
            _check_rules(budget, cap)
            number = tx.one("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM rounds")["n"]
            row = {"id": ids.new_id(), "number": number, "phase": str(session.phase), "kind": str(kind),
                   "budget": budget, "cap": cap, "status": str(RoundStatus.OPEN), "revealed": 0,
                   "opened_at": self._now(), "closed_at": None}
            tx.insert("rounds", row)
            for position, (item_id, label) in enumerate(items, start=1):
                tx.insert("round_items", {"round_id": row["id"], "item_id": item_id, "kind": str(kind),
                                          "label": label, "position": position})
            _enter_step(tx, session, session.phase, Step.VOTE)
            action.data = {"round": row["id"], "phase": str(session.phase), "budget": budget, "cap": cap}
            return _round(tx, row)

    def close_round(self, round_id: str | None = None) -> VoteRound:
        with self._action("RoundClosed") as (tx, action):
            row = _open_or_given_round(tx, round_id)
            if row["status"] != RoundStatus.OPEN:
                raise RoundClosed(_("Die Abstimmung ist schon geschlossen."))
            _close(tx, row, self._now())
            action.data = {"round": row["id"]}
            return _round(tx, tx.get("rounds", {"id": row["id"]}))

    def reveal_round(self, round_id: str | None = None) -> VoteRound:
        """Show a closed round's results on phones and the projector; the step becomes "results"."""
        with self._action("RoundRevealed") as (tx, action):
            if round_id is None:
                row = tx.one("SELECT * FROM rounds WHERE phase = (SELECT phase FROM session) "
                             "ORDER BY number DESC LIMIT 1")
                if row is None:
                    raise NotFound(_("In dieser Phase gab es noch keine Abstimmung."))
            else:
                row = _require(tx, "rounds", round_id, _("Die Abstimmung"))
            if row["status"] == RoundStatus.OPEN:
                raise RuleViolation(_("Schließen Sie die Abstimmung, bevor Sie das Ergebnis zeigen."))
            tx.update("rounds", {"id": row["id"]}, revealed=1)
            session = _session(tx)
            if session.phase == Phase(row["phase"]) and session.step == Step.VOTE:
                _enter_step(tx, session, session.phase, Step.RESULTS)
            action.data = {"round": row["id"]}
            return _round(tx, tx.get("rounds", {"id": row["id"]}))

    def set_dots(self, device_id: str, round_id: str, item_id: str, count: int) -> DotsState:
        """A phone puts `count` of its dots on an item: set, not added, so a retry never counts twice."""
        _check_count(count)
        with self.store.lock:  # the hot cache's stamp is taken before another thread may write
            with self._action("DotsSet", actor=device_id, undoable=False) as (tx, action):
                hot = self._hot(tx)
                state, changed = self._apply_dots(tx, hot, device_id, round_id, item_id, count)
                if changed:
                    action.data = {"round": round_id, "item": item_id, "count": count}
                else:
                    action.publish = False  # a replayed request: nothing changes, nothing to log
            self._restamp(hot)
            return state

    def set_dots_many(self, requests: Iterable[tuple[str, str, str, int]]) -> list[DotsState | DomainError]:
        """Many phones' `set_dots(device, round, item, count)` in one transaction (a group commit).

        Each request is checked and written in order inside its own savepoint, so the results are
        those of calling `set_dots` one after the other: a refused request comes back as its
        DomainError and changes nothing, the others stand. One commit instead of one per dot.
        """
        results: list[DotsState | DomainError] = []
        events: list[Event] = []
        with self.store.lock:
            with self.store.write() as tx:
                hot = self._hot(tx)
                for device_id, round_id, item_id, count in requests:
                    tx.execute("SAVEPOINT dot")
                    try:
                        _check_count(count)
                        state, changed = self._apply_dots(tx, hot, device_id, round_id, item_id, count)
                        if changed:
                            at, data = self._now(), {"round": round_id, "item": item_id, "count": count}
                            seq = tx.append_event(at, device_id, "DotsSet", data, False)
                            events.append(Event(seq, at, device_id, "DotsSet", data, False))
                    except DomainError as error:
                        tx.execute("ROLLBACK TO dot")
                        results.append(error)
                    else:
                        results.append(state)
                    tx.execute("RELEASE dot")
            self._restamp(hot)
        for event in events:
            self.bus.publish(event)
        return results

    def _apply_dots(self, tx: Tx, hot: _HotCache, device_id: str, round_id: str, item_id: str,
                    count: int) -> tuple[DotsState, bool]:
        """Check one dot request against the rules and write it; (the device's dots after, changed?)."""
        if not (isinstance(device_id, str) and isinstance(round_id, str) and isinstance(item_id, str)):
            raise InvalidInput(_("Ungültige Kennung der Anfrage."))
        open_round = hot.open_round
        if open_round is None or open_round.id != round_id:
            if tx.execute("SELECT 1 FROM rounds WHERE id = ?", (round_id,)).fetchone() is None:
                raise NotFound(_("{what} gibt es nicht (mehr)."), what=_("Die Abstimmung"))
            raise RoundClosed(_("Die Abstimmung ist geschlossen."))
        if hot.phase != open_round.phase:
            raise WrongPhase(_("Diese Abstimmung gehört zu einer anderen Phase."))
        if item_id not in open_round.items:
            raise NotFound(_("Darüber wird in dieser Runde nicht abgestimmt."))
        self._require_hot_device(tx, hot, device_id)
        if count > open_round.cap:
            raise CapExceeded(_("Höchstens {cap} Punkte pro Thema."), cap=open_round.cap)
        # One read gives the other items' sum, this item's previous count and the answer.
        mine = dict(tx.execute("SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ?",
                               (round_id, device_id)).fetchall())
        previous = mine.get(item_id)
        others = sum(mine.values()) - (previous or 0)
        if others + count > open_round.budget:
            raise BudgetExceeded(_("Sie haben nur {budget} Punkte; {left} sind noch frei."),
                                 budget=open_round.budget, left=open_round.budget - others)
        changed = previous is None or previous != count
        if changed:
            tx.execute("INSERT INTO dots (round_id, device_id, item_id, count) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (round_id, device_id, item_id) DO UPDATE SET count = excluded.count",
                       (round_id, device_id, item_id, count))
        mine[item_id] = count
        by_item = {item: number for item, number in mine.items() if number > 0}
        return DotsState(round_id=round_id, budget=open_round.budget, cap=open_round.cap,
                         spent=sum(by_item.values()), by_item=by_item), changed

    def _hot(self, tx: Tx) -> _HotCache:
        """The session's step and open round for the phones' hot paths, read once and then cached.

        Valid while no other connection committed (`PRAGMA data_version`, read inside this write
        transaction) and this connection changed nothing else since the stamp (`total_changes`).
        """
        version = tx.execute("PRAGMA data_version").fetchone()[0]
        cache = self._hot_cache
        if cache is not None and cache.version == version and cache.changes == tx.conn.total_changes:
            return cache
        phase, step = tx.execute("SELECT phase, step FROM session").fetchone()
        open_round = None
        row = tx.execute("SELECT id, phase, budget, cap FROM rounds WHERE status = 'open'").fetchone()
        if row is not None:
            items = frozenset(item for (item,) in tx.execute(
                "SELECT item_id FROM round_items WHERE round_id = ?", (row[0],)).fetchall())
            open_round = _HotRound(id=row[0], phase=row[1], budget=row[2], cap=row[3], items=items)
        # Devices are never deleted, so the ones seen stay known across reloads.
        devices = cache.devices if cache is not None else set()
        self._hot_cache = _HotCache(version=version, changes=tx.conn.total_changes, phase=phase, step=step,
                                    open_round=open_round, devices=devices)
        return self._hot_cache

    def _restamp(self, hot: _HotCache) -> None:
        """After a hot write (still holding the store's lock): it changed nothing the cache holds."""
        if self._hot_cache is hot:
            hot.changes = self.store.conn.total_changes

    @staticmethod
    def _require_hot_device(tx: Tx, hot: _HotCache, device_id: str) -> None:
        if device_id not in hot.devices:
            _require_device(tx, device_id)
            hot.devices.add(device_id)

    def set_paper_dots(self, round_id: str, item_id: str, count: int) -> ResultRow:
        """The facilitator types in the paper dots counted on the wall for one item."""
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PAPER_DOTS:
            raise InvalidInput(_("Ungültige Punktzahl."))
        with self._action("PaperDotsSet") as (tx, action):
            _require(tx, "rounds", round_id, _("Die Abstimmung"))
            if tx.one("SELECT 1 AS x FROM round_items WHERE round_id = ? AND item_id = ?", (round_id, item_id)) is None:
                raise NotFound(_("Darüber wird in dieser Runde nicht abgestimmt."))
            key = {"round_id": round_id, "item_id": item_id}
            if count == 0:
                tx.delete("paper_dots", key)
            else:
                tx.upsert("paper_dots", {**key, "count": count})
            action.data = {"round": round_id, "item": item_id, "count": count}
            return next(row for row in _results(tx, round_id) if row.item_id == item_id)

    # ----------------------------------------------------------------- measures

    def promote(self, source_kind: ItemKind | str, source_id: str, **fields: Any) -> Measure:
        """Turn a theme or an idea into a draft measure, carrying its dots as evidence of support."""
        source_kind = ItemKind(source_kind)
        with self._action("MeasurePromoted") as (tx, action):
            if source_kind == ItemKind.THEME:
                source = _require(tx, "themes", source_id, _("Das Thema"))
                default_title = source["name"]
                theme_ids, idea_ids = (source_id,), ()
            else:
                source = _require(tx, "ideas", source_id, _("Die Idee"))
                if source["status"] != IdeaStatus.VISIBLE:
                    raise RuleViolation(_("Eine ausgeblendete oder zusammengeführte Idee kann keine Maßnahme werden."))
                default_title = source["text"][:TITLE_MAX]
                theme_ids, idea_ids = (), (source_id,)
            values = _measure_values(tx, {"title": default_title, **fields}, None)
            position = tx.one("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM measures")["p"]
            row = {
                "id": ids.new_id(), "title": "", "goal": "", "description": "", "field_of_action": "Zusammenleben",
                "timeframe": "", "target_year": None, "cost_eur": None, "funding": "", "responsible": "",
                "owner_name": "", "owner_consent": 0, "partners": "[]", "depends_on": "[]",
                "source_theme_ids": json.dumps(theme_ids), "source_idea_ids": json.dumps(idea_ids),
                "support_dots": _support(tx, source_id), "status": "Entwurf", "position": position,
                "created_at": self._now(),
            }
            row.update(values)
            tx.insert("measures", row)
            action.data = {"measure": row["id"], "source": source_id}
            return _measure(row)

    def update_measure(self, measure_id: str, **fields: Any) -> Measure:
        with self._action("MeasureEdited") as (tx, action):
            _require(tx, "measures", measure_id, _("Die Maßnahme"))
            values = _measure_values(tx, fields, measure_id)
            if values:
                tx.update("measures", {"id": measure_id}, **values)
            action.data = {"measure": measure_id, "fields": sorted(values)}
            return _measure(tx.get("measures", {"id": measure_id}))

    def delete_measure(self, measure_id: str) -> None:
        with self._action("MeasureDeleted") as (tx, action):
            _require(tx, "measures", measure_id, _("Die Maßnahme"))
            for row in tx.all("SELECT id, depends_on FROM measures"):
                if measure_id in json.loads(row["depends_on"]):
                    raise RuleViolation(_("Eine andere Maßnahme hängt von dieser ab."))
            tx.delete("measures", {"id": measure_id})
            action.data = {"measure": measure_id}

    # ----------------------------------------------------------------- participants

    def join(self, language: str = "de") -> Participant:
        """A new anonymous device (the phone keeps its id in a cookie)."""
        with self.store.lock:
            with self._action("DeviceJoined", actor="system", undoable=False) as (tx, action):
                hot = self._hot(tx)
                row = {"id": ids.new_device_id(), "joined_at": self._now(),
                       "language": language if language in LANGUAGES else "de",
                       "name": None, "organisation": None, "email": None, "consent_text": None, "consent_at": None}
                tx.execute("INSERT INTO devices (id, joined_at, language) VALUES (?, ?, ?)",
                           (row["id"], row["joined_at"], row["language"]))
                action.data = {}
            hot.devices.add(row["id"])
            self._restamp(hot)
            return Participant(**row)

    def record_consent(self, device_id: str, *, name: str, consent_text: str, organisation: str = "",
                       email: str = "") -> Participant:
        """Name, organisation and e-mail for the actors' network, stored only with the consent's text."""
        name = clean_text(name, max_length=TITLE_MAX, what=_("Der Name"), multiline=False)
        organisation = clean_text(organisation, max_length=TITLE_MAX, what=_("Die Organisation"),
                                  multiline=False, required=False)
        email = clean_text(email, max_length=254, what=_("Die E-Mail-Adresse"), multiline=False, required=False)
        if email and ("@" not in email or " " in email):
            raise InvalidInput(_("Die E-Mail-Adresse sieht nicht gültig aus."))
        consent_text = clean_text(consent_text, max_length=FIELD_MAX, what=_("Der Einwilligungstext"))
        with self._action("ConsentRecorded", actor=device_id, undoable=False) as (tx, action):
            _require_device(tx, device_id)
            tx.update("devices", {"id": device_id}, name=name, organisation=organisation or None,
                      email=email or None, consent_text=consent_text, consent_at=self._now())
            action.data = {}
            return Participant(**tx.get("devices", {"id": device_id}))

    def withdraw_consent(self, device_id: str) -> Participant:
        """Erase the personal data of a device; it stays an anonymous participant."""
        with self._action("ConsentWithdrawn", actor=device_id, undoable=False) as (tx, action):
            _require_device(tx, device_id)
            tx.update("devices", {"id": device_id}, name=None, organisation=None, email=None,
                      consent_text=None, consent_at=None)
            action.data = {}
            return Participant(**tx.get("devices", {"id": device_id}))

    # ----------------------------------------------------------------- undo

    def undo(self) -> Event:
        """Take back the newest facilitator action not yet undone; returns that action's event."""
        return self._replay(undo=True)

    def redo(self) -> Event:
        return self._replay(undo=False)

    def _replay(self, *, undo: bool) -> Event:
        with self._action("Undone" if undo else "Redone", undoable=False) as (tx, action):
            stack, redo = _undo_stacks(tx)
            pending = stack if undo else redo
            if not pending:
                raise UndoRefused(_("Nichts rückgängig zu machen.") if undo else _("Nichts wiederherzustellen."))
            target = _event(tx.one("SELECT * FROM events WHERE seq = ?", (pending[-1],)))
            changes = target.data.get("changes", [])
            try:
                for change in (reversed(changes) if undo else changes):
                    _apply_change(tx, change, undo=undo)
            except sqlite3.IntegrityError as error:
                raise UndoRefused(_("Das lässt sich nicht mehr rückgängig machen: Teilnehmende haben darauf "
                                    "aufgebaut.")) from error
            action.data = {"target": target.seq, "kind": target.kind}
            # Marks the event as an undo/redo step for _undo_stacks without making it undoable itself.
            action.kind = "Undone" if undo else "Redone"
            return target

    # ----------------------------------------------------------------- summaries

    def snapshot(self) -> dict[str, Any]:
        """The whole session as plain data: for `werkstatt show --json`, exports and tests."""
        session = self.session()
        with self.store.read() as tx:
            ideas = [_idea(row) for row in tx.all("SELECT * FROM ideas ORDER BY position")]
            themes = [_theme(row) for row in tx.all("SELECT * FROM themes ORDER BY position")]
            rounds = [_round(tx, row) for row in tx.all("SELECT * FROM rounds ORDER BY number")]
            results = {round_.id: _results(tx, round_.id) for round_ in rounds}
            measures = [_measure(row) for row in tx.all("SELECT * FROM measures ORDER BY position")]
            participants = tx.one("SELECT COUNT(*) AS n FROM devices")["n"]
            consenting = tx.one("SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL")["n"]
        phases = []
        for phase in Phase:
            phase_rounds = [round_ for round_ in rounds if round_.phase == phase]
            last = phase_rounds[-1] if phase_rounds else None
            dots = {row.item_id: row for row in results[last.id]} if last else {}
            phase_themes = []
            for theme in (theme for theme in themes if theme.phase == phase):
                members = [idea for idea in ideas if idea.theme_id == theme.id and idea.visible]
                result = dots.get(theme.id)
                phase_themes.append({
                    "id": theme.id, "name": theme.name,
                    "device_dots": result.device_dots if result else 0,
                    "paper_dots": result.paper_dots if result else 0,
                    "dots": result.total if result else 0,
                    "ideas": [_idea_dict(idea, ideas) for idea in members],
                })
            phases.append({
                "phase": str(phase), "label": phase.label, "question": session.question(phase),
                "themes": phase_themes,
                "unsorted": [_idea_dict(idea, ideas) for idea in ideas
                             if idea.phase == phase and idea.theme_id is None and idea.visible],
                "hidden": sum(1 for idea in ideas if idea.phase == phase and idea.status == IdeaStatus.HIDDEN),
                "rounds": [{
                    "id": round_.id, "number": round_.number, "kind": str(round_.kind), "budget": round_.budget,
                    "cap": round_.cap, "status": str(round_.status), "revealed": round_.revealed,
                    "results": [{"item_id": row.item_id, "label": row.label, "rank": row.rank,
                                 "device_dots": row.device_dots, "paper_dots": row.paper_dots, "total": row.total}
                                for row in results[round_.id]],
                } for round_ in phase_rounds],
            })
        return {
            "session": {
                "id": session.id, "slug": session.slug, "title": session.title, "date": session.date,
                "venue": session.venue, "language": session.language, "phase": str(session.phase),
                "step": str(session.step), "dots_per_participant": session.dots_per_participant,
                "cap_per_item": session.cap_per_item, "participants": participants,
                "network_consents": consenting,
            },
            "phases": phases,
            "measures": [_measure_dict(measure) for measure in measures],
        }


# --------------------------------------------------------------------- row helpers


def _session(tx: Tx) -> Session:
    row = tx.one("SELECT * FROM session")
    if row is None:
        raise NotFound(_("Die Datei enthält keine Sitzung."))
    return Session(
        id=row["id"], slug=row["slug"], title=row["title"], date=row["date"], venue=row["venue"] or "",
        language=row["language"], join_token=row["join_token"], dots_per_participant=row["dots_per_participant"],
        cap_per_item=row["cap_per_item"], phase=Phase(row["phase"]), step=Step(row["step"]),
        questions=json.loads(row["questions"] or "{}"), timer_seconds=row["timer_seconds"],
        timer_started_at=row["timer_started_at"], timer_remaining=row["timer_remaining"],
        created_at=row["created_at"])


def _idea(row: Row) -> Idea:
    return Idea(id=row["id"], phase=Phase(row["phase"]), text=row["text"], author=row["author"],
                client_id=row["client_id"], theme_id=row["theme_id"], status=IdeaStatus(row["status"]),
                merged_into=row["merged_into"], position=row["position"], created_at=row["created_at"])


def _theme(row: Row) -> Theme:
    return Theme(id=row["id"], phase=Phase(row["phase"]), name=row["name"], position=row["position"],
                 source_theme_id=row["source_theme_id"], created_at=row["created_at"])


def _round(tx: Tx, row: Row) -> VoteRound:
    items = tuple(RoundItem(item_id=item["item_id"], kind=ItemKind(item["kind"]), label=item["label"],
                            position=item["position"])
                  for item in tx.all(_ITEMS_SQL, (row["id"],)))
    return VoteRound(id=row["id"], number=row["number"], phase=Phase(row["phase"]), kind=ItemKind(row["kind"]),
                     budget=row["budget"], cap=row["cap"], status=RoundStatus(row["status"]),
                     revealed=bool(row["revealed"]), opened_at=row["opened_at"], closed_at=row["closed_at"],
                     items=items)


# An item's label follows a later rename of its theme or idea; a removed one keeps the snapshot.
_ITEMS_SQL = (
    "SELECT round_items.round_id, round_items.item_id, round_items.kind, round_items.position, "
    "COALESCE(themes.name, ideas.text, round_items.label) AS label "
    "FROM round_items LEFT JOIN themes ON themes.id = round_items.item_id "
    "LEFT JOIN ideas ON ideas.id = round_items.item_id "
    "WHERE round_items.round_id = ? ORDER BY round_items.position")

# The round's items with their device dots and paper dots, kept apart.
_RESULTS_SQL = (
    "SELECT items.item_id, items.kind, items.position, items.label, "
    "COALESCE((SELECT SUM(count) FROM dots WHERE dots.round_id = items.round_id "
    "          AND dots.item_id = items.item_id), 0) AS device_dots, "
    "COALESCE((SELECT count FROM paper_dots WHERE paper_dots.round_id = items.round_id "
    "          AND paper_dots.item_id = items.item_id), 0) AS paper_dots "
    f"FROM ({_ITEMS_SQL}) AS items")


def _results(tx: Tx, round_id: str) -> list[ResultRow]:
    rows = tx.all(_RESULTS_SQL, (round_id,))
    rows.sort(key=lambda row: (-(row["device_dots"] + row["paper_dots"]), row["position"], row["item_id"]))
    results: list[ResultRow] = []
    previous_total, rank = None, 0
    for index, row in enumerate(rows, start=1):
        total = row["device_dots"] + row["paper_dots"]
        if total != previous_total:
            rank, previous_total = index, total
        results.append(ResultRow(item_id=row["item_id"], kind=ItemKind(row["kind"]), label=row["label"],
                                 device_dots=row["device_dots"], paper_dots=row["paper_dots"], rank=rank))
    return results


def _measure(row: Row) -> Measure:
    return Measure(
        id=row["id"], title=row["title"], goal=row["goal"] or "", description=row["description"] or "",
        field_of_action=row["field_of_action"] or "", timeframe=row["timeframe"] or "",
        target_year=row["target_year"], cost_eur=row["cost_eur"], funding=row["funding"] or "",
        responsible=row["responsible"] or "", owner_name=row["owner_name"] or "",
        owner_consent=bool(row["owner_consent"]), partners=tuple(json.loads(row["partners"] or "[]")),
        depends_on=tuple(json.loads(row["depends_on"] or "[]")),
        source_theme_ids=tuple(json.loads(row["source_theme_ids"] or "[]")),
        source_idea_ids=tuple(json.loads(row["source_idea_ids"] or "[]")),
        support_dots=row["support_dots"] or 0, status=row["status"] or "Entwurf", position=row["position"],
        created_at=row["created_at"])


def _event(row: Row) -> Event:
    return Event(seq=row["seq"], at=row["at"], actor=row["actor"], kind=row["kind"],
                 data=json.loads(row["data"] or "{}"), undoable=row["undoable"] == 1)


def _idea_dict(idea: Idea, ideas: list[Idea]) -> dict[str, Any]:
    merged = [other.text for other in ideas if other.merged_into == idea.id]
    return {"id": idea.id, "text": idea.text, "from_device": idea.from_device, "merged": merged}


def _measure_dict(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.id, "title": measure.title, "goal": measure.goal, "description": measure.description,
        "field_of_action": measure.field_of_action, "timeframe": measure.timeframe,
        "target_year": measure.target_year, "cost_eur": measure.cost_eur, "funding": measure.funding,
        "responsible": measure.responsible, "owner_name": measure.owner_name if measure.owner_consent else "",
        "partners": list(measure.partners), "depends_on": list(measure.depends_on),
        "source_theme_ids": list(measure.source_theme_ids), "source_idea_ids": list(measure.source_idea_ids),
        "support_dots": measure.support_dots, "status": measure.status,
    }


def _require(tx: Tx, table: str, key: str, what: str) -> Row:
    row = tx.get(table, {"id": key}) if isinstance(key, str) else None
    if row is None:
        raise NotFound(_("{what} gibt es nicht (mehr)."), what=what)
    return row


def _require_device(tx: Tx, device_id: str) -> None:
    if tx.execute("SELECT 1 FROM devices WHERE id = ?", (device_id,)).fetchone() is None:
        raise NotFound(_("Dieses Telefon ist der Sitzung nicht beigetreten."))


def _phase(phase: Phase | str) -> Phase:
    try:
        return Phase(phase)
    except ValueError:
        raise InvalidInput(_("Unbekannte Phase: {phase}."), phase=str(phase)) from None


def _check_date(value: str) -> str:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
    except (TypeError, ValueError):
        raise InvalidInput(_("Das Datum muss die Form JJJJ-MM-TT haben.")) from None


def _check_rules(dots: int, cap: int) -> None:
    for value in (dots, cap):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(_("Punktzahlen müssen ganze Zahlen sein."))
    if not 1 <= dots <= MAX_DOTS:
        raise InvalidInput(_("Punkte pro Person: zwischen 1 und {limit}."), limit=MAX_DOTS)
    if not 1 <= cap <= dots:
        raise InvalidInput(_("Punkte pro Thema: zwischen 1 und der Zahl der Punkte pro Person ({dots})."), dots=dots)


def _check_count(count: object) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_DOTS:
        raise InvalidInput(_("Ungültige Punktzahl."))


def _check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64 or not client_id.isascii() \
            or not client_id.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(_("Ungültige Kennung der Anfrage."))
    return client_id


def _check_theme_phase(tx: Tx, theme_id: str, phase: Phase) -> None:
    theme = _require(tx, "themes", theme_id, _("Das Thema"))
    if theme["phase"] != str(phase):
        raise WrongPhase(_("Das Thema gehört zu einer anderen Phase."))


def _check_not_in_open_round(tx: Tx, theme_id: str) -> None:
    if tx.one("SELECT 1 AS x FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
              "WHERE rounds.status = 'open' AND round_items.item_id = ?", (theme_id,)) is not None:
        raise RuleViolation(_("Über dieses Thema wird gerade abgestimmt."))


def _forget_theme(tx: Tx, theme_id: str) -> None:
    for row in tx.all("SELECT id FROM themes WHERE source_theme_id = ?", (theme_id,)):
        tx.update("themes", {"id": row["id"]}, source_theme_id=None)
    tx.delete("themes", {"id": theme_id})


def _idea_row(tx: Tx, phase: Phase, text: str, author: str, client_id: str | None, theme_id: str | None,
              now: str) -> Row:
    position = tx.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM ideas").fetchone()[0]
    return {"id": ids.new_id(), "phase": str(phase), "text": text, "author": author, "client_id": client_id,
            "theme_id": theme_id, "status": str(IdeaStatus.VISIBLE), "merged_into": None, "position": position,
            "created_at": now}


def _round_candidates(tx: Tx, phase: Phase, kind: ItemKind) -> list[tuple[str, str]]:
    if kind == ItemKind.THEME:
        rows = tx.all("SELECT id, name AS label FROM themes WHERE phase = ? ORDER BY position", (str(phase),))
    else:
        rows = tx.all("SELECT id, text AS label FROM ideas WHERE phase = ? AND status = 'visible' "
                      "ORDER BY position", (str(phase),))
    return [(row["id"], row["label"]) for row in rows]


def _open_or_given_round(tx: Tx, round_id: str | None) -> Row:
    if round_id is not None:
        return _require(tx, "rounds", round_id, _("Die Abstimmung"))
    row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
    if row is None:
        raise RoundClosed(_("Es läuft keine Abstimmung."))
    return row


def _enter_step(tx: Tx, session: Session, phase: Phase, step: Step) -> None:
    """Move the session to a step; a new step starts with its full timebox, the clock stopped."""
    if (phase, step) == (session.phase, session.step):
        return
    tx.update("session", {"id": session.id}, phase=str(phase), step=str(step))
    # Written past the undo record on purpose: undoing the step must not wind back a clock the room has
    # watched since (and a timer started later must not block that undo).
    tx.execute("UPDATE session SET timer_started_at = NULL, timer_remaining = timer_seconds")


def _close(tx: Tx, row: Row, now: str) -> None:
    tx.update("rounds", {"id": row["id"]}, status=str(RoundStatus.CLOSED), closed_at=now)


def _dots_state(tx: Tx, round_row: Row, device_id: str) -> DotsState:
    by_item = {item: count for item, count in tx.execute(
        "SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ? AND count > 0",
        (round_row["id"], device_id)).fetchall()}
    return DotsState(round_id=round_row["id"], budget=round_row["budget"], cap=round_row["cap"],
                     spent=sum(by_item.values()), by_item=by_item)


def _support(tx: Tx, item_id: str) -> int:
    """Dots of an item in the newest closed round that had it: the evidence of support."""
    row = tx.one("SELECT round_items.round_id FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
                 "WHERE round_items.item_id = ? AND rounds.status = 'closed' ORDER BY rounds.number DESC LIMIT 1",
                 (item_id,))
    if row is None:
        return 0
    return next((result.total for result in _results(tx, row["round_id"]) if result.item_id == item_id), 0)


_TEXT_FIELDS = {"title": (TITLE_MAX, _("Der Titel"), True), "goal": (FIELD_MAX, _("Das Ziel"), False),
                "description": (FIELD_MAX, _("Die Beschreibung"), False),
                "field_of_action": (80, _("Das Handlungsfeld"), True),
                "funding": (TITLE_MAX, _("Die Finanzierung"), False),
                "responsible": (TITLE_MAX, _("Die Zuständigkeit"), False),
                "owner_name": (TITLE_MAX, _("Der Name"), False)}


def _measure_values(tx: Tx, fields: dict[str, Any], measure_id: str | None) -> Row:
    """Check a measure's fields; the result holds the columns to write."""
    values: Row = {}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            limit, what, required = _TEXT_FIELDS[name]
            values[name] = clean_text(value, max_length=limit, what=what, multiline=name in ("goal", "description"),
                                      required=required)
        elif name == "timeframe":
            if value not in ("", None, *Timeframe):
                raise InvalidInput(_("Zeitraum: kurzfristig, mittelfristig oder langfristig."))
            values[name] = value or ""
        elif name == "target_year":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100):
                raise InvalidInput(_("Das Zieljahr muss zwischen 2000 und 2100 liegen."))
            values[name] = value
        elif name == "cost_eur":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 0 <= value <= MAX_COST_EUR):
                raise InvalidInput(_("Die Kosten müssen ein Betrag in ganzen Euro sein."))
            values[name] = value
        elif name == "owner_consent":
            values[name] = int(bool(value))
        elif name == "partners":
            partners = [clean_text(partner, max_length=TITLE_MAX, what=_("Ein Partner"), multiline=False)
                        for partner in (value or ())]
            values[name] = json.dumps(list(dict.fromkeys(partners)), ensure_ascii=False)
        elif name == "depends_on":
            depends = list(dict.fromkeys(value or ()))
            for other in depends:
                if other == measure_id:
                    raise InvalidInput(_("Eine Maßnahme kann nicht von sich selbst abhängen."))
                _require(tx, "measures", other, _("Die Maßnahme"))
            values[name] = json.dumps(depends)
        elif name == "status":
            if value not in MEASURE_STATUSES:
                raise InvalidInput(_("Unbekannter Status: {status}."), status=str(value))
            values[name] = value
        else:
            raise InvalidInput(_("Unbekanntes Feld: {name}."), name=str(name))
    current = tx.get("measures", {"id": measure_id}) if measure_id else {}
    owner = values.get("owner_name", (current or {}).get("owner_name") or "")
    consent = values.get("owner_consent", (current or {}).get("owner_consent") or 0)
    if owner and not consent:
        raise RuleViolation(_("Einen Namen speichern wir nur mit der Einwilligung der Person."))
    return values


# --------------------------------------------------------------------- undo


def _undo_stacks(tx: Tx) -> tuple[list[int], list[int]]:
    """Replay the facilitator's history: what undo and redo would take next (newest last)."""
    stack: list[int] = []
    redo: list[int] = []
    for row in tx.all("SELECT seq, kind, undoable FROM events WHERE undoable = 1 OR kind IN ('Undone', 'Redone') "
                      "ORDER BY seq"):
        if row["undoable"] == 1:
            stack.append(row["seq"])
            redo.clear()
        elif row["kind"] == "Undone" and stack:
            redo.append(stack.pop())
        elif row["kind"] == "Redone" and redo:
            stack.append(redo.pop())
    return stack, redo


def _apply_change(tx: Tx, change: dict[str, Any], *, undo: bool) -> None:
    """Put one recorded row back as it was (undo) or as the action left it (redo)."""
    table = change["table"]
    old, new = (change["after"], change["before"]) if undo else (change["before"], change["after"])
    key_source = old or new
    key = {name: key_source[name] for name in PRIMARY_KEYS[table]}
    current = tx.get(table, key)
    if old is None:
        if current is not None:
            raise UndoRefused(_("Das wurde inzwischen verändert; Rückgängig ist hier nicht möglich."))
        tx.insert(table, new)
        return
    changed = [name for name in old if new is None or old[name] != new[name]]
    if current is None or any(current[name] != old[name] for name in changed):
        raise UndoRefused(_("Das wurde inzwischen verändert; Rückgängig ist hier nicht möglich."))
    if new is None:
        if table == "rounds" and tx.one("SELECT 1 AS x FROM dots WHERE round_id = ? AND count > 0", (key["id"],)):
            raise UndoRefused(_("In dieser Abstimmung haben Telefone schon Punkte vergeben. "
                                "Schließen Sie die Runde stattdessen."))
        if table == "rounds":
            tx.execute("DELETE FROM dots WHERE round_id = ?", (key["id"],))  # only zero counts remain
        tx.delete(table, key)
    else:
        tx.update(table, key, **{name: new[name] for name in changed})


