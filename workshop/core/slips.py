"""Voting slips: in a session that asks for them, a device's dots need a printed one-time slip.

A slip is a number and a short code (`ids.new_slip_code`); nothing about a person is tied to it. A
phone only carries the code (a cookie) until its first dot, which claims the slip inside that dot's
transaction: the first write wins, a second device gets `SlipTaken`. Releasing a slip (a phone broke)
lets the next device that brings its code take it over, together with the dots it already holds, so
one slip stays one budget; the phone that held it is refused (`SlipTaken`), so it cannot take the slip
back before the new phone does. Ideas need no slip.
"""

from __future__ import annotations

from workshop.core import ids
from workshop.core.errors import InvalidInput, NoSlip, NotFound, RuleViolation, SlipTaken
from workshop.core.events import EventKind, SlipReleased, SlipsCreated
from workshop.core.models import Slip, SlipCount
from workshop.core.store import Row, Tx
from workshop.core.transactions import Part, writes
from workshop.i18n import _

MAX_SLIPS_AT_ONCE = 2000
NO_SLIP = _("Zum Abstimmen brauchen Sie einen Stimmzettel. Bitte geben Sie den Code von Ihrem Stimmzettel ein "
            "oder scannen Sie seinen QR-Code.")
UNKNOWN_SLIP = _("Diesen Stimmzettel-Code gibt es nicht. Bitte prüfen Sie den Code auf Ihrem Stimmzettel.")
TAKEN_SLIP = _("Dieser Stimmzettel wurde schon auf einem anderen Telefon benutzt. Bitte fragen Sie die Moderation.")
RELEASED_SLIP = _("Dieser Stimmzettel wurde für ein neues Telefon freigegeben und gilt auf diesem Telefon nicht mehr. "
                  "Bitte fragen Sie die Moderation.")


class Slips(Part):
    """The facilitator's side (`service.slips`): print (create) slips, count them, release one; the phone's: look
    a code up."""

    @writes
    def create(self, count: int) -> list[Slip]:
        """`count` new slips, numbered on after the last one."""
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SLIPS_AT_ONCE:
            raise InvalidInput(_("Anzahl der Stimmzettel: zwischen 1 und {limit}."), limit=MAX_SLIPS_AT_ONCE)
        with self._action(EventKind.SLIPS_CREATED, undoable=False) as (tx, action):
            first = tx.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM slips").fetchone()[0]
            known = {code for (code,) in tx.execute("SELECT code FROM slips").fetchall()}
            now = self._now()
            made = []
            for number in range(first, first + count):
                code = ids.new_slip_code()
                while code in known:
                    code = ids.new_slip_code()
                known.add(code)
                tx.execute("INSERT INTO slips (number, code, created_at) VALUES (?, ?, ?)", (number, code, now))
                made.append(Slip(number=number, code=code, device_id=None, claimed_at=None, created_at=now))
            action.payload = SlipsCreated(first=first, count=count)
        return made

    def list(self) -> list[Slip]:
        with self._read() as tx:
            return [_as_slip(row) for row in tx.all("SELECT * FROM slips ORDER BY number")]

    def count(self) -> SlipCount:
        """How many slips exist and how many a phone has redeemed."""
        with self._read() as tx:
            total, redeemed = tx.execute(
                "SELECT COUNT(*), COUNT(device_id) FROM slips").fetchone()
        return SlipCount(total=total, redeemed=redeemed)

    @writes
    def release(self, code: str) -> Slip:
        """Free a redeemed slip (its phone broke): the next phone with its code takes it over, dots and all."""
        found = ids.slip_code(code)
        if found is None:
            raise InvalidInput(_("Ein Stimmzettel-Code hat 8 Zeichen, z. B. ABCD-EFGH."))
        with self._action(EventKind.SLIP_RELEASED, undoable=False) as (tx, action):
            row = tx.one("SELECT * FROM slips WHERE code = ?", (found,))
            if row is None:
                raise NotFound(UNKNOWN_SLIP)
            if row["device_id"] is None:
                raise RuleViolation(_("Der Stimmzettel Nr. {number} ist nicht eingelöst."), number=row["number"])
            tx.execute("UPDATE slips SET device_id = NULL, claimed_at = NULL, released_from = ? WHERE number = ?",
                       (row["device_id"], row["number"]))
            action.payload = SlipReleased(slip=row["number"])
            return _as_slip({**row, "device_id": None, "claimed_at": None})

    def of(self, device_id: str) -> Slip | None:
        """The slip this device redeemed, if any."""
        with self._read() as tx:
            row = tx.one("SELECT * FROM slips WHERE device_id = ?", (device_id,))
        return _as_slip(row) if row else None

    def exists(self, code: str) -> bool:
        """Whether a slip with this (stored-form) code was printed."""
        with self._read() as tx:
            return tx.execute("SELECT 1 FROM slips WHERE code = ?", (code,)).fetchone() is not None

    def check(self, device_id: str, code: object) -> str:
        """A code a phone typed or scanned, before it is kept in the phone: its stored form, or why not."""
        found = ids.slip_code(code)
        with self._read() as tx:
            row = tx.one("SELECT * FROM slips WHERE code = ?", (found,)) if found else None
        if row is None:
            raise NoSlip(UNKNOWN_SLIP)
        if row["device_id"] is not None and row["device_id"] != device_id:
            raise SlipTaken(TAKEN_SLIP)
        if row["device_id"] is None and row["released_from"] == device_id:
            raise SlipTaken(RELEASED_SLIP)
        return row["code"]


def held_slip(tx: Tx, device_id: str) -> int | None:
    """The number of the slip this device redeemed, if any."""
    row = tx.execute("SELECT number FROM slips WHERE device_id = ?", (device_id,)).fetchone()
    return row[0] if row else None


def claim_slip(tx: Tx, device_id: str, code: str | None, now: str) -> int:
    """Inside a phone's first dot: redeem the slip whose code it carries (NoSlip, SlipTaken otherwise)."""
    if code is None:
        raise NoSlip(NO_SLIP)
    found = ids.slip_code(code)
    row = tx.execute("SELECT number, device_id, released_from FROM slips WHERE code = ?",
                     (found,)).fetchone() if found else None
    if row is None:
        raise NoSlip(UNKNOWN_SLIP)
    number, holder, released_from = row
    if holder is not None and holder != device_id:
        raise SlipTaken(TAKEN_SLIP)
    if holder is None and released_from == device_id:  # released from this phone: free for the next one only
        raise SlipTaken(RELEASED_SLIP)
    tx.execute("UPDATE slips SET device_id = ?, claimed_at = ?, released_from = NULL WHERE number = ?",
               (device_id, now, number))
    if released_from is not None:  # the new phone carries on with the slip's dots: one slip, one budget
        tx.execute("UPDATE OR IGNORE dots SET device_id = ? WHERE device_id = ?", (device_id, released_from))
    return number


def _as_slip(row: Row) -> Slip:
    return Slip(number=row["number"], code=row["code"], device_id=row["device_id"], claimed_at=row["claimed_at"],
                created_at=row["created_at"])
