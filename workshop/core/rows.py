"""Rows of the session file as the workshop's nouns, and the SQL that several use cases share."""

from __future__ import annotations

import json

from workshop.core.errors import NotFound
from workshop.core.events import Event, EventKind
from workshop.core.models import (
    DotsState, Idea, IdeaStatus, ItemKind, Measure, Participant, Phase, ResultRow, RoundItem, RoundStatus, Session,
    Step, Theme, VoteRound)
from workshop.core.ranking import ranked
from workshop.core.store import Row, Tx
from workshop.i18n import _

# An item's label follows a later rename of its theme or idea; a removed one keeps the snapshot.
ITEMS_SQL = (
    "SELECT round_items.round_id, round_items.item_id, round_items.kind, round_items.position, "
    "COALESCE(themes.name, ideas.text, round_items.label) AS label "
    "FROM round_items LEFT JOIN themes ON themes.id = round_items.item_id "
    "LEFT JOIN ideas ON ideas.id = round_items.item_id "
    "WHERE round_items.round_id = ? ORDER BY round_items.position")

# The round's items with their device dots and paper dots, kept apart.
RESULTS_SQL = (
    "SELECT items.item_id, items.kind, items.position, items.label, "
    "COALESCE((SELECT SUM(count) FROM dots WHERE dots.round_id = items.round_id "
    "          AND dots.item_id = items.item_id), 0) AS device_dots, "
    "COALESCE((SELECT count FROM paper_dots WHERE paper_dots.round_id = items.round_id "
    "          AND paper_dots.item_id = items.item_id), 0) AS paper_dots "
    f"FROM ({ITEMS_SQL}) AS items")


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
        created_at=row["created_at"], retention_days=row["retention_days"] if row["retention_days"] is not None else 30,
        contact=row["contact"] or "", purged_at=row["purged_at"], network_exported_at=row["network_exported_at"])


def as_idea(row: Row) -> Idea:
    return Idea(id=row["id"], phase=Phase(row["phase"]), text=row["text"], author=row["author"],
                client_id=row["client_id"], theme_id=row["theme_id"], status=IdeaStatus(row["status"]),
                merged_into=row["merged_into"], position=row["position"], created_at=row["created_at"])


def as_theme(row: Row) -> Theme:
    return Theme(id=row["id"], phase=Phase(row["phase"]), name=row["name"], position=row["position"],
                 source_theme_id=row["source_theme_id"], created_at=row["created_at"])


def as_round(tx: Tx, row: Row) -> VoteRound:
    items = tuple(RoundItem(item_id=item["item_id"], kind=ItemKind(item["kind"]), label=item["label"],
                            position=item["position"])
                  for item in tx.all(ITEMS_SQL, (row["id"],)))
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
        created_at=row["created_at"])


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
    """The round's items ranked by dots (devices + paper); ties keep the items' order."""
    rows = sorted(tx.all(RESULTS_SQL, (round_id,)), key=lambda row: (row["position"], row["item_id"]))
    return [ResultRow(item_id=row["item_id"], kind=ItemKind(row["kind"]), label=row["label"],
                      device_dots=row["device_dots"], paper_dots=row["paper_dots"], rank=rank)
            for rank, row in ranked(rows, lambda row: row["device_dots"] + row["paper_dots"])]


def round_candidates(tx: Tx, phase: Phase, kind: ItemKind) -> list[tuple[str, str]]:
    """What a new round of this phase would vote on: (id, label) in the wall's order."""
    if kind == ItemKind.THEME:
        rows = tx.all("SELECT id, name AS label FROM themes WHERE phase = ? ORDER BY position", (str(phase),))
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
