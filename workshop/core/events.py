"""The event log's vocabulary and record, and its in-process publication to whoever listens.

The event log in SQLite is the truth; a publication only wakes a listener early (the board, the
phones' streams). A listener that missed something (another process wrote) reads
`SessionService.events_since(seq)`. Another process's events reach the bus through the session's
watcher (`watcher.py`), marked `foreign`.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    at: str
    actor: str
    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)
    undoable: bool = False
    foreign: bool = False  # written by another process, seen by the session's watcher (`watcher.py`)


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
