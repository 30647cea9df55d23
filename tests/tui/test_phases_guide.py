"""Phases that guide (issue 19): no `>` passes a closed vote's unrevealed result without asking, and realisation
with the fantasy phase skipped offers the critique's winners with their dots — in the app, protocol and plan."""

from __future__ import annotations

import json

from workshop.core.models import ItemKind, Phase, RoundStatus, Step
from workshop.export.measures import body_lines
from workshop.export.protocol import build_protocol, plan_measures, render_markdown
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ConfirmDialog
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.screens.unrevealed import UnrevealedDialog

from .conftest import burst, wait_for


def closed_critique_vote(service, wohnen_dots: int = 21):
    """The critique's vote on its two themes closed with paper dots, not revealed; the session at „Abstimmen“."""
    wohnen, kurse = service.read.themes(Phase.CRITIQUE)
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    service.voting.close_round(round_.id)
    service.voting.set_paper_dots(round_.id, wohnen.id, wohnen_dots)
    service.voting.set_paper_dots(round_.id, kurse.id, 4)
    assert service.read.session().step == Step.VOTE
    return round_, wohnen


def where(home):
    """The session's phase and step as `werkstatt show --json` reads them: from the file, another connection."""
    service = home.service("integrationsplan")
    session = service.read.session()
    return session.phase, session.step


async def board(app, pilot) -> BoardScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
    return app.screen


async def test_two_quick_steps_past_a_closed_vote_ask_and_stay_until_answered(make, home, session_service):
    round_, _wohnen = closed_critique_vote(session_service)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await board(app, pilot)
        burst(app, ">", ">", ">", ">")  # a burst of `>`: into „Ergebnis“, then onward, then twice inside the question
        await wait_for(pilot, lambda: isinstance(app.screen, UnrevealedDialog))
        await pilot.pause(0.3)
        # Asked once, and `>` did nothing inside the question.
        assert [type(screen) for screen in app.screen_stack].count(UnrevealedDialog) == 1
        assert where(home) == (Phase.CRITIQUE, Step.RESULTS)
        assert not session_service.read.round(round_.id).revealed
        await pilot.press("enter")  # the default: reveal now
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert session_service.read.round(round_.id).revealed
        assert where(home) == (Phase.CRITIQUE, Step.RESULTS)  # revealing does not leave the phase


async def test_onward_anyway_leaves_and_back_stays(make, home, session_service):
    round_, _wohnen = closed_critique_vote(session_service)
    session_service.steps.next()
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await board(app, pilot)
        await pilot.press(">")
        await wait_for(pilot, lambda: isinstance(app.screen, UnrevealedDialog))
        await pilot.press("escape")  # zurück
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert where(home) == (Phase.CRITIQUE, Step.RESULTS)
        await pilot.press(">")
        await wait_for(pilot, lambda: isinstance(app.screen, UnrevealedDialog))
        await pilot.press("w")  # trotzdem weiter
        await wait_for(pilot, lambda: where(home) == (Phase.FANTASY, Step.COLLECT))
        assert not session_service.read.round(round_.id).revealed


async def test_close_and_go_on_asks_for_the_reveal_too(make, home, session_service):
    wohnen, _kurse = session_service.read.themes(Phase.CRITIQUE)
    round_ = session_service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await board(app, pilot)
        await pilot.press(">")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("j")  # „Schließen und weiter“
        await wait_for(pilot, lambda: isinstance(app.screen, UnrevealedDialog))
        assert session_service.read.round(round_.id).status == RoundStatus.CLOSED
        assert where(home) == (Phase.CRITIQUE, Step.RESULTS)
        await pilot.press("r")
        await wait_for(pilot, lambda: session_service.read.round(round_.id).revealed)


async def test_fantasy_skipped_the_critique_winner_becomes_a_measure_with_its_critique_dots(make, home,
                                                                                              session_service):
    round_, wohnen = closed_critique_vote(session_service, wohnen_dots=21)
    session_service.voting.reveal_round(round_.id)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board(app, pilot)
        burst(app, *">" * 5)  # critique results → fantasy collect, group, vote, results → realisation
        await wait_for(pilot, lambda: where(home) == (Phase.REALISATION, Step.PLAN))
        await wait_for(pilot, lambda: screen.view.session.phase == Phase.REALISATION)
        columns = screen.query_one("#board").columns
        # The critique's winners in their order, with their dots; no inbox of unvoted ideas in front of them.
        assert [column.key for column in columns][:2] == [wohnen.id, session_service.read.themes(Phase.CRITIQUE)[1].id]
        assert "●0 ○21" in str(columns[0].border_title)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(session_service.read.measures()) == 1)
        [measure] = session_service.read.measures()
        assert measure.support_dots == 21 and measure.support.phase == Phase.CRITIQUE
        await wait_for(pilot, lambda: any(
            "Kritik: 21 Punkte" in " ".join(str(column.get_option_at_index(0).prompt).split())
            for column in screen.query_one("#board").columns if column.key == "measures" and column.option_count))

    protocol = build_protocol(session_service.read.snapshot())
    assert protocol["measures"][0]["origin"]["support_phase"] == "critique"
    markdown = render_markdown(protocol)
    assert "| Kritik: 21 Punkte |" in markdown
    block = "\n".join(body_lines(plan_measures(json.loads(json.dumps(protocol)))[0], 3))
    assert "(Kritik: 21 Punkte)" in block


async def test_a_with_nothing_to_promote_says_why(make, home, session_service):
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board(app, pilot)
        messages: list[str] = []
        original = screen.notify

        def notify(message, **kwargs):
            messages.append(str(message))
            return original(message, **kwargs)

        screen.notify = notify
        for key in ("a", "A"):
            await pilot.press(key)
            await pilot.pause(0.1)
        assert len(messages) == 2 and all("aufgedecktes Ergebnis" in message for message in messages)
        assert not isinstance(app.screen, MeasureForm)


async def test_the_help_shows_the_evenings_forks(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await board(app, pilot)
        await pilot.press("f1")
        await pilot.pause(0.3)
        text = app.screen.query_one("Markdown").source
        assert "Phantasiephase übersprungen" in text and "Abstimmung über Ideen statt Themen" in text
