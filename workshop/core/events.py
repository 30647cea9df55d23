"""The event log's vocabulary, its typed payloads and record, and its in-process publication to whoever listens.

The event log in SQLite is the truth; a publication only wakes a listener early (the board, the
phones' streams). A listener that missed something (another process wrote) reads
`service.read.events_since(seq)`. Another process's events reach the bus through the session's
watcher (`watcher.py`), marked `foreign`. Each kind of event has its payload class below (datasette's
`events.py` has one dataclass per event): a use case logs one, a view reads `event.payload`.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar


class EventKind(enum.StrEnum):
    """What happened, in the past tense; the value is what the session file stores."""

    SESSION_CREATED = "SessionCreated"
    SETTINGS_CHANGED = "SettingsChanged"
    QUESTION_CHANGED = "QuestionChanged"
    STEP_CHANGED = "StepChanged"
    TIMER_SET = "TimerSet"
    TIMER_STARTED = "TimerStarted"
    TIMER_PAUSED = "TimerPaused"
    IDEA_ADDED = "IdeaAdded"
    IDEA_SUBMITTED = "IdeaSubmitted"
    IDEA_EDITED = "IdeaEdited"
    IDEA_HIDDEN = "IdeaHidden"
    IDEA_SHOWN = "IdeaShown"
    IDEAS_MERGED = "IdeasMerged"
    IDEAS_MOVED = "IdeasMoved"
    THEME_CREATED = "ThemeCreated"
    THEME_RENAMED = "ThemeRenamed"
    THEMES_MERGED = "ThemesMerged"
    THEME_DELETED = "ThemeDeleted"
    THEMES_CARRIED = "ThemesCarried"
    ROUND_OPENED = "RoundOpened"
    ROUND_CLOSED = "RoundClosed"
    ROUND_REVEALED = "RoundRevealed"
    DOTS_SET = "DotsSet"
    DOTS_TOTALLED = "DotsTotalled"
    PAPER_DOTS_SET = "PaperDotsSet"
    MEASURE_PROMOTED = "MeasurePromoted"
    MEASURE_EDITED = "MeasureEdited"
    MEASURE_DELETED = "MeasureDeleted"
    DEVICE_JOINED = "DeviceJoined"
    CONSENT_RECORDED = "ConsentRecorded"
    CONSENT_WITHDRAWN = "ConsentWithdrawn"
    UNDONE = "Undone"
    REDONE = "Redone"
    SLIPS_CREATED = "SlipsCreated"
    SLIP_RELEASED = "SlipReleased"
    NETWORK_EXPORTED = "NetworkExported"
    PERSONAL_DATA_PURGED = "PersonalDataPurged"
    # small groups and their shared drafts (`groups.py`)
    GROUPS_FORMED = "GroupsFormed"
    GROUP_DELETED = "GroupDeleted"
    GROUP_JOINED = "GroupJoined"
    GROUP_LEFT = "GroupLeft"
    GROUP_FIELD_SAVED = "GroupFieldSaved"
    GROUP_FIELD_CONFLICT = "GroupFieldConflict"
    GROUP_FIELD_SETTLED = "GroupFieldSettled"
    GROUP_FIELD_MODERATED = "GroupFieldModerated"
    GROUP_LOCKED = "GroupLocked"
    GROUP_STAGED = "GroupStaged"
    REVIEW_CHANGED = "ReviewChanged"
    REMARK_SUBMITTED = "RemarkSubmitted"


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the session's log: `data` as stored (an undoable action's rows under "changes"),
    `payload` the same as a typed record of its kind."""

    seq: int
    at: str
    actor: str
    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)
    undoable: bool = False
    foreign: bool = False  # written by another process, seen by the session's watcher (`watcher.py`)

    @property
    def payload(self) -> Payload:
        """What happened, typed: `IdeaAdded(idea=…, phase=…)`, `DotsSet(round=…, item=…, count=…)`, …"""
        return PAYLOADS[self.kind].of(self.data)


# ------------------------------------------------------------------------------------------ payloads, one per kind
# Each holds what its event's `data` holds, under the same names. A field with a default may be missing from the
# data (this variant of the event has no such part, or an older version wrote it) and is left out when None.


@dataclass(frozen=True, slots=True, kw_only=True)
class Payload:
    """The typed data of one kind of event: `data()` is what a use case logs, `of(data)` reads it back."""

    KIND: ClassVar[EventKind]
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    OPTIONAL: ClassVar[tuple[str, ...]] = ()

    def data(self) -> dict[str, Any]:
        """The event's data as the session file stores it."""
        data = {name: getattr(self, name) for name in self.REQUIRED}
        for name in self.OPTIONAL:
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def of(cls, data: dict[str, Any]) -> Payload:
        """The payload of a stored event's data; other keys (undo's "changes") are left aside, a missing one is
        None (a file from an older version)."""
        return cls(**{name: data.get(name) for name in cls.REQUIRED},
                   **{name: data[name] for name in cls.OPTIONAL if name in data})


PAYLOADS: dict[EventKind, type[Payload]] = {}


def payload(kind: EventKind) -> Callable[[type], Any]:
    """Declare the payload class of `kind`: a frozen keyword-only dataclass, registered in PAYLOADS."""
    def declare(cls: type) -> Any:
        made = dataclass(frozen=True, slots=True, kw_only=True)(cls)
        fields = dataclasses.fields(made)
        made.KIND = kind
        made.REQUIRED = tuple(item.name for item in fields if item.default is dataclasses.MISSING)
        made.OPTIONAL = tuple(item.name for item in fields if item.default is not dataclasses.MISSING)
        PAYLOADS[kind] = made
        return made

    return declare


@payload(EventKind.SESSION_CREATED)
class SessionCreated(Payload):
    title: str
    slug: str


@payload(EventKind.SETTINGS_CHANGED)
class SettingsChanged(Payload):
    """The settings that were set (all of them from the settings form; the privacy form's two)."""

    slips: int | None = None
    title: str | None = None
    date: str | None = None
    venue: str | None = None
    language: str | None = None
    dots_per_participant: int | None = None
    cap_per_item: int | None = None
    retention_days: int | None = None
    contact: str | None = None
    network_keep_months: int | None = None


@payload(EventKind.QUESTION_CHANGED)
class QuestionChanged(Payload):
    phase: str
    question: str


@payload(EventKind.STEP_CHANGED)
class StepChanged(Payload):
    phase: str
    step: str
    closed_round: str | None = None  # leaving the vote step closed this round


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerChanged(Payload):
    """The step's timer after a change: its length, the seconds left, whether it runs."""

    seconds: int
    remaining: float
    running: bool


@payload(EventKind.TIMER_SET)
class TimerSet(TimerChanged):
    pass


@payload(EventKind.TIMER_STARTED)
class TimerStarted(TimerChanged):
    pass


@payload(EventKind.TIMER_PAUSED)
class TimerPaused(TimerChanged):
    pass


@payload(EventKind.IDEA_ADDED)
class IdeaAdded(Payload):
    idea: str
    phase: str


@payload(EventKind.IDEA_SUBMITTED)
class IdeaSubmitted(Payload):
    idea: str
    phase: str


@payload(EventKind.IDEA_EDITED)
class IdeaEdited(Payload):
    idea: str


@payload(EventKind.IDEA_HIDDEN)
class IdeaHidden(Payload):
    idea: str


@payload(EventKind.IDEA_SHOWN)
class IdeaShown(Payload):
    idea: str


@payload(EventKind.IDEAS_MERGED)
class IdeasMerged(Payload):
    idea: str  # the idea kept
    merged: list[str]


@payload(EventKind.IDEAS_MOVED)
class IdeasMoved(Payload):
    ideas: list[str]
    theme: str | None  # None: back to "unsorted"


@payload(EventKind.THEME_CREATED)
class ThemeCreated(Payload):
    theme: str
    phase: str


@payload(EventKind.THEME_RENAMED)
class ThemeRenamed(Payload):
    theme: str


@payload(EventKind.THEMES_MERGED)
class ThemesMerged(Payload):
    theme: str  # the theme kept
    merged: list[str]


@payload(EventKind.THEME_DELETED)
class ThemeDeleted(Payload):
    theme: str


@payload(EventKind.THEMES_CARRIED)
class ThemesCarried(Payload):
    themes: list[str]  # the new themes
    phase: str


@payload(EventKind.ROUND_OPENED)
class RoundOpened(Payload):
    round: str
    phase: str
    budget: int
    cap: int


@payload(EventKind.ROUND_CLOSED)
class RoundClosed(Payload):
    round: str


@payload(EventKind.ROUND_REVEALED)
class RoundRevealed(Payload):
    round: str


@payload(EventKind.DOTS_SET)
class DotsSet(Payload):
    round: str
    item: str
    count: int


@payload(EventKind.DOTS_TOTALLED)
class DotsTotalled(Payload):
    """What a purge leaves of a round's `DotsSet` events: one event with the phones' dots per item."""

    round: str
    counts: dict[str, int]


@payload(EventKind.PAPER_DOTS_SET)
class PaperDotsSet(Payload):
    """One item's paper dots (`item`, `count`), or the table of the wall (`counts`)."""

    round: str
    item: str | None = None
    count: int | None = None
    counts: dict[str, int] | None = None


@payload(EventKind.MEASURE_PROMOTED)
class MeasurePromoted(Payload):
    measure: str
    source: str  # the theme or idea it was made from


@payload(EventKind.MEASURE_EDITED)
class MeasureEdited(Payload):
    measure: str
    fields: list[str]


@payload(EventKind.MEASURE_DELETED)
class MeasureDeleted(Payload):
    measure: str


@payload(EventKind.DEVICE_JOINED)
class DeviceJoined(Payload):
    pass


@payload(EventKind.CONSENT_RECORDED)
class ConsentRecorded(Payload):
    signups: int | None = None  # measures signed up for with this consent (`signups.py`)


@payload(EventKind.CONSENT_WITHDRAWN)
class ConsentWithdrawn(Payload):
    entries: int | None = None  # by e-mail after the event: how many entries were erased


@dataclass(frozen=True, slots=True, kw_only=True)
class Replayed(Payload):
    """An undo or redo step: the event it took back (or put back) and that event's kind."""

    target: int
    kind: str


@payload(EventKind.UNDONE)
class Undone(Replayed):
    pass


@payload(EventKind.REDONE)
class Redone(Replayed):
    pass


@payload(EventKind.SLIPS_CREATED)
class SlipsCreated(Payload):
    first: int
    count: int


@payload(EventKind.SLIP_RELEASED)
class SlipReleased(Payload):
    slip: int


@payload(EventKind.NETWORK_EXPORTED)
class NetworkExported(Payload):
    pass


@payload(EventKind.PERSONAL_DATA_PURGED)
class PersonalDataPurged(Payload):
    devices: int
    consents: int


@payload(EventKind.GROUPS_FORMED)
class GroupsFormed(Payload):
    groups: list[str]
    phase: str


@payload(EventKind.GROUP_DELETED)
class GroupDeleted(Payload):
    group: str


@payload(EventKind.GROUP_JOINED)
class GroupJoined(Payload):
    group: str


@payload(EventKind.GROUP_LEFT)
class GroupLeft(Payload):
    group: str


@payload(EventKind.GROUP_FIELD_SAVED)
class GroupFieldSaved(Payload):
    group: str
    field: str
    rev: int
    settled: str | None = None  # the conflict this save took over or appended


@payload(EventKind.GROUP_FIELD_CONFLICT)
class GroupFieldConflict(Payload):
    """A save based on an older revision: kept in the field's history (`entry`), the field unchanged."""

    group: str
    field: str
    entry: str


@payload(EventKind.GROUP_FIELD_SETTLED)
class GroupFieldSettled(Payload):
    group: str
    field: str
    entry: str


@payload(EventKind.GROUP_FIELD_MODERATED)
class GroupFieldModerated(Payload):
    """The facilitator hid or showed a field's text, or restored it from its history (`entry`)."""

    group: str
    field: str
    hidden: bool
    entry: str | None = None


@payload(EventKind.GROUP_LOCKED)
class GroupLocked(Payload):
    group: str
    locked: bool


@payload(EventKind.GROUP_STAGED)
class GroupStaged(Payload):
    """What the projector page shows of the groups: a group's draft (its id), "codes" (every group's code), or
    nothing of them (None)."""

    shown: str | None = None


@payload(EventKind.REVIEW_CHANGED)
class ReviewChanged(Payload):
    """The facilitator's change to a review (`review.py`): `change` is started, hidden, shown, status or
    taken (remarks taken into the critique as ideas); `item` the measure, `status` a status set (None:
    taken back), `ideas` the critique's new ideas."""

    change: str
    item: str | None = None
    status: str | None = None
    ideas: list[str] | None = None


@payload(EventKind.REMARK_SUBMITTED)
class RemarkSubmitted(Payload):
    idea: str
    item: str


Listener = Callable[[Event], None]
log = logging.getLogger(__name__)


class EventBus:
    """Synchronous fan-out of events; a failing listener never breaks the action that caused it."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Start calling `listener` for each event; returns a function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: Event) -> None:
        self.publish_many((event,))

    def publish_many(self, events: Iterable[Event]) -> None:
        """The events of one commit, in order (a group commit of dots brings hundreds)."""
        with self._lock:
            listeners = list(self._listeners)
        for event in events:
            for listener in listeners:
                try:
                    listener(event)
                except Exception:  # a view's bug must not undo a participant's dot
                    log.exception("event listener failed for %s", event.kind)
