"""The app's keys for the room: `B` the projector page in the browser, `.` blank the projector, `i` the reach check.

They work on every screen (app bindings), and the room's state (`core/room.py`) reaches the screens as a
message, whichever thread changed it.
"""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from workshop.core.room import Room, room_of
from workshop.i18n import _
from workshop.reach import ALL_INTERFACES, beamer_url

if TYPE_CHECKING:
    from workshop.tui.app import WerkstattApp

ROOM_BINDINGS = [
    Binding("B", "beamer_page", _("Beamer im Browser"), show=False,
            tooltip=_("Die Beamer-Seite im Browser öffnen, für den zweiten Bildschirm.")),
    Binding("full_stop", "blank", _("Beamer schwarz"), show=False, key_display=".",
            tooltip=_("Beamer-Seite und Beamer-Ansicht schwarz schalten, bis Sie die Taste wieder drücken.")),
    Binding("i", "reach", _("Erreichen Telefone mich?"), show=False,
            tooltip=_("Adressen des Laptops, Rat und ein Test mit dem eigenen Telefon.")),
]


class RoomKeys:
    """Mixed into `WerkstattApp`: the room's keys and the listener that tells the screens."""

    @dataclass
    class RoomChanged(Message):
        """The room changed (`current`, `blank` or `page`: a phone loaded a join page)."""

        what: str

    @property
    def room(self: WerkstattApp) -> Room:
        return room_of(self.home)

    def listen_to_room(self: WerkstattApp) -> None:
        # Called from any thread (the phones' server may run in its own): only post a message.
        self._room_unsubscribe = self.room.subscribe(lambda what: self.post_message(RoomKeys.RoomChanged(what)))

    def stop_listening_to_room(self: WerkstattApp) -> None:
        unsubscribe = getattr(self, "_room_unsubscribe", None)
        if unsubscribe is not None:
            unsubscribe()
            self._room_unsubscribe = None

    def on_room_keys_room_changed(self: WerkstattApp, message: RoomKeys.RoomChanged) -> None:
        if message.what == "page":
            for screen in self.screen_stack:
                heard = getattr(screen, "phone_arrived", None)
                if heard is not None:
                    heard(self.room.last_page_load)
            return
        self.request_refresh()

    def action_blank(self: WerkstattApp) -> None:
        blank = self.room.toggle_blank()
        self.notify(_("Beamer ist schwarz. Punkt (.) schaltet ihn wieder ein.") if blank
                    else _("Beamer zeigt wieder die Sitzung."), timeout=4)

    def action_beamer_page(self: WerkstattApp) -> None:
        if self.server is None or not self.server_running:
            self.notify(_("Die Beamer-Seite braucht den Server für die Telefone; er läuft nicht."), severity="warning")
            return
        url = beamer_url(self.server.host, self.server.port)
        if url is None:
            self.notify(_("Die Beamer-Seite antwortet nur dem Laptop selbst (127.0.0.1), der Server lauscht aber nur "
                          "auf {host}. Starten Sie mit --host 0.0.0.0.").format(host=self.server.host),
                        severity="warning", timeout=10)
            return
        self.run_worker(lambda: webbrowser.open(url, new=1), thread=True, name="beamer-page", exit_on_error=False)
        self.notify(_("Beamer-Seite: {url} — ziehen Sie das Fenster auf den Beamer, F11 für Vollbild.").format(url=url),
                    timeout=8)

    def action_reach(self: WerkstattApp) -> None:
        from workshop.tui.screens.reach import ReachScreen

        if not isinstance(self.screen, ReachScreen):
            self.push_screen(ReachScreen())

    def join_addresses(self: WerkstattApp) -> list[str]:
        """The addresses a join code may carry: only those the server listens on (`j` offers no other)."""
        if self.server is None:
            return []
        if self.server.host in ALL_INTERFACES:
            return self.addresses()
        return [self.server.host]
