"""The reads behind the phones' view: bounded however many ideas the wall holds, and repeated only after a change.

A phone sees, per theme of a vote, only the first ideas of that theme and how many more there are, and the
ids of the phase's hidden ideas (so that a hidden idea's item is left out). Loading every idea of the phase
as a model for that cost 55–88 ms at 14,000 ideas; these statements read only what is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from workshop.core.models import FACILITATOR, Phase
from workshop.core.store import Store


@dataclass(frozen=True, slots=True)
class ThemeIdeas:
    """The first ideas of one theme on the wall (in wall order) and how many visible ideas it has in all."""

    texts: tuple[str, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.texts)


# The wall's ideas are read by scanning the table in its stored order (NOT INDEXED): the filters keep few of
# its rows, and the (phase, position) index would cost a random row lookup for each of them (3-4× slower at
# 14,000 ideas). Only counts, and the row ids of each theme's first ideas, leave SQLite; then their texts.
_VISIBLE_IN_THEMES = "FROM ideas NOT INDEXED WHERE phase = ? AND status = 'visible' AND theme_id IS NOT NULL"


def theme_ideas(store: Store, phase: Phase | str, limit: int) -> dict[str, ThemeIdeas]:
    """Each theme's first `limit` visible ideas of the phase, by theme id (themes without ideas are absent)."""
    with store.read() as tx:
        totals = dict(tx.execute(f"SELECT theme_id, COUNT(*) {_VISIBLE_IN_THEMES} GROUP BY theme_id",
                                 (str(phase),)).fetchall())
        if not totals:
            return {}
        firsts = tx.execute(
            "SELECT theme_id, idea FROM (SELECT theme_id, rowid AS idea,"
            f" ROW_NUMBER() OVER (PARTITION BY theme_id ORDER BY position, rowid) AS number {_VISIBLE_IN_THEMES})"
            " WHERE number <= ? ORDER BY theme_id, number", (str(phase), limit)).fetchall()
        texts = dict(tx.execute("SELECT rowid, text FROM ideas WHERE rowid IN (SELECT value FROM json_each(?))",
                                (json.dumps([idea for _theme, idea in firsts]),)).fetchall())
    listed: dict[str, list[str]] = {}
    for theme_id, idea in firsts:
        listed.setdefault(theme_id, []).append(texts[idea])
    return {theme_id: ThemeIdeas(tuple(listed.get(theme_id, ())), total) for theme_id, total in totals.items()}


def hidden_idea_ids(store: Store, phase: Phase | str) -> list[str]:
    """The ids of the phase's hidden ideas, sorted."""
    with store.read() as tx:
        rows = tx.execute("SELECT id FROM ideas NOT INDEXED WHERE phase = ? AND status = 'hidden' ORDER BY id",
                          (str(phase),)).fetchall()
    return [row[0] for row in rows]


class ViewChanges:
    """Whether what phones see may have changed since the last look, found without reading the wall.

    First `PRAGMA data_version` on this thread's read connection: it changes only when another connection
    committed (this process's writer, another process). Then the event log since the last look: phones see
    a change only from the facilitator's side (their own ideas and dots change nothing a phone sees until
    the facilitator acts, counts stay hidden until the reveal), so a wall flooded with phones' ideas is not
    read again for each of them.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._version: tuple[int, int] | None = None
        self._last: tuple[int, str] | None = None  # the newest event (seq, time): a seq used again is noticed

    def changed(self) -> bool:
        """True on the first look, and whenever the facilitator's side committed since the last one."""
        conn = self.store.readers.connection()
        version = (id(conn), conn.execute("PRAGMA data_version").fetchone()[0])
        if version == self._version:
            return False
        with self.store.read() as tx:
            row = tx.execute("SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
            last = (row[0], row[1]) if row else (0, "")
            if self._last is None or last[0] < self._last[0]:  # the first look, or a log that shrank (a purge)
                changed = True
            elif last[0] == self._last[0]:
                changed = last != self._last  # the same seq, another event: the newest were deleted and replaced
            else:
                changed = tx.execute("SELECT 1 FROM events WHERE seq > ? AND actor = ? LIMIT 1",
                                     (self._last[0], FACILITATOR)).fetchone() is not None
        self._version, self._last = version, last
        return changed
