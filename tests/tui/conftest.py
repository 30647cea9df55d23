"""Helpers for driving the facilitator's app under `run_test()`: typing, waiting for the board, fixed sessions."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

import pytest
from textual import events
from textual.keys import _character_to_key

from workshop.app import make_app
from workshop.core.home import Home
from workshop.core.services import SessionService
from workshop.tui.app import WerkstattApp

FIXED_TOKEN = "K7M2QW9XRT4PB"  # snapshots and QR tests must not depend on a random join token
PUBLIC_URL = "http://127.0.0.1:8765"  # never the machine's LAN address; no server listens here (serve=False)


def fix_token(service: SessionService, token: str = FIXED_TOKEN) -> None:
    service.store.conn.execute("UPDATE session SET join_token = ?", (token,))


SPECIAL = {"space": " ", "enter": "\r", "tab": "\t"}


def burst(app, *keys: str) -> None:
    """Post key events the way a terminal delivers a burst: all at once, without waiting in between.

    `keys` are characters or Textual's key names ("enter", "ctrl+z"); a character is named as the
    terminal driver names it ("<" is "less_than_sign"), so bindings see what they see at a keyboard.
    """
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, SPECIAL.get(key, _get_character(key))))


def _get_character(key: str) -> str | None:
    try:
        return unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        return None


def typed(text: str) -> list[str]:
    """The keys that type `text` (characters as they are)."""
    return list(text)



async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)


async def search_palette(pilot, text: str) -> None:
    """Open the command palette and type `text` into it in one burst, as a terminal delivers a fast typist's
    keys (no waiting for the app between them); return once the palette has searched for the whole text.

    Pressing each key with `pilot.press` waits for the app to go idle after every key, about 0.1 s a key
    while the palette searches: most of the time of the tests that use the palette.
    """
    from textual.command import CommandInput, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    palette = app.screen
    burst(app, *text)
    await wait_for(pilot, lambda: palette.query_one(CommandInput).value == text)
    # The last key's change reaches the palette as a message bubbled from its input: two rounds of the
    # message queues later its search has started, and it is done when no search of the palette is left.
    await pilot.pause()
    await pilot.pause()
    await wait_for(pilot, lambda: not any(worker.group == palette._GATHER_COMMANDS_GROUP for worker in app.workers))
    await pilot.pause()


@pytest.fixture
def session_service(home: Home) -> SessionService:
    """A session with a fixed token, two themes and a few ideas, shared through the home like the app does."""
    created = home.create("Integrationsplan KW", date="2016-11-24", venue="Bürgerhaus", slug="integrationsplan")
    fix_token(created)
    created.close()
    service = home.service("integrationsplan")
    wohnen = service.themes.create("Wohnen")
    kurse = service.themes.create("Sprache & Kurse")
    for text in ("Mieten zu hoch", "Keine Wohnungen für große Familien"):
        service.ideas.add(text, theme_id=wohnen.id)
    service.ideas.add("Kurse haben lange Wartelisten", theme_id=kurse.id)
    service.ideas.add("Bus nach Zeesen fährt abends nur stündlich")
    service.ideas.add("الإعلانات عن الشقق بالألمانية فقط")
    yield service
    home.close_all()


@pytest.fixture
def make(home: Home) -> Callable[..., WerkstattApp]:
    """`make_app` with test defaults: no server, a loopback public URL."""
    def build(**kwargs) -> WerkstattApp:
        kwargs.setdefault("serve", False)
        kwargs.setdefault("public_url", PUBLIC_URL)
        return make_app(home, **kwargs)

    return build
