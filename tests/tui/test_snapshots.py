"""Snapshots of the main screens (pytest-textual-snapshot).

Update with `pytest tests/tui --snapshot-update` after a deliberate change, and look at the new SVGs.
"""

from __future__ import annotations

import os

import pytest

from workshop.tui.screens.board import BoardScreen

from .conftest import fix_token, wait_for


@pytest.fixture
def fixed_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # the picker shows the folder as ~/home/sessions


async def until_board(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BoardScreen)
                   and bool(pilot.app.screen.query("#board")))
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_board(snap_compare, make, session_service, size):
    assert snap_compare(make(session="integrationsplan"), terminal_size=size, run_before=until_board)


def test_board_during_a_vote(snap_compare, make, session_service):
    round_ = session_service.voting.open_round(budget=3, cap=2)
    device = session_service.devices.join()
    session_service.phones.set_dots(device.id, round_.id, round_.items[0].item_id, 2)
    session_service.voting.set_paper_dots(round_.id, round_.items[1].item_id, 4)
    assert snap_compare(make(session="integrationsplan"), terminal_size=(120, 40), run_before=until_board)


def test_projector(snap_compare, make, session_service):
    async def projector(pilot) -> None:
        await until_board(pilot)
        await pilot.press("b")
        await pilot.pause()

    assert snap_compare(make(session="integrationsplan"), terminal_size=(120, 40), run_before=projector)


def test_picker(snap_compare, make, home, fixed_home):
    for number, (title, slug) in enumerate([("Integrationsplan KW", "integrationsplan"), ("Nachtreffen", "nach")]):
        service = home.create(title, date="2016-11-24", venue="Bürgerhaus", slug=slug)
        fix_token(service)
        service.ideas.add("Mieten zu hoch")
        service.close()
        for path in home.sessions_dir.glob(f"{slug}.db*"):
            os.utime(path, (1_480_000_000 + number, 1_480_000_000 + number))
    assert snap_compare(make(), terminal_size=(80, 24))


def test_sort_mode(snap_compare, make, session_service):
    async def sorting(pilot) -> None:
        await until_board(pilot)
        await pilot.press("S")
        await pilot.pause()

    assert snap_compare(make(session="integrationsplan"), terminal_size=(120, 40), run_before=sorting)


def test_measure_form(snap_compare, make, session_service):
    session_service.steps.go_to("fantasy", "collect")
    session_service.themes.create("Sprache & Bildung")
    session_service.steps.go_to("realisation", "plan")

    async def form(pilot) -> None:
        await until_board(pilot)
        await pilot.press("right", "a")
        await pilot.pause()

    assert snap_compare(make(session="integrationsplan"), terminal_size=(80, 24), run_before=form)
