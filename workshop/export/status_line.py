"""A measure's status line in the plan: where it stands, kept by the coordinator, outside the block's hash.

    - **Status:** in Umsetzung, 40 % (12.03.2018) · zuvor: beschlossen (15.01.2017); Entwurf (24.11.2016) · Notiz: …

One line in the measure's block, after the lines the hash covers, written only once a status is set: by
`werkstatt plan set`, by a merge whose session set a status in its form (only while the block has no status
line yet), or from a review session (`apply_change`). The current state comes first — status, progress in
percent, the day it was reported — then the earlier states, newest first, then the note, to the line's end
(so whatever the note says, the states before it read the same). The words are a file format, never
translated. The coordinator may change the line by hand; a merge never overwrites it, and a review's status
goes in only if the line was not changed after the review's day.

The review sessions' lines go after it, one per review (`priority_line`); their hash-free place is
`measures.unhashed_lines`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date

from workshop.core.errors import InvalidInput
from workshop.core.models import MeasureStatus
from workshop.export.escape import escape_inline, unescape
from workshop.export.measures import PRIORITY_LABEL, STATUS_LABEL, dots_text
from workshop.i18n import _

_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_STATE = re.compile(r"\s*(?P<status>[^,;()·]+?)\s*(?:,\s*(?P<progress>\d{1,3})\s*%)?\s*\((?P<day>[\d.]+)\)\s*")
_EARLIER = re.compile(r"·\s*zuvor:\s*")
_NOTE = re.compile(r"·\s*Notiz:\s?")
_PRIORITY = re.compile(r"^- \*\*Priorität bei (?P<session>.+) \((?P<day>\d{2}\.\d{2}\.\d{4})\):\*\* (?P<dots>\d+) "
                       r"Punkte?, Rang (?P<rank>\d+) in (?P<field>.+?)\s*$")


@dataclass(frozen=True, slots=True)
class StatusState:
    """One report: the status, the progress in percent (None: not given) and the day it was reported."""

    status: MeasureStatus
    day: date
    progress: int | None = None

    def render(self) -> str:
        progress = f", {self.progress} %" if self.progress is not None else ""
        return f"{self.status}{progress} ({self.day:%d.%m.%Y})"


@dataclass(frozen=True, slots=True)
class StatusLine:
    """A status line read or to be written: the current state, the earlier ones (newest first), the note
    (its Markdown source, as written)."""

    current: StatusState
    earlier: tuple[StatusState, ...] = ()
    note: str = ""

    def render(self) -> str:
        text = STATUS_LABEL + self.current.render()
        if self.earlier:
            text += " · zuvor: " + "; ".join(state.render() for state in self.earlier)
        if self.note:
            text += " · Notiz: " + self.note
        return text

    @property
    def newest(self) -> date:
        """The latest day the line names: when it was last changed."""
        return max(state.day for state in (self.current, *self.earlier))

    @property
    def course(self) -> list[StatusState]:
        """Every state, oldest first."""
        return [*reversed(self.earlier), self.current]

    @property
    def note_text(self) -> str:
        return unescape(self.note)


def parse_status_line(line: str) -> StatusLine | None:
    """The line as Werkstatt reads it; None if it is no status line or a hand edit made it unreadable."""
    if not line.startswith(STATUS_LABEL):
        return None
    rest = line[len(STATUS_LABEL):].rstrip()
    current, position = _state(rest, 0)
    if current is None:
        return None
    earlier: list[StatusState] = []
    if match := _EARLIER.match(rest, position):
        position = match.end()
        while True:
            state, position = _state(rest, position)
            if state is None:
                return None
            earlier.append(state)
            if not rest.startswith(";", position):
                break
            position += 1
    note = ""
    if match := _NOTE.match(rest, position):
        note, position = rest[match.end():], len(rest)
    if position != len(rest):
        return None
    return StatusLine(current, tuple(earlier), note)


def _state(text: str, position: int) -> tuple[StatusState | None, int]:
    match = _STATE.match(text, position)
    if match is None:
        return None, position
    status = MeasureStatus.parse(match["status"])
    day = parse_day(match["day"])
    progress = int(match["progress"]) if match["progress"] else None
    if status is None or day is None or (progress is not None and progress > 100):
        return None, position
    return StatusState(status, day, progress), match.end()


def parse_day(text: str) -> date | None:
    """„12.03.2018“ or „2018-03-12“ as a date; None for anything else."""
    text = text.strip()
    try:
        if match := _DAY.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def updated_line(line: StatusLine | None, day: date, *, status: MeasureStatus | None = None,
                 progress: int | None = None, note: str | None = None) -> StatusLine:
    """The line after a report on `day` (what `werkstatt plan set` writes).

    A report on a later day moves the current state to the earlier ones, so the line keeps every report; one
    on the same day corrects the current state. Progress not given carries over while the status stays, and
    is dropped when it changes. A note given replaces the old one („“ removes it). A day before the line's
    newest is refused: the line tells its course in order.
    """
    if line is None:
        if status is None:
            raise InvalidInput(_("Die Maßnahme hat noch keinen Status: bitte --status angeben."))
        return StatusLine(StatusState(status, day, progress), (), escape_inline(note or ""))
    if day < line.newest:
        raise InvalidInput(_("Der {day} liegt vor dem letzten Stand der Maßnahme ({newest}); die Statuszeile "
                             "erzählt ihren Verlauf der Reihe nach."), day=f"{day:%d.%m.%Y}",
                           newest=f"{line.newest:%d.%m.%Y}")
    new_status = status or line.current.status
    if progress is None and new_status == line.current.status:
        progress = line.current.progress
    current = StatusState(new_status, day, progress)
    earlier = line.earlier if day == line.current.day else (line.current, *line.earlier)
    return StatusLine(current, earlier, line.note if note is None else escape_inline(note))


class Applied(enum.StrEnum):
    """What a session's status did to a status line."""

    SET = "set"                # the block had none: the session's status is its first
    CHANGED = "changed"        # the line took the session's status
    UNCHANGED = "unchanged"    # the line already says so
    CONFLICT = "conflict"      # changed by the coordinator after the session's day, or unreadable: kept as it is
    KEPT = "kept"              # a merge's first value, but the plan has a status already: the plan's stays


def first_status(line: str | None, status: str, session_day: date) -> tuple[Applied, str | None]:
    """A status set in a session's form, for a block: written only while the block has no status line (and
    „Entwurf“, every measure's default, is no status set). (what happened, the new line or None)."""
    chosen = MeasureStatus.parse(status)
    if chosen is None or chosen == MeasureStatus.DRAFT:
        return Applied.UNCHANGED, None
    if line is not None:
        parsed = parse_status_line(line)
        return (Applied.UNCHANGED if parsed is not None and parsed.current.status == chosen else Applied.KEPT), None
    return Applied.SET, StatusLine(StatusState(chosen, session_day)).render()


def apply_change(line: str | None, status: MeasureStatus, session_day: date) -> tuple[Applied, str | None]:
    """A status a review session set, for a block's status line (None: the block has none).

    The coordinator's word wins where it is newer: a line that names a day after the session's, or that a
    hand edit made unreadable, is a conflict and stays. Otherwise the session's status becomes the current
    state, dated the session's day, and the line's former state moves to the earlier ones; progress carries
    over only while the status stays, the note stays. (what happened, the new line or None).
    """
    if line is None:
        return Applied.SET, StatusLine(StatusState(status, session_day)).render()
    parsed = parse_status_line(line)
    if parsed is None or parsed.newest > session_day:
        return Applied.CONFLICT, None
    if parsed.current.status == status:
        return Applied.UNCHANGED, None
    earlier = parsed.earlier if parsed.current.day == session_day else (parsed.current, *parsed.earlier)
    return Applied.CHANGED, replace(parsed, current=StatusState(status, session_day), earlier=earlier).render()


@dataclass(frozen=True, slots=True)
class Priority:
    """A review session's verdict on a measure: its dots and its rank in its field."""

    session_title: str
    session_day: date
    dots: int
    rank: int
    field_of_action: str


def priority_line(priority: Priority) -> str:
    """„- **Priorität bei Rückblick 2017 (23.11.2017):** 23 Punkte, Rang 2 in Bildung“."""
    return (f"{PRIORITY_LABEL}{escape_inline(priority.session_title) or '—'} ({priority.session_day:%d.%m.%Y}):** "
            f"{dots_text(priority.dots)}, Rang {priority.rank} in {escape_inline(priority.field_of_action) or '—'}")


def parse_priority_line(line: str) -> Priority | None:
    match = _PRIORITY.match(line)
    day = parse_day(match["day"]) if match else None
    if match is None or day is None:
        return None
    return Priority(unescape(match["session"]), day, int(match["dots"]), int(match["rank"]), unescape(match["field"]))
