"""`i` in the app: the reach check and the test phone; `j` offers only addresses the server listens on."""

from __future__ import annotations

import httpx

import workshop.reach.check as reach_check
from workshop.reach.check import Interface
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.join import JoinScreen
from workshop.tui.screens.reach import ReachScreen

from .conftest import FIXED_TOKEN, wait_for


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_i_checks_the_addresses_and_greets_the_test_phone(make, session_service, monkeypatch):
    contacted: list[str] = []
    real = reach_check.probe
    monkeypatch.setattr(reach_check, "interfaces", lambda: [Interface("lo", "127.0.0.1", 8),
                                                            Interface("wlan0", "192.168.178.23")])
    monkeypatch.setattr(reach_check, "probe", lambda address, port: contacted.append(address) or real(address, port))
    app = make(session="integrationsplan", serve=True, host="127.0.0.1", port=0, public_url=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        url = f"http://127.0.0.1:{app.server.port}/j/{FIXED_TOKEN}"
        assert app.join_url(session_service.read.session()) == url, "bound to 127.0.0.1, it advertises 127.0.0.1"
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ReachScreen))
        screen = app.screen
        await wait_for(pilot, lambda: "✓ antwortet" in text_of(screen, "#reach-report"), timeout=10)
        report = text_of(screen, "#reach-report")
        assert "192.168.178.23" in report and "hier lauscht der Server nicht" in report
        assert contacted == ["127.0.0.1"]
        assert "Warte auf ein Testtelefon" in text_of(screen, "#reach-phone")
        async with httpx.AsyncClient() as phone:  # a phone scans the code: one page load
            assert (await phone.get(url)).status_code == 200
        await wait_for(pilot, lambda: "Testtelefon verbunden ✓" in text_of(screen, "#reach-phone"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await app.stop_server()


async def test_i_without_a_server_says_so(make, session_service):
    app = make(session="integrationsplan")  # serve=False
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ReachScreen))
        assert "Server für die Telefone ist aus" in text_of(app.screen, "#reach-report")


async def test_j_offers_only_addresses_the_server_listens_on(make, session_service, home):
    from workshop.app import make_app

    app = make_app(home, serve=True, host="127.0.0.1", port=0, session="integrationsplan")
    app.addresses = lambda: ["192.0.2.2", "192.168.178.23", "127.0.0.1"]  # what the laptop has
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.pause()
        options = app.screen.query_one("#addresses")
        assert [options.get_option_at_index(index).id for index in range(options.option_count)] == ["127.0.0.1"]
        await app.stop_server()
