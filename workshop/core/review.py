"""A review session (`service.review`): the plan's measures as the items of a first phase, „Rückblick“.

`werkstatt new TITLE --review` with the plan file reads the plan's measures (Werkstatt's blocks and the
hand-written ones whose status it can read, `export/review.py`) and hands them to `begin`: each item keeps
only its title, field of action, status and target year — never a note, a cost, a responsible unit or a
name. The session then starts in the review's preparation step, where the facilitator hides what the room
should not discuss; from the next step on the items are fixed. Phones add remarks to a measure („Was hakt? Was
fehlt?“), which are ideas of the phase „review“ (moderated like any idea) linked to their item, and put
priority dots in a round of kind „measure“ (`voting.open_round`, `rows.round_candidates`). The facilitator
sets a measure's status (it reaches the plan only through `plan merge`) and takes remarks into the critique as
ideas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workshop.core import ids
from workshop.core.devices import Devices
from workshop.core.errors import InvalidInput, NotFound, RuleViolation, WrongPhase
from workshop.core.events import EventKind, RemarkSubmitted, ReviewChanged
from workshop.core.models import FACILITATOR, SYSTEM, Idea, IdeaStatus, ItemKind, MeasureStatus, Phase, Step
from workshop.core.rows import as_idea, load_results, load_session, next_position
from workshop.core.rules import FIELD_OF_ACTION_MAX, IDEA_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN, check_client_id
from workshop.core.store import Row, Tx
from workshop.core.text import clean_text
from workshop.core.transactions import Part, Transactions, writes
from workshop.i18n import _

SOURCES = ("werkstatt", "hand")  # a Werkstatt block of the plan, or a measure written there by hand
ITEMS_MAX = 500  # a plan with more measures is not one room's evening
REMARK_STEPS = (Step.COLLECT, Step.VOTE)  # when phones may add remarks


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A measure as the plan shows it, all a review keeps of it."""

    title: str
    field_of_action: str
    status: str = ""          # one of MeasureStatus, or "" where the plan says none
    target_year: int | None = None
    measure_id: str | None = None  # a Werkstatt block's id; None for a hand-written measure
    source: str = "werkstatt"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: str
    source: str
    measure_id: str | None
    title: str
    field_of_action: str
    status: str
    target_year: int | None
    position: int
    hidden: bool
    new_status: str | None    # the status the facilitator set in the session (None: none)


def as_item(row: Row) -> ReviewItem:
    return ReviewItem(id=row["id"], source=row["source"], measure_id=row["measure_id"], title=row["title"],
                      field_of_action=row["field"] or "", status=row["status"] or "", target_year=row["target_year"],
                      position=row["position"], hidden=bool(row["hidden"]), new_status=row["new_status"])


def is_review(tx: Tx) -> bool:
    """Whether the session is a review session (it has read a plan)."""
    return tx.one("SELECT id FROM review") is not None


def review_items(tx: Tx, *, visible_only: bool = False) -> list[ReviewItem]:
    where = " WHERE hidden = 0" if visible_only else ""
    return [as_item(row) for row in tx.all(f"SELECT * FROM review_items{where} ORDER BY position")]


class Review(Part):
    """The facilitator's side of a review, and the phones' remarks (through the phones' door)."""

    def __init__(self, transactions: Transactions, devices: Devices) -> None:
        super().__init__(transactions)
        self._devices = devices

    # ------------------------------------------------------------------ reads

    def plan(self) -> str | None:
        """The name of the plan the session reviews (None: not a review session)."""
        with self._read() as tx:
            row = tx.one("SELECT plan FROM review")
        return row["plan"] if row else None

    def items(self, *, visible_only: bool = False) -> list[ReviewItem]:
        with self._read() as tx:
            return review_items(tx, visible_only=visible_only)

    def remarks(self, *, visible_only: bool = True) -> dict[str, list[Idea]]:
        """The remarks by item id, in the order they came (hidden ones only if asked for)."""
        status = " AND ideas.status = 'visible'" if visible_only else ""
        with self._read() as tx:
            rows = tx.all("SELECT ideas.*, review_remarks.item_id AS item_id FROM review_remarks JOIN ideas ON "
                          f"ideas.id = review_remarks.idea_id WHERE 1 = 1{status} ORDER BY ideas.position")
        found: dict[str, list[Idea]] = {}
        for row in rows:
            found.setdefault(row["item_id"], []).append(as_idea(row))
        return found

    def taken(self) -> set[str]:
        """The remarks already taken into the critique."""
        with self._read() as tx:
            return {row["idea_id"] for row in tx.all("SELECT idea_id FROM review_remarks "
                                                     "WHERE taken_idea_id IS NOT NULL")}

    # ------------------------------------------------------------------ the facilitator

    @writes
    def begin(self, plan: str, items: Sequence[PlanItem]) -> list[ReviewItem]:
        """Make a new session a review of `plan`'s measures: its course starts with the review's preparation."""
        checked = [_checked(item) for item in items]
        if not checked:
            raise RuleViolation(_("Der Plan enthält keine Maßnahmen, die sich prüfen lassen."))
        if len(checked) > ITEMS_MAX:
            raise RuleViolation(_("Der Plan hat mehr als {count} Maßnahmen; so viele prüft kein Abend."),
                                count=ITEMS_MAX)
        plan = clean_text(plan, max_length=TITLE_MAX, what=_("Der Plan"))
        with self._action(EventKind.REVIEW_CHANGED, undoable=False) as (tx, action):
            if is_review(tx):
                raise RuleViolation(_("Diese Sitzung ist schon ein Rückblick."))
            if tx.one("SELECT id FROM ideas LIMIT 1") or tx.one("SELECT id FROM rounds LIMIT 1"):
                raise RuleViolation(_("Ein Rückblick beginnt nur in einer neuen Sitzung."))
            tx.insert("review", {"id": "review", "plan": plan, "read_at": self._now()})
            for position, item in enumerate(checked, start=1):
                tx.insert("review_items", {
                    "id": ids.new_id(), "source": item.source, "measure_id": item.measure_id, "title": item.title,
                    "field": item.field_of_action, "status": item.status, "target_year": item.target_year,
                    "position": position, "hidden": 0, "new_status": None})
            session = load_session(tx)
            tx.update("session", {"id": session.id}, phase=str(Phase.REVIEW), step=str(Step.PREPARE))
            action.payload = ReviewChanged(change="started")
            return review_items(tx)

    @writes
    def hide(self, item_id: str) -> ReviewItem:
        """Leave a measure out of the review (only while preparing: the room has not seen the items yet)."""
        return self._set_hidden(item_id, True)

    @writes
    def show(self, item_id: str) -> ReviewItem:
        return self._set_hidden(item_id, False)

    def _set_hidden(self, item_id: str, hidden: bool) -> ReviewItem:
        with self._action(EventKind.REVIEW_CHANGED) as (tx, action):
            session = load_session(tx)
            if (session.phase, session.step) != (Phase.REVIEW, Step.PREPARE) \
                    or tx.one("SELECT id FROM rounds WHERE phase = ? LIMIT 1", (str(Phase.REVIEW),)) is not None:
                # back in the preparation after the priority dots began: their round keeps its measures
                raise WrongPhase(_("Maßnahmen lassen sich nur ausblenden, bevor der Rückblick beginnt."))
            _require_item(tx, item_id)
            tx.update("review_items", {"id": item_id}, hidden=int(hidden))
            action.payload = ReviewChanged(change="hidden" if hidden else "shown", item=item_id)
            return as_item(tx.get("review_items", {"id": item_id}))

    @writes
    def set_status(self, item_id: str, status: MeasureStatus | str | None) -> ReviewItem:
        """The status the room agreed on for a measure (None: taken back); the plan gets it from `plan merge`."""
        chosen = None
        if status is not None and status != "":
            chosen = MeasureStatus.parse(str(status))
            if chosen is None:
                raise InvalidInput(_("Unbekannter Status: {status}. Erlaubt: {statuses}."), status=str(status)[:40],
                                   statuses=", ".join(MeasureStatus))
        with self._action(EventKind.REVIEW_CHANGED) as (tx, action):
            row = _require_item(tx, item_id)
            if row["hidden"]:
                raise RuleViolation(_("Diese Maßnahme ist ausgeblendet."))
            tx.update("review_items", {"id": item_id}, new_status=str(chosen) if chosen else None)
            action.payload = ReviewChanged(change="status", item=item_id, status=str(chosen) if chosen else None)
            return as_item(tx.get("review_items", {"id": item_id}))

    @writes
    def take_remarks(self, item_id: str) -> list[Idea]:
        """The measure's visible remarks not taken yet become ideas of the critique („Titel: Anmerkung“)."""
        with self._action(EventKind.REVIEW_CHANGED) as (tx, action):
            item = _require_item(tx, item_id)
            rows = tx.all("SELECT ideas.* FROM review_remarks JOIN ideas ON ideas.id = review_remarks.idea_id "
                          "WHERE review_remarks.item_id = ? AND review_remarks.taken_idea_id IS NULL "
                          "AND ideas.status = 'visible' ORDER BY ideas.position", (item_id,))
            if not rows:
                raise RuleViolation(_("Zu dieser Maßnahme gibt es keine Anmerkung, die noch nicht übernommen ist."))
            made = []
            for remark in rows:
                text = f"{item['title']}: {remark['text']}"
                if len(text) > IDEA_MAX:
                    text = text[:IDEA_MAX - 1] + "…"
                new = {"id": ids.new_id(), "phase": str(Phase.CRITIQUE), "text": text, "author": FACILITATOR,
                       "client_id": None, "theme_id": None, "status": str(IdeaStatus.VISIBLE), "merged_into": None,
                       "position": next_position(tx, "ideas"), "created_at": self._now()}
                tx.insert("ideas", new)
                tx.update("review_remarks", {"idea_id": remark["id"]}, taken_idea_id=new["id"])
                made.append(as_idea(new))
            action.payload = ReviewChanged(change="taken", item=item_id, ideas=[idea.id for idea in made])
            return made

    # ------------------------------------------------------------------ the phones

    @writes
    def submit_remark(self, device_id: str, client_id: str, item_id: str, text: str) -> Idea:
        """A phone's remark on a measure; a retry with the same client id returns the first."""
        client_id = check_client_id(client_id)
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Anmerkung"))
        if not isinstance(item_id, str):
            raise InvalidInput(_("Ungültige Kennung der Anfrage."))
        with self._transaction() as log:
            tx = log.tx
            existing = tx.one("SELECT * FROM ideas WHERE author = ? AND client_id = ?", (device_id, client_id))
            if existing is not None:
                return as_idea(existing)
            session = load_session(tx)
            if session.phase != Phase.REVIEW or session.step not in REMARK_STEPS:
                raise WrongPhase(_("Gerade werden keine Anmerkungen gesammelt."))
            if session.purged_at is not None:
                raise WrongPhase(_("Diese Werkstatt ist abgeschlossen."))
            item = tx.get("review_items", {"id": item_id})
            if item is None or item["hidden"]:
                raise NotFound(_("{what} gibt es nicht (mehr)."), what=_("Die Maßnahme"))
            joined = self._devices.ensure(tx, device_id)
            row = {"id": ids.new_id(), "phase": str(Phase.REVIEW), "text": text, "author": device_id,
                   "client_id": client_id, "theme_id": None, "status": str(IdeaStatus.VISIBLE), "merged_into": None,
                   "position": next_position(tx, "ideas"), "created_at": self._now()}
            tx.insert("ideas", row)
            tx.insert("review_remarks", {"idea_id": row["id"], "item_id": item_id, "taken_idea_id": None})
            if joined:
                log.append(EventKind.DEVICE_JOINED, {}, actor=SYSTEM)
            log.append(EventKind.REMARK_SUBMITTED, RemarkSubmitted(idea=row["id"], item=item_id).data(),
                       actor=device_id)
            return as_idea(row)

    def remarks_of_device(self, device_id: str) -> list[tuple[str, Idea]]:
        """A phone's own remarks (hidden ones too, as with its ideas): (item id, remark)."""
        with self._read() as tx:
            rows = tx.all("SELECT ideas.*, review_remarks.item_id AS item_id FROM review_remarks JOIN ideas ON "
                          "ideas.id = review_remarks.idea_id WHERE ideas.author = ? ORDER BY ideas.position",
                          (device_id,))
        return [(row["item_id"], as_idea(row)) for row in rows]


class ReviewDoor:
    """What the phones' door offers of a review: its measures, a remark, a phone's own remarks — nothing of
    the facilitator's side (no hiding, no status, no taking remarks)."""

    def __init__(self, review: Review) -> None:
        self.items = review.items
        self.submit_remark = review.submit_remark
        self.remarks_of_device = review.remarks_of_device


def _require_item(tx: Tx, item_id: str) -> Row:
    row = tx.get("review_items", {"id": item_id}) if isinstance(item_id, str) else None
    if row is None:
        raise NotFound(_("{what} gibt es nicht (mehr)."), what=_("Die Maßnahme"))
    return row


def _checked(item: PlanItem) -> PlanItem:
    if item.source not in SOURCES:
        raise InvalidInput(_("Unbekannte Herkunft einer Maßnahme."))
    status = MeasureStatus.parse(item.status) if item.status else None
    year = item.target_year if isinstance(item.target_year, int) and YEAR_MIN <= item.target_year <= YEAR_MAX \
        else None
    return PlanItem(title=clean_text(str(item.title)[:TITLE_MAX], max_length=TITLE_MAX, what=_("Der Titel")),
                    field_of_action=clean_text(str(item.field_of_action)[:FIELD_OF_ACTION_MAX],
                                               max_length=FIELD_OF_ACTION_MAX, what=_("Das Handlungsfeld"),
                                               required=False),
                    status=str(status) if status else "", target_year=year,
                    measure_id=item.measure_id if item.source == "werkstatt" else None, source=item.source)


def review_snapshot(tx: Tx) -> dict[str, Any] | None:
    """A review session's part of the snapshot (None for any other session): the plan, and each measure the
    room saw with the status set for it, its priority dots from the last revealed round (None: none revealed)
    and its visible remarks; measures left out count only."""
    head = tx.one("SELECT plan FROM review")
    if head is None:
        return None
    items = review_items(tx)
    revealed = tx.one("SELECT id FROM rounds WHERE phase = ? AND kind = ? AND revealed = 1 ORDER BY number DESC "
                      "LIMIT 1", (str(Phase.REVIEW), str(ItemKind.MEASURE)))
    dots = {row.item_id: row.total for row in load_results(tx, revealed["id"])} if revealed else None
    remarks: dict[str, list[str]] = {}
    for row in tx.all("SELECT ideas.text, review_remarks.item_id FROM review_remarks JOIN ideas ON ideas.id = "
                      "review_remarks.idea_id WHERE ideas.status = 'visible' ORDER BY ideas.position"):
        remarks.setdefault(row["item_id"], []).append(row["text"])
    hidden_remarks = tx.one("SELECT COUNT(*) AS n FROM review_remarks JOIN ideas ON ideas.id = review_remarks.idea_id "
                            "WHERE ideas.status = 'hidden'")["n"]
    return {
        "plan": head["plan"], "revealed": revealed is not None, "left_out": sum(1 for item in items if item.hidden),
        "hidden_remarks": hidden_remarks,
        "items": [{"id": item.id, "source": item.source, "measure_id": item.measure_id, "title": item.title,
                   "field_of_action": item.field_of_action, "status": item.status, "target_year": item.target_year,
                   "new_status": item.new_status, "dots": dots.get(item.id, 0) if dots is not None else None,
                   "remarks": remarks.get(item.id, [])}
                  for item in items if not item.hidden],
    }
