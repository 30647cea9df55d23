"""The board's layout as a facilitator met it at 80×24 and 120×40: header, footer, join panel, cut-offs, the
projector's notices. Each test reads the screen as the terminal draws it."""

from __future__ import annotations

import re
import socket

import pytest

from workshop.tui.screens.board import BoardScreen

from .conftest import FIXED_TOKEN, wait_for

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def grid(app) -> str:
    """The screen as the terminal shows it, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def open_board(app, pilot) -> BoardScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    await pilot.pause()
    return app.screen


@SIZES
async def test_the_timer_and_the_phones_stay_in_the_header_at_any_width(make, session_service, size):
    """The facilitator runs the app with the server, ten phones wrote, the step's time runs out: at 80 columns
    the title and address pushed "Zeit ist um!" and the phone count off the line, the address glued to the
    title. The timer always shows now, in both states, and the parts keep a gap."""
    for number in range(10):
        phone = session_service.join()
        session_service.submit_idea(phone.id, f"c{number}", f"Idee {number}")
    session_service.set_timer(600)
    port = free_port()
    app = make(serve=True, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}",
               session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await open_board(app, pilot)
        await wait_for(pilot, lambda: app.server_running)
        header = lambda: grid(app).splitlines()[0]  # noqa: E731
        await wait_for(pilot, lambda: "▣ 10 Telefone · 0 verbunden   ⏸ 10:00" in header()
                       or "▣ 10 Telefone · 0 verbunden  ⏸ 10:00" in header(), timeout=3)
        session_service.set_timer(1)
        session_service.start_timer()
        await wait_for(pilot, lambda: "⏰ Zeit ist um!" in header(), timeout=4)
        line = header()
        assert "▣ 10 Telefone · 0 verbunden" in line
        if size[0] < 110:  # the join panel is folded: its address stands in the header, apart from the title
            assert re.search(r"(^ |  )127\.0\.0\.1:", line), line
            assert f"/j/{FIXED_TOKEN}" in line or "…" in line
        if size[0] >= 110:
            assert line.startswith(" Integrationsplan KW"), line
