"""uvicorn's httptools connection with limits at the door (`door.py`): the phones' server's HTTP protocol.

uvicorn with httptools has neither a limit on the size of request headers (httptools joins a header's
pieces in memory, however long) nor a timeout before the first request (its keep-alive timeout starts only
after a response), and its `limit_concurrency` counts the whole server, not a client. So this subclass,
passed as `uvicorn.Config(http=…)`:

- feeds the parser at most `header_bytes` of a request's head: a request whose headers go on beyond that
  is answered 431 before any more of it is buffered, and the rest of what it sends is read and dropped
  for a moment (so that the answer arrives before the connection closes), then it is closed;
- closes a connection whose request's headers have not all arrived `header_seconds` after it opened, or
  after the first byte of its next request;
- asks the door whether a new connection may stay, and tells it when the connection waits for a request
  (then it may be closed to make room) and when it is served.

It relies on uvicorn's internals (its parser callbacks and the response-complete hook), so pyproject.toml
pins uvicorn's minor version.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from workshop.core.jsontext import compact
from workshop.i18n import _, translate
from workshop.web.door import Door

# After a 431, what the client still sends is read and dropped this long at most: closing a socket with
# unread data resets it, and a reset can overtake the answer on its way to the client.
LINGER_SECONDS = 2.0
HEADERS_TOO_LARGE = _("Die Anfrage ist zu groß. Bitte laden Sie die Seite neu.")


class DoorProtocol(HttpToolsProtocol):
    """One HTTP/1.1 connection of the phones' server, within the door's limits."""

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None, *, door: Door) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.door = door
        self.address = ""
        self.admitted = False
        self.in_head = True  # between requests, or a request whose headers have not all arrived
        self.head_bytes = 0
        self.head_timer: asyncio.TimerHandle | None = None
        self.dropping = False  # refused: what arrives is read and dropped

    # ---------------------------------------------------------------- the connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else ""
        if not self.door.admit(self):
            self.dropping = True
            transport.close()
            return
        self.admitted = True
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self.admitted:
            self.admitted = False
            self.door.leave(self)
        super().connection_lost(exc)

    def close_for_room(self) -> None:
        """The server is full and this connection has waited longest for a request."""
        self.dropping = True
        if not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        # The head goes to the parser in pieces of at most what the limit still allows: `head_bytes` counts
        # what was fed since the last request ended, so a head is refused once it is over the limit, and
        # pipelined requests (several short heads in one read) are not mistaken for one long head.
        while data and not self.dropping and not self.transport.is_closing():
            if not self.in_head:
                super().data_received(data)  # a body, and whatever follows it in this read
                return
            if self.head_timer is None:
                self._arm()  # the first byte of a request on a kept-alive connection
            room = self.door.limits.header_bytes - self.head_bytes
            if room <= 0:
                self._refuse_head()
                return
            piece, data = data[:room], data[room:]
            self.head_bytes += len(piece)
            super().data_received(piece)

    def eof_received(self) -> bool | None:
        if self.dropping:
            self.transport.close()
        return None

    # ---------------------------------------------------------------- the parser's and uvicorn's hooks

    def on_headers_complete(self) -> None:
        self.in_head = False
        self._disarm()
        self.door.serving(self)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.in_head = True  # what arrives next is the next request's head
        self.head_bytes = 0

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.admitted and not self.transport.is_closing() and not self.pipeline:
            self.door.waiting(self)  # idle until its next request: uvicorn's keep-alive timeout runs

    # ---------------------------------------------------------------- refusals

    def _arm(self) -> None:
        self.head_timer = self.loop.call_later(self.door.limits.header_seconds, self._head_too_slow)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_too_slow(self) -> None:
        self.head_timer = None
        if self.in_head and not self.transport.is_closing():
            self.dropping = True
            self.transport.close()

    def _refuse_head(self) -> None:
        """431 for headers over the limit, then read and drop the rest for a moment, then close."""
        self.dropping = True
        self._disarm()
        self.door.serving(self)  # it goes by itself: not one to close for room
        body = compact({"error": "too_large", "message": translate(HEADERS_TOO_LARGE, "de")}).encode()
        self.transport.write(b"".join([
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
            b"content-type: application/json\r\n",
            b"content-length: ", str(len(body)).encode(), b"\r\n",
            b"cache-control: no-store\r\n",
            b"connection: close\r\n\r\n", body]))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
