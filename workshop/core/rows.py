"""Rows of the session file as the workshop's nouns, and the SQL that several use cases share."""

from __future__ import annotations

import json

from workshop.core.errors import NotFound, RuleViolation
from workshop.core.events import Event, EventKind
from workshop.core.models import (
    DotsState, Idea, IdeaStatus, ItemKind, Measure, Participant, Phase, ResultRow, RoundItem, RoundStatus,
    Session, Step, Support, Theme, VoteRound)
from workshop.core.ranking import ranked
from workshop.core.store import Row, Tx
from workshop.i18n import _

# An item's label follows a later rename of its theme or idea; a removed one keeps the snapshot.
ITEMS_SQL = (
    "SELECT round_items.round_id, round_items.item_id, round_items.kind, round_items.position, "
    "round_items.merged_into, COALESCE(themes.name, ideas.text, round_items.label) AS label "
    "FROM round_items LEFT JOIN themes ON themes.id = round_items.item_id "
    "LEFT JOIN ideas ON ideas.id = round_items.item_id "
    "WHERE round_items.round_id = ? ORDER BY round_items.position")

# The round's items with their device dots and paper dots, kept apart. The device dots in one pass over the
# round's dots (a sum per item in a subquery would read them all once per item).
RESULTS_SQL = (
    "SELECT items.item_id, items.kind, items.position, items.label, items.merged_into, "
    "COALESCE(device.dots, 0) AS device_dots, COALESCE(paper_dots.count, 0) AS paper_dots "
    f"FROM ({ITEMS_SQL}) AS items "
    "LEFT JOIN (SELECT item_id, SUM(count) AS dots FROM dots WHERE round_id = ?1 GROUP BY item_id) AS device "
    "ON device.item_id = items.item_id "
    "LEFT JOIN paper_dots ON paper_dots.round_id = items.round_id AND paper_dots.item_id = items.item_id")



def load_session(tx: Tx) -> Session:
    row = tx.one("SELECT * FROM session")
    if row is None:
        raise NotFound(_("Die Datei enthält keine Sitzung."))
    return Session(
        id=row["id"], slug=row["slug"], title=row["title"], date=row["date"], venue=row["venue"] or "",
        language=row["language"], join_token=row["join_token"], dots_per_participant=row["dots_per_participant"],
        cap_per_item=row["cap_per_item"], phase=Phase(row["phase"]), step=Step(row["step"]),
        questions=json.loads(row["questions"] or "{}"), timer_seconds=row["timer_seconds"],
        timer_started_at=row["timer_started_at"], timer_remaining=row["timer_remaining"],
        created_at=row["created_at"], slips=bool(row["slips"]),
        retention_days=row["retention_days"] if row["retention_days"] is not None else 30,
        contact=row["contact"] or "", purged_at=row["purged_at"], network_exported_at=row["network_exported_at"],
        network_keep_months=row.get("network_keep_months") or 24)


def as_idea(row: Row) -> Idea:
    return Idea(id=row["id"], phase=Phase(row["phase"]), text=row["text"], author=row["author"],
                client_id=row["client_id"], theme_id=row["theme_id"], status=IdeaStatus(row["status"]),
                merged_into=row["merged_into"], position=row["position"], created_at=row["created_at"])


def as_theme(row: Row) -> Theme:
    return Theme(id=row["id"], phase=Phase(row["phase"]), name=row["name"], position=row["position"],
                 source_theme_id=row["source_theme_id"], created_at=row["created_at"])


def as_round(tx: Tx, row: Row) -> VoteRound:
    # An item merged into another after the vote is no longer voted on: its dots count for its target.
    items = tuple(RoundItem(item_id=item["item_id"], kind=ItemKind(item["kind"]), label=item["label"],
                            position=item["position"])
                  for item in tx.all(ITEMS_SQL, (row["id"],)) if item["merged_into"] is None)
    return VoteRound(id=row["id"], number=row["number"], phase=Phase(row["phase"]), kind=ItemKind(row["kind"]),
                     budget=row["budget"], cap=row["cap"], status=RoundStatus(row["status"]),
                     revealed=bool(row["revealed"]), opened_at=row["opened_at"], closed_at=row["closed_at"],
                     items=items)


def as_measure(row: Row) -> Measure:
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
        created_at=row["created_at"], support=as_support(row.get("support_source")))


def as_support(value: str | None) -> Support | None:
    if not value:
        return None
    data = json.loads(value)
    return Support(kind=ItemKind(data["kind"]), item_id=data["id"], label=data["label"], round_id=data["round"],
                   phase=data.get("phase", ""))


def as_participant(row: Row) -> Participant:
    return Participant(**row)


def as_event(row: Row) -> Event:
    return Event(seq=row["seq"], at=row["at"], actor=row["actor"], kind=EventKind(row["kind"]),
                 data=json.loads(row["data"] or "{}"), undoable=row["undoable"] == 1)


def require(tx: Tx, table: str, key: str, what: str) -> Row:
    """The row with this id, or NotFound naming `what`."""
    row = tx.get(table, {"id": key}) if isinstance(key, str) else None
    if row is None:
        raise NotFound(_("{what} gibt es nicht (mehr)."), what=what)
    return row


def require_device(tx: Tx, device_id: str) -> None:
    if tx.execute("SELECT 1 FROM devices WHERE id = ?", (device_id,)).fetchone() is None:
        raise NotFound(_("Dieses Telefon ist der Sitzung nicht beigetreten."))


def load_results(tx: Tx, round_id: str) -> list[ResultRow]:
    """The round's items ranked by dots (devices + paper); ties keep the items' order.

    The one rule for merges after a vote: an item merged into another carries its phone and paper dots
    into its target's row (named after the target, the merged labels beside it), so every view that
    reads results — the board, the ranking, the phones, the projector, the snapshot and the protocol —
    shows the same total and the round's sum of dots never changes.
    """
    rows = _fold_merged(tx, tx.all(RESULTS_SQL, (round_id,)))
    rows.sort(key=lambda row: (row["position"], row["item_id"]))
    return [ResultRow(item_id=row["item_id"], kind=ItemKind(row["kind"]), label=row["label"],
                      device_dots=row["device_dots"], paper_dots=row["paper_dots"], rank=rank,
                      merged=tuple(row["merged"]))
            for rank, row in ranked(rows, lambda row: row["device_dots"] + row["paper_dots"])]


def _fold_merged(tx: Tx, rows: list[Row]) -> list[Row]:
    by_id = {row["item_id"]: {**row, "merged": []} for row in rows}
    for row in rows:
        target = row["merged_into"]
        if target is None:
            continue
        host = by_id.get(target)
        if host is None:  # merged into a theme made after the vote: it takes the first source's place
            name = tx.one("SELECT COALESCE((SELECT name FROM themes WHERE id = ?), "
                          "(SELECT text FROM ideas WHERE id = ?)) AS name", (target, target))["name"]
            host = by_id[target] = {"item_id": target, "kind": row["kind"], "position": row["position"],
                                    "label": name or row["label"], "merged_into": None, "device_dots": 0,
                                    "paper_dots": 0, "merged": []}
        host["device_dots"] += row["device_dots"]
        host["paper_dots"] += row["paper_dots"]
        host["merged"].append(row["label"])
    return [row for row in by_id.values() if row["merged_into"] is None]


def merge_round_items(tx: Tx, source_id: str, target_id: str) -> None:
    """After a vote, `source_id` (a theme or an idea) goes into `target_id`: so do its dots in every round.

    Items merged into the source before follow it, so a chain of merges stays one level deep.
    """
    for item in tx.all("SELECT round_id, item_id FROM round_items WHERE item_id = ? OR merged_into = ?",
                       (source_id, source_id)):
        if item["item_id"] != target_id:
            tx.update("round_items", {"round_id": item["round_id"], "item_id": item["item_id"]},
                      merged_into=target_id)


def check_not_in_open_round(tx: Tx, item_id: str, message: str) -> None:
    """Refuse to merge away an item phones are voting on right now (their dots would change their meaning)."""
    if tx.one("SELECT 1 AS x FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
              "WHERE rounds.status = 'open' AND round_items.item_id = ?", (item_id,)) is not None:
        raise RuleViolation(message)


def round_candidates(tx: Tx, phase: Phase, kind: ItemKind) -> list[tuple[str, str]]:
    """What a new round of this phase would vote on: (id, label) in the wall's order."""
    if kind == ItemKind.THEME:
        rows = tx.all("SELECT id, name AS label FROM themes WHERE phase = ? ORDER BY position", (str(phase),))
    elif kind == ItemKind.MEASURE:  # a review's priority round: the plan's measures not left out (review.py)
        rows = tx.all("SELECT id, title AS label FROM review_items WHERE hidden = 0 ORDER BY position")
    else:
        rows = tx.all("SELECT id, text AS label FROM ideas WHERE phase = ? AND status = 'visible' "
                      "ORDER BY position", (str(phase),))
    return [(row["id"], row["label"]) for row in rows]


def dots_state(tx: Tx, round_row: Row, device_id: str) -> DotsState:
    by_item = {item: count for item, count in tx.execute(
        "SELECT item_id, count FROM dots WHERE round_id = ? AND device_id = ? AND count > 0",
        (round_row["id"], device_id)).fetchall()}
    return DotsState(round_id=round_row["id"], budget=round_row["budget"], cap=round_row["cap"],
                     spent=sum(by_item.values()), by_item=by_item)


def next_position(tx: Tx, table: str) -> int:
    """The position after the last one of `ideas`, `themes` or `measures`."""
    return tx.execute(f"SELECT COALESCE(MAX(position), 0) + 1 FROM {table}").fetchone()[0]
