"""The facilitator's writes, handed to the session's writer in the order they were typed.

Typing never waits for the store. Every write of a key (an idea typed with ⏎, a theme, a vote opened)
goes to the session's writer (`core/writer.py`) in its urgent lane, ahead of the phones' batches, and
in typing order. Usually it is written within a few milliseconds: `attempt` waits that long
(`PATIENCE_SECONDS`) and returns the result, and the key order (`key_order.py`) holds the next key until
then, so the next key sees the last one's effect. While another program holds the session file's write
lock it is not: the app shows „wird gespeichert …“, navigation goes on, later writes queue behind it,
and a write that has not begun after `DEADLINE_SECONDS` is cancelled by the writer with a German notice
that names the cause (it never commits later). A refused write becomes a notice; its callback gets the
error so that typed text can go back where it came from.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workshop.core.errors import Busy, DomainError
from workshop.core.storage import storage_error
from workshop.core.writer import DEADLINE_SECONDS, Writer
from workshop.i18n import _

# How long a key waits for its write before the app says „wird gespeichert …“ and takes the next key:
# a write takes a few milliseconds, and the saying must be on screen within 100 ms of the key.
PATIENCE_SECONDS = 0.03
log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Write:
    future: concurrent.futures.Future[Any]
    submitted: float
    on_error: Callable[[DomainError], None] | None
    on_done: Callable[[Any], None] | None
    settled: bool = False  # its outcome was dealt with (by `attempt` at once, or when it came)


class WriteQueue:
    """The facilitator's writes on their way to the session's writer, and what the app shows meanwhile."""

    def __init__(self, notify: Callable[..., None], saying: Callable[[bool], None], later: Callable[..., Any]) -> None:
        self._notify = notify  # the app's notices
        self._saying = saying  # „wird gespeichert …“ on (True) or off
        self._later = later  # the app's timer: call after so many seconds
        self._writes: list[_Write] = []
        self._idle = asyncio.Event()
        self._idle.set()
        self._shown = False

    @property
    def pending(self) -> int:
        """Writes not yet settled, the one running included."""
        return len(self._writes)

    def young(self) -> bool:
        """A write is pending that was handed over less than `PATIENCE_SECONDS` ago (the next key waits)."""
        now = time.monotonic()
        return any(now - write.submitted < PATIENCE_SECONDS for write in self._writes)

    def submit(self, call: Callable[..., Any], *args: Any, on_error: Callable[[DomainError], None] | None = None,
               on_done: Callable[[Any], None] | None = None, **kwargs: Any) -> None:
        """Write `call(*args, **kwargs)` after everything submitted before it, without waiting for it."""
        write = self._hand_over(call, args, kwargs, on_error, on_done)
        self._later(PATIENCE_SECONDS, functools.partial(self._still_waiting, write))

    def attempt(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Write and wait a moment: the result; None if refused (said) or still waiting (followed, said)."""
        first = not self._writes
        write = self._hand_over(call, args, kwargs, None, None)
        if not first:  # earlier writes wait for the lock: this one queues behind them
            self._show_saving()
            return None
        try:
            result = write.future.result(timeout=PATIENCE_SECONDS)
        except concurrent.futures.TimeoutError:
            self._show_saving()
            return None
        except DomainError as error:
            self._settle(write)
            self._say(error)
            return None
        except sqlite3.Error as error:  # the file refused (full disk, read-only): said, and the board goes on
            self._settle(write)
            self._say(storage_error(error))
            return None
        self._settle(write)
        return result

    async def wait(self) -> None:
        """Until everything submitted so far is written or refused (before the app closes a session)."""
        await self._idle.wait()

    def _hand_over(self, call: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                   on_error: Callable[[DomainError], None] | None, on_done: Callable[[Any], None] | None) -> _Write:
        future = writer_of(call).submit(call, *args, deadline=time.monotonic() + DEADLINE_SECONDS, urgent=True,
                                        **kwargs)
        write = _Write(future, time.monotonic(), on_error, on_done)
        self._writes.append(write)
        self._idle.clear()
        loop = asyncio.get_running_loop()
        # Back on the app's loop in the app's context (Textual finds its app there), not the writer's.
        context = contextvars.copy_context()

        def done(_future: concurrent.futures.Future[Any]) -> None:
            try:
                loop.call_soon_threadsafe(self._finished, write, context=context)
            except RuntimeError:  # the app has ended: nobody is left to tell
                pass

        future.add_done_callback(done)
        return write

    def _finished(self, write: _Write) -> None:
        """On the app's loop, once the writer is done with it."""
        if write.settled:
            return
        self._settle(write)
        try:
            result = write.future.result()
        except DomainError as error:
            self._say(error)
            if write.on_error is not None:
                write.on_error(error)
            return
        except sqlite3.Error as error:  # the file refused (full disk, read-only): said in German, kept on screen
            self._say(storage_error(error))
            return
        except Exception as error:  # not a broken rule: say it rather than lose it silently
            log.exception("a facilitator's write failed")
            self._notify(str(error), severity="error", timeout=10)
            return
        if write.on_done is not None:
            write.on_done(result)

    def _settle(self, write: _Write) -> None:
        write.settled = True
        if write in self._writes:
            self._writes.remove(write)
        if not self._writes:
            self._idle.set()
            self._hide_saving()

    def _say(self, error: DomainError) -> None:
        self._notify(str(error), severity="error", timeout=10 if isinstance(error, Busy) else 6)

    def _still_waiting(self, write: _Write) -> None:
        if not write.settled:
            self._show_saving()

    def _show_saving(self) -> None:
        if not self._shown:
            self._shown = True
            self._saying(True)

    def _hide_saving(self) -> None:
        if self._shown:
            self._shown = False
            self._saying(False)


def writer_of(call: Callable[..., Any]) -> Writer:
    """The writer of the session whose use case this is (a bound method, or a partial of one)."""
    while isinstance(call, functools.partial):
        call = call.func
    return call.__self__.writer  # type: ignore[attr-defined]

