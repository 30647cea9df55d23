"""Deleting a session's personal data: every per-device datum goes, what protocol and plan need stays.

First the turnout is frozen (`turnout.py`) and each round's phone dots are summed per item into one row of
the neutral device „Telefon“; then the device rows (join time, consent), their dots, the events that only
say a phone joined or consented are deleted, each round's `DotsSet` events (which item, when, how many)
become one `DotsTotalled` event with the round's totals, and the device ids in ideas and in the event
log are replaced by „Telefon“ (so an idea keeps its 📱). A last check scans every table of the file for a
purged id and rolls the whole purge back if one is left, so a table added later that references devices
fails loudly until it is listed in `PER_DEVICE_COLUMNS`. The file is then checkpointed with
`secure_delete` on (see `store.py`), so the deleted data is in neither the database nor its WAL.
Undo never reaches back across a purge (`undo.py`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from workshop.core.errors import DomainError, RuleViolation
from workshop.core.events import DotsTotalled, EventKind, PersonalDataPurged
from workshop.core.models import FACILITATOR, SYSTEM, Session
from workshop.core.queries import Reads
from workshop.core.rows import load_session
from workshop.core.store import Tx
from workshop.core.transactions import Part, Transactions, writes
from workshop.core.signups import freeze_counts
from workshop.core.turnout import NEUTRAL_DEVICE, freeze_turnout
from workshop.i18n import _

DELETE, NEUTRAL, CLEAR = "delete", "neutral", "clear"
# Where the session file names a participant's device, and what a purge does there: delete the row, put the
# neutral marker in its place, or clear the link (NULL). Extend it with every table that gains a device
# column; the check at the end refuses a purge that missed one.
PER_DEVICE_COLUMNS: list[tuple[str, str, str]] = [
    ("dots", "device_id", DELETE),       # after each round's totals were moved to the neutral device
    ("devices", "id", DELETE),           # join time, name, organisation, e-mail, phone, consent
    ("signups", "device_id", DELETE),    # sign-ups for measures, after their counts were frozen
    ("ideas", "author", NEUTRAL),
    ("events", "actor", NEUTRAL),
    ("slips", "device_id", NEUTRAL),     # a redeemed slip stays redeemed, by no one in particular
    ("slips", "released_from", CLEAR),
    ("group_members", "device_id", DELETE),  # who was in which small group (the drafts name no one)
]
# Columns cleared with the device link: a phone's own request ids would still tie its ideas together.
CLEARED_WITH: dict[str, tuple[str, ...]] = {"ideas": ("client_id",)}
# Events that only record a phone's joining or consenting: deleted with the device.
DEVICE_EVENTS = (EventKind.DEVICE_JOINED, EventKind.CONSENT_RECORDED, EventKind.CONSENT_WITHDRAWN)
NOT_DEVICES = frozenset({FACILITATOR, SYSTEM, NEUTRAL_DEVICE})
_TOKEN = re.compile(r"[A-Za-z0-9_.-]{8,}")  # device ids: random, or random "." signature


class PurgeIncomplete(DomainError):
    """A device id would survive the purge (a table is missing from PER_DEVICE_COLUMNS); nothing was deleted."""


@dataclass(frozen=True, slots=True)
class PurgeReport:
    devices: int
    consents: int
    purged_at: str
    checkpointed: bool


class Purge(Part):
    """Delete the per-device data of a session (`service.purge`, `werkstatt purge`)."""

    def __init__(self, transactions: Transactions, read: Reads) -> None:
        super().__init__(transactions)
        self._reads = read
        self._checkpoint = transactions.checkpoint

    @writes
    def run(self) -> PurgeReport:
        """Freeze the figures, then delete every per-device datum; the file keeps no trace of them."""
        with self._action(EventKind.PERSONAL_DATA_PURGED, undoable=False) as (tx, action):
            session = load_session(tx)
            if tx.one("SELECT 1 AS x FROM rounds WHERE status = 'open'") is not None:
                raise RuleViolation(_("Während einer Abstimmung wird nichts gelöscht: erst die Runde schließen."))
            freeze_turnout(tx)
            freeze_counts(tx)
            devices = device_ids(tx)
            consents = tx.one("SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL")["n"]
            _delete_device_data(tx, devices)
            purged_at = self._now()
            tx.update("session", {"id": session.id}, purged_at=purged_at)
            _check_nothing_left(tx, devices)
            action.payload = PersonalDataPurged(devices=len(devices), consents=consents)
        # The phones' cache of known devices is stale now: this transaction's changes tell it (`phones.py`).
        return PurgeReport(devices=len(devices), consents=consents, purged_at=purged_at,
                           checkpointed=self._checkpoint())

    def counts(self) -> tuple[int, int]:
        """(devices, consents) that a purge of this session would delete."""
        with self._read() as tx:
            return len(device_ids(tx)), tx.one("SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL")["n"]

    def purged(self) -> Session | None:
        """The session if its personal data was deleted, else None."""
        session = self._reads.session()
        return session if session.purged_at else None


def device_ids(tx: Tx) -> set[str]:
    """Every participant device id the session file holds."""
    found = {row["id"] for row in tx.all("SELECT id FROM devices")}
    found |= {row["device_id"] for row in tx.all("SELECT DISTINCT device_id FROM dots")}
    found |= {row["author"] for row in tx.all("SELECT DISTINCT author FROM ideas")}
    found |= {row["actor"] for row in tx.all("SELECT DISTINCT actor FROM events")}
    return found - NOT_DEVICES


def _delete_device_data(tx: Tx, devices: set[str]) -> None:
    ids = json.dumps(sorted(devices))
    # Each round's phone dots, summed per item, stay as the neutral device's: results are unchanged.
    tx.execute(f"INSERT INTO dots (round_id, device_id, item_id, count) SELECT round_id, '{NEUTRAL_DEVICE}', item_id, "
               "SUM(count) FROM dots WHERE device_id IN (SELECT value FROM json_each(?)) GROUP BY round_id, item_id "
               "ON CONFLICT (round_id, device_id, item_id) DO UPDATE SET count = count + excluded.count", (ids,))
    kinds = json.dumps([str(kind) for kind in DEVICE_EVENTS])
    tx.execute("DELETE FROM events WHERE kind IN (SELECT value FROM json_each(?))", (kinds,))
    _total_dot_events(tx)
    for seq, data in tx.execute("SELECT seq, data FROM events WHERE data IS NOT NULL").fetchall():
        if any(token in devices for token in _TOKEN.findall(data)):
            cleaned = _neutral(json.loads(data), devices)
            tx.execute("UPDATE events SET data = ? WHERE seq = ?",
                       (json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")), seq))
    for table, column, what in PER_DEVICE_COLUMNS:
        where = f"{column} IN (SELECT value FROM json_each(?))"
        if what == DELETE:
            tx.execute(f"DELETE FROM {table} WHERE {where}", (ids,))
            continue
        value = NEUTRAL_DEVICE if what == NEUTRAL else None
        sets = ", ".join([f"{column} = ?", *(f"{other} = NULL" for other in CLEARED_WITH.get(table, ()))])
        tx.execute(f"UPDATE {table} SET {sets} WHERE {where}", (value, ids))


def _total_dot_events(tx: Tx) -> None:
    """Each round's `DotsSet` events (who changed which item when) become one `DotsTotalled` event with the
    phones' dots per item, in the place of the round's last one; the dots table already holds the same sums."""
    last: dict[str, int] = {}
    for seq, data in tx.execute("SELECT seq, data FROM events WHERE kind = ? ORDER BY seq",
                                (str(EventKind.DOTS_SET),)).fetchall():
        last[json.loads(data)["round"]] = seq
    for round_id, seq in last.items():
        counts = {row["item_id"]: row["count"] for row in tx.all(
            "SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ? AND count > 0 ORDER BY item_id",
            (round_id, NEUTRAL_DEVICE))}
        data = DotsTotalled(round=round_id, counts=counts).data()
        tx.execute("UPDATE events SET kind = ?, actor = ?, data = ? WHERE seq = ?",
                   (str(EventKind.DOTS_TOTALLED), NEUTRAL_DEVICE,
                    json.dumps(data, ensure_ascii=False, separators=(",", ":")), seq))
    tx.execute("DELETE FROM events WHERE kind = ?", (str(EventKind.DOTS_SET),))


def _neutral(value: Any, devices: set[str]) -> Any:
    """An event's data with every device id replaced by the marker (and a phone's request ids dropped)."""
    if isinstance(value, str):
        return NEUTRAL_DEVICE if value in devices else value
    if isinstance(value, list):
        return [_neutral(item, devices) for item in value]
    if isinstance(value, dict):
        cleaned = {key: _neutral(item, devices) for key, item in value.items()}
        if value.get("author") in devices and "client_id" in cleaned:
            cleaned["client_id"] = None
        return cleaned
    return value


def _check_nothing_left(tx: Tx, devices: set[str]) -> None:
    """Scan every table for a purged id: a table nobody listed must not keep one."""
    tables = [row["name"] for row in tx.all("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        for row in tx.execute(f'SELECT * FROM "{table}"'):
            for value in row:
                if isinstance(value, str) and any(token in devices for token in _TOKEN.findall(value)):
                    raise PurgeIncomplete(_("Löschen abgebrochen, nichts gelöscht: die Tabelle {table} verweist "
                                            "noch auf Telefone."), table=table)
