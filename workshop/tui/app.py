"""WerkstattApp: the facilitator's terminal app. It opens sessions, keeps every screen live, runs the phones' server.

Live refresh: the session's event bus posts a message (thread-safe) and a cheap `PRAGMA data_version`
poll catches writes from other processes; bursts are coalesced to at most ten refreshes a second, and
each screen re-reads from the service and patches what changed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from textual.app import SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen

from workshop.core.errors import DomainError
from workshop.core.home import Home
from workshop.core.models import Event, Session
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.keys import grouped_bindings, key_label
from workshop.tui.screens.live import LiveScreen
from workshop.tui.textual_de import GermanApp

T = TypeVar("T")
MIN_REFRESH_INTERVAL = 0.1  # seconds: at most ten board refreshes a second, however many phones write
POLL_INTERVAL = 0.25  # seconds between `PRAGMA data_version` checks for other processes' writes


class JoinServer(Protocol):
    """What the app needs of the participants' server (wired in by `workshop.app.make_app`)."""

    port: int

    @property
    def base_url(self) -> str: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def set_address(self, address: str) -> None: ...
    def join_url(self, session: Session) -> str: ...
    def phones_connected(self, session_id: str) -> int: ...


class WerkstattApp(GermanApp):
    """Session picker first (or the given session's board); one service per open session."""

    TITLE = "Werkstatt"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_DISPLAY = "^p"
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Beenden"), tooltip=_("Alles ist schon gespeichert."), priority=True),
        Binding("ctrl+z", "undo", _("Rückgängig"), show=False),
        Binding("ctrl+y", "redo", _("Wiederholen"), show=False),
        Binding("f1,question_mark", "help", _("Hilfe")),
    ]

    @dataclass
    class SessionChanged(Message):
        """Something was written to the open session (by this process or, seen by polling, another)."""

        seq: int

    def __init__(self, home: Home, *, server: JoinServer | None = None, public_url: str | None = None,
                 session: str | Path | None = None, addresses: Callable[[], list[str]] | None = None) -> None:
        super().__init__()
        self.home = home
        self.server = server
        self.public_url = public_url.rstrip("/") if public_url else None
        self.initial_session = session
        self.addresses = addresses or (lambda: [])
        self.service: SessionService | None = None
        self.server_running = False
        self.server_error: str | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._data_version: int | None = None
        self._refresh_pending = False
        self._last_refresh = 0.0
        self.refresh_count = 0

    # ------------------------------------------------------------------ start and stop

    def get_default_screen(self) -> Screen:
        from workshop.tui.screens.picker import SessionPicker

        if self.initial_session is not None:
            return Screen(id="start")  # the picker is built only when asked for (`o`), not on every start
        return SessionPicker()

    def show_picker(self) -> None:
        """Close the session and go to the session picker."""
        from workshop.tui.screens.picker import SessionPicker

        self.close_session()
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], SessionPicker):
            self.pop_screen()
        else:
            self.switch_screen(SessionPicker())

    def on_mount(self) -> None:
        self.set_interval(POLL_INTERVAL, self._poll)
        self.set_interval(1.0, self._tick)
        if self.server is not None:
            self.run_worker(self._start_server(), name="participant-server", exit_on_error=False)
        if self.initial_session is not None and not self.open_session(self.initial_session):
            self.show_picker()

    async def _start_server(self) -> None:
        assert self.server is not None
        try:
            await self.server.start()
        except OSError as error:
            self.server_error = _("Der Server für die Telefone konnte nicht starten (Port {port}): {reason}. "
                                  "Starten Sie mit --port und einer freien Nummer.").format(
                port=self.server.port, reason=error.strerror or error)
            self.notify(self.server_error, severity="error", timeout=15)
        else:
            self.server_running = True
        self.request_refresh()

    async def stop_server(self) -> None:
        if self.server is not None and self.server_running:
            self.server_running = False
            await self.server.stop()

    async def action_quit(self) -> None:
        await self.stop_server()
        self.exit()

    async def on_unmount(self) -> None:
        gc.enable()
        gc.unfreeze()  # the board froze its objects out of the collector's way; let them go now
        self.close_session()
        await self.stop_server()

    # ------------------------------------------------------------------ sessions

    def open_session(self, name: str | Path) -> bool:
        """Open a session (slug or path) on its board; False with a message if it cannot be opened."""
        from workshop.tui.screens.board import BoardScreen

        try:
            service = self.home.service(name)
        except DomainError as error:
            self.notify(str(error), severity="error")
            return False
        self.close_session()
        self.service = service
        self._unsubscribe = service.bus.subscribe(self._on_event)
        self._data_version = service.store.data_version()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(BoardScreen(service))
        return True

    def close_session(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.service = None

    def join_url(self, session: Session) -> str | None:
        if self.server is not None:
            return self.server.join_url(session)
        if self.public_url:
            return f"{self.public_url}/j/{session.join_token}"
        return None

    def phones(self, session: Session) -> int:
        return self.server.phones_connected(session.id) if self.server is not None else 0

    def server_status(self) -> str:
        if self.server_error:
            return self.server_error
        if self.server is None:
            return _("Der Server für die Telefone ist aus (--no-serve).")
        if not self.server_running:
            return _("Server startet …")
        return _("Server läuft auf Port {port}.").format(port=self.server.port)

    # ------------------------------------------------------------------ live refresh

    def _on_event(self, event: Event) -> None:
        """Called by the event bus, possibly from another thread: only post a message."""
        self.post_message(self.SessionChanged(event.seq))

    def on_werkstatt_app_session_changed(self, message: SessionChanged) -> None:
        self.request_refresh()

    def _poll(self) -> None:
        if self.service is None:
            return
        try:
            version = self.service.store.data_version()
        except Exception:  # the file went away under us; the next action reports it
            return
        if version != self._data_version:
            self._data_version = version
            self.request_refresh()

    def request_refresh(self) -> None:
        """Refresh soon; bursts of events become one refresh per MIN_REFRESH_INTERVAL."""
        if self._refresh_pending:
            return
        self._refresh_pending = True
        delay = MIN_REFRESH_INTERVAL - (time.monotonic() - self._last_refresh)
        if delay <= 0:
            self.call_later(self._refresh)
        else:
            self.set_timer(delay, self._refresh)

    def _refresh(self) -> None:
        self._refresh_pending = False
        self._last_refresh = time.monotonic()
        if self.service is None:
            return
        self.refresh_count += 1
        for screen in self._live_screens():
            try:
                screen.reload()
            except NoMatches:  # the screen is being taken down (quit, session closed): nothing to show
                pass

    def _tick(self) -> None:
        for screen in self._live_screens():
            try:
                screen.tick()
            except NoMatches:
                pass

    def _live_screens(self) -> list[LiveScreen]:
        return [screen for screen in self.screen_stack
                if isinstance(screen, LiveScreen) and screen.is_attached and not self._exit]

    # ------------------------------------------------------------------ actions everywhere

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Notifications quote participants' text (in error messages, too): never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def attempt(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service call; a broken rule becomes a notification, nothing is lost."""
        try:
            return action(*args, **kwargs)
        except DomainError as error:
            self.notify(str(error), severity="error", timeout=6)
            return None

    def action_undo(self) -> None:
        self._replay(undo=True)

    def action_redo(self) -> None:
        self._replay(undo=False)

    def _replay(self, *, undo: bool) -> None:
        from workshop.tui.display import event_label

        if self.service is None:
            return
        event = self.attempt(self.service.undo if undo else self.service.redo)
        if event is not None:
            message = _("Rückgängig: {what}") if undo else _("Wiederholt: {what}")
            self.notify(message.format(what=event_label(event.kind)), timeout=3)

    def action_help(self) -> None:
        from workshop.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_privacy(self) -> None:
        """The session's retention period and withdrawal contact (a small dialog)."""
        from workshop.tui.screens.privacy import PrivacyDialog

        service = self.service
        if service is None:
            return

        def save(answer: tuple[int, str] | None) -> None:
            if answer is not None and self.attempt(service.set_privacy, retention_days=answer[0],
                                                   contact=answer[1]) is not None:
                self.notify(_("Datenschutz gespeichert."), timeout=3)

        self.push_screen(PrivacyDialog(service.session()), save)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen, by its German description, then Textual's own commands."""
        for binding, keys in grouped_bindings(screen).values():
            yield SystemCommand(binding.description, binding.tooltip or _("Taste: {key}").format(
                key=key_label(keys)), _runner(screen, binding.action))
        if self.service is not None:
            yield SystemCommand(_("Datenschutz: Aufbewahrung und Kontakt"),
                                _("Wie lange die Daten der Telefone bleiben und wohin ein Widerruf geht"),
                                self.action_privacy)
        yield from super().get_system_commands(screen)


def _runner(screen: Screen, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.app.run_action(action, screen)

    return run
