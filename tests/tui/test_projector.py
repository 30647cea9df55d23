"""The terminal projector (`b`) renders the core's projector model: large type, bars sized after layout, no
count before the reveal, measures in realisation, wrapping on small terminals (`.` and `B`: test_room_keys.py)."""

from __future__ import annotations

import re

from workshop.core.models import Phase
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.widgets.large_text import QUADRANTS

from .conftest import FIXED_TOKEN, PUBLIC_URL, wait_for

LONG_QUESTION = ("Was läuft beim Zusammenleben von Alteingesessenen und Zugezogenen in Königs Wusterhausen "
                 "nicht gut, und was sollte sich ändern?")


def grid(app) -> str:
    """The screen as the terminal shows it, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def open_projector(app, pilot) -> ProjectorScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
    await pilot.pause()
    return app.screen


def _ten_phones_vote(service):
    """Ten phones vote; Wohnen gets 27 dots, Sprache & Kurse 13 (numbers that appear nowhere else)."""
    themes = {theme.name: theme.id for theme in service.read.themes()}
    round_ = service.voting.open_round("theme", budget=5, cap=3)
    for phone in range(10):
        device = service.devices.join()
        service.phones.set_dots(device.id, round_.id, themes["Wohnen"], 3 if phone < 7 else 2)
        service.phones.set_dots(device.id, round_.id, themes["Sprache & Kurse"], 2 if phone < 3 else 1)
    return round_


def _bar_row(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if re.search(rf"\d\. {re.escape(label)}\s+█", line))


async def test_no_count_before_the_reveal_then_the_ranking_with_wide_bars(make, session_service):
    hidden = session_service.ideas.add("Geheim und beleidigend")
    session_service.ideas.hide(hidden.id)
    round_ = _ten_phones_vote(session_service)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_projector(app, pilot)
        text = grid(app)
        assert "Abstimmung läuft — 5 Punkte pro Person, höchstens 3 pro Thema — 10 Telefone haben abgestimmt" in \
            " ".join(text.split())
        assert not re.search(r"\b(27|13)\b", text) and "Wohnen" not in text and "Geheim" not in text
        session_service.voting.close_round(round_.id)
        await wait_for(pilot, lambda: "Abstimmung beendet" in grid(app))
        assert not re.search(r"\b(27|13)\b", grid(app)) and "Wohnen" not in grid(app)
        session_service.voting.reveal_round(round_.id)
        await wait_for(pilot, lambda: "27 Punkte" in grid(app))
        text = grid(app)
        assert "Geheim" not in text
        winner, second = _bar_row(text, "Wohnen"), _bar_row(text, "Sprache & Kurse")
        assert winner.count("█") >= 20, winner
        assert round(winner.count("█") * 13 / 27) == second.count("█")
        await pilot.resize_terminal(160, 40)
        await wait_for(pilot, lambda: _bar_row(grid(app), "Wohnen").count("█") > winner.count("█"))
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: len(grid(app).splitlines()[0]) == 80)
        small = _bar_row(grid(app), "Wohnen")
        assert 10 <= small.count("█") < winner.count("█") and small.rstrip().endswith("27 Punkte")


async def test_the_question_in_large_type_beside_the_join_code(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_projector(app, pilot)
        text = grid(app)
        assert sum(text.count(char) for char in QUADRANTS[1:]) > 500, "drawn in large type"
        assert "Zusammenleben" not in text, "not (also) in ordinary letters"
        assert f"{PUBLIC_URL}/j/{FIXED_TOKEN}" in text


async def test_a_small_terminal_wraps_the_question_and_the_url_instead_of_clipping(make, session_service):
    session_service.settings.set_question(Phase.CRITIQUE, LONG_QUESTION)
    app = make(session="integrationsplan")
    async with app.run_test(size=(64, 20)) as pilot:
        await open_projector(app, pilot)
        text = grid(app)
        words = " ".join(text.split())
        assert f"„{LONG_QUESTION}“" in words
        assert f"{PUBLIC_URL}/j/{FIXED_TOKEN}" in words
        assert all(len(line) <= 64 for line in text.splitlines())


async def test_measures_in_realisation(make, session_service):
    theme = session_service.read.themes()[0]
    while session_service.read.session().phase != Phase.REALISATION:
        session_service.steps.next()
    for number in range(3):
        session_service.measures.promote("theme", theme.id, title=f"Wohnraumbörse {number}", field_of_action="Wohnen",
                                responsible="FB Soziales", timeframe="kurzfristig", target_year=2017)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_projector(app, pilot)
        text = grid(app)
        assert all(f"■ Wohnraumbörse {number}" in text for number in range(3))
        assert "Wohnen · kurzfristig (2017) · FB Soziales" in text
        assert "Ideen ·" not in text
