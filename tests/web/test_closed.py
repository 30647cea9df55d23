"""Only the session being run takes phones' writes: an old QR code still reads, and writes nowhere.

Through the real participants' server on loopback. The attack: last year's join link (its session left in
the collect step, its record perhaps already with the council) used while another session is being run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json

import httpx

from tests.web.conftest import voting
from workshop.core.home import Home
from workshop.core.room import room_of


def settled_bytes(home: Home, slug: str) -> str:
    """The session file's bytes once every connection has let go of it (its log copied back, removed)."""
    path = home.path_of(slug)
    home.forget(path)
    assert not path.with_name(path.name + "-wal").exists()
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_an_old_link_gets_closed_for_every_write_and_its_file_stays_unchanged(server, home, service, phones):
    old = home.create("Werkstatt 2015", date="2015-11-24", slug="alt")
    old_token = old.read.session().join_token
    old.close()
    server.run("alt")  # last year: its phones took part
    phone = await phones(token=old_token, **{"accept-language": "en"})
    assert (await phone.idea("Damals gesendet", client_id="damals")).status_code == 201
    assert (await phone.form("network", {"name": "Ada", "consent": "yes"})).status_code == 303
    quiet = await phones(token=old_token)
    assert (await quiet.idea("Auch damals")).status_code == 201
    server.run(service.read.session().slug)  # today's session is run; last year's link is still in people's photos
    before = settled_bytes(home, "alt")

    idea = await phone.idea("Neue Idee in altem Protokoll", client_id="neu")
    assert idea.status_code == 410 and idea.json()["error"] == "closed"
    assert idea.json()["message"].startswith("This workshop has ended."), "in the phone's language"
    retried = await phone.idea("Damals gesendet", client_id="damals")  # even a retry of an idea it sent then
    assert retried.status_code == 410
    dots = await phone.dots("round", "item", 1)
    assert dots.status_code == 410 and dots.json()["error"] == "closed"
    form = await phone.form("idea", {"text": "Ohne Skript getippt", "client_id": "form-1"})
    assert form.status_code == 410 and "Ohne Skript getippt" in form.text, "the typed text comes back"
    assert "This workshop has ended." in form.text and 'name="text"' not in form.text.split('id="unsent"')[0]
    network = await quiet.form("network", {"name": "Bob Neu", "email": "bob@example.org", "consent": "yes"})
    assert network.status_code == 410 and "Bob Neu" in network.text and "bob@example.org" in network.text
    newcomer = await phones(token=old_token)  # a phone scanning the old code today
    assert (await newcomer.idea("Zum ersten Mal")).status_code == 410

    page = await phone.join()
    assert page.status_code == 200 and "This workshop has ended." in page.text
    assert 'id="idea-form"' not in page.text, "no form where nothing is taken"
    state = await phone.state()
    assert state["closed"] is True and state["title"] == "Werkstatt 2015"
    assert settled_bytes(home, "alt") == before, "not a byte of last year's file changed"
    again = home.open("alt")
    try:
        assert [idea.text for idea in again.read.ideas()] == ["Damals gesendet", "Auch damals"]
        assert [participant.name for participant in again.read.participants()].count("Ada") == 1
        assert len(again.read.participants()) == 2
    finally:
        again.close()
    assert (await phones()).token == service.read.session().join_token
    today = await phones()
    assert (await today.idea("Heute")).status_code == 201, "the session being run takes writes"


async def test_an_ended_sessions_revealed_results_stay_readable_and_a_consent_stays_revocable(
        server, home, service, phones):
    old = home.service(home.create("Werkstatt 2015", date="2015-11-24", slug="alt").read.session().slug)
    server.run("alt")
    round_id, themes = voting(old)
    voter = await phones(token=old.read.session().join_token, **{"accept-language": "ar"})
    assert (await voter.dots(round_id, themes[1], 3)).status_code == 200
    assert (await voter.form("network", {"name": "Ada", "consent": "yes"})).status_code == 303
    old.voting.close_round(round_id)
    old.voting.reveal_round(round_id)
    server.run(service.read.session().slug)

    page = (await voter.join()).text
    assert "انتهت ورشة العمل هذه." in page and 'dir="rtl"' in page
    assert 'id="results"' in page and "Thema 1" in page.split('id="results"')[1], "the ranking is still there"
    assert (await voter.state())["results"][0]["label"] == "Thema 1"
    network = await voter.http.get(f"{voter.page}/network")
    assert "Ada" in network.text and 'value="withdraw"' in network.text and 'name="email"' not in network.text
    withdrawn = await voter.form("network", {"action": "withdraw"})
    assert withdrawn.status_code == 303 and withdrawn.headers["location"].endswith("?ok=withdrawn")
    assert [participant.name for participant in old.read.participants()] == [None]


async def test_before_any_session_is_run_writes_wait_and_nothing_is_stored(home, service):
    """A server started before the app opened a session (its picker): phones' writes are `busy`, kept by the
    page and sent again; once the facilitator opens the session they go through."""
    from tests.web.conftest import PhoneClient
    from workshop.web.server import ParticipantServer

    server = ParticipantServer(home, host="127.0.0.1", port=0)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    phone = PhoneClient(server, service.read.session().join_token)
    try:
        assert (await phone.join()).status_code == 200
        waiting = await phone.idea("Noch zu früh", client_id="frueh")
        assert waiting.status_code == 503 and waiting.json()["error"] == "busy" and "retry-after" in waiting.headers
        assert service.read.ideas() == []
        room_of(home).show(service.read.session().slug)  # the facilitator opens the session in the app
        assert server.running_session == service.read.session().id
        assert (await phone.idea("Noch zu früh", client_id="frueh")).status_code == 201
    finally:
        await phone.close()
        await server.stop()
        home.close_all()


async def test_the_server_follows_the_session_the_app_opens_and_open_pages_follow_it(server, home, service, phones):
    other = home.create("Zweite Sitzung", date="2016-11-25", slug="zweite")
    room = room_of(home)
    phone = await phones()
    views: asyncio.Queue[dict] = asyncio.Queue()

    async def listen() -> None:
        async with phone.http.stream("GET", f"{phone.api}/live", timeout=10) as live:
            async for line in live.aiter_lines():
                if line.startswith("data: "):
                    await views.put(json.loads(line[6:]))

    task = asyncio.create_task(listen())
    try:
        assert (await asyncio.wait_for(views.get(), 5))["closed"] is False
        room.show("zweite")  # the facilitator switches sessions in the app
        assert server.running_session == other.read.session().id
        assert (await asyncio.wait_for(views.get(), 5))["closed"] is True, "the open page learns it has ended"
        assert (await phone.idea("Nach dem Wechsel")).status_code == 410
        room.show(None)  # back to the session picker: the session stays the one being run
        assert server.running_session == other.read.session().id
        room.show(service.read.session().slug)
        assert (await asyncio.wait_for(views.get(), 5))["closed"] is False
        assert (await phone.idea("Wieder offen")).status_code == 201
        assert server.phones_connected(service.read.session().id) == 1
    finally:
        task.cancel()
        other.close()


async def test_a_closed_page_cannot_be_tricked_into_writing_by_a_forged_run(server, home, service):
    """Attack: a phone of the old session asks for what only the facilitator may do — no route runs a session."""
    home.create("Werkstatt 2015", date="2015-11-24", slug="alt").close()
    token = home.service("alt").read.session().join_token
    async with httpx.AsyncClient(base_url=server.base_url) as phone:
        for path in (f"/j/{token}/run", f"/api/{token}/run", "/run", f"/beamer/{token}"):
            response = await phone.post(path, data={"session": "alt"})
            assert response.status_code in (404, 405), path
    assert server.running_session == service.read.session().id
