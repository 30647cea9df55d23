"""The JSON at Werkstatt's edges, byte for byte: `werkstatt show --json`, `werkstatt export --format json` and the
phones' API (state, live stream, a dot, an idea, a refusal), on the demo and on a vote in progress.

Golden files in tests/golden/ (WERKSTATT_UPDATE_GOLDEN=1 rewrites them): scripts and `plan merge` read these
formats, so no refactoring may change a byte of them. Row ids, join tokens, device ids and the clock are
made deterministic for the test (they are random and timed otherwise); everything else is the real code path.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import httpx
import pytest

from tests.clirun import werkstatt
from workshop.core import ids
from workshop.core.demo import create_demo
from workshop.core.home import Home
from workshop.core.models import ItemKind
from workshop.web.security import device_cookie
from workshop.web.server import ParticipantServer

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("WERKSTATT_UPDATE_GOLDEN") == "1"
START = 1_480_000_000.0  # 2016-11-24, the demo's day
TOKEN = "K7M2QW9XRT4PB"


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual, f"{name} differs (WERKSTATT_UPDATE_GOLDEN=1 rewrites it)"


@pytest.fixture
def fixed_ids(monkeypatch):
    """Row ids, the join token and device ids counted up, and a clock that ticks a second per reading."""
    rows, devices, ticks = itertools.count(1), itertools.count(1), itertools.count()
    monkeypatch.setattr(ids, "new_id", lambda: f"{next(rows):026d}")
    monkeypatch.setattr(ids, "new_join_token", lambda: TOKEN)

    def device_id(key: bytes) -> str:
        nonce = f"{next(devices):020d}"
        return f"{nonce}.{ids._device_mac(key, nonce)}"

    monkeypatch.setattr(ids, "new_device_id", device_id)
    monkeypatch.setattr("time.time", lambda: START + next(ticks))


@pytest.fixture
def demo(tmp_path, fixed_ids):
    """The demo session in a home folder, as `werkstatt demo` builds it; (home folder, its phones' ids)."""
    home = Home(tmp_path / "home")
    service = create_demo(home)
    try:
        phones = sorted(participant.id for participant in service.read.participants())  # minted in this order
    finally:
        service.close()
        home.close_all()
    return tmp_path / "home", phones


def test_show_json_of_the_demo_is_unchanged(demo):
    home, _phones = demo
    result = werkstatt(home, "show", "demo", "--json")
    assert result.exit_code == 0, result.output
    golden("demo-show.json", result.stdout)


def test_export_json_of_the_demo_is_unchanged(demo):
    home, _phones = demo
    result = werkstatt(home, "export", "demo", "--format", "json", "--out", "-")
    assert result.exit_code == 0, result.output
    golden("demo-export.json", result.stdout)


async def _exchange(http: httpx.AsyncClient, method: str, path: str, **kwargs) -> str:
    response = await http.request(method, path, **kwargs)
    return f"{method} {path.replace(TOKEN, '{token}')} → {response.status_code}\n{response.text}\n\n"


async def _live(http: httpx.AsyncClient) -> str:
    """The live stream's first state event."""
    async with http.stream("GET", f"/api/{TOKEN}/live") as response:
        text = ""
        async for chunk in response.aiter_text():
            text += chunk
            if "data: " in text and text.endswith("\n\n"):
                break
    event = next(part for part in text.split("\n\n") if part.startswith("data: "))
    return f"GET /api/{{token}}/live → {response.status_code}\n{event}\n\n"


async def _phone(server: ParticipantServer, device: str | None = None) -> tuple[httpx.AsyncClient, str]:
    """A phone's HTTP client (with this device's cookie, or a new one from joining) and its forgery token."""
    http = httpx.AsyncClient(base_url=server.base_url, timeout=10)
    if device is not None:
        http.cookies.set(device_cookie(TOKEN), device)
    joined = await http.post(f"/api/{TOKEN}/join")
    assert joined.status_code in (200, 201), joined.text
    return http, joined.json()["csrf"]


async def test_phones_api_on_the_demo_is_unchanged(demo):
    home_path, phones = demo
    home = Home(home_path)
    server = ParticipantServer(home, host="127.0.0.1", port=0)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    try:
        http, _csrf = await _phone(server, phones[0])
        try:
            text = await _exchange(http, "GET", f"/api/{TOKEN}/state")
            text += await _live(http)
        finally:
            await http.aclose()
    finally:
        await server.stop()
        home.close_all()
    golden("demo-phones-api.txt", text)


async def test_phones_api_during_a_vote_is_unchanged(tmp_path, fixed_ids):
    home = Home(tmp_path / "home")
    service = home.create("Zukunftswerkstatt Test", date="2016-11-24", venue="Bürgerhaus")
    themes = []
    for number, name in enumerate(("Wohnen", "Sprache & Kurse", "Arbeit")):
        idea = service.ideas.add(f"Idee {number}")
        themes.append(service.themes.create(name, idea_ids=[idea.id]).id)
    service.ideas.add("Eine Idee ohne Thema")
    # the session being run: only its phones write (any other session's phones get "closed")
    server = ParticipantServer(home, host="127.0.0.1", port=0, session=service.read.session().slug)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    try:
        http, csrf = await _phone(server)
        headers = {"x-csrf-token": csrf}
        try:
            text = await _exchange(http, "POST", f"/api/{TOKEN}/ideas", json={"client_id": "c-1", "text": "Mehr Bus"},
                                   headers=headers)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/ideas", json={"client_id": "c-1", "text": "Mehr Bus"},
                                    headers=headers)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state")
            round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/dots",
                                    json={"round": round_.id, "item": themes[0], "count": 2, "seq": 1}, headers=headers)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/dots",
                                    json={"round": round_.id, "item": themes[1], "count": 4}, headers=headers)
            text += await _exchange(http, "POST", f"/api/{TOKEN}/ideas", json={"client_id": "c-2", "text": "Zu spät"},
                                    headers=headers)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state")
            text += await _live(http)
            service.voting.close_round(round_.id)
            service.voting.reveal_round(round_.id)
            text += await _exchange(http, "GET", f"/api/{TOKEN}/state?lang=ar")
        finally:
            await http.aclose()
    finally:
        await server.stop()
        service.close()
        home.close_all()
    golden("vote-phones-api.txt", text)
