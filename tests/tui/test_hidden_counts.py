"""No screen of the laptop shows a vote before its reveal: two sessions that differ only in the phones' dots look
the same on every facilitator screen, and after `c` carries the unrevealed round's winners into the fantasy
phase, every phone output is the same too.

Attack: the laptop is mirrored to the projector (or a participant looks over the facilitator's shoulder) while
the vote is closed but not yet revealed; before this test, the event log listed every phone's dots per theme
and `c` placed the winners in rank order on the phones' fantasy vote and on the projector page.

In session A the ranking follows the wall (Wohnen, Sprache, Arbeit, Freizeit); in session B it does not
(Arbeit first). Both have the same winners, the same phones, the same number of dot changes at the same
times and the same total of dots, so any difference on a screen is a count or a rank showing through.
Row ids, device ids, the join token, the phones' secret and the clock are made the same for both.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import secrets
from pathlib import Path

import httpx
import pytest
from textual.widgets import DataTable

from workshop.app import make_app
from workshop.core import ids
from workshop.core.home import Home
from workshop.core.models import ItemKind, Phase, Step
from workshop.core.services import SessionService
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ConfirmDialog
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.paper_dots import PaperDotsDialog
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.results import ResultsScreen
from workshop.web.security import device_cookie
from workshop.web.server import ParticipantServer

from .conftest import PUBLIC_URL, wait_for

TOKEN = "K7M2QW9XRT4PB"
START = 1_480_000_000.0
THEMES = ("Wohnen", "Sprache & Kurse", "Arbeit", "Freizeit")
# (phone, theme, count) in the order they happen: A ranks Wohnen 5, Sprache 4, Arbeit 3 (the wall's order);
# B ranks Arbeit 5, Wohnen 4, Sprache 3. Twelve dots in six changes from three phones in both.
DOTS = {
    "A": [(0, 0, 3), (0, 1, 2), (1, 0, 2), (1, 2, 2), (2, 1, 2), (2, 2, 1)],
    "B": [(0, 2, 3), (0, 0, 2), (1, 2, 2), (1, 1, 2), (2, 0, 2), (2, 1, 1)],
}


@pytest.fixture
def same_randomness(monkeypatch):
    """Ids, tokens and the phones' secret that come out the same in every session made after `reset()`."""
    state = {}

    def reset() -> None:
        state["rows"], state["devices"] = itertools.count(1), itertools.count(1)

    def device_id(key: bytes) -> str:
        nonce = f"{next(state['devices']):020d}"
        return f"{nonce}.{ids._device_mac(key, nonce)}"

    reset()
    monkeypatch.setattr(ids, "new_id", lambda: f"{next(state['rows']):026d}")
    monkeypatch.setattr(ids, "new_join_token", lambda: TOKEN)
    monkeypatch.setattr(ids, "new_device_id", device_id)
    monkeypatch.setattr(secrets, "token_hex", lambda size=32: "ab" * size)
    return reset


def build(root: Path, dots: list[tuple[int, int, int]]) -> tuple[Home, list[str]]:
    """A session with four themes and a closed theme vote that was never revealed; (its home, its phones)."""
    ticks = itertools.count()
    path = root / "sessions" / "werkstatt.db"
    path.parent.mkdir(parents=True)
    service = SessionService.create(path, "Werkstatt Verdeckt", slug="werkstatt", date="2016-11-24",
                                    clock=lambda: START + next(ticks))
    try:
        themes = []
        for number, name in enumerate(THEMES):
            idea = service.ideas.add(f"Idee zu {name} {number}")
            themes.append(service.themes.create(name, idea_ids=[idea.id]).id)
        service.steps.go_to(Phase.CRITIQUE, Step.VOTE)
        round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
        phones = [service.devices.join().id for _ in range(3)]
        for phone, theme, count in dots:
            service.phones.set_dots(phones[phone], round_.id, themes[theme], count)
        service.voting.set_paper_dots(round_.id, themes[3], 1)  # typed by the facilitator: shown by `P`
        service.voting.close_round(round_.id)
        service.measures.promote(ItemKind.THEME, themes[0])  # its support: Wohnen's dots (5 in A, 4 in B)
    finally:
        service.close()
    return Home(root), phones


def screen_text(app) -> str:
    """What the terminal shows, as text (the SVG screenshot's text, without its styling)."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def table_rows(seen: str) -> str:
    return seen.split("\n" + ROWS + "\n", 1)[1]


ROWS = "--- rows ---"


def table_text(app) -> str:
    """Every row of the screen's tables, also those scrolled out of view."""
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(row))
                     for table in app.screen.query(DataTable) for row in range(table.row_count))


async def facilitator_screens(home: Home) -> dict[str, str]:
    """The text of every screen the facilitator can open on the closed round (`z` aside), and of `c`."""
    seen: dict[str, str] = {}
    app = make_app(home, serve=False, public_url=PUBLIC_URL, session="werkstatt")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.pause(0.3)
        seen["board"] = screen_text(app)
        for key, screen, back in (("l", EventLogScreen, "escape"), ("s", ResultsScreen, "escape"),
                                  ("P", PaperDotsDialog, "escape"), ("b", ProjectorScreen, "b"),
                                  ("w", MeasuresScreen, "escape")):
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: isinstance(app.screen, screen))
            await pilot.pause(0.2)
            seen[key] = screen_text(app) + "\n" + ROWS + "\n" + table_text(app)
            await pilot.press(back)
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        seen["palette"] = screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        seen["c asks"] = screen_text(app)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, RenameThemesDialog))
        await pilot.pause(0.2)
        seen["c renames"] = screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("ctrl+q")
    home.close_all()
    return seen


async def phone_outputs(home: Home, phones: list[str]) -> dict[str, str]:
    """Everything a phone or the projector page gets once the fantasy vote runs on the carried themes."""
    service = home.service("werkstatt")
    service.steps.go_to(Phase.FANTASY, Step.VOTE)
    service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    server = ParticipantServer(home, host="127.0.0.1", port=0, session="werkstatt")
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    seen = {}
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as phone:
            phone.cookies.set(device_cookie(TOKEN), phones[0])
            for path in (f"/j/{TOKEN}", f"/api/{TOKEN}/state", f"/j/{TOKEN}?lang=ar", "/beamer",
                         "/beamer/state"):
                response = await phone.get(path)
                seen[path] = f"{response.status_code}\n{response.text}"
            async with phone.stream("GET", f"/api/{TOKEN}/live") as response:
                text = ""
                async for chunk in response.aiter_text():
                    text += chunk
                    if "data: " in text and text.endswith("\n\n"):
                        break
            seen["live"] = next(part for part in text.split("\n\n") if part.startswith("data: "))
    finally:
        await server.stop()
        home.close_all()
    return seen


async def test_every_screen_and_every_phone_output_is_the_same_whatever_the_hidden_vote(tmp_path, same_randomness):
    screens, outputs = {}, {}
    for name, dots in DOTS.items():
        same_randomness()
        home, phones = build(tmp_path / name, dots)
        screens[name] = await facilitator_screens(home)
        outputs[name] = await phone_outputs(home, phones)
    for key in screens["A"]:
        assert screens["A"][key] == screens["B"][key], f"screen {key} shows the hidden vote"
    for key in outputs["A"]:
        assert outputs["A"][key] == outputs["B"][key], f"phone output {key} shows the hidden vote"
    # The checks can fail: the log names the dots' change, the carried themes stand in the wall's order.
    assert table_rows(screens["A"]["l"]).count("Punkte gesetzt") == 6, "one line per change, nothing more"
    state = json.loads(outputs["A"][f"/api/{TOKEN}/state"].split("\n", 1)[1])
    fantasy = [item["label"] for item in state["round"]["items"]]
    assert fantasy == list(THEMES[:3])


async def test_the_log_shows_the_dots_under_z_with_its_warning_and_after_the_reveal(tmp_path, same_randomness):
    home, _phones = build(tmp_path / "A", DOTS["A"])
    app = make_app(home, serve=False, public_url=PUBLIC_URL, session="werkstatt")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("z", "l")  # the facilitator asked for the interim counts: the log gives them, warned
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        rows = table_text(app)
        assert "Punkte gesetzt" not in rows and "„Wohnen“ · 3 Punkte" in rows
        assert "nicht auf den Beamer spiegeln" in screen_text(app)
        await pilot.press("escape", "z", "l")
        await wait_for(pilot, lambda: isinstance(app.screen, EventLogScreen))
        assert "„Wohnen“ · 3 Punkte" not in table_text(app) and "nicht auf den Beamer" not in screen_text(app)
        app.service.voting.reveal_round(app.service.read.rounds()[-1].id)  # the reveal, while the log is open
        await wait_for(pilot, lambda: "„Wohnen“ · 3 Punkte" in table_text(app))
        assert "Punkte gesetzt" not in table_text(app)
        await pilot.press("ctrl+q")
    home.close_all()
