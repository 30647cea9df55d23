"""The facilitator's side of a dot vote (`service.voting`): open it on themes or ideas, close, reveal, paper dots."""

from __future__ import annotations

from workshop.core import events, ids  # events.RoundClosed is the event; errors.RoundClosed the refusal
from workshop.core.errors import NotFound, RoundClosed, RuleViolation, WrongPhase
from workshop.core.events import EventKind
from workshop.core.models import COLLECTING_PHASES, ItemKind, Phase, ResultRow, RoundStatus, Step, VoteRound
from workshop.core.rows import as_round, load_results, load_session, require, round_candidates
from workshop.core.rules import check_paper_count, check_rules
from workshop.core.steps import close_round_row, enter_step
from workshop.core.store import Row, Tx
from workshop.core.transactions import Part, writes
from workshop.i18n import _


class Voting(Part):
    """Rounds as the facilitator runs them (a phone's dots arrive through the phones' paths)."""

    @writes
    def open_round(self, kind: ItemKind | str = ItemKind.THEME, *, budget: int | None = None,
                   cap: int | None = None) -> VoteRound:
        """Open a dot vote on the current phase's themes (or ideas); the step becomes "vote"."""
        kind = ItemKind(kind)
        with self._action(EventKind.ROUND_OPENED) as (tx, action):
            session = load_session(tx)
            if session.phase == Phase.REVIEW:  # a review's priority dots, on the plan's measures
                kind = ItemKind.MEASURE
            elif session.phase not in COLLECTING_PHASES:
                raise WrongPhase(_("Abgestimmt wird in der Kritik- und der Phantasiephase."))
            if tx.one("SELECT id FROM rounds WHERE status = 'open'") is not None:
                raise RuleViolation(_("Es läuft schon eine Abstimmung."))
            items = round_candidates(tx, session.phase, kind)
            if not items:
                raise RuleViolation(_("Es gibt noch keine Themen zum Abstimmen.") if kind == ItemKind.THEME
                                    else _("Es gibt noch keine Ideen zum Abstimmen.") if kind == ItemKind.IDEA
                                    else _("Es gibt keine Maßnahmen zum Abstimmen."))
            budget = session.dots_per_participant if budget is None else budget
            cap = session.cap_per_item if cap is None else cap
            check_rules(budget, cap, kind)
            number = tx.one("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM rounds")["n"]
            row = {"id": ids.new_id(), "number": number, "phase": str(session.phase), "kind": str(kind),
                   "budget": budget, "cap": cap, "status": str(RoundStatus.OPEN), "revealed": 0,
                   "opened_at": self._now(), "closed_at": None}
            tx.insert("rounds", row)
            for position, (item_id, label) in enumerate(items, start=1):
                tx.insert("round_items", {"round_id": row["id"], "item_id": item_id, "kind": str(kind),
                                          "label": label, "position": position})
            enter_step(tx, session, session.phase, Step.VOTE)
            action.payload = events.RoundOpened(round=row["id"], phase=str(session.phase), budget=budget, cap=cap)
            return as_round(tx, row)

    @writes
    def close_round(self, round_id: str | None = None) -> VoteRound:
        with self._action(EventKind.ROUND_CLOSED) as (tx, action):
            row = _open_or_given_round(tx, round_id)
            if row["status"] != RoundStatus.OPEN:
                raise RoundClosed(_("Die Abstimmung ist schon geschlossen."))
            close_round_row(tx, row, self._now())
            action.payload = events.RoundClosed(round=row["id"])
            return as_round(tx, tx.get("rounds", {"id": row["id"]}))

    @writes
    def reveal_round(self, round_id: str | None = None) -> VoteRound:
        """Show a closed round's results on phones and the projector; the step becomes "results"."""
        with self._action(EventKind.ROUND_REVEALED) as (tx, action):
            if round_id is None:
                row = tx.one("SELECT * FROM rounds WHERE phase = (SELECT phase FROM session) "
                             "ORDER BY number DESC LIMIT 1")
                if row is None:
                    raise NotFound(_("In dieser Phase gab es noch keine Abstimmung."))
            else:
                row = require(tx, "rounds", round_id, _("Die Abstimmung"))
            if row["status"] == RoundStatus.OPEN:
                raise RuleViolation(_("Schließen Sie die Abstimmung, bevor Sie das Ergebnis zeigen."))
            tx.update("rounds", {"id": row["id"]}, revealed=1)
            session = load_session(tx)
            if session.phase == Phase(row["phase"]) and session.step == Step.VOTE:
                enter_step(tx, session, session.phase, Step.RESULTS)
            action.payload = events.RoundRevealed(round=row["id"])
            return as_round(tx, tx.get("rounds", {"id": row["id"]}))

    @writes
    def set_paper_dots(self, round_id: str, item_id: str, count: int) -> ResultRow:
        """The facilitator types in the paper dots counted on the wall for one item."""
        check_paper_count(count)
        with self._action(EventKind.PAPER_DOTS_SET) as (tx, action):
            require(tx, "rounds", round_id, _("Die Abstimmung"))
            _put_paper_dots(tx, round_id, item_id, count)
            action.payload = events.PaperDotsSet(round=round_id, item=item_id, count=count)
            return next(row for row in load_results(tx, round_id) if row.item_id == item_id)

    @writes
    def set_paper_dots_table(self, round_id: str, counts: dict[str, int]) -> list[ResultRow]:
        """The paper dots of several items at once (the facilitator's table of the wall), one undoable step."""
        for count in counts.values():
            check_paper_count(count)
        with self._action(EventKind.PAPER_DOTS_SET) as (tx, action):
            require(tx, "rounds", round_id, _("Die Abstimmung"))
            for item_id, count in counts.items():
                _put_paper_dots(tx, round_id, item_id, count)
            action.payload = events.PaperDotsSet(round=round_id, counts=dict(counts))
            return load_results(tx, round_id)


def _put_paper_dots(tx: Tx, round_id: str, item_id: str, count: int) -> None:
    if tx.one("SELECT 1 AS x FROM round_items WHERE round_id = ? AND item_id = ?", (round_id, item_id)) is None:
        raise NotFound(_("Darüber wird in dieser Runde nicht abgestimmt."))
    key = {"round_id": round_id, "item_id": item_id}
    if count == 0:
        tx.delete("paper_dots", key)
    else:
        tx.upsert("paper_dots", {**key, "count": count})


def _open_or_given_round(tx: Tx, round_id: str | None) -> Row:
    if round_id is not None:
        return require(tx, "rounds", round_id, _("Die Abstimmung"))
    row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
    if row is None:
        raise RoundClosed(_("Es läuft keine Abstimmung."))
    return row
