"""A long wish-theme's name is read whole: it wraps to a second line (never cut) in the ranking (`s`) and on the
terminal projector (`b`), with the note of the theme merged into it after the vote (issue 19)."""

from __future__ import annotations

import re

from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.widgets.ranking_bars import ranking_text
from workshop.tui.widgets.result_bars import result_text

from .conftest import wait_for
from .test_projector import grid

LONG = "Jede und jeder arbeitet im erlernten Beruf, K"  # 45 characters
NOTE = "(mit „Anerkennung“ zusammengeführt)"


def _voted_and_merged(service) -> None:
    """The long theme wins (21 dots with Anerkennung's 6, merged into it after the reveal), Wohnen is second."""
    themes = {theme.name: theme.id for theme in service.read.themes()}
    long_ = service.themes.create(LONG).id
    recognition = service.themes.create("Anerkennung").id
    round_ = service.voting.open_round("theme", budget=6, cap=3)
    for phone in range(5):
        device = service.devices.join()
        service.phones.set_dots(device.id, round_.id, long_, 3)
        service.phones.set_dots(device.id, round_.id, themes["Wohnen"], 1)
        if phone < 3:
            service.phones.set_dots(device.id, round_.id, recognition, 2)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.themes.merge(long_, [recognition])


def joined(text: str) -> str:
    """The screen's words in reading order, each row's lines joined (what a reader of the two lines reads)."""
    return " ".join(text.split())


def _whole(text: str) -> None:
    assert len(LONG) == 45
    assert "…" not in text, text
    assert re.search(r"1\. Jede und jeder arbeitet im erlernten[^\n]*█", text), text  # the bar on its first line
    words = joined(re.sub(r"[█·]+|\b\d+ Punkte\b|\(●\d+ ○\d+\)|\b\d+\b", " ", text))
    assert f"{LONG} {NOTE}" in words, words


async def test_a_long_name_wraps_in_the_ranking_and_on_the_projector(make, session_service):
    _voted_and_merged(session_service)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause()
        text = grid(app)
        _whole(text)
        assert re.search(r"1\. Jede[^\n]*█+\s+21\s+\(●21 ○0\)", text), text
        assert re.search(r"2\. Wohnen\s+█+\s+5\b", text), text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ProjectorScreen))
        await wait_for(pilot, lambda: "21 Punkte" in grid(app))
        text = grid(app)
        _whole(text.split("21 Punkte", 1)[0] + "21 Punkte" + text.split("21 Punkte", 1)[1].split("2. Wohnen")[0])
        assert re.search(r"2\. Wohnen\s+█+\s+5 Punkte", text), text


def test_a_name_too_long_for_two_lines_is_cut_at_the_end_of_the_second():
    """Attack: a 300-character theme name must not push the ranking's other rows off the projector."""
    from workshop.core.projector import RankRow

    rows = (RankRow(1, "Wort " * 60, 9, 1.0), RankRow(2, "Wohnen", 3, 0.33))
    text = ranking_text(rows, 90, 3).plain.splitlines()
    assert len(text) == 3 and text[1].rstrip().endswith("…") and text[2].startswith(" 2. Wohnen"), text
    assert "…" not in result_text([], 90).plain
