"""The projector page `/beamer`: the laptop itself only, the session the app shows, its own live stream."""

from __future__ import annotations

import asyncio
import json
import re

import httpx

from tests.web.conftest import voting
from workshop.core.room import room_of
from workshop.web.app import FastPath, create_app
from workshop.web.security import CONTENT_SECURITY_POLICY


async def _asgi_get(app, path: str, client: tuple[str, int], host: str = "127.0.0.1") -> httpx.Response:
    transport = httpx.ASGITransport(app=FastPath(app), client=client)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as http:
        return await http.get(path)


async def test_only_the_laptop_itself_gets_the_page(home, service):
    """Attack: a phone in the hall (or anyone on the network) asks for the projector page and its stream."""
    app = create_app(home)
    slug = service.read.session().slug
    for path in ("/beamer", f"/beamer/{slug}", "/beamer/live", "/beamer/stage"):
        for client in (("192.168.178.23", 50123), ("10.42.0.7", 40000), ("::ffff:192.168.0.3", 1), ("fe80::1", 2)):
            response = await _asgi_get(app, path, client)
            assert response.status_code == 404, (path, client)
            assert "Beamer" not in response.text
    assert (await _asgi_get(app, f"/beamer/{slug}", ("127.0.0.1", 5000))).status_code == 200
    assert (await _asgi_get(app, f"/beamer/{slug}", ("::1", 5000), host="[::1]")).status_code == 200
    assert (await _asgi_get(app, f"/beamer/{slug}", ("127.0.0.2", 5000), host="localhost:8765")).status_code == 200


async def test_a_foreign_host_name_is_refused_even_from_loopback(home, service):
    """Attack: DNS rebinding — a web page the laptop's browser opened points its own name at 127.0.0.1."""
    app = create_app(home)
    response = await _asgi_get(app, f"/beamer/{service.read.session().slug}", ("127.0.0.1", 5000),
                               host="evil.example:8765")
    assert response.status_code == 404


async def test_a_path_in_place_of_a_session_id_opens_nothing(home, service, tmp_path):
    """Attack: `/beamer/<path to some .db file>` must not open files outside the home folder's sessions."""
    other = home.create("Woanders", date="2016-11-24", slug="woanders")
    other.close()
    outside = tmp_path / "outside.db"
    outside.write_bytes(home.path_of("woanders").read_bytes())
    app = create_app(home)
    for path in (f"/beamer/{outside}", "/beamer/..%2Foutside.db", f"/beamer?s={outside}", "/beamer/gibt-es-nicht"):
        response = await _asgi_get(app, path, ("127.0.0.1", 5000))
        assert response.status_code == 404 or "Keine Sitzung geöffnet" in response.text, path
        assert "Woanders" not in response.text


async def test_the_page_follows_the_session_the_app_shows(server, service):
    room = room_of(server.home)
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        response = await http.get("/beamer")
        assert response.status_code == 200 and "Keine Sitzung geöffnet" in response.text
        room.show(service.read.session().slug)
        response = await http.get("/beamer")
        assert "Zukunftswerkstatt Test" in response.text
        assert f"{server.base_url}/j/{service.read.session().join_token}" in response.text
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["cache-control"] == "no-store"
        assert "set-cookie" not in response.headers
        room.show(None)


async def test_the_stream_is_no_phone_and_wakes_on_reveal(server, service, facilitator):
    """The projector's stream creates no device, counts as no connected phone, and shows the reveal at once."""
    round_id, themes = voting(facilitator)
    session = facilitator.read.session()
    room_of(server.home).show(session.slug)
    messages: asyncio.Queue[dict] = asyncio.Queue()

    async def read(http: httpx.AsyncClient) -> None:
        async with http.stream("GET", "/beamer/live") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    await messages.put(json.loads(line[6:]))

    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
        task = asyncio.create_task(read(http))
        try:
            first = await asyncio.wait_for(messages.get(), 5)
            assert first["view"] != "none"
            facilitator.voting.close_round(round_id)
            closed = await asyncio.wait_for(messages.get(), 3)
            assert closed["view"] != first["view"]
            stage = (await http.get("/beamer/stage")).text
            assert "Abstimmung beendet" in stage and "Punkte</span>" not in stage
            facilitator.voting.reveal_round(round_id)
            revealed = await asyncio.wait_for(messages.get(), 3)  # the reveal wakes the stream (how fast: bench_beamer)
            assert revealed["view"] != closed["view"]
            assert 'class="ranking"' in (await http.get("/beamer/stage")).text
            room_of(server.home).set_blank(True)
            blank = await asyncio.wait_for(messages.get(), 3)
            stage = (await http.get("/beamer/stage")).text
            assert 'class="stage blank"' in stage and "Thema" not in stage
            room_of(server.home).set_blank(False)
            assert (await asyncio.wait_for(messages.get(), 3))["view"] == revealed["view"] != blank["view"]
        finally:
            task.cancel()
    assert facilitator.read.participants() == []
    assert server.phones_connected(session.id) == 0


async def test_counts_stay_hidden_on_the_page_until_reveal(server, service, facilitator, phones):
    round_id, themes = voting(facilitator)
    for number in range(10):
        phone = await phones()
        response = await phone.dots(round_id, themes[0], 3 if number < 9 else 1)  # 28 on theme 0
        assert response.status_code == 200, response.text
        await phone.dots(round_id, themes[1], 2 if number < 7 else 0)  # 14 on theme 1
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        page = (await http.get(f"/beamer/{facilitator.read.session().slug}")).text
    assert "10 Telefone haben abgestimmt" in page
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S).replace(facilitator.read.session().join_token, "")
    assert not re.search(r"\b(28|14)\b", text)
    assert "Thema 0" not in text and "Punkte</span>" not in text


async def test_the_measures_timeframes_are_in_the_pages_language(server, service, facilitator):
    """„kurzfristig (2026)“ stayed German on the Arabic projector page; every language now says it its own way."""
    from workshop.core.models import Phase
    from workshop.i18n import LANGUAGES

    theme = facilitator.themes.create("Wohnen", idea_ids=[facilitator.ideas.add("Mieten zu hoch").id])
    while facilitator.read.session().phase != Phase.REALISATION:
        facilitator.steps.next()
    facilitator.measures.promote("theme", theme.id, title="Wohnraumbörse", field_of_action="Wohnen",
                                 timeframe="kurzfristig", target_year=2026)
    facilitator.measures.promote("theme", theme.id, title="Abendbus", field_of_action="Zusammenleben",
                                 timeframe="langfristig")
    room_of(server.home).show(service.read.session().slug)
    seen = set()
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        for language in LANGUAGES:
            facts = re.findall(r'<span class="facts" dir="auto">(.*?)</span>',
                               (await http.get(f"/beamer/stage?lang={language}")).text)
            assert len(facts) == 2 and "2026" in facts[0], (language, facts)
            if language != "de":
                assert "fristig" not in " ".join(facts), (language, facts)
            seen.add(tuple(facts))
    assert len(seen) == len(LANGUAGES)
    room_of(server.home).show(None)
