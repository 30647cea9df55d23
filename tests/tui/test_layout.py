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
        phone = session_service.devices.join()
        session_service.phones.submit_idea(phone.id, f"c{number}", f"Idee {number}")
    session_service.timer.set(600)
    port = free_port()
    app = make(serve=True, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}",
               session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await open_board(app, pilot)
        await wait_for(pilot, lambda: app.server_running)
        header = lambda: grid(app).splitlines()[0]  # noqa: E731
        await wait_for(pilot, lambda: "▣ 10 Telefone · 0 verbunden   ⏸ 10:00" in header()
                       or "▣ 10 Telefone · 0 verbunden  ⏸ 10:00" in header(), timeout=3)
        session_service.timer.set(1)
        session_service.timer.start()
        await wait_for(pilot, lambda: "⏰ Zeit ist um!" in header(), timeout=4)
        line = header()
        assert "▣ 10 Telefone · 0 verbunden" in line
        if size[0] < 110:  # the join panel is folded: its address stands in the header, apart from the title
            assert re.search(r"(^ |  )127\.0\.0\.1:", line), line
            assert f"/j/{FIXED_TOKEN}" in line or "…" in line
        if size[0] >= 110:
            assert line.startswith(" Integrationsplan KW"), line


def footer_row(app) -> str:
    return grid(app).splitlines()[-1]


def assert_readable_keys(row: str) -> None:
    assert "_sign" not in row and "question_mark" not in row and not re.search(r"\bf1\b", row), row


@SIZES
async def test_footers_name_keys_as_the_help_does(make, session_service, size):
    """The facilitator reads the footer in every step: `>` read "greater_than_sign Weiter", and the other
    screens said "f1 Hilfe" where the help says F1. No raw Textual key name anywhere now."""
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await open_board(app, pilot)
        seen = set()
        while True:
            session = session_service.read.session()
            await wait_for(pilot, lambda: app.screen.view.session.step == session_service.read.session().step
                           and app.screen.view.session.phase == session_service.read.session().phase)
            await pilot.pause()
            assert_readable_keys(footer_row(app))
            seen.add(footer_row(app))
            if session.phase == "realisation":
                break
            session_service.steps.next()
        assert any("> Weiter" in row for row in seen)
        for key, screen in (("w", "MeasuresScreen"), ("l", "EventLogScreen"),
                            ("j", "JoinScreen"), ("f1", "HelpScreen")):
            await pilot.press(key)
            await wait_for(pilot, lambda: type(app.screen).__name__ == screen)
            await pilot.pause()
            assert_readable_keys(footer_row(app))
            if key in ("w", "l"):
                assert "F1 Hilfe" in footer_row(app)
            await pilot.press("escape")
            await open_board(app, pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionPicker")
        await pilot.pause()
        assert_readable_keys(footer_row(app))
        assert "F1 Hilfe" in footer_row(app)


LAN_URL = "http://192.168.178.123:8765"  # only a string: nothing listens, nothing is sent


@SIZES
async def test_a_long_join_address_never_breaks_inside_its_token(make, session_service, size):
    """A facilitator on a LAN address: the panel "Mitmachen" wrapped the URL inside the token, one letter alone
    on the next line, and phones' owners typed it wrong. The token stays whole on the board and on `j`."""
    app = make(session="integrationsplan", public_url=LAN_URL)
    async with app.run_test(size=size) as pilot:
        await open_board(app, pilot)
        assert re.search(rf"(/j/|^|\W){FIXED_TOKEN}\b", grid(app), re.MULTILINE), grid(app)
        assert all(not line.strip().endswith(FIXED_TOKEN[:-1]) for line in grid(app).splitlines())
        await pilot.press("j")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "JoinScreen")
        await pilot.pause()
        assert re.search(rf"\b{FIXED_TOKEN}\b", grid(app)), grid(app)


async def test_a_phones_line_breaks_collapse_on_the_board_and_lines_keep_the_indent(make, session_service):
    """A phone sends "Zeile1\\nZeile2\\n\\n\\nZeile3": on the board it took five rows, empty ones among them, the
    continuation lines at the column's edge. Now one paragraph, every line inside the mark's indent; the
    stored text is unchanged."""
    phone = session_service.devices.join()
    session_service.phones.submit_idea(phone.id, "c1", "Zeile1\nZeile2\n\n\nZeile3")
    session_service.ideas.add("Ein langer Satz, der im Board auf mehr als eine Zeile umbrechen muss")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        rows = grid(app).splitlines()
        assert any("│  Zeile1 Zeile2 Zeile3" in row for row in rows), "\n".join(rows)  # one paragraph
        first = next(index for index, row in enumerate(rows) if "Ein langer Satz" in row)
        column = rows[first].index("Ein langer Satz")
        assert rows[first + 1][column - 2:column] == "  " and rows[first + 1][column].strip(), rows[first + 1]
        assert "Zeile1\nZeile2\n\n\nZeile3" in [idea.text for idea in session_service.read.ideas()]


async def test_notices_are_not_drawn_on_the_projector_and_wait_for_the_facilitator(make, session_service):
    """The laptop is mirrored to the beamer: `z`'s notice ("nur für Sie") was still up when `b` showed the
    projector, and `.` put "Beamer ist schwarz …" on the blanked projector, both in the room's view. Now the
    projector draws no notice; those said while it showed appear when the facilitator is back on the board."""
    from workshop.core.models import ItemKind
    from workshop.tui.screens.projector import ProjectorScreen

    session_service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # drawn, as in a terminal
        await open_board(app, pilot)
        await pilot.press("z")
        await wait_for(pilot, lambda: "Zwischenstand sichtbar" in grid(app))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        await pilot.pause()
        assert "Zwischenstand sichtbar" not in grid(app), grid(app)
        await pilot.press("full_stop")
        await pilot.pause(0.3)
        assert grid(app).strip() == "", grid(app)
        await pilot.press("full_stop")
        await wait_for(pilot, lambda: "Kritik" in grid(app))
        assert "Beamer" not in grid(app) and "Zwischenstand" not in grid(app), grid(app)
        await pilot.press("b")
        await open_board(app, pilot)
        await wait_for(pilot, lambda: "Beamer ist" in grid(app) and "Beamer zeigt" in grid(app))


async def test_at_80_columns_step_names_hints_and_counts_are_whole(make, session_service):
    """At 80×24 the phase bar ended at "③" without a name, the hints at "… · v", a long theme's title lost its
    count, and the measures list cut its support column to "Pu". The step names, each hint and the counts
    are whole now; what gives way is the other phases' names, a hint's place (a second line) and a name."""
    from workshop.core.models import ItemKind, Phase

    long = session_service.themes.create("Alle finden eine Wohnung in der Stadt")
    session_service.ideas.add("Eine Idee", theme_id=long.id)
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(app, pilot)
        rows = grid(app).splitlines()
        assert "Sammeln · Gruppieren · Abstimmen · Ergebnis" in rows[1] and "②" in rows[1] and "③" in rows[1]
        assert ("② Phantasie" in rows[1]) == ("③ Verwirklichung" in rows[1]), rows[1]  # no name cut off alone
        await pilot.press("right", "right", "right")  # to the long theme's column
        # The name whole on two lines above the column, its count on the border (issue 19: names no longer cut).
        await wait_for(pilot, lambda: re.search(r"Alle finden eine Wohnung\s.*\n.*in der Stadt", grid(app)) is not None
                       and "─ (1) ─" in grid(app))
        session_service.steps.go_to("critique", "vote")
        session_service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
        await wait_for(pilot, lambda: "Abstimmung läuft" in grid(app))
        flat = " ".join(grid(app).split())
        assert "v schließt" in flat and "5 Punkte, höchstens 3 pro Thema" in flat, grid(app)
        session_service.voting.close_round()
        while session_service.read.session().phase != Phase.REALISATION:
            session_service.steps.next()
        session_service.measures.promote("theme", long.id, title="Wohnraumbörse für Familien mit vielen Kindern in der Stadt")
        await wait_for(pilot, lambda: "alle Maßnahmen" in grid(app))
        assert "⏎ bearbeitet" in " ".join(grid(app).split()), grid(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MeasuresScreen")
        await pilot.pause()
        assert "Punkte" in grid(app).splitlines()[1], grid(app)


async def test_columns_beyond_the_edge_are_announced(make, session_service):
    """At 120×40 a fourth theme column sat under the join panel, and nothing said it was there: only ← → showed
    it. The hint line now counts the columns beyond each edge."""
    for name in ("Arbeit", "Freizeit", "Mobilität"):
        session_service.themes.create(name)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_board(app, pilot)
        await wait_for(pilot, lambda: "→ 4 weitere Spalten" in grid(app))
        assert "←" not in grid(app).splitlines()[3]
        await pilot.press(*["right"] * 5)
        await wait_for(pilot, lambda: "← " in grid(app) and "weitere Spalte" in grid(app)
                       and "→ " not in " ".join(grid(app).splitlines()[3:5]))
