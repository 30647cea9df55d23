"""The read side of a session (`service.read`): what every view asks, each answer read in one consistent snapshot.

The wall's nouns (the session, ideas, themes, rounds and results, measures, participants) and the event
log are read here; a part keeps only the reads that belong to its own use case (the slips' lookups on
`service.slips`, what undo would take back on `service.undo`, the network on `service.consent`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from workshop.core.events import Event
from workshop.core.models import (
    DotsState, Idea, ItemKind, Measure, Participant, Phase, ResultRow, RoundStatus, Session, Theme, VoteRound)
from workshop.core.rows import (
    as_event, as_idea, as_measure, as_participant, as_round, as_support, as_theme, dots_state,
    load_results, load_session, require, round_candidates)
from workshop.core.rules import suggested_budget
from workshop.core.signups import SignupCount
from workshop.core.signups import counts as signup_counts
from workshop.core.snapshot import build_snapshot
from workshop.core.transactions import Part
from workshop.core.turnout import PARTICIPANTS_SQL, TAKING_PART_SQL
from workshop.i18n import _


class Reads(Part):
    """Reads only: the session, ideas, themes, rounds and results, measures, participants, the event log."""

    def session(self) -> Session:
        with self._read() as tx:
            return load_session(tx)

    def ideas(self, phase: Phase | str | None = None, *, visible_only: bool = False) -> list[Idea]:
        sql = "SELECT * FROM ideas"
        where, params = [], []
        if phase is not None:
            where.append("phase = ?")
            params.append(str(phase))
        if visible_only:
            where.append("status = 'visible'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as tx:
            return [as_idea(row) for row in tx.all(sql + " ORDER BY position", tuple(params))]

    def idea(self, idea_id: str) -> Idea:
        with self._read() as tx:
            return as_idea(require(tx, "ideas", idea_id, _("Die Idee")))

    def ideas_of_device(self, device_id: str) -> list[Idea]:
        with self._read() as tx:
            rows = tx.all("SELECT * FROM ideas WHERE author = ? ORDER BY position", (device_id,))
            return [as_idea(row) for row in rows]

    def themes(self, phase: Phase | str | None = None) -> list[Theme]:
        with self._read() as tx:
            if phase is None:
                rows = tx.all("SELECT * FROM themes ORDER BY position")
            else:
                rows = tx.all("SELECT * FROM themes WHERE phase = ? ORDER BY position", (str(phase),))
            return [as_theme(row) for row in rows]

    def theme(self, theme_id: str) -> Theme:
        with self._read() as tx:
            return as_theme(require(tx, "themes", theme_id, _("Das Thema")))

    def rounds(self, phase: Phase | str | None = None) -> list[VoteRound]:
        with self._read() as tx:
            if phase is None:
                rows = tx.all("SELECT * FROM rounds ORDER BY number")
            else:
                rows = tx.all("SELECT * FROM rounds WHERE phase = ? ORDER BY number", (str(phase),))
            return [as_round(tx, row) for row in rows]

    def round(self, round_id: str) -> VoteRound:
        with self._read() as tx:
            return as_round(tx, require(tx, "rounds", round_id, _("Die Abstimmung")))

    def current_round(self) -> VoteRound | None:
        """The open round, else the newest round of the current phase, else None."""
        with self._read() as tx:
            row = tx.one("SELECT * FROM rounds WHERE status = 'open'")
            if row is None:
                row = tx.one("SELECT * FROM rounds WHERE phase = (SELECT phase FROM session) "
                             "ORDER BY number DESC LIMIT 1")
            return as_round(tx, row) if row else None

    def results(self, round_id: str) -> list[ResultRow]:
        """The round's items ranked by dots (devices + paper); ties keep the items' order."""
        with self._read() as tx:
            require(tx, "rounds", round_id, _("Die Abstimmung"))
            return load_results(tx, round_id)

    def winning_themes(self, phase: Phase | str, places: int = 3) -> list[str]:
        """Themes on the first `places` ranks of the phase's newest closed theme vote, with at least one dot."""
        rounds = [round_ for round_ in self.rounds(phase)
                  if round_.kind == ItemKind.THEME and round_.status == RoundStatus.CLOSED]
        if not rounds:
            return []
        return [row.item_id for row in self.results(rounds[-1].id) if row.rank <= places and row.total > 0]

    def device_dots(self, round_id: str, device_id: str) -> DotsState:
        with self._read() as tx:
            round_row = require(tx, "rounds", round_id, _("Die Abstimmung"))
            return dots_state(tx, round_row, device_id)

    def round_activity(self, round_id: str) -> tuple[int, int]:
        """(devices that spent dots, dots spent from devices) — the facilitator's live figures."""
        with self._read() as tx:
            row = tx.one("SELECT COUNT(DISTINCT device_id) AS voters, COALESCE(SUM(count), 0) AS dots "
                         "FROM dots WHERE round_id = ? AND count > 0", (round_id,))
            return row["voters"], row["dots"]

    def measures(self) -> list[Measure]:
        with self._read() as tx:
            return [as_measure(row) for row in tx.all("SELECT * FROM measures ORDER BY position")]

    def public_support(self) -> dict[str, int | None]:
        """Each measure's support in dots as phones and the projector may see it.

        None where the round the support was counted in was never revealed: counts reach phones only
        after the reveal. That round is the one recorded at promotion; for a measure without that record
        (made before it was kept), the newest closed round that had one of the measure's sources.
        """
        with self._read() as tx:
            revealed = {row["id"]: bool(row["revealed"]) for row in tx.all("SELECT id, revealed FROM rounds")}
            public: dict[str, int | None] = {}
            for row in tx.all("SELECT id, source_theme_ids, source_idea_ids, support_dots, support_source "
                              "FROM measures"):
                support = as_support(row["support_source"])
                if support is not None:
                    shown = revealed.get(support.round_id, False)
                else:
                    sources = [*json.loads(row["source_theme_ids"] or "[]"),
                               *json.loads(row["source_idea_ids"] or "[]")]
                    found = tx.one(
                        f"SELECT rounds.revealed FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
                        f"WHERE round_items.item_id IN ({', '.join('?' * len(sources))}) AND rounds.status = 'closed' "
                        f"ORDER BY rounds.number DESC LIMIT 1", tuple(sources)) if sources else None
                    shown = found is not None and bool(found["revealed"])
                public[row["id"]] = (row["support_dots"] or 0) if shown else None
            return public

    def signup_counts(self) -> dict[str, SignupCount]:
        """People and organisations signed up per measure (public: not a vote; `signups.py`)."""
        with self._read() as tx:
            return signup_counts(tx)

    def measure(self, measure_id: str) -> Measure:
        with self._read() as tx:
            return as_measure(require(tx, "measures", measure_id, _("Die Maßnahme")))

    def participants(self) -> list[Participant]:
        with self._read() as tx:
            return [as_participant(row) for row in tx.all("SELECT * FROM devices ORDER BY joined_at, id")]

    def participant(self, device_id: str) -> Participant | None:
        with self._read() as tx:
            row = tx.get("devices", {"id": device_id})
            return as_participant(row) if row else None

    def events_since(self, seq: int = 0, limit: int = 1000) -> list[Event]:
        with self._read() as tx:
            rows = tx.all("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
        return [as_event(row) for row in rows]

    def newest_seq_if_only(self, seq: int, kinds: Iterable[str]) -> int | None:
        """The newest event's seq if every event after `seq` is of these kinds, else None (a burst summed up,
        not listed: the scan stops at the first other kind instead of grouping them all)."""
        names = sorted({str(kind) for kind in kinds})
        with self._read() as tx:
            other = tx.execute(f"SELECT 1 FROM events WHERE seq > ? AND kind NOT IN ({', '.join('?' * len(names))}) "
                               "LIMIT 1", (seq, *names)).fetchone()
            newest = tx.execute("SELECT COALESCE(MAX(seq), ?) FROM events", (seq,)).fetchone()[0]
        return None if other else newest

    def last_seq(self) -> int:
        with self._read() as tx:
            return tx.one("SELECT COALESCE(MAX(seq), 0) AS seq FROM events")["seq"]

    def phones_taking_part(self) -> int:
        """Devices that took part in this session: sent an idea or put a dot (a page load or a join is not enough);
        after a purge the frozen figure."""
        with self._read() as tx:
            return tx.one(TAKING_PART_SQL)["n"]

    def counts(self) -> dict[str, int]:
        """Ideas (visible), themes, participants and measures, for lists and headers."""
        with self._read() as tx:
            return tx.one(
                "SELECT (SELECT COUNT(*) FROM ideas WHERE status = 'visible') AS ideas, "
                f"(SELECT COUNT(*) FROM themes) AS themes, ({PARTICIPANTS_SQL}) AS participants, "
                "(SELECT COUNT(*) FROM measures) AS measures")

    def suggested_budget(self, kind: ItemKind | str = ItemKind.THEME) -> int:
        """The method's suggestion for the next round of the current phase."""
        session = self.session()
        with self._read() as tx:
            items = round_candidates(tx, session.phase, ItemKind(kind))
        return suggested_budget(len(items), session.dots_per_participant)

    def snapshot(self) -> dict[str, Any]:
        """The whole session as plain data: for `werkstatt show --json`, exports and tests."""
        return build_snapshot(self._read, self.session())

    def timer_remaining(self, session: Session | None = None) -> float:
        """Seconds left on the step's timer (it counts on while running, even across restarts)."""
        session = session or self.session()
        remaining = session.timer_remaining if session.timer_remaining is not None else session.timer_seconds
        if session.timer_started_at is not None:
            remaining -= self.clock() - session.timer_started_at
        return max(0.0, remaining)
