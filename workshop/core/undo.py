"""Undo and redo of the facilitator's actions (`service.undo`), replayed from the rows each event recorded.

The undo stack is not stored: it is derived from the event log (undoable events, `Undone`, `Redone`).
Undo never deletes what participants sent; where they have built on an action, it is refused.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from workshop.core.errors import UndoRefused
from workshop.core.events import Event, EventKind, Redone, RoundClosed, RoundRevealed, StepChanged, Undone
from workshop.core.rows import as_event
from workshop.core.store import PRIMARY_KEYS, Tx
from workshop.core.transactions import Part, writes
from workshop.i18n import _


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Undo's next step goes back through a reveal (`ROUND_REVEALED`) or a close (`ROUND_CLOSED`)."""

    kind: EventKind
    round_number: int


class Undo(Part):
    """Take back the newest facilitator action, newest first, and put it back again."""

    def can_undo(self) -> Event | None:
        """The action that undo would take back, if any."""
        with self._read() as tx:
            stack, _redo = undo_stacks(tx)
            return _event_at(tx, stack[-1]) if stack else None

    def depth(self) -> int:
        """How many facilitator actions undo could take back, one after another."""
        with self._read() as tx:
            return len(undo_stacks(tx)[0])

    def checkpoint(self) -> Checkpoint | None:
        """What undo would take back if that is a checkpoint of the vote (a reveal, a close), else None.

        The room has seen a revealed result and the phones have stopped voting: the views ask before
        undo goes back through either.
        """
        event = self.can_undo()
        if event is None:
            return None
        round_id = None
        payload = event.payload
        if isinstance(payload, (RoundRevealed, RoundClosed)):
            round_id = payload.round
        elif isinstance(payload, StepChanged):
            round_id = payload.closed_round
            if round_id is not None:
                event = replace(event, kind=EventKind.ROUND_CLOSED)
        if round_id is None:
            return None
        with self._read() as tx:
            row = tx.get("rounds", {"id": round_id})
        return Checkpoint(event.kind, row["number"]) if row else None

    def can_redo(self) -> Event | None:
        with self._read() as tx:
            _stack, redo = undo_stacks(tx)
            return _event_at(tx, redo[-1]) if redo else None

    @writes
    def undo(self) -> Event:
        """Take back the newest facilitator action not yet undone; returns that action's event."""
        return self._replay(undo=True)

    @writes
    def redo(self) -> Event:
        return self._replay(undo=False)

    def _replay(self, *, undo: bool) -> Event:
        # The Undone/Redone event marks an undo step for undo_stacks without being undoable itself.
        with self._action(EventKind.UNDONE if undo else EventKind.REDONE, undoable=False) as (tx, action):
            stack, redo = undo_stacks(tx)
            pending = stack if undo else redo
            if not pending:
                if tx.one("SELECT 1 AS x FROM events WHERE kind = ?", (EventKind.PERSONAL_DATA_PURGED,)):
                    raise UndoRefused(_("Nach dem Löschen der personenbezogenen Daten lässt sich nichts davor "
                                        "rückgängig machen."))
                raise UndoRefused(_("Nichts rückgängig zu machen.") if undo else _("Nichts wiederherzustellen."))
            target = _event_at(tx, pending[-1])
            changes = target.data.get("changes", [])
            try:
                for change in (reversed(changes) if undo else changes):
                    apply_change(tx, change, undo=undo)
            except sqlite3.IntegrityError as error:
                raise UndoRefused(_("Das lässt sich nicht mehr rückgängig machen: Teilnehmende haben darauf "
                                    "aufgebaut.")) from error
            action.payload = (Undone if undo else Redone)(target=target.seq, kind=str(target.kind))
            return target


def _event_at(tx: Tx, seq: int) -> Event:
    return as_event(tx.one("SELECT * FROM events WHERE seq = ?", (seq,)))


def undo_stacks(tx: Tx) -> tuple[list[int], list[int]]:
    """Replay the facilitator's history: what undo and redo would take next (newest last).

    A purge is a wall: the rows that earlier actions recorded named devices that no longer exist.
    """
    stack: list[int] = []
    redo: list[int] = []
    for row in tx.all("SELECT seq, kind, undoable FROM events WHERE undoable = 1 OR kind IN (?, ?, ?) ORDER BY seq",
                      (EventKind.UNDONE, EventKind.REDONE, EventKind.PERSONAL_DATA_PURGED)):
        if row["kind"] == EventKind.PERSONAL_DATA_PURGED:
            stack.clear()
            redo.clear()
        elif row["undoable"] == 1:
            stack.append(row["seq"])
            redo.clear()
        elif row["kind"] == EventKind.UNDONE and stack:
            redo.append(stack.pop())
        elif row["kind"] == EventKind.REDONE and redo:
            stack.append(redo.pop())
    return stack, redo


def apply_change(tx: Tx, change: dict[str, Any], *, undo: bool) -> None:
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
