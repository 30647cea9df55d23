"""Opening another session while phones of the one being run are still connected: ask first.

The phones' server takes writes only for the session open in the app (`ParticipantServer.run`): opening
another one closes the old one to its phones, which then see „Diese Werkstatt ist beendet“. A slip of the
finger in the session picker must not do that to a room full of phones, so the picker asks when the
session being run still has phones seen in the last minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from workshop.core.errors import DomainError
from workshop.core.home import Home
from workshop.i18n import _, n_


class RunsSessions(Protocol):
    """What the question needs of the phones' server."""

    @property
    def running_session(self) -> str | None: ...
    def phones_connected(self, session_id: str) -> int: ...


def phones_left_behind(home: Home, server: RunsSessions | None, name: str | Path) -> int:
    """How many phones of the session being run would lose it if `name` were opened (0: nothing to ask)."""
    running = server.running_session if server is not None else None
    if running is None:
        return 0
    try:
        target = home.service(name).read.session().id
    except DomainError:
        return 0  # opening it will say why it cannot
    return 0 if target == running else server.phones_connected(running)


def question(phones: int) -> tuple[str, str, str]:
    """Title, text and the yes button of the question."""
    return (_("Sitzung wechseln?"),
            n_("{count} Telefon ist noch mit der laufenden Werkstatt verbunden. Nach dem Wechsel kann es dort "
               "nichts mehr senden und zeigt „Diese Werkstatt ist beendet“.",
               "{count} Telefone sind noch mit der laufenden Werkstatt verbunden. Nach dem Wechsel können sie "
               "dort nichts mehr senden und zeigen „Diese Werkstatt ist beendet“.", phones).format(count=phones),
            _("Wechseln"))
