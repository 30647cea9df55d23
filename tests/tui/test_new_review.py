"""A review session from the app: the picker's new-session dialog offers „Rückblick auf einen Plan“ with a
plan path field that starts in the home folder. Typed at speed, as at a real keyboard: a file name after the
prefill, or a whole path typed or pasted after it (which replaces the prefill). A missing plan, a folder, a
file that is no plan, a plan without measures or one the laptop may not read is one German line — the dialog
stays open with everything typed, and no session file is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.export.review_plan import plan_a_year_on
from tests.tui.conftest import burst, wait_for
from workshop.core.home import Home
from workshop.core.models import Phase, Step
from workshop.export.review_start import typed_path
from workshop.tui.screens.picker import NewSessionDialog

NO_MEASURES = "# Integrationsplan\n\nNoch ohne Maßnahmen; die Werkstatt kommt erst.\n"


async def until_board(app, pilot) -> None:
    """The board is up with its join panel's QR code composed (a test that ended earlier raced its first paint)."""
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "BoardScreen" and bool(app.screen.query("QRCode")))
    await pilot.pause()


def notices(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def open_dialog(app, pilot, title: str) -> NewSessionDialog:
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SessionPicker")
    burst(app, "n", *title)
    await wait_for(pilot, lambda: isinstance(app.screen, NewSessionDialog))
    await wait_for(pilot, lambda: app.screen.query_one("#title").value == title)
    burst(app, "tab", "tab", "tab", "tab", "tab", "space")  # date, venue, dots, cap, the review's box: ticked
    await wait_for(pilot, lambda: app.screen.focused is not None and app.screen.focused.id == "plan")
    plan = app.screen.query_one("#plan")  # shown where it is typed into, on a small terminal too
    await wait_for(pilot, lambda: 0 <= plan.region.y and plan.region.bottom <= app.size.height)
    return app.screen


async def test_a_review_is_made_from_a_plan_in_the_home_folder_by_its_file_name(home: Home, make):
    home.root.mkdir(parents=True, exist_ok=True)
    (home.root / "plan.md").write_text(plan_a_year_on(), encoding="utf-8")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest terminal the app is made for
        dialog = await open_dialog(app, pilot, "Rückblick 2017")
        assert dialog.query_one("#plan").value == str(home.root) + os.sep  # it starts in the home folder
        burst(app, *"plan.md", "enter")
        await until_board(app, pilot)
        [info] = home.sessions()
        assert info.title == "Rückblick 2017"
        service = app.service
        assert service.review.plan() == "plan.md" and len(service.review.items()) == 20
        session = service.read.session()
        assert (session.phase, session.step) == (Phase.REVIEW, Step.PREPARE)


async def test_a_whole_path_typed_after_the_prefill_replaces_it(home: Home, make, tmp_path: Path):
    elsewhere = tmp_path / "Rathaus" / "integrationsplan.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text(plan_a_year_on(), encoding="utf-8")
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dialog(app, pilot, "Rückblick")
        burst(app, *str(elsewhere), "enter")  # typed (or pasted) after the home folder that was there
        await until_board(app, pilot)
        assert app.service.review.plan() == "integrationsplan.md" and len(app.service.review.items()) == 20


@pytest.mark.parametrize("prefill, typed, expected", [
    ("/home/k/werkstatt/", "/home/k/werkstatt/plan.md", "/home/k/werkstatt/plan.md"),
    ("/home/k/werkstatt/", "/home/k/werkstatt//srv/plan.md", "/srv/plan.md"),
    ("/home/k/werkstatt/", "/home/k/werkstatt/~/plan.md", str(Path("~/plan.md").expanduser())),
    ("/home/k/werkstatt/", "/srv/plan.md", "/srv/plan.md"),  # the prefill deleted first
    ("/home/k/werkstatt/", "  /home/k/werkstatt/Pläne/plan.md ", "/home/k/werkstatt/Pläne/plan.md"),
])
def test_typed_path_takes_a_whole_path_after_the_prefill_alone(prefill, typed, expected):
    assert typed_path(typed, prefill, Path("/home/k/werkstatt")) == Path(expected)


def test_a_relative_path_counts_from_the_home_folder():
    assert typed_path("Pläne/plan.md", "/home/k/werkstatt/", Path("/home/k/werkstatt")) == \
        Path("/home/k/werkstatt/Pläne/plan.md")


async def test_a_plan_that_gives_no_measures_is_one_german_line_and_loses_nothing(home: Home, make, tmp_path,
                                                                               monkeypatch):
    """Attacks on the path field: a plan that is not there, a folder, a binary file, a plan without measures,
    a plan the laptop may not read. Each: one German line; the dialog keeps the title, the rules and the path."""
    home.root.mkdir(parents=True, exist_ok=True)
    (home.root / "leer.md").write_text(NO_MEASURES, encoding="utf-8")
    (home.root / "bild.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (home.root / "Ordner.md").mkdir()
    (home.root / "gesperrt.md").write_text(plan_a_year_on(), encoding="utf-8")
    real_read = Path.read_bytes

    def locked(path: Path) -> bytes:  # the tests run as root, whom chmod does not stop: the OS's refusal
        if path.name == "gesperrt.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", locked)
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_dialog(app, pilot, "Rückblick 2017")
        prefill = str(home.root) + os.sep
        cases = [("fehlt.md", "gibt es nicht"), ("Ordner.md", "ist ein Ordner"), ("bild.md", "keine Textdatei"),
                 ("leer.md", "keine Maßnahmen"), ("gesperrt.md", "keine Berechtigung")]
        for name, words in cases:
            dialog.query_one("#plan").value = prefill
            dialog.query_one("#plan").cursor_position = len(prefill)
            burst(app, *name, "enter")
            await wait_for(pilot, lambda words=words: any(words in notice for notice in notices(app)))
            line = next(notice for notice in notices(app) if words in notice)
            assert name in line and "\n" not in line and "Errno" not in line and "--plan" not in line, line
            assert isinstance(app.screen, NewSessionDialog)  # nothing lost: the dialog is open as it was
            assert dialog.query_one("#title").value == "Rückblick 2017"
            assert dialog.query_one("#plan").value == prefill + name
            assert dialog.query_one("#review").value
        assert home.sessions() == [] and not list(home.sessions_dir.glob("*.db*"))


async def test_without_the_box_a_new_session_is_no_review(home: Home, make):
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SessionPicker")
        burst(app, "n", *"Werkstatt", "enter")
        await until_board(app, pilot)
        assert app.service.review.plan() is None
        assert app.service.read.session().phase == Phase.CRITIQUE


def test_werkstatt_new_review_refuses_the_same_plans_in_one_line_and_makes_no_session(home: Home, tmp_path):
    """The command line reads the plan the same way: no „--plan“ in the line of `new --review`, no session
    file left behind by a refused plan."""
    from tests.clirun import werkstatt

    empty = tmp_path / "leer.md"
    empty.write_text(NO_MEASURES, encoding="utf-8")
    for plan, words in ((tmp_path / "fehlt.md", "gibt es nicht"), (empty, "keine Maßnahmen")):
        result = werkstatt(home.root, "new", "Rückblick", "--review", str(plan))
        assert result.exit_code != 0 and words in result.output and "--plan" not in result.output, result.output
        assert len([line for line in result.output.splitlines() if line.strip()]) == 1, result.output
    assert not home.sessions_dir.exists() or not list(home.sessions_dir.glob("*.db*"))
