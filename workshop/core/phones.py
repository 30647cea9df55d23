"""The phones' hot paths: join, send an idea, set dots — plain prepared SQL, checked against a small cache.

The cache holds the session's step and open round; it is stamped with `PRAGMA data_version` (another
connection committed) and the connection's `total_changes` (this one changed something else), both
read inside the write transaction, so no rule is ever checked against a stale view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop.core import ids
from workshop.core.errors import (
    BudgetExceeded, CapExceeded, DomainError, InvalidInput, NotFound, RoundClosed, WrongPhase)
from workshop.core.events import EventKind
from workshop.core.models import COLLECTING_PHASES, DotsState, Idea, IdeaStatus, Participant, Step
from workshop.core.rows import as_idea, as_participant, require_device
from workshop.core.rules import IDEA_MAX, check_client_id, check_count
from workshop.core.store import Tx
from workshop.core.text import clean_text
from workshop.core.transactions import ServiceBase
from workshop.i18n import LANGUAGES, _, n_


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
    purged: bool = False


class Phones(ServiceBase):
    """What a participant's phone does; never undone, and only through these few statements."""

    _hot_cache: _HotCache | None = None

    def join(self, language: str = "de") -> Participant:
        """A new anonymous device (the phone keeps its id in a cookie)."""
        with self._transaction() as log:
            hot = self._hot(log.tx)
            if hot.purged:
                raise WrongPhase(_("Diese Werkstatt ist abgeschlossen."))
            row = {"id": ids.new_device_id(), "joined_at": self._now(),
                   "language": language if language in LANGUAGES else "de",
                   "name": None, "organisation": None, "email": None, "consent_text": None, "consent_at": None}
            log.tx.execute("INSERT INTO devices (id, joined_at, language) VALUES (?, ?, ?)",
                           (row["id"], row["joined_at"], row["language"]))
            log.append(EventKind.DEVICE_JOINED, {}, actor="system")
            self._restamp(hot)
        hot.devices.add(row["id"])  # once committed
        return as_participant(row)

    def submit_idea(self, device_id: str, client_id: str, text: str) -> Idea:
        """A participant sends an idea; a retried request with the same client id returns the first."""
        client_id = check_client_id(client_id)
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self._transaction() as log:
            tx = log.tx
            existing = tx.one("SELECT * FROM ideas WHERE author = ? AND client_id = ?", (device_id, client_id))
            if existing is not None:
                return as_idea(existing)
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
            log.append(EventKind.IDEA_SUBMITTED, {"idea": row["id"], "phase": hot.phase}, actor=device_id)
            self._restamp(hot)
        return as_idea(row)

    def set_dots(self, device_id: str, round_id: str, item_id: str, count: int) -> DotsState:
        """A phone puts `count` of its dots on an item: set, not added, so a retry never counts twice."""
        check_count(count)
        with self._transaction() as log:
            hot = self._hot(log.tx)
            state, changed = self._apply_dots(log.tx, hot, device_id, round_id, item_id, count)
            if changed:  # a replayed request changes nothing and logs nothing
                log.append(EventKind.DOTS_SET, {"round": round_id, "item": item_id, "count": count}, actor=device_id)
            self._restamp(hot)
        return state

    def set_dots_many(self, requests: Iterable[tuple[str, str, str, int]]) -> list[DotsState | DomainError]:
        """Many phones' `set_dots(device, round, item, count)` in one transaction (a group commit).

        Each request is checked and written in order inside its own savepoint, so the results are
        those of calling `set_dots` one after the other: a refused request comes back as its
        DomainError and changes nothing, the others stand. One commit instead of one per dot.
        """
        results: list[DotsState | DomainError] = []
        with self._transaction() as log:
            tx = log.tx
            hot = self._hot(tx)
            for device_id, round_id, item_id, count in requests:
                tx.execute("SAVEPOINT dot")
                try:
                    check_count(count)
                    state, changed = self._apply_dots(tx, hot, device_id, round_id, item_id, count)
                    if changed:
                        log.append(EventKind.DOTS_SET, {"round": round_id, "item": item_id, "count": count},
                                   actor=device_id)
                except DomainError as error:
                    tx.execute("ROLLBACK TO dot")
                    results.append(error)
                else:
                    results.append(state)
                tx.execute("RELEASE dot")
            self._restamp(hot)
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
            raise CapExceeded(n_("Höchstens {cap} Punkt pro Thema.", "Höchstens {cap} Punkte pro Thema.",
                                 open_round.cap), cap=open_round.cap)
        # One read gives the other items' sum, this item's previous count and the answer.
        mine = dict(tx.execute("SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ?",
                               (round_id, device_id)).fetchall())
        previous = mine.get(item_id)
        others = sum(mine.values()) - (previous or 0)
        if others + count > open_round.budget:
            left = open_round.budget - others
            raise BudgetExceeded(n_("Sie haben nur {budget} Punkt; {free}", "Sie haben nur {budget} Punkte; {free}",
                                    open_round.budget), budget=open_round.budget, left=left,
                                 free=n_("{left} ist noch frei.", "{left} sind noch frei.", left))
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
        phase, step, purged_at = tx.execute("SELECT phase, step, purged_at FROM session").fetchone()
        open_round = None
        row = tx.execute("SELECT id, phase, budget, cap FROM rounds WHERE status = 'open'").fetchone()
        if row is not None:
            items = frozenset(item for (item,) in tx.execute(
                "SELECT item_id FROM round_items WHERE round_id = ?", (row[0],)).fetchall())
            open_round = _HotRound(id=row[0], phase=row[1], budget=row[2], cap=row[3], items=items)
        # Devices are deleted only by a purge, so the ones seen stay known across reloads until one.
        purged = purged_at is not None
        devices = cache.devices if cache is not None and cache.purged == purged else set()
        self._hot_cache = _HotCache(version=version, changes=tx.conn.total_changes, phase=phase, step=step,
                                    open_round=open_round, devices=devices, purged=purged)
        return self._hot_cache

    def _restamp(self, hot: _HotCache) -> None:
        """At the end of a hot write, inside its transaction: what it wrote changes nothing the cache holds."""
        if self._hot_cache is hot:
            hot.changes = self.store.conn.total_changes

    @staticmethod
    def _require_hot_device(tx: Tx, hot: _HotCache, device_id: str) -> None:
        if device_id not in hot.devices:
            require_device(tx, device_id)
            hot.devices.add(device_id)
