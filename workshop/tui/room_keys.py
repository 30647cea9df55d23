"""The app's keys for the room: `B` the projector page in the browser, `.` blank the projector, `i` the reach check.

They work on every screen (the app's bindings, `actions.APP`), and the room's state (`core/room.py`) reaches
the screens as a message, whichever thread changed it. `RoomKeys` is a part the app composes, written against
`RoomHost`, the little it needs of the app.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from workshop.core.home import Home
from workshop.core.room import PageLoad, Room, room_of
from workshop.i18n import _
from workshop.reach import beamer_url


class Listener(Protocol):
    """Where the phones' server listens."""

    host: str
    port: int


class RoomHost(Protocol):
    """What the room's keys ask of the app (`WerkstattApp` is one)."""

    home: Home
    server: Listener | None
    server_running: bool

    @property
    def screen(self) -> Screen[Any]: ...
    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...
    def post_message(self, message: Message) -> bool: ...
    def push_screen(self, screen: Screen[Any]) -> Any: ...
    def request_refresh(self) -> None: ...
    def run_worker(self, work: Callable[[], object], *, thread: bool, name: str, exit_on_error: bool) -> Any: ...


@runtime_checkable
class HearsPhones(Protocol):
    """A screen that wants to know when a phone loads a join page (the reach check's test phone)."""

    def phone_arrived(self, load: PageLoad | None) -> None: ...


@dataclass
class RoomChanged(Message):
    """The room changed (`current`, `blank` or `page`: a phone loaded a join page)."""

    what: str


class RoomKeys:
    """The room's keys, and the listener that tells the app's screens about the room."""

    def __init__(self, app: RoomHost) -> None:
        self.app = app
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def room(self) -> Room:
        return room_of(self.app.home)

    def listen(self) -> None:
        # Called from any thread (the phones' server may run in its own): only post a message.
        self._unsubscribe = self.room.subscribe(lambda what: self.app.post_message(RoomChanged(what)))

    def stop_listening(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def follow(self, slug: str | None) -> None:
        """The projector page shows the session the app shows (None: none is open)."""
        self.room.show(slug)

    def changed(self, message: RoomChanged) -> None:
        """Tell the screens: a phone's page load to those that hear phones, anything else by a refresh."""
        if message.what == "page":
            for screen in self.app.screen_stack:
                if isinstance(screen, HearsPhones):
                    screen.phone_arrived(self.room.last_page_load)
            return
        self.app.request_refresh()

    def blank(self) -> None:
        """`.`: the projector black, or back."""
        blank = self.room.toggle_blank()
        self.app.notify(_("Beamer ist schwarz. Punkt (.) schaltet ihn wieder ein.") if blank
                        else _("Beamer zeigt wieder die Sitzung."), timeout=4)

    def beamer_page(self) -> None:
        """`B`: the projector page in the browser, for a second screen."""
        server = self.app.server
        if server is None or not self.app.server_running:
            self.app.notify(_("Die Beamer-Seite braucht den Server für die Telefone; er läuft nicht."),
                            severity="warning")
            return
        url = beamer_url(server.host, server.port)
        if url is None:
            self.app.notify(_("Die Beamer-Seite antwortet nur dem Laptop selbst (127.0.0.1), der Server lauscht aber "
                              "nur auf {host}. Starten Sie mit --host 0.0.0.0.").format(host=server.host),
                            severity="warning", timeout=10)
            return
        self.app.run_worker(lambda: webbrowser.open(url, new=1), thread=True, name="beamer-page",
                            exit_on_error=False)
        self.app.notify(_("Beamer-Seite: {url} — ziehen Sie das Fenster auf den Beamer, F11 für Vollbild.").format(
            url=url), timeout=8)

    def reach(self) -> None:
        """`i`: can phones reach this laptop?"""
        from workshop.tui.screens.reach import ReachScreen

        if not isinstance(self.app.screen, ReachScreen):
            self.app.push_screen(ReachScreen())
