"""The phones' hot paths (`service.phones`): send an idea, set dots — plain prepared SQL, checked against a cache.

The cache holds the session's step, its slip rule and the open round; it is stamped with `PRAGMA
data_version` (another connection committed) and the connection's `total_changes` (this one changed
something else), both read inside the write transaction, so no rule is ever checked against a stale
view — nor against the devices a purge deleted (its transaction changes rows, so the stamp is off). A
device's first write creates its row (`devices.py`, given to this part); in a session with voting slips its
first dot also claims the slip it carries (`slips.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from workshop.core import ids
from workshop.core.devices import Devices
from workshop.core.errors import BudgetExceeded, CapExceeded, DomainError, InvalidInput, NotFound, RoundClosed, \
    WrongPhase
from workshop.core.events import EventKind
from workshop.core.models import COLLECTING_PHASES, SYSTEM, DotsState, Idea, IdeaStatus, Step
from workshop.core.rows import as_idea
from workshop.core.rules import IDEA_MAX, cap_refusal, check_client_id, check_count, check_seq
from workshop.core.slips import claim_slip, held_slip
from workshop.core.store import Row, Tx
from workshop.core.text import clean_text
from workshop.core.transactions import Part, Transactions, writes
from workshop.i18n import _, n_


class DotRequest(NamedTuple):
    """A phone's "put `count` of my dots on `item` in `round`", with its slip code and its own order."""

    device: str
    round: str
    item: str
    count: int
    slip: str | None = None  # the code the phone carries (a session with slips claims it on the first dot)
    seq: int | None = None  # the phone's order of its changes: an older one arriving late is ignored


@dataclass(frozen=True, slots=True)
class _HotRound:
    id: str
    phase: str
    budget: int
    cap: int
    items: frozenset[str]
    kind: str = "theme"  # what the items are (ItemKind): the refusal names them


@dataclass(slots=True)
class _HotCache:
    """What the phones' hot paths check on every request, stamped to know when it is stale."""

    version: int
    changes: int
    phase: str
    step: str
    slips: bool
    open_round: _HotRound | None
    devices: set[str] = field(default_factory=set)  # rows that existed before the current transaction
    slip_holders: set[str] = field(default_factory=set)
    next_position: int | None = None
    purged: bool = False


class IdeaRequest(NamedTuple):
    """A phone's idea: its device, the client id it made (a retry sends the same), the text."""

    device: str
    client_id: str
    text: str


class Phones(Part):
    """What a participant's phone does; never undone, and only through these few statements.

    The hot cache is read and written only inside write transactions, so only on the session's writer.
    """

    def __init__(self, transactions: Transactions, devices: Devices) -> None:
        super().__init__(transactions)
        self._devices = devices
        self._hot_cache: _HotCache | None = None

    @writes
    def submit_idea(self, device_id: str, client_id: str, text: str) -> Idea:
        """A participant sends an idea; a retried request with the same client id returns the first."""
        result = self.submit_ideas_many([IdeaRequest(device_id, client_id, text)])[0]
        if isinstance(result, DomainError):
            raise result
        return result

    @writes
    def submit_ideas_many(self, requests: Iterable[IdeaRequest | tuple]) -> list[Idea | DomainError]:
        """Many phones' ideas in one transaction (a group commit), answered as if sent one after the other.

        A refused idea comes back as its DomainError and leaves nothing behind (a first write, which adds
        the device's row before the step is checked, runs inside its own savepoint).
        """
        results: list[Idea | DomainError] = []
        with self._transaction() as log:
            tx = log.tx
            execute = tx.conn.execute
            hot: _HotCache | None = None
            for request in requests:
                device_id, client_id, text = request
                try:
                    client_id = check_client_id(client_id)
                    text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
                except DomainError as error:
                    results.append(error)
                    continue
                existing = tx.one("SELECT * FROM ideas WHERE author = ? AND client_id = ?", (device_id, client_id))
                if existing is not None:
                    results.append(as_idea(existing))
                    continue
                if hot is None:
                    hot = self._hot(tx)
                guarded = device_id not in hot.devices
                if guarded:
                    execute("SAVEPOINT idea")
                try:
                    joined = self._hot_device(tx, hot, device_id)
                    if hot.step != Step.COLLECT or hot.phase not in COLLECTING_PHASES:
                        raise WrongPhase(_("Gerade werden keine Ideen gesammelt."))
                except DomainError as error:
                    if guarded:
                        execute("ROLLBACK TO idea")
                        execute("RELEASE idea")
                    results.append(error)
                    continue
                if guarded:
                    execute("RELEASE idea")
                results.append(as_idea(self._insert_idea(tx, hot, device_id, client_id, text)))
                if joined:
                    log.append(EventKind.DEVICE_JOINED, {}, actor=SYSTEM)  # DeviceJoined().data()
                # IdeaSubmitted(idea=…, phase=…).data(), without building the payload (see Transaction.append)
                log.append(EventKind.IDEA_SUBMITTED, {"idea": results[-1].id, "phase": hot.phase}, actor=device_id)
            if hot is not None:
                self._restamp(hot, tx)
        return results

    def _insert_idea(self, tx: Tx, hot: _HotCache, device_id: str, client_id: str, text: str) -> Row:
        if hot.next_position is None:
            hot.next_position = tx.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM ideas").fetchone()[0]
        row = {"id": ids.new_id(), "phase": hot.phase, "text": text, "author": device_id,
               "client_id": client_id, "theme_id": None, "status": str(IdeaStatus.VISIBLE),
               "merged_into": None, "position": hot.next_position, "created_at": self._now()}
        tx.execute("INSERT INTO ideas (id, phase, text, author, client_id, theme_id, status, merged_into, "
                   "position, created_at) VALUES (:id, :phase, :text, :author, :client_id, :theme_id, "
                   ":status, :merged_into, :position, :created_at)", row)
        hot.next_position += 1
        return row

    @writes
    def set_dots(self, device_id: str, round_id: str, item_id: str, count: int, *, slip: str | None = None,
                 seq: int | None = None) -> DotsState:
        """A phone puts `count` of its dots on an item: set, not added, so a retry never counts twice."""
        result = self.set_dots_many([DotRequest(device_id, round_id, item_id, count, slip, seq)])[0]
        if isinstance(result, DomainError):
            raise result
        return result

    @writes
    def set_dots_many(self, requests: Iterable[DotRequest | tuple]) -> list[DotsState | DomainError]:
        """Many phones' dot requests in one transaction (a group commit).

        Each request is checked and written in order, so the results are those of calling `set_dots`
        one after the other: a refused request comes back as its DomainError and changes nothing (a
        first write, which adds the device's row or claims a slip before its last check, runs inside
        its own savepoint), the others stand. One commit instead of one per dot.
        """
        results: list[DotsState | DomainError] = []
        with self._transaction() as log:
            tx = log.tx
            execute = tx.conn.execute
            hot = self._hot(tx)
            for request in requests:
                if type(request) is not DotRequest:
                    request = DotRequest(*request)
                # A device with a row and (where slips count) its slip writes nothing before the last check
                # that can refuse it, so a refusal has nothing to undo; only a first write (the device's
                # row, a slip's claim) needs its own savepoint.
                guarded = not (type(request.device) is str and request.device in hot.devices
                               and (not hot.slips or request.device in hot.slip_holders))
                if guarded:
                    execute("SAVEPOINT dot")
                try:
                    state, changed, joined = self._apply_dots(tx, hot, request)
                except DomainError as error:
                    if guarded:
                        execute("ROLLBACK TO dot")
                        execute("RELEASE dot")
                    results.append(error)
                    continue
                if guarded:
                    execute("RELEASE dot")
                if joined:
                    log.append(EventKind.DEVICE_JOINED, {}, actor=SYSTEM)  # DeviceJoined().data()
                if changed:  # a replayed request changes nothing and logs nothing
                    # DotsSet(round=…, item=…, count=…).data(), without building the payload (Transaction.append)
                    log.append(EventKind.DOTS_SET, {"round": request.round, "item": request.item,
                                                    "count": request.count}, actor=request.device)
                results.append(state)
            self._restamp(hot, tx)
        return results

    def _apply_dots(self, tx: Tx, hot: _HotCache, request: DotRequest) -> tuple[DotsState, bool, bool]:
        """Check one dot request against the rules and write it; (the device's dots after, changed?, joined?)."""
        device_id, round_id, item_id, count, seq = request.device, request.round, request.item, request.count, \
            request.seq
        check_count(count)
        if seq is not None:
            check_seq(seq)
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
        joined = self._hot_device(tx, hot, device_id)
        if hot.slips and device_id not in hot.slip_holders:
            if held_slip(tx, device_id) is not None:
                hot.slip_holders.add(device_id)
            else:
                claim_slip(tx, device_id, request.slip, self._now())
        # One read gives the other items' sum, this item's previous count (and order), and the answer.
        previous_seq = None
        if seq is None:  # a plain form: no order to compare, the lean read
            mine = dict(tx.execute("SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ?",
                                   (round_id, device_id)).fetchall())
        else:
            rows = tx.execute("SELECT item_id, count, seq FROM dots WHERE round_id = ? AND device_id = ?",
                              (round_id, device_id)).fetchall()
            mine = {item: number for item, number, _order in rows}
            previous_seq = next((order for item, _number, order in rows if item == item_id), None)
            if previous_seq is not None and seq <= previous_seq:
                return self._dots_state(open_round, mine), False, joined  # an older change, arriving late
        previous = mine.get(item_id)
        if count > open_round.cap:
            raise CapExceeded(cap_refusal(open_round.kind, open_round.cap), cap=open_round.cap)
        others = sum(mine.values()) - (previous or 0)
        if others + count > open_round.budget:
            left = open_round.budget - others
            raise BudgetExceeded(n_("Sie haben nur {budget} Punkt; {free}", "Sie haben nur {budget} Punkte; {free}",
                                    open_round.budget), budget=open_round.budget, left=left,
                                 free=n_("{left} ist noch frei.", "{left} sind noch frei.", left))
        changed = previous is None or previous != count
        if changed or (seq is not None and (previous_seq is None or seq > previous_seq)):
            tx.execute("INSERT INTO dots (round_id, device_id, item_id, count, seq) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (round_id, device_id, item_id) DO UPDATE SET count = excluded.count, "
                       "seq = COALESCE(excluded.seq, dots.seq)", (round_id, device_id, item_id, count, seq))
        mine[item_id] = count
        return self._dots_state(open_round, mine), changed, joined

    @staticmethod
    def _dots_state(open_round: _HotRound, mine: dict[str, int]) -> DotsState:
        by_item = {item: number for item, number in mine.items() if number > 0}
        return DotsState(round_id=open_round.id, budget=open_round.budget, cap=open_round.cap,
                         spent=sum(by_item.values()), by_item=by_item)

    def _hot(self, tx: Tx) -> _HotCache:
        """The session's step and open round for the phones' hot paths, read once and then cached.

        Valid while no other connection committed (`PRAGMA data_version`, read inside this write
        transaction) and this connection changed nothing else since the stamp (`total_changes`).
        """
        version = tx.execute("PRAGMA data_version").fetchone()[0]
        cache = self._hot_cache
        if cache is not None and cache.version == version and cache.changes == tx.conn.total_changes:
            return cache
        phase, step, slips, purged_at = tx.execute("SELECT phase, step, slips, purged_at FROM session").fetchone()
        open_round = None
        row = tx.execute("SELECT id, phase, budget, cap, kind FROM rounds WHERE status = 'open'").fetchone()
        if row is not None:
            items = frozenset(item for (item,) in tx.execute(
                "SELECT item_id FROM round_items WHERE round_id = ?", (row[0],)).fetchall())
            open_round = _HotRound(id=row[0], phase=row[1], budget=row[2], cap=row[3], items=items, kind=row[4])
        self._devices.load_secret(tx)
        # Known devices and slip holders are read again after any other write (a slip may have been released).
        self._hot_cache = _HotCache(version=version, changes=tx.conn.total_changes, phase=phase, step=step,
                                    slips=bool(slips), open_round=open_round, purged=purged_at is not None)
        return self._hot_cache

    def _restamp(self, hot: _HotCache, tx: Tx) -> None:
        """At the end of a hot write, inside its transaction: what it wrote changes nothing the cache holds."""
        if self._hot_cache is hot:
            hot.changes = tx.conn.total_changes

    def _hot_device(self, tx: Tx, hot: _HotCache, device_id: str) -> bool:
        """The device's row (created by this first write: True). Only rows found, not made, are cached:
        a savepoint rolled back takes a new row with it."""
        if device_id in hot.devices:
            return False
        if hot.purged:  # every device row is gone: no phone takes part any more
            raise WrongPhase(_("Diese Werkstatt ist abgeschlossen."))
        joined = self._devices.ensure(tx, device_id)
        if not joined:
            hot.devices.add(device_id)
        return joined
