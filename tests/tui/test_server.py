"""The app runs the phones' server in its own event loop: serving while it runs, stopped on quit, busy port survived."""

from __future__ import annotations

import socket

import httpx
import pytest

from workshop.tui.screens.board import BoardScreen
from workshop.tui.widgets.session_header import SessionHeader

from .conftest import FIXED_TOKEN, type_text, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_app_serves_phones_while_it_runs_and_stops_on_quit(make, session_service):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make(serve=True, host="127.0.0.1", port=port, public_url=base, session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        assert app.join_url(session_service.read.session()) == f"{base}/j/{FIXED_TOKEN}"
        async with httpx.AsyncClient(timeout=5) as phone:
            page = await phone.get(f"{base}/j/{FIXED_TOKEN}")
            assert page.status_code == 200
            page = await phone.get(f"{base}/j/{FIXED_TOKEN}")  # with its cookie: a phone that is here
        assert page.status_code == 200
        header = app.screen.query_one(SessionHeader)
        # Connected, but a page load is no taking part: the header counts phones with an idea or a dot.
        await wait_for(pilot, lambda: header.live.endswith("▣ 0 Telefone · 1 verbunden"), timeout=3)
        await pilot.press("ctrl+q")
    assert not app.server_running
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(timeout=2) as phone:
            await phone.get(f"{base}/j/{FIXED_TOKEN}")


async def test_a_busy_port_is_a_message_and_the_board_still_works(make, session_service):
    # Attack: another program already holds the port the app wants to serve on.
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        app = make(serve=True, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}",
                   session="integrationsplan")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.server_error is not None and isinstance(app.screen, BoardScreen))
            assert f"Port {port}" in app.server_error and not app.server_running
            assert "Die Adresse wird schon verwendet" in app.server_error, "the reason in German"
            assert "Address already in use" not in app.server_error
            await wait_for(pilot, lambda: any("konnte nicht starten" in str(note.message)
                                              for note in app._notifications), timeout=2)
            await pilot.press("n")
            await type_text(pilot, "Trotzdem notiert")
            await pilot.press("enter")
            assert "Trotzdem notiert" in [idea.text for idea in session_service.read.ideas()]


async def test_choosing_another_interface_changes_the_join_url_and_its_qr(home, session_service):
    from workshop.tui.app import WerkstattApp
    from workshop.tui.screens.join import JoinScreen
    from workshop.web.server import ParticipantServer

    from .test_qr_code import decode, screenshot_png

    server = ParticipantServer(home, host="127.0.0.1", port=0)
    server.set_address("127.0.0.2")  # loopback too: no test ever advertises the machine's LAN address
    app = WerkstattApp(home, server=server, session="integrationsplan",
                       addresses=lambda: ["127.0.0.2", "127.0.0.1"])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.press("down", "enter")
        expected = f"http://127.0.0.1:{server.port}/j/{FIXED_TOKEN}"
        await wait_for(pilot, lambda: app.join_url(session_service.read.session()) == expected)
        await pilot.pause(0.3)
        assert decode(screenshot_png(app.export_screenshot())) == [expected]
        async with httpx.AsyncClient(timeout=5) as phone:
            assert (await phone.get(expected)).status_code == 200


async def test_the_session_open_in_the_app_is_the_one_whose_phones_write(make, home, session_service):
    """Attack: a phone of the session opened before keeps writing after the facilitator switched sessions."""
    other = home.create("Zweite Werkstatt", date="2016-11-25", slug="zweite")
    other_token = other.read.session().join_token
    other.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make(serve=True, host="127.0.0.1", port=port, public_url=base, session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        async with httpx.AsyncClient(base_url=base, timeout=5) as first, \
                httpx.AsyncClient(base_url=base, timeout=5) as second:
            async def idea(phone: httpx.AsyncClient, token: str, text: str) -> httpx.Response:
                csrf = (await phone.post(f"/api/{token}/join")).json()["csrf"]
                return await phone.post(f"/api/{token}/ideas", json={"client_id": text.replace(" ", "-"), "text": text},
                                        headers={"x-csrf-token": csrf})

            assert (await idea(first, FIXED_TOKEN, "Vorher")).status_code == 201
            assert (await idea(second, other_token, "Zu früh")).status_code == 410
            app.open_session("zweite")  # the facilitator switches sessions
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.service is not None
                           and app.service.read.session().slug == "zweite")
            assert (await idea(first, FIXED_TOKEN, "Danach")).status_code == 410
            assert (await idea(second, other_token, "Jetzt")).status_code == 201
            app.show_picker()  # back to the picker: the session stays the one being run
            await pilot.pause()
            assert (await idea(second, other_token, "Vom Picker aus")).status_code == 201
        await pilot.press("ctrl+q")
    assert [idea.text for idea in session_service.read.ideas() if idea.from_device] == ["Vorher"]


async def test_switching_sessions_while_phones_are_connected_asks_first(make, home, session_service):
    """Attack: a slip of the finger in the picker closes the running workshop to a room full of phones."""
    from textual.widgets import OptionList

    from workshop.tui.screens.dialogs import ConfirmDialog
    from workshop.tui.screens.picker import SessionPicker

    other = home.create("Zweite Werkstatt", date="2016-11-25", slug="zweite")
    other_id, other_path = other.read.session().id, str(other.store.path.resolve())
    other.close()
    running_id = session_service.read.session().id
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make(serve=True, host="127.0.0.1", port=port, public_url=base, session="integrationsplan")

    async def pick_other() -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
        options = app.screen.query_one("#sessions", OptionList)
        options.highlighted = [option.id for option in options.options].index(other_path)
        await pilot.press("enter")

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        async with httpx.AsyncClient(timeout=5) as phone:
            await phone.get(f"{base}/j/{FIXED_TOKEN}")
            await phone.get(f"{base}/j/{FIXED_TOKEN}")  # back with its cookie: a phone that is here
            assert app.server.phones_connected(running_id) == 1
            await pilot.press("o")
            await pick_other()
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert "1 Telefon ist noch mit der laufenden Werkstatt verbunden" in str(app.screen.text)
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
            assert app.server.running_session == running_id, "cancelled: the phones keep their workshop"
            await pick_other()
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("j")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.server.running_session == other_id)
            await pilot.press("o")  # no phone of „zweite“ is here: back without a question
            await wait_for(pilot, lambda: isinstance(app.screen, SessionPicker))
            options = app.screen.query_one("#sessions", OptionList)
            options.highlighted = [option.id for option in options.options].index(
                str(session_service.store.path.resolve()))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.server.running_session == running_id)
        await pilot.press("ctrl+q")
