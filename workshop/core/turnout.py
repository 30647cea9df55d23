"""Who took part: phones that sent ideas, remarks (a review's) and dots, and per round the dots spent of those
available.

Read from the session's rows while they exist; a purge deletes the per-device rows, so it first freezes
these figures into the `turnout` table (scope "session", "taking_part" or a round's id), and from then on
they are read from there. Page loads count nothing: a phone counts from its first idea or dot.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.core.models import FACILITATOR, Phase
from workshop.core.store import Tx

SESSION_SCOPE = "session"
# The phones that took part (an idea or a dot), frozen in the `participants` column of a row of its own.
TAKING_PART_SCOPE = "taking_part"
# How many people stood in the protocol's appendix (the actors' network) before a purge deleted them.
LISTED_SCOPE = "network_listed"
# Phones that remarked on a review's measures (ideas of the phase „review“), frozen like the two above.
REMARKING_SCOPE = "remarking"
REVIEW_PHASE = str(Phase.REVIEW)  # a review's remarks are ideas of this phase (review.py)
# Stands in for every participant's device id once the per-device data is deleted (ideas keep their 📱).
NEUTRAL_DEVICE = "Telefon"


# Phones that took part: wrote an idea or put a dot (one pass over each table; dots has no index by device).
LIVE_TAKING_PART_SQL = (
    f"SELECT COUNT(*) AS n FROM (SELECT author FROM ideas WHERE author != '{FACILITATOR}' "
    "UNION SELECT device_id FROM dots WHERE count > 0)")
# The same for lists, headers and the board: after a purge every idea and dot is the neutral „Telefon“'s, so
# the frozen figure (a file purged before it was frozen: its phones). COALESCE stops at the first value, so
# before a purge this costs one lookup in an empty table more than the count itself.
TAKING_PART_SQL = (
    f"SELECT COALESCE((SELECT participants FROM turnout WHERE scope = '{TAKING_PART_SCOPE}'), "
    f"(SELECT participants FROM turnout WHERE scope = '{SESSION_SCOPE}'), ({LIVE_TAKING_PART_SQL})) AS n")
# Phones the session stored (consent and taken-back dots included): the device rows, or their frozen count.
PARTICIPANTS_SQL = (
    f"SELECT COALESCE((SELECT participants FROM turnout WHERE scope = '{SESSION_SCOPE}'), "
    "(SELECT COUNT(*) FROM devices)) AS n")


@dataclass(frozen=True, slots=True)
class RoundTurnout:
    voters: int           # phones that put at least one dot
    dots: int             # dots those phones spent
    available: int        # dots those phones had: the round's budget for each
    paper_dots: int
    slips: int | None     # voting slips redeemed, in a session that uses slips


@dataclass(frozen=True, slots=True)
class Turnout:
    participants: int     # phones the session stored (a device exists from its first write)
    idea_phones: int      # phones that sent at least one idea (a review's remarks are no ideas here)
    voters: int           # phones that voted in at least one round
    rounds: dict[str, RoundTurnout]
    # phones that sent at least one remark on a review's measure; None: frozen before remarks were counted
    # apart (then `idea_phones` counts them too)
    remark_phones: int | None = 0


def read_turnout(tx: Tx) -> Turnout:
    """The session's turnout: frozen figures after a purge, else counted from the rows."""
    frozen = {row["scope"]: row for row in tx.all("SELECT * FROM turnout")}
    live = None if SESSION_SCOPE in frozen else _count(tx)
    session = frozen.get(SESSION_SCOPE) or live[SESSION_SCOPE]
    rounds = {}
    for row in tx.all("SELECT id, budget FROM rounds ORDER BY number"):
        counted = frozen.get(row["id"]) if live is None else live.get(row["id"])
        voters = counted["voters"] if counted else 0
        paper = tx.one("SELECT COALESCE(SUM(count), 0) AS n FROM paper_dots WHERE round_id = ?", (row["id"],))["n"]
        rounds[row["id"]] = RoundTurnout(voters=voters, dots=counted["dots"] if counted else 0,
                                         available=voters * row["budget"], paper_dots=paper,
                                         slips=counted["slips"] if counted else None)
    if live is not None:
        remark_phones = live[SESSION_SCOPE]["remark_phones"]
    else:
        remarking = frozen.get(REMARKING_SCOPE)
        remark_phones = remarking["participants"] if remarking else None
    return Turnout(participants=session["participants"], idea_phones=session["idea_phones"],
                   voters=session["voters"], rounds=rounds, remark_phones=remark_phones)


def freeze_turnout(tx: Tx) -> None:
    """Write the counted figures into `turnout`, before the rows they come from are deleted."""
    if tx.one("SELECT 1 AS x FROM turnout WHERE scope = ?", (SESSION_SCOPE,)) is not None:
        return  # frozen by an earlier purge: the rows are gone, the figures stay
    tx.execute("INSERT INTO turnout (scope, participants) VALUES (?, ?)",
               (TAKING_PART_SCOPE, tx.one(LIVE_TAKING_PART_SQL)["n"]))
    tx.execute("INSERT INTO turnout (scope, participants) VALUES (?, ?)", (LISTED_SCOPE, tx.one(
        "SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL AND consent_listed = 1")["n"]))
    counted = _count(tx)
    tx.execute("INSERT INTO turnout (scope, participants) VALUES (?, ?)",
               (REMARKING_SCOPE, counted[SESSION_SCOPE].pop("remark_phones")))
    for scope, row in counted.items():
        tx.execute("INSERT INTO turnout (scope, participants, idea_phones, voters, dots, slips) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (scope, row.get("participants"), row.get("idea_phones"),
                                                 row["voters"], row.get("dots"), row.get("slips")))


def listed_deleted(tx: Tx) -> int:
    """How many people of the protocol's appendix a purge deleted (0 before a purge)."""
    row = tx.one("SELECT participants FROM turnout WHERE scope = ?", (LISTED_SCOPE,))
    return (row["participants"] or 0) if row else 0


def _count(tx: Tx) -> dict[str, dict[str, int | None]]:
    counts: dict[str, dict[str, int | None]] = {SESSION_SCOPE: {
        "participants": tx.one("SELECT COUNT(*) AS n FROM devices")["n"],
        "idea_phones": tx.one("SELECT COUNT(DISTINCT author) AS n FROM ideas WHERE author NOT IN (?, ?) "
                              "AND phase != ?", (FACILITATOR, NEUTRAL_DEVICE, REVIEW_PHASE))["n"],
        "remark_phones": tx.one("SELECT COUNT(DISTINCT author) AS n FROM ideas WHERE author NOT IN (?, ?) "
                                "AND phase = ?", (FACILITATOR, NEUTRAL_DEVICE, REVIEW_PHASE))["n"],
        "voters": tx.one("SELECT COUNT(DISTINCT device_id) AS n FROM dots WHERE count > 0")["n"],
        "slips": _slips(tx, None),
    }}
    for row in tx.all("SELECT round_id, COUNT(DISTINCT device_id) AS voters, SUM(count) AS dots FROM dots "
                      "WHERE count > 0 GROUP BY round_id"):
        counts[row["round_id"]] = {"voters": row["voters"], "dots": row["dots"], "slips": _slips(tx, row["round_id"])}
    for row in tx.all("SELECT id FROM rounds"):
        counts.setdefault(row["id"], {"voters": 0, "dots": 0, "slips": _slips(tx, row["id"])})
    return counts


def _slips(tx: Tx, round_id: str | None) -> int | None:
    """Voting slips redeemed, in a session that asks for them (else None): all of them, or those of the
    phones that voted in one round."""
    if not tx.execute("SELECT slips FROM session").fetchone()[0]:
        return None
    if round_id is None:
        return tx.one("SELECT COUNT(*) AS n FROM slips WHERE device_id IS NOT NULL")["n"]
    return tx.one("SELECT COUNT(*) AS n FROM slips WHERE device_id IN "
                  "(SELECT device_id FROM dots WHERE round_id = ? AND count > 0)", (round_id,))["n"]
