"""The facilitator's writes in the order they were typed, run off the event loop.

Typing must never wait for the store: while 300 phones commit their dots, or another process holds
the session file's write lock, an idea typed with ⏎ is queued here and written in order, and the
keyboard stays free for the next one. A refused write becomes a message, and the callback gets the
error so that the text can go back where it came from.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from workshop.core.errors import DomainError

Call = tuple[Callable[..., Any], tuple[Any, ...], Callable[[DomainError], None] | None]


class WriteQueue:
    """Service calls run one after another in a worker thread, in the order they were submitted."""

    def __init__(self, notify: Callable[[str], None]) -> None:
        self._notify = notify
        self._calls: deque[Call] = deque()
        self._task: asyncio.Task | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def pending(self) -> int:
        """Calls not yet written, the one running included."""
        return len(self._calls)

    def submit(self, call: Callable[..., Any], *args: Any,
               on_error: Callable[[DomainError], None] | None = None) -> None:
        """Run `call(*args)` after everything submitted before it."""
        self._calls.append((call, args, on_error))
        self._idle.clear()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain(), name="werkstatt-writes")

    async def wait(self) -> None:
        """Until everything submitted so far is written (before the app closes a session)."""
        await self._idle.wait()

    async def _drain(self) -> None:
        try:
            while self._calls:
                call, args, on_error = self._calls[0]
                try:
                    await asyncio.to_thread(call, *args)
                except DomainError as error:
                    self._notify(str(error))
                    if on_error is not None:
                        on_error(error)
                finally:
                    self._calls.popleft()
        finally:
            self._idle.set()
