"""WerkstattApp: the facilitator's terminal app. It opens sessions, keeps every screen live, runs the phones' server.

Live refresh: the session's event bus posts a message (thread-safe: events come from the session's writer
thread, and other processes' writes from its watcher, `core/watcher.py`); at most one such message waits
at a time, bursts are coalesced to at most ten refreshes a second (one while only phones' dots arrive),
and each screen re-reads from the service and patches what changed. The facilitator's writes go to the
session's writer through `self.writes` (`write_queue.py`): the app never waits on the session file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from textual import events
from textual.app import ScreenStackError, SystemCommand
from textual.css.query import NoMatches
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.screen import Screen

from workshop.core.errors import DomainError
from workshop.core.events import EventKind
from workshop.core.home import Home
from workshop.core.events import Event
from workshop.core.models import FACILITATOR, Session
from workshop.core.services import SessionService
from workshop.core.writer import DEADLINE_SECONDS
from workshop.i18n import _
from workshop.net import bind_reason
from workshop.reach import ALL_INTERFACES
from workshop.tui.actions import PALETTE, Group, bindings
from workshop.tui.collector import Collector
from workshop.tui.key_order import KeyOrder
from workshop.tui.keys import grouped_bindings, key_label
from workshop.tui.room_keys import RoomChanged, RoomKeys
from workshop.tui.screens.live import LiveScreen
from workshop.tui.textual_de import GermanApp
from workshop.tui.write_queue import WriteQueue

T = TypeVar("T")
MIN_REFRESH_INTERVAL = 0.1  # seconds: at most ten board refreshes a second, however many phones write
# While only phones' dots (and first-time devices) arrive, only counters change: one refresh a second
# are plenty, and 300 phones' votes leave the server the time it needs.
DOTS_REFRESH_INTERVAL = 1.0
_LIGHT_EVENTS = frozenset({EventKind.DOTS_SET, EventKind.DEVICE_JOINED})


class JoinServer(Protocol):
    """What the app needs of the participants' server (wired in by `workshop.app.make_app`)."""

    host: str
    port: int

    @property
    def base_url(self) -> str: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def set_address(self, address: str) -> None: ...
    def join_url(self, session: Session) -> str: ...
    def phones_connected(self, session_id: str) -> int: ...


@runtime_checkable
class OffersCommands(Protocol):
    """A screen with commands that have no key of their own (the board's exports): the palette lists them."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]: ...


class WerkstattApp(GermanApp):
    """Session picker first (or the given session's board); one service per open session.

    The room's keys (`B`, `.`, `i`) are a part of their own, `room_keys.RoomKeys`.
    """

    TITLE = "Werkstatt"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_DISPLAY = "^p"
    BINDINGS = [binding for binding in bindings(Group.APP) if binding.action != PALETTE.action]  # GermanApp's

    @dataclass
    class SessionChanged(Message):
        """Something was written to the open session (by this process or, seen by polling, another)."""

        seq: int
        own: bool = False  # the facilitator's own action: shown before the next key is handled
        heavy: bool = False  # more than phones' dots: shown within MIN_REFRESH_INTERVAL

    def __init__(self, home: Home, *, server: JoinServer | None = None, public_url: str | None = None,
                 session: str | Path | None = None, addresses: Callable[[], list[str]] | None = None) -> None:
        super().__init__()
        self.home = home
        self.server = server
        self.public_url = public_url.rstrip("/") if public_url else None
        self.initial_session = session
        self.addresses = addresses or (lambda: [])
        self.service: SessionService | None = None
        self.last_session: Path | None = None  # the session picker highlights it
        self.server_running = False
        self.server_error: str | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._refresh_pending = False
        self._refresh_due = 0.0
        self._refresh_timer: Any = None
        self._last_refresh = 0.0
        self._event_posted = False
        self.refresh_count = 0
        self.keys = KeyOrder(self)
        self.collector = Collector(self._board_alone)
        self.writes = WriteQueue(self.notify, self._saying, self.set_timer)
        self._saving_notice: Notification | None = None
        self._events_lock = threading.Lock()
        self._heavy_event = False
        self._held_notices: list[dict[str, Any]] = []  # said while the room saw the terminal projector
        self.room_keys = RoomKeys(self)

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

    async def on_event(self, event: events.Event) -> None:
        # Keys in typing order, each once the one before has been dealt with (see key_order.py).
        if isinstance(event, events.Key) and self.keys.take(event):
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        self.keys.start()
        self.collector.start()
        self.room_keys.listen()
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
                port=self.server.port, reason=bind_reason(error))
            self.notify(self.server_error, severity="error", timeout=15)
        else:
            self.server_running = True
        self.request_refresh()

    async def stop_server(self) -> None:
        if self.server is not None and self.server_running:
            self.server_running = False
            await self.server.stop()

    async def action_quit(self) -> None:
        await self.writes.wait()  # "everything is already saved": what was typed last, too
        await self.stop_server()
        self.exit()

    async def on_unmount(self) -> None:
        await self.keys.stop()
        await self.writes.wait()
        self.room_keys.stop_listening()
        self.close_session()
        await self.stop_server()
        self.collector.stop()

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
        self.last_session = service.store.path.resolve()
        self._unsubscribe = service.bus.subscribe(self._on_event)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(BoardScreen(service, self))
        self.room_keys.follow(service.read.session().slug)
        if service.read_only is not None:  # a full disk, a read-only file or folder: the board still reads
            self.notify(_("Nur zum Lesen geöffnet: {reason} Änderungen werden nicht gespeichert, Telefone können "
                          "nichts senden.").format(reason=service.read_only), severity="warning", timeout=20)
        return True

    def close_session(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.service = None
        self.room_keys.follow(None)

    def _board_alone(self) -> bool:
        """Only a session's board on the screen (nothing on top that will soon be closed)."""
        from workshop.tui.screens.board import BoardScreen

        try:
            return len(self.screen_stack) <= 2 and isinstance(self.screen, BoardScreen)
        except ScreenStackError:
            return False

    def join_url(self, session: Session) -> str | None:
        if self.server is not None:
            return self.server.join_url(session)
        if self.public_url:
            return f"{self.public_url}/j/{session.join_token}"
        return None

    @property
    def serving(self) -> bool:
        """Whether the app was given a server for the phones (it may still be starting, or have failed)."""
        return self.server is not None

    def join_addresses(self) -> list[str]:
        """The addresses a join code may carry: only those the server listens on (`j` offers no other)."""
        if self.server is None:
            return []
        if self.server.host in ALL_INTERFACES:
            return self.addresses()
        return [self.server.host]

    def phones(self, session: Session) -> int:
        return self.server.phones_connected(session.id) if self.server is not None else 0

    def server_status(self) -> str:
        if self.server_error:
            return self.server_error
        if self.server is None:
            return _("Der Server für die Telefone ist aus (beim Start abgeschaltet).")
        if not self.server_running:
            return _("Server startet …")
        return _("Server läuft auf Port {port}.").format(port=self.server.port)

    # ------------------------------------------------------------------ live refresh

    def _on_event(self, event: Event) -> None:
        """Called by the event bus, from the session's writer thread: only post a message.

        The facilitator's own actions refresh at once (another process's are seen like a phone's). Phones' events post one message until the refresh
        it schedules has begun (that refresh re-reads everything new): 300 phones' dots then wake the
        app about once a second, not hundreds of times, and the keys typed meanwhile are not kept
        waiting behind them. A heavier event (a new idea) still posts, to bring the refresh forward.
        """
        if event.actor == FACILITATOR and not event.foreign:
            self.post_message(self.SessionChanged(event.seq, own=True))
            return
        heavy = event.kind not in _LIGHT_EVENTS
        with self._events_lock:
            if self._event_posted and (self._heavy_event or not heavy):
                return
            self._event_posted = True
            self._heavy_event |= heavy
        self.post_message(self.SessionChanged(event.seq, heavy=heavy))

    def on_werkstatt_app_session_changed(self, message: SessionChanged) -> None:
        if message.own:
            # Not coalesced: the keys are held until this message is handled (key_order.py), so the key
            # after `v ⏎` already sees the open vote, the key after `g Wohnen ⏎` the new column.
            self._refresh_now()
            return
        self.request_refresh(MIN_REFRESH_INTERVAL if message.heavy else DOTS_REFRESH_INTERVAL)

    def request_refresh(self, interval: float = MIN_REFRESH_INTERVAL) -> None:
        """Refresh soon; bursts of events become one refresh per `interval` after the last one."""
        due = self._last_refresh + interval
        if self._refresh_pending and self._refresh_due <= due:
            return
        if self._refresh_timer is not None:  # a sooner refresh replaces a later one
            self._refresh_timer.stop()
            self._refresh_timer = None
        self._refresh_pending = True
        self._refresh_due = due
        delay = due - time.monotonic()
        if delay <= 0:
            self.call_later(self._refresh)
        else:
            self._refresh_timer = self.set_timer(delay, self._refresh)

    def _refresh_now(self) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None
        self._refresh_pending = True
        self._refresh()

    def _refresh(self) -> None:
        if not self._refresh_pending:
            return  # a timer that was replaced by a sooner refresh
        self._refresh_pending = False
        self._refresh_timer = None
        self._last_refresh = time.monotonic()
        with self._events_lock:  # from here on, a phone's event needs the next refresh: it posts again
            self._event_posted = False
            self._heavy_event = False
        if self.service is None:
            return
        self.refresh_count += 1
        for screen in self._live_screens():
            try:
                screen.reload()
            except NoMatches:  # the screen is being taken down (quit, session closed): nothing to show
                pass

    def on_room_changed(self, message: RoomChanged) -> None:
        self.room_keys.changed(message)

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
        """Notifications quote participants' text (in error messages, too): never read them as markup.

        While the terminal projector shows, a laptop mirrored to the beamer would show them to the room: they
        wait until the facilitator leaves it (`release_notices`).
        """
        notice = {"title": title, "severity": severity, "timeout": timeout}
        if self._projector_showing():
            self._held_notices.append({"message": message, **notice})
            return
        super().notify(message, markup=False, **notice)

    def _projector_showing(self) -> bool:
        try:
            return bool(getattr(self.screen, "holds_notices", False))
        except ScreenStackError:  # before the first screen, or after the last
            return False

    def _saying(self, on: bool) -> None:
        """„wird gespeichert …“ while the facilitator's writes wait for the session file (`write_queue.py`)."""
        if on:
            if self._saving_notice is None and not self._projector_showing():
                self._saving_notice = Notification(_("wird gespeichert …"), timeout=DEADLINE_SECONDS + 60)
                self.post_message(Notify(self._saving_notice))
            return
        notice, self._saving_notice = self._saving_notice, None
        if notice is not None:
            self.call_later(self._unsay, notice)  # after its Notify message, which may still be queued

    def _unsay(self, notice: Notification) -> None:
        try:
            self._unnotify(notice)  # Textual's removal of one notification (tests/tui/test_locked.py covers it)
        except KeyError:  # its time ran out already
            pass

    def release_notices(self) -> None:
        """Show the notices that waited while the projector was on the screen."""
        held, self._held_notices = self._held_notices, []
        for notice in held:
            self.notify(**notice)

    def attempt(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service call; a broken rule becomes a notification, nothing is lost.

        A use case that writes goes to the session's writer: its result if written within a moment, else
        None while „wird gespeichert …“ shows (the board follows the write's event when it comes).
        """
        if getattr(action, "writes", False):
            return self.writes.attempt(action, *args, **kwargs)
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
        from workshop.tui.screens.dialogs import CheckpointDialog

        if self.service is None or isinstance(self.screen, CheckpointDialog):
            return  # one question at a time: more Strg+Z while it is asked change nothing
        checkpoint = self.service.undo.checkpoint() if undo else None
        if checkpoint is None:
            self._replay_now(undo=undo)
            return
        service = self.service

        def answered(yes: bool | None) -> None:
            if yes and self.service is service:
                self._replay_now(undo=True)

        self.push_screen(CheckpointDialog(checkpoint.kind, checkpoint.round_number), answered)

    def _replay_now(self, *, undo: bool) -> None:
        from workshop.tui.display import event_label

        assert self.service is not None
        event = self.attempt(self.service.undo.undo if undo else self.service.undo.redo)
        if event is not None:
            message = _("Rückgängig: {what}") if undo else _("Wiederholt: {what}")
            self.notify(message.format(what=event_label(event.kind)), timeout=3)

    def _action_blank(self) -> None:
        self.room_keys.blank()

    def _action_beamer_page(self) -> None:
        self.room_keys.beamer_page()

    def _action_reach(self) -> None:
        self.room_keys.reach()

    def action_help(self) -> None:
        from workshop.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_privacy(self) -> None:
        """The session's retention period, how long exported lists are kept, the withdrawal contact (a dialog)."""
        from workshop.tui.screens.privacy import PrivacyAnswer, PrivacyDialog

        service = self.service
        if service is None:
            return

        def save(answer: PrivacyAnswer | None) -> None:
            if answer is not None and self.attempt(service.privacy.update, **answer._asdict()) is not None:
                self.notify(_("Datenschutz gespeichert."), timeout=3)

        self.push_screen(PrivacyDialog(service.read.session()), save)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen, by its German description, then Textual's own commands."""
        for binding, keys in grouped_bindings(screen).values():
            yield SystemCommand(binding.description, binding.tooltip or _("Taste: {key}").format(
                key=key_label(keys)), _runner(screen, binding.action))
        if isinstance(screen, OffersCommands):  # commands without a key (export, plan)
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(title, help_text, callback)
        from workshop.tui.slips import slip_commands

        yield from slip_commands(self)
        if self.service is not None:
            yield SystemCommand(_("Datenschutz: Aufbewahrung und Kontakt"),
                                _("Wie lange die Daten der Telefone und exportierte Listen bleiben, wohin ein "
                                  "Widerruf geht"),
                                self.action_privacy)
        yield from super().get_system_commands(screen)


def _runner(screen: Screen, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.app.run_action(action, screen)

    return run
