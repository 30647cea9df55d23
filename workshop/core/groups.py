"""Small groups and their shared drafts (`service.groups`): formed by the facilitator, filled in on the phones.

In fantasy and realisation the room splits into small groups, one per theme (or named freely). Each group
has a code of 4 characters from the join token's alphabet (it hangs on the wall: not a secret) and one shared
draft: in realisation a measure's fields as the facilitator's form has them, in fantasy a "Zukunftsentwurf"
(title, text, the ideas it draws on). A phone joins a group by its code and edits the draft field by field.

**Concurrent edits.** Every field has a revision. A phone's save names the revision it was based on; on the
current one it is taken (revision + 1), on an older one it does not overwrite: its text goes into the
field's history as an open *conflict* that every phone of the group sees („von einem anderen Telefon
geändert“), and the group settles it — take that text over, append it, or set it aside (it stays in the
history). A phone that keeps typing on its stale base updates its own conflict entry (`replaces`) instead of
adding one per keystroke. So no text typed is ever lost, and no text is overwritten without the group seeing
it. Besides conflicts the history keeps a field's earlier *versions* (when a save does not just extend the
text, at most one per field every few seconds) and texts the facilitator replaced by a *restore*. The
history holds no device id; who is in which group (`group_members`) is per-device data and purged.

Phones' saves are not undoable (like their ideas); the facilitator's actions (forming groups, hiding a
field's text, restoring a field, locking a group, taking a draft into a measure) are.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from dataclasses import dataclass, field
from typing import Any

from workshop.core import ids
from workshop.core.devices import Devices
from workshop.core.errors import InvalidInput, NotFound, RuleViolation, WrongPhase
from workshop.core.events import (
    EventKind, GroupDeleted, GroupFieldConflict, GroupFieldModerated, GroupFieldSaved, GroupFieldSettled, GroupJoined,
    GroupLeft, GroupLocked, GroupsFormed, GroupStaged, MeasurePromoted)
from workshop.core.formatting import parse_euros, parse_year
from workshop.core.models import FACILITATOR, Measure, Phase, Timeframe
from workshop.core.rows import as_measure, load_results, load_session, next_position, require
from workshop.core.rules import MEASURE_DEFAULTS, measure_values
from workshop.core.store import Row, Tx
from workshop.core.text import FIELD_MAX, TITLE_MAX, clean_text
from workshop.core.transactions import Part, Transactions, writes
from workshop.i18n import _

CODE_LENGTH = 4  # 31**4 ≈ 900,000: enough for a room's groups, short enough to type from the wall
GROUPS_MAX = 40
GROUP_PHASES = (Phase.FANTASY, Phase.REALISATION)
# The draft's fields per phase, in the order of the facilitator's form; (name, longest, several lines).
REALISATION_FIELDS: tuple[tuple[str, int, bool], ...] = (
    ("title", TITLE_MAX, False), ("goal", FIELD_MAX, True), ("description", FIELD_MAX, True),
    ("field_of_action", TITLE_MAX, False), ("responsible", TITLE_MAX, False), ("partners", FIELD_MAX, False),
    ("cost", 40, False), ("funding", TITLE_MAX, False), ("timeframe", 20, False), ("target_year", 10, False))
FANTASY_FIELDS: tuple[tuple[str, int, bool], ...] = (
    ("title", TITLE_MAX, False), ("text", FIELD_MAX, True), ("ideas", 27 * 40, False))
FIELDS = {Phase.REALISATION: REALISATION_FIELDS, Phase.FANTASY: FANTASY_FIELDS}
# What the phones and the groups screen call each field (the facilitator's form's words).
FIELD_LABELS = {
    "title": _("Titel"), "goal": _("Ziel"), "description": _("Beschreibung"), "field_of_action": _("Handlungsfeld"),
    "responsible": _("Zuständig"), "partners": _("Partner"), "cost": _("Kosten (EUR)"), "funding": _("Finanzierung"),
    "timeframe": _("Zeitraum"), "target_year": _("Zieljahr"), "text": _("Zukunftsentwurf"),
    "ideas": _("Ideen, auf die er aufbaut"),
}
VERSION_SECONDS = 10.0  # at most one kept earlier version per field in this time (a burst of typing is one)
HISTORY_MAX = 60  # entries per field; the oldest versions go first, conflicts never
CONFLICT, VERSION, RESTORED = "conflict", "version", "restored"
STAGE_CODES = "codes"  # the projector page shows every group's code


@dataclass(frozen=True, slots=True)
class DraftField:
    name: str
    text: str
    rev: int
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: str
    field: str
    text: str
    rev: int  # the revision the text was based on (a conflict) or replaced (a version)
    kind: str
    open: bool
    at: str


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    code: str
    name: str
    phase: Phase
    theme_id: str | None
    position: int
    locked: bool
    measure_id: str | None
    members: int = 0
    fields: dict[str, DraftField] = field(default_factory=dict)
    conflicts: tuple[HistoryEntry, ...] = ()  # the open ones, oldest first

    def text(self, name: str) -> str:
        got = self.fields.get(name)
        return got.text if got is not None else ""

    @property
    def filled(self) -> int:
        """How many fields hold text."""
        return sum(1 for item in self.fields.values() if item.text.strip())


@dataclass(frozen=True, slots=True)
class SaveResult:
    """A phone's save: the field as it stands now, and the conflict entry its text went into (if stale)."""

    group: str
    field: str
    text: str
    rev: int
    conflict: str | None = None


def clean_code(text: object) -> str | None:
    """A typed or scanned group code in its stored form (upper case), or None."""
    if not isinstance(text, str) or len(text) > 16:
        return None
    code = "".join(text.split()).upper()
    if len(code) != CODE_LENGTH or not all(char in ids.TOKEN_ALPHABET for char in code):
        return None
    return code


def field_spec(phase: Phase | str, name: object) -> tuple[str, int, bool]:
    for spec in FIELDS.get(Phase(phase), ()):
        if spec[0] == name:
            return spec
    raise InvalidInput(_("Unbekanntes Feld: {name}."), name=str(name)[:40])


def field_problem(name: str, text: str) -> InvalidInput | None:
    """What the facilitator's form would say about this text (cost and year with the same German parsing)."""
    try:
        if name == "cost":
            parse_euros(text)
        elif name == "target_year":
            parse_year(text)
        elif name == "timeframe" and text not in ("", *Timeframe):
            raise InvalidInput(_("Zeitraum: kurzfristig, mittelfristig oder langfristig."))
    except InvalidInput as error:
        return error
    return None


class Groups(Part):
    """The small groups of a session: the facilitator forms and moderates them, the phones fill their drafts."""

    def __init__(self, transactions: Transactions, devices: Devices) -> None:
        super().__init__(transactions)
        self._ensure = devices.ensure

    # ------------------------------------------------------------------------------------ the facilitator
    @writes
    def form(self, entries: list[tuple[str, str | None]], *, phase: Phase | str | None = None) -> list[Group]:
        """Form groups, each `(name, theme id or None)`, in one undoable step; a name may repeat its theme's."""
        if not entries:
            raise InvalidInput(_("Keine Gruppe ausgewählt."))
        with self._action(EventKind.GROUPS_FORMED) as (tx, action):
            session = load_session(tx)
            phase = Phase(phase) if phase else session.phase
            if phase not in GROUP_PHASES:
                raise WrongPhase(_("Kleingruppen gibt es in der Phantasie- und der Verwirklichungsphase."))
            if tx.one("SELECT COUNT(*) AS n FROM groups")["n"] + len(entries) > GROUPS_MAX:
                raise RuleViolation(_("Höchstens {count} Gruppen."), count=GROUPS_MAX)
            made = []
            for name, theme_id in entries:
                if theme_id is not None:
                    theme = require(tx, "themes", theme_id, _("Das Thema"))
                    name = name or theme["name"]
                name = clean_text(name, max_length=TITLE_MAX, what=_("Der Name der Gruppe"))
                row = {"id": ids.new_id(), "code": _new_code(tx), "name": name, "phase": str(phase),
                       "theme_id": theme_id, "position": _next_group_position(tx), "locked": 0, "measure_id": None,
                       "created_at": self._now()}
                tx.insert("groups", row)
                made.append(row)
            action.payload = GroupsFormed(groups=[row["id"] for row in made], phase=str(phase))
            return [_as_group(row) for row in made]

    @writes
    def delete(self, group_id: str) -> None:
        """Dissolve a group whose draft is empty (a draft with text is kept: lock the group instead)."""
        with self._action(EventKind.GROUP_DELETED) as (tx, action):
            require(tx, "groups", group_id, _("Die Gruppe"))
            if tx.one("SELECT 1 AS x FROM group_fields WHERE group_id = ? AND text != ''", (group_id,)):
                raise RuleViolation(_("Die Gruppe hat schon einen Entwurf; sperren Sie sie stattdessen."))
            for row in tx.all("SELECT device_id FROM group_members WHERE group_id = ?", (group_id,)):
                tx.delete("group_members", {"device_id": row["device_id"]})
            for row in tx.all("SELECT field FROM group_fields WHERE group_id = ?", (group_id,)):
                tx.delete("group_fields", {"group_id": group_id, "field": row["field"]})
            for row in tx.all("SELECT id FROM group_history WHERE group_id = ?", (group_id,)):
                tx.delete("group_history", {"id": row["id"]})
            tx.delete("groups", {"id": group_id})
            action.payload = GroupDeleted(group=group_id)

    @writes
    def lock(self, group_id: str, locked: bool = True) -> Group:
        """A locked group's phones see its draft but cannot change it (the presentation, the end)."""
        with self._action(EventKind.GROUP_LOCKED) as (tx, action):
            require(tx, "groups", group_id, _("Die Gruppe"))
            tx.update("groups", {"id": group_id}, locked=int(locked))
            action.payload = GroupLocked(group=group_id, locked=locked)
            return _as_group(tx.get("groups", {"id": group_id}))

    @writes
    def hide_field(self, group_id: str, name: str, hidden: bool = True) -> None:
        """Moderate a field's text away (phones and the projector no longer show it), or show it again."""
        with self._action(EventKind.GROUP_FIELD_MODERATED) as (tx, action):
            group = require(tx, "groups", group_id, _("Die Gruppe"))
            field_spec(group["phase"], name)
            current = _field_row(tx, group_id, name)
            if current is None:
                tx.insert("group_fields", {"group_id": group_id, "field": name, "text": "", "rev": 0,
                                           "hidden": int(hidden), "updated_at": self._now()})
            else:
                tx.update("group_fields", {"group_id": group_id, "field": name}, hidden=int(hidden))
            action.payload = GroupFieldModerated(group=group_id, field=name, hidden=hidden)

    @writes
    def restore(self, group_id: str, entry_id: str) -> DraftField:
        """Put a text from the field's history back into the field; the text it replaces goes into the history."""
        with self._action(EventKind.GROUP_FIELD_MODERATED) as (tx, action):
            entry = require(tx, "group_history", entry_id, _("Der frühere Text"))
            if entry["group_id"] != group_id:
                raise NotFound(_("{what} gibt es nicht (mehr)."), what=_("Der frühere Text"))
            name = entry["field"]
            current = _field_row(tx, group_id, name) or {"text": "", "rev": 0, "hidden": 0}
            if current["text"]:
                _add_history(tx, group_id, name, current["text"], current["rev"], RESTORED, self._now())
            _put_field(tx, group_id, name, entry["text"], current["rev"] + 1, self._now())
            if entry["open"]:
                tx.update("group_history", {"id": entry_id}, open=0)
            action.payload = GroupFieldModerated(group=group_id, field=name, hidden=bool(current["hidden"]),
                                                 entry=entry_id)
            return DraftField(name, entry["text"], current["rev"] + 1, bool(current["hidden"]))

    @writes
    def promote(self, group_id: str, **fields: Any) -> Measure:
        """Take the group's draft into a draft measure (the fields as the form saved them); its source is the
        group, its support its theme's dots from the newest revealed round."""
        with self._action(EventKind.MEASURE_PROMOTED) as (tx, action):
            group = require(tx, "groups", group_id, _("Die Gruppe"))
            if group["measure_id"] and tx.get("measures", {"id": group["measure_id"]}) is not None:
                raise RuleViolation(_("Aus diesem Entwurf ist schon eine Maßnahme geworden."))
            values = measure_values(tx, {"title": group["name"], **fields}, None)
            dots, support = _theme_support(tx, group["theme_id"])
            row = {"id": ids.new_id(), **MEASURE_DEFAULTS,
                   "source_theme_ids": json.dumps([group["theme_id"]] if group["theme_id"] else []),
                   "source_idea_ids": json.dumps([]), "support_dots": dots,
                   "support_source": json.dumps(support, ensure_ascii=False) if support else None,
                   "position": next_position(tx, "measures"), "created_at": self._now()}
            row.update(values)
            tx.insert("measures", row)
            tx.update("groups", {"id": group_id}, measure_id=row["id"])
            action.payload = MeasurePromoted(measure=row["id"], source=group_id)
            return as_measure(row)

    @writes
    def stage(self, shown: str | None) -> None:
        """Show a group's draft large on the projector page (its id), every group's code ("codes"), or neither
        (None). Not undone: like the timer, it changes what the room sees, not the session's content."""
        with self._action(EventKind.GROUP_STAGED, undoable=False) as (tx, action):
            if shown not in (None, STAGE_CODES):
                require(tx, "groups", shown, _("Die Gruppe"))
            tx.execute("INSERT OR REPLACE INTO group_stage (id, shown) VALUES (1, ?)", (shown,))
            action.payload = GroupStaged(shown=shown)

    def staged(self) -> str | None:
        """What the projector page shows of the groups now (see `stage`)."""
        with self._read() as tx:
            row = tx.one("SELECT shown FROM group_stage WHERE id = 1")
            if row is None or row["shown"] is None:
                return None
            if row["shown"] != STAGE_CODES and tx.get("groups", {"id": row["shown"]}) is None:
                return None  # dissolved (or undone) since
            return row["shown"]

    # ------------------------------------------------------------------------------------ the phones
    @writes
    def join(self, device_id: str, code: object) -> Group:
        """The phone is in the group with this code from now on (and in no other); joining counts as taking part."""
        wanted = clean_code(code)
        with self._transaction() as log:
            row = log.tx.one("SELECT * FROM groups WHERE code = ?", (wanted,)) if wanted else None
            if row is None:
                raise NotFound(_("Eine Gruppe mit diesem Code gibt es nicht. Bitte prüfen Sie die vier Zeichen."))
            if self._ensure(log.tx, device_id):
                log.append(EventKind.DEVICE_JOINED, {}, actor="system")
            current = log.tx.get("group_members", {"device_id": device_id})
            if current is None or current["group_id"] != row["id"]:
                log.tx.execute("INSERT OR REPLACE INTO group_members (device_id, group_id, joined_at) VALUES (?, ?, ?)",
                               (device_id, row["id"], self._now()))
                log.append(EventKind.GROUP_JOINED, GroupJoined(group=row["id"]).data(), actor=device_id)
            return _as_group(row)

    @writes
    def leave(self, device_id: str) -> None:
        with self._transaction() as log:
            current = log.tx.get("group_members", {"device_id": device_id})
            if current is not None:
                log.tx.execute("DELETE FROM group_members WHERE device_id = ?", (device_id,))
                log.append(EventKind.GROUP_LEFT, GroupLeft(group=current["group_id"]).data(), actor=device_id)

    @writes
    def save(self, device_id: str, group_id: str, name: str, text: object, base: object, *,
             replaces: str | None = None, settles: str | None = None) -> SaveResult:
        """A phone's edit of one field, based on revision `base`.

        On the current revision it is taken. On an older one the field stays as it is and the text goes into
        the field's history as an open conflict (or updates `replaces`, this phone's own earlier conflict
        entry, while it keeps typing). `settles` names a conflict this save takes over or appends: it is
        closed with it.
        """
        if isinstance(base, bool) or not isinstance(base, int) or base < 0:
            raise InvalidInput(_("Die Anfrage ist unvollständig. Bitte laden Sie die Seite neu."))
        with self._transaction() as log:
            tx = log.tx
            group = self._member_group(tx, device_id, group_id)
            longest, multiline = field_spec(group["phase"], name)[1:]
            text = clean_text(text, max_length=longest, what=FIELD_LABELS[name], multiline=multiline,
                              required=False)
            if self._ensure(tx, device_id):
                log.append(EventKind.DEVICE_JOINED, {}, actor="system")
            now = self._now()
            current = _field_row(tx, group_id, name) or {"text": "", "rev": 0, "hidden": 0, "updated_at": None}
            if current["hidden"]:
                raise RuleViolation(_("Die Moderation hat dieses Feld ausgeblendet."))
            if base != current["rev"] and text != current["text"]:
                return self._conflict(log, group_id, name, text, base, replaces, device_id, current)
            settled = None
            if settles is not None and _open_entry(tx, group_id, name, settles) is not None:
                tx.update("group_history", {"id": settles}, open=0)
                settled = settles
            if text == current["text"]:
                if settled:
                    log.append(EventKind.GROUP_FIELD_SETTLED, GroupFieldSettled(
                        group=group_id, field=name, entry=settled).data(), actor=device_id)
                return SaveResult(group_id, name, current["text"], current["rev"])
            if current["text"] and not text.startswith(current["text"]):
                _keep_version(tx, group_id, name, current["text"], current["rev"], now, self.clock())
            rev = current["rev"] + 1
            _put_field(tx, group_id, name, text, rev, now)
            log.append(EventKind.GROUP_FIELD_SAVED, GroupFieldSaved(
                group=group_id, field=name, rev=rev, settled=settled).data(), actor=device_id)
            return SaveResult(group_id, name, text, rev)

    @writes
    def settle(self, device_id: str, group_id: str, entry_id: str) -> None:
        """A phone of the group sets a conflict aside: it stays in the field's history, no longer shown as open."""
        with self._transaction() as log:
            self._member_group(log.tx, device_id, group_id, editing=False)
            entry = log.tx.get("group_history", {"id": entry_id})
            if entry is None or entry["group_id"] != group_id or not entry["open"]:
                return  # settled already (by another phone): nothing to do, no error
            log.tx.update("group_history", {"id": entry_id}, open=0)
            log.append(EventKind.GROUP_FIELD_SETTLED, GroupFieldSettled(
                group=group_id, field=entry["field"], entry=entry_id).data(), actor=device_id)

    def _member_group(self, tx: Tx, device_id: str, group_id: str, *, editing: bool = True) -> Row:
        group = tx.get("groups", {"id": group_id}) if isinstance(group_id, str) else None
        member = tx.get("group_members", {"device_id": device_id}) if isinstance(device_id, str) else None
        if group is None or member is None or member["group_id"] != group_id:
            raise NotFound(_("Dieses Telefon ist nicht in dieser Gruppe. Bitte treten Sie ihr mit ihrem Code bei."))
        if editing and group["locked"]:
            raise RuleViolation(_("Die Moderation hat diesen Entwurf gesperrt."))
        if editing and group["phase"] != load_session(tx).phase:
            raise WrongPhase(_("Die Gruppenarbeit dieser Phase ist vorbei."))
        return group

    def _conflict(self, log: Any, group_id: str, name: str, text: str, base: int, replaces: str | None,
                  device_id: str, current: Row) -> SaveResult:
        tx = log.tx
        own = _open_entry(tx, group_id, name, replaces) if replaces else None
        if own is not None:
            if own["text"] == text:
                return SaveResult(group_id, name, current["text"], current["rev"], own["id"])
            tx.execute("UPDATE group_history SET text = ?, at = ? WHERE id = ?", (text, self._now(), own["id"]))
            entry = own["id"]
        else:
            entry = _add_history(tx, group_id, name, text, base, CONFLICT, self._now(), open_=True)
        log.append(EventKind.GROUP_FIELD_CONFLICT, GroupFieldConflict(group=group_id, field=name, entry=entry).data(),
                   actor=device_id)
        return SaveResult(group_id, name, current["text"], current["rev"], entry)

    # ------------------------------------------------------------------------------------ reads
    def list(self, phase: Phase | str | None = None) -> list[Group]:
        """The groups (of a phase), each with its draft, its open conflicts and how many phones are in it."""
        with self._read() as tx:
            return _load_groups(tx, phase)

    def get(self, group_id: str) -> Group:
        with self._read() as tx:
            found = _load_groups(tx, None, group_id)
        if not found:
            raise NotFound(_("{what} gibt es nicht (mehr)."), what=_("Die Gruppe"))
        return found[0]

    def by_code(self, code: object) -> Group | None:
        wanted = clean_code(code)
        if wanted is None:
            return None
        with self._read() as tx:
            row = tx.one("SELECT id FROM groups WHERE code = ?", (wanted,))
            found = _load_groups(tx, None, row["id"]) if row else []
        return found[0] if found else None

    def of_device(self, device_id: str) -> str | None:
        """The id of the group this phone is in, or None."""
        with self._read() as tx:
            row = tx.get("group_members", {"device_id": device_id})
        return row["group_id"] if row else None

    def history(self, group_id: str, name: str | None = None) -> list[HistoryEntry]:
        """The field's (or the whole draft's) history, newest first."""
        with self._read() as tx:
            sql = "SELECT * FROM group_history WHERE group_id = ?" + (" AND field = ?" if name else "")
            rows = tx.all(sql + " ORDER BY at DESC, id DESC", (group_id, name) if name else (group_id,))
        return [_as_entry(row) for row in rows]


# ---------------------------------------------------------------------------------------------- rows
def _new_code(tx: Tx) -> str:
    while True:
        code = "".join(secrets.choice(ids.TOKEN_ALPHABET) for _ in range(CODE_LENGTH))
        if tx.one("SELECT 1 AS x FROM groups WHERE code = ?", (code,)) is None:
            return code


def _next_group_position(tx: Tx) -> int:
    return tx.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM groups").fetchone()[0]


def _field_row(tx: Tx, group_id: str, name: str) -> Row | None:
    return tx.get("group_fields", {"group_id": group_id, "field": name})


def _put_field(tx: Tx, group_id: str, name: str, text: str, rev: int, now: str) -> None:
    """Write a field's text and revision (through `Tx`, so the facilitator's restore is recorded for undo)."""
    if _field_row(tx, group_id, name) is None:
        tx.insert("group_fields", {"group_id": group_id, "field": name, "text": text, "rev": rev, "hidden": 0,
                                   "updated_at": now})
    else:
        tx.update("group_fields", {"group_id": group_id, "field": name}, text=text, rev=rev, updated_at=now)


def _open_entry(tx: Tx, group_id: str, name: str, entry_id: object) -> Row | None:
    if not isinstance(entry_id, str):
        return None
    row = tx.get("group_history", {"id": entry_id})
    if row is None or row["group_id"] != group_id or row["field"] != name or not row["open"]:
        return None
    return row


def _add_history(tx: Tx, group_id: str, name: str, text: str, rev: int, kind: str, now: str, *,
                 open_: bool = False) -> str:
    entry = ids.new_id()
    tx.insert("group_history", {"id": entry, "group_id": group_id, "field": name, "text": text, "rev": rev,
                                "kind": kind, "open": int(open_), "at": now})
    over = tx.all("SELECT id FROM group_history WHERE group_id = ? AND field = ? AND open = 0 AND kind = ? "
                  "ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?", (group_id, name, VERSION, HISTORY_MAX))
    for row in over:
        tx.execute("DELETE FROM group_history WHERE id = ?", (row["id"],))
    return entry


def _keep_version(tx: Tx, group_id: str, name: str, text: str, rev: int, now: str, clock: float) -> None:
    """Keep the text a save replaces, unless a version of this field was kept moments ago (one burst of typing)."""
    last = tx.one("SELECT at FROM group_history WHERE group_id = ? AND field = ? AND kind = ? ORDER BY at DESC "
                  "LIMIT 1", (group_id, name, VERSION))
    if last is not None:
        if clock - datetime.fromisoformat(last["at"]).timestamp() < VERSION_SECONDS:
            return
    _add_history(tx, group_id, name, text, rev, VERSION, now)


def _as_group(row: Row, members: int = 0, fields: dict[str, DraftField] | None = None,
              conflicts: tuple[HistoryEntry, ...] = ()) -> Group:
    return Group(id=row["id"], code=row["code"], name=row["name"], phase=Phase(row["phase"]), theme_id=row["theme_id"],
                 position=row["position"], locked=bool(row["locked"]), measure_id=row["measure_id"], members=members,
                 fields=fields or {}, conflicts=conflicts)


def _as_entry(row: Row) -> HistoryEntry:
    return HistoryEntry(id=row["id"], field=row["field"], text=row["text"], rev=row["rev"] or 0, kind=row["kind"],
                        open=bool(row["open"]), at=row["at"])


def _load_groups(tx: Tx, phase: Phase | str | None, group_id: str | None = None) -> list[Group]:
    where, params = [], []
    if phase is not None:
        where.append("phase = ?")
        params.append(str(Phase(phase)))
    if group_id is not None:
        where.append("id = ?")
        params.append(group_id)
    rows = tx.all("SELECT * FROM groups" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY position",
                  tuple(params))
    if not rows:
        return []
    wanted = {row["id"] for row in rows}
    members: dict[str, int] = {}
    for row in tx.all("SELECT group_id, COUNT(*) AS n FROM group_members GROUP BY group_id"):
        members[row["group_id"]] = row["n"]
    fields: dict[str, dict[str, DraftField]] = {}
    for row in tx.all("SELECT * FROM group_fields"):
        if row["group_id"] in wanted:
            fields.setdefault(row["group_id"], {})[row["field"]] = DraftField(
                row["field"], row["text"], row["rev"], bool(row["hidden"]))
    conflicts: dict[str, list[HistoryEntry]] = {}
    for row in tx.all("SELECT * FROM group_history WHERE open = 1 ORDER BY at, id"):
        if row["group_id"] in wanted:
            conflicts.setdefault(row["group_id"], []).append(_as_entry(row))
    return [_as_group(row, members.get(row["id"], 0), fields.get(row["id"], {}), tuple(conflicts.get(row["id"], ())))
            for row in rows]


def _theme_support(tx: Tx, theme_id: str | None) -> tuple[int, dict[str, str] | None]:
    """The dots of the group's theme (or the theme it was carried from) in the newest revealed round."""
    seen = 0
    while theme_id and seen < 3:
        seen += 1
        row = tx.one("SELECT round_items.round_id FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
                     "WHERE (round_items.item_id = ? OR round_items.merged_into = ?) AND rounds.status = 'closed' "
                     "AND rounds.revealed = 1 ORDER BY rounds.number DESC LIMIT 1", (theme_id, theme_id))
        if row is not None:
            result = next((item for item in load_results(tx, row["round_id"]) if item.item_id == theme_id), None)
            if result is not None:
                return result.total, {"kind": "theme", "id": theme_id, "label": result.label,
                                      "round": row["round_id"]}
        theme = tx.get("themes", {"id": theme_id})
        theme_id = theme["source_theme_id"] if theme else None
    return 0, None


class GroupPhones:
    """What a phone may do with the groups (the phones' door holds this, never `Groups` itself): join one by its
    code, leave, edit its group's draft, set a conflict aside, and read the groups."""

    def __init__(self, groups: Groups) -> None:
        self.join = groups.join
        self.leave = groups.leave
        self.save = groups.save
        self.settle = groups.settle
        self.get = groups.get
        self.by_code = groups.by_code
        self.of_device = groups.of_device
        self.list = groups.list
        self.staged = groups.staged  # for the projector page (the laptop's own browser)


def group_drafts(tx: Tx) -> list[dict[str, Any]]:
    """The groups and their drafts as plain data, for the snapshot (`snapshot.py`) and so the protocol: the
    fields' texts without the hidden ones; no conflicts, no history, no member."""
    out = []
    for group in _load_groups(tx, None):
        theme = tx.get("themes", {"id": group.theme_id}) if group.theme_id else None
        out.append({
            "id": group.id, "name": group.name, "phase": str(group.phase),  # no code: it is random, the file's only
            "theme": theme["name"] if theme else None, "measure_id": group.measure_id, "locked": group.locked,
            "fields": {name: group.text(name) for name, _longest, _multiline in FIELDS[group.phase]
                       if not (group.fields.get(name) and group.fields[name].hidden)},
        })
    return out
