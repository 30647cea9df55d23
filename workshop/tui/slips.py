"""Voting slips in the facilitator's app: the setting, releasing a slip, and the board's count of redeemed slips.

Both actions live in the command palette (Strg+P), not on a key: they are rare, and the board's keys
are taken. Slips are printed with `werkstatt slips`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from textual.app import SystemCommand
from textual.screen import Screen

from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.screens.dialogs import PromptDialog

T = TypeVar("T")


class SlipsHost(Protocol):
    """What the slips' commands ask of the app (`WerkstattApp` is one)."""

    service: SessionService | None

    def attempt(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None: ...
    def notify(self, message: str) -> None: ...
    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], object] | None = None) -> Any: ...


def slips_line(service: SessionService) -> str:
    """"Stimmzettel: 38 von 40 eingelöst" in a session that votes with slips, else nothing."""
    if not service.read.session().slips:
        return ""
    count = service.slips.count()
    return _("Stimmzettel: {redeemed} von {total} eingelöst").format(redeemed=count.redeemed, total=count.total)


def slip_commands(app: SlipsHost) -> Iterator[SystemCommand]:
    """The palette's entries for the open session."""
    service = app.service
    if service is None:
        return
    required = service.read.session().slips
    title = _("Stimmzettel nicht mehr verlangen") if required else _("Stimmzettel verlangen")
    yield SystemCommand(title, _("Abstimmen nur mit einem gedruckten Stimmzettel je Telefon (werkstatt slips druckt "
                                 "sie). Nicht während einer Abstimmung."), lambda: _switch(app, service, not required))
    if required:
        yield SystemCommand(_("Stimmzettel freigeben …"),
                            _("Einen eingelösten Stimmzettel wieder frei machen, wenn sein Telefon verloren ging."),
                            lambda: _ask_release(app, service))


def _switch(app: SlipsHost, service: SessionService, required: bool) -> None:
    if app.attempt(service.settings.update, slips=required) is not None:
        app.notify(_("Abstimmen jetzt nur mit Stimmzettel.") if required else _("Abstimmen ohne Stimmzettel."))


def _ask_release(app: SlipsHost, service: SessionService) -> None:
    def release(code: str | None) -> None:
        if code:
            slip = app.attempt(service.slips.release, code)
            if slip is not None:
                app.notify(_("Stimmzettel Nr. {number} ist wieder frei.").format(number=slip.number))

    app.push_screen(PromptDialog(_("Stimmzettel freigeben"), placeholder="ABCD-EFGH",
                                 hint=_("Der Code vom Stimmzettel · ⏎ freigeben · Esc abbrechen")), release)
