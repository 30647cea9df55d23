"""The facilitator's previews of an export or of the plan show no count or rank of a round never revealed either:
the palette's export entries and what they report, the plan merge's report, the measure form, the groups screen,
the board in the realisation phase (its measures column), the review screen and `werkstatt show`.

Attack: as in `test_hidden_counts.py`, the laptop is mirrored to the projector while a vote is closed but not
revealed; two sessions that differ only in the phones' dots (and in their ranking) must read the same
everywhere here. The files an export writes are not screens: the protocol keeps its counts (docs/facilitator.md
says so), and only what the app or the terminal shows of them is compared.
"""

from __future__ import annotations

import itertools
import secrets
import shutil
from pathlib import Path

import pytest

from click.testing import CliRunner

from workshop.app import make_app
from workshop.cli import cli
from workshop.core.home import Home
from workshop.core.models import ItemKind, Phase, Step
from workshop.core.review import PlanItem
from workshop.core.services import SessionService
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.groups import GroupsScreen
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.plan_report import PlanReportDialog
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.screens.review import ReviewScreen

from .conftest import PUBLIC_URL, search_palette, wait_for
from .test_hidden_counts import DOTS, ROWS, START, build, same_randomness, screen_text, table_text  # noqa: F401

PLAN = "# Integrationsplan\n\n## Wohnen\n\nUnser eigener Text.\n"
REVIEWED = [PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m1"),
            PlanItem("Wohnungsbörse", "Wohnen", "", None, measure_id="m2"),
            PlanItem("Elterncafé (von Hand)", "Bildung", "in Umsetzung", 2018, source="hand")]
# (phone, item, count): A ranks the plan's order, B the reverse.
PRIORITY = {"A": [(0, 0, 3), (1, 1, 2), (2, 2, 1)], "B": [(0, 2, 3), (1, 1, 2), (2, 0, 1)]}


def notes(app) -> str:
    return "\n".join(str(note.message) for note in app._notifications)


async def palette(pilot, name: str) -> None:
    await search_palette(pilot, name)


async def previews(home: Home) -> dict[str, str]:
    seen: dict[str, str] = {}
    (home.root / "plan.md").write_text(PLAN, encoding="utf-8")
    app = make_app(home, serve=False, public_url=PUBLIC_URL, session="werkstatt")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        for typed in ("exportieren", "Plan", "Exporte"):  # the palette's export entries, with their help
            await palette(pilot, typed)
            seen[f"palette {typed}"] = screen_text(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await palette(pilot, "exportieren (Markdown)")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Protokoll gespeichert" in notes(app))
        await palette(pilot, "Exporte anzeigen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Exporte in" in notes(app))
        seen["export notes"] = notes(app)
        for merge in ("first merge", "second merge"):  # the report before writing, then with the plan merged
            await palette(pilot, "in den Plan")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            seen[f"{merge}: which plan"] = screen_text(app)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, PlanReportDialog))
            seen[f"{merge}: report"] = screen_text(app) + "\n" + "\n".join(app.screen.report)
            await pilot.press("j" if merge == "first merge" else "n")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasuresScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        await pilot.pause(0.2)
        seen["measure form"] = screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasuresScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("c")  # carry the unrevealed winners (in the wall's order), as test_hidden_counts does
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, RenameThemesDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        app.service.steps.go_to(Phase.FANTASY, Step.COLLECT)  # small groups on the carried themes
        await pilot.press("G")
        await wait_for(pilot, lambda: isinstance(app.screen, GroupsScreen))
        await pilot.pause(0.2)
        seen["G"] = screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.pause(0.2)
        seen["G n"] = screen_text(app)
        await pilot.press("enter")  # one group per theme
        await wait_for(pilot, lambda: isinstance(app.screen, GroupsScreen) and bool(app.screen.groups))
        await pilot.pause(0.2)
        seen["G formed"] = screen_text(app) + "\n" + ROWS + "\n" + table_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        app.service.steps.go_to(Phase.REALISATION, Step.PLAN)  # the board's measures column, with its support
        await wait_for(pilot, lambda: "Maßnahmen" in screen_text(app))
        await pilot.pause(0.3)
        seen["board in realisation"] = screen_text(app)
        await pilot.press("ctrl+q")
    home.close_all()
    seen["plan.md"] = (home.root / "plan.md").read_text(encoding="utf-8")
    return seen


def show(home: Home, session: str = "werkstatt") -> str:
    result = CliRunner().invoke(cli, ["--home", str(home.root), "show", session], catch_exceptions=False)
    assert result.exit_code == 0
    return result.output


@pytest.fixture
def same_codes(same_randomness, monkeypatch):
    """`same_randomness` and group codes that come out the same in every session made after the reset."""
    state = {}

    def choice(sequence):
        return sequence[next(state["picks"]) % len(sequence)]

    def reset() -> None:
        same_randomness()
        state["picks"] = itertools.count()

    reset()
    monkeypatch.setattr(secrets, "choice", choice)
    return reset


async def test_previews_of_exports_and_of_the_plan_are_the_same_whatever_the_hidden_vote(tmp_path, same_codes):
    seen = {}
    for name, dots in DOTS.items():
        root = tmp_path / "home"
        if root.exists():
            shutil.rmtree(root)  # the same folder for both: paths shown in the app read the same
        same_codes()
        home, _phones = build(root, dots)
        seen[name] = {"show": show(home), **(await previews(home))}
    plans = {name: seen[name].pop("plan.md") for name in seen}
    for key in seen["A"]:
        assert seen["A"][key] == seen["B"][key], f"{key} shows the hidden vote"
    # The checks can fail: the previews were taken, and the written plan holds the count (a file, not a screen).
    assert "neu                Zusammenleben › Wohnen" in seen["A"]["first merge: report"]
    assert "Maßnahme bearbeiten" in seen["A"]["measure form"]
    assert "Gruppe zum Thema „Arbeit“" in seen["A"]["G n"]
    assert "Punkte erst nach dem Aufdecken" in seen["A"]["show"] and "Unterstützung: —" in seen["A"]["show"]
    assert "Thema „Wohnen“ (Kritik: 5 Punkte)" in plans["A"] and "Thema „Wohnen“ (Kritik: 4 Punkte)" in plans["B"]


def build_review(root: Path, dots: list[tuple[int, int, int]]) -> Home:
    """A review session whose priority round on the plan's measures is closed and was never revealed."""
    ticks = itertools.count()
    path = root / "sessions" / "werkstatt.db"
    path.parent.mkdir(parents=True)
    service = SessionService.create(path, "Rückblick 2017", slug="werkstatt", date="2017-11-23",
                                    clock=lambda: START + next(ticks))
    try:
        service.review.begin("plan.md", REVIEWED)
        service.steps.next()
        service.steps.next()
        round_ = service.voting.open_round()
        items = [item.item_id for item in round_.items]
        phones = [service.devices.join().id for _ in range(3)]
        for phone, item, count in dots:
            service.phones.set_dots(phones[phone], round_.id, items[item], count)
        service.voting.close_round(round_.id)
    finally:
        service.close()
    return Home(root)


async def review_screens(home: Home) -> dict[str, str]:
    seen: dict[str, str] = {}
    (home.root / "plan.md").write_text(PLAN, encoding="utf-8")
    app = make_app(home, serve=False, public_url=PUBLIC_URL, session="werkstatt")
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.pause(0.3)
        seen["board"] = screen_text(app)
        for key, screen, back in (("R", ReviewScreen, "escape"), ("s", ResultsScreen, "escape"),
                                  ("l", EventLogScreen, "escape"), ("b", ProjectorScreen, "b")):
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: isinstance(app.screen, screen))
            await pilot.pause(0.2)
            seen[key] = screen_text(app) + "\n" + ROWS + "\n" + table_text(app)
            await pilot.press(back)
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await palette(pilot, "in den Plan")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanReportDialog))
        seen["merge report"] = screen_text(app) + "\n" + "\n".join(app.screen.report)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("ctrl+q")
    home.close_all()
    return seen


async def test_a_review_reads_the_same_whatever_its_hidden_priority_dots(tmp_path, same_codes):
    seen = {}
    for name, dots in PRIORITY.items():
        root = tmp_path / "home"
        if root.exists():
            shutil.rmtree(root)
        same_codes()
        home = build_review(root, dots)
        seen[name] = {"show": show(home), **(await review_screens(home))}
    for key in seen["A"]:
        assert seen["A"][key] == seen["B"][key], f"{key} shows the hidden priorities"
    assert "Sprachcafé im Bürgerhaus" in seen["A"]["R"] and "Rückblick: 3 Maßnahmen geprüft" in seen["A"]["merge report"]
