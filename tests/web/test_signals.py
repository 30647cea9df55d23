"""What the reach check needs of the server: `/ping`, and a phone's page load told to the room (storing nothing)."""

from __future__ import annotations

import httpx

from tests.web.test_beamer import _asgi_get
from workshop.core.room import room_of
from workshop.web.app import create_app


async def test_a_join_page_served_is_a_page_load_and_nothing_else_is(home, service):
    app = create_app(home)
    room = room_of(home)
    heard: list[str] = []
    room.subscribe(heard.append)
    token = service.read.session().join_token
    phone = ("192.168.178.40", 41000)
    assert (await _asgi_get(app, f"/J/{token}", phone)).status_code == 200
    assert room.last_page_load.number == 1 and room.last_page_load.token == token and heard == ["page"]
    # Attack: unknown tokens, other pages and the API are no test phone.
    for path in ("/j/AAAAAAAAAAAAA", f"/j/{token}/main", f"/api/{token}/state", "/static/phone.css", "/ping"):
        await _asgi_get(app, path, phone)
    assert room.last_page_load.number == 1 and heard == ["page"]


async def test_ping_answers_everyone_the_page_loads_only_the_laptop(home, service):
    app = create_app(home)
    response = await _asgi_get(app, "/ping", ("192.168.178.40", 41000))
    assert response.status_code == 200 and response.text == "werkstatt"
    assert (await _asgi_get(app, "/ping/loads", ("192.168.178.40", 41000))).status_code == 404
    assert (await _asgi_get(app, "/ping/loads", ("127.0.0.1", 41000))).json() == {"number": 0}


async def test_the_running_server_announces_itself_and_withdraws(server, home):
    from workshop.reach import running_servers, runtime_file

    [listening] = running_servers(home.root)
    assert listening.host == "127.0.0.1" and listening.port == server.port
    assert room_of(home).advertised is not None
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as http:
        assert (await http.get("/ping")).text == "werkstatt"
    await server.stop()
    assert not runtime_file(home.root, server.port).exists() and room_of(home).advertised is None
