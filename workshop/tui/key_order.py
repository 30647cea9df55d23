"""Key presses handed on one at a time, each once the one before has been dealt with: no keystroke is lost.

Textual forwards every key to the focused widget's own message queue at once, and a key the widget does
not handle itself (⏎ in an input) only reaches its binding after bubbling back up to the app. Keys that
arrive together (a fast typist, tmux `send-keys`, a paste without bracketed paste) therefore overtake an
⏎: "Erste Idee⏎Zweite Idee⏎" became two ideas "Erste IdeeZweite Idee", and keys typed after the ⏎ of a
dialog went into the dialog that was about to close. Here the app holds the keys back and releases the
next one only when every message the last one caused has been processed (the screen it opened is
mounted and focused, the dialog it closed is gone), so keys take effect in the order they were typed.
A key that wrote something is dealt with once its write is done, or — while another program holds the
session file — once it has waited `write_queue.PATIENCE_SECONDS` (the app then says „wird gespeichert …“
and the next key goes on: later writes queue behind it in the writer, in order).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.keys import key_to_character

# A key waits at most this long for the one before to settle (a screen that never becomes idle must not
# swallow the keyboard); in practice it settles within milliseconds.
MAX_SETTLE_SECONDS = 1.0
log = logging.getLogger(__name__)


class KeyOrder:
    """The app's keys in typing order; `take()` holds one back, a task releases them one by one."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._waiting: deque[events.Key] = deque()
        self._released: events.Key | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="werkstatt-key-order")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def take(self, event: events.Key) -> bool:
        """True if the key was queued (the app then ignores it); False for a key released by this queue."""
        if event is self._released or self._task is None:
            return False
        self._waiting.extend(split_alt(event))
        self._wake.set()
        return True

    @property
    def pending(self) -> int:
        return len(self._waiting)

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                try:
                    await self._settle()
                except Exception:  # Textual's internals changed: never hold a key back for it
                    log.exception("key order: cannot tell whether the app is idle")
                event = self._waiting.popleft()
                self._released = event
                self.app.post_message(event)
                await asyncio.sleep(0)

    async def _settle(self) -> None:
        """Wait until no message pump of the app has anything left to do."""
        deadline = time.monotonic() + MAX_SETTLE_SECONDS
        spins = 0
        writes = getattr(self.app, "writes", None)
        while (_busy(self.app, self.app._registry) or (writes is not None and writes.young())) \
                and time.monotonic() < deadline:
            spins += 1
            await asyncio.sleep(0 if spins < 50 else 0.001)


# Alt+keys that something binds (the measure form's dropdowns open with Alt+↓); any other is Esc and the key.
ALT_BOUND = frozenset({"alt+down"})


def split_alt(event: events.Key) -> list[events.Key]:
    """An Alt+key that nothing binds, as the two keys it was: Esc, then the key.

    A terminal sends Alt+x as Esc followed by x, so Esc typed and at once followed by `>` (a fast typist, or
    tmux `send-keys Escape '>'` in one read) arrives as Alt+>: the `>` then landed in the idea field instead of
    leaving it and moving on a step.
    """
    key = event.key
    if not key.startswith("alt+") or key in ALT_BOUND:
        return [event]
    base = key.removeprefix("alt+")
    if base.startswith("shift+") and len(base) == len("shift+") + 1:  # Alt+S arrives as alt+shift+s
        base = base[-1].upper()
    elif "+" in base:
        return [event]
    character = key_to_character(base)
    if character is None and event.character and event.character.isprintable():
        character = event.character
    return [events.Key("escape", "\x1b"), events.Key(base, character)]


def _alt_for_every_character() -> None:
    """Textual's terminal parser reads Esc followed at once by a letter as Alt+letter, but Esc followed by a sign
    (`>`, `<`, `?`) as the sign alone: the Esc was lost. Here it says Alt+sign too, which `split_alt` turns back
    into the two keys. (Textual internals: the minor version is pinned, tests/tui/test_key_order.py checks it.)"""
    try:
        from textual._xterm_parser import XTermParser
    except ImportError:  # pragma: no cover - another Textual: keep its behaviour
        return
    original = XTermParser._sequence_to_key_events
    if getattr(original, "werkstatt", False):
        return

    def sequence_to_key_events(self: Any, sequence: str, alt: bool = False) -> Any:
        for event in original(self, sequence, alt):
            if alt and len(sequence) == 1 and not event.key.startswith("alt+") and event.key != "escape":
                event = events.Key(f"alt+{event.key}", event.character)
            yield event

    sequence_to_key_events.werkstatt = True  # type: ignore[attr-defined]
    XTermParser._sequence_to_key_events = sequence_to_key_events  # type: ignore[method-assign]


_alt_for_every_character()


def _busy(app: Any, nodes: Iterable[Any]) -> bool:
    """True while a message pump has messages waiting or is still handling one.

    Relies on Textual's message pump (tests/tui/test_key_order.py fails if that changes): a pump that has
    finished its work waits on its queue's `ready_event`.
    """
    for node in (app, *nodes):
        if node._next_callbacks or node._pending_message is not None:
            return True
        # `_message_queue` is created on first use: a node without one has nothing to do.
        queue = node.__dict__.get("_message_queue")
        if queue is None:
            continue
        if queue.values:
            return True
        if node._running and not (node._closing or node._closed) and not queue.ready_event._waiters:
            return True  # inside a handler (or starting up): not waiting for its next message yet
    return False
