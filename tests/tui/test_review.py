"""A review session in the facilitator's app: `R` opens the plan's measures, `h` leaves one out before the review
opens, `u` sets a status, `K` takes the remarks into the critique — typed at speed, as at a real keyboard."""

from __future__ import annotations

import pytest

from tests.tui.conftest import burst, fix_token, wait_for
from workshop.core.home import Home
from workshop.core.models import Phase, Step
from workshop.core.review import PlanItem
from workshop.tui.screens.review import ReviewScreen
from workshop.tui.widgets.phase_bar import phase_bar_text

ITEMS = [PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m1"),
         PlanItem("Wohnungsbörse", "Wohnen", "", None, measure_id="m2"),
         PlanItem("Elterncafé (von Hand)", "Bildung", "in Umsetzung", 2018, source="hand")]


@pytest.fixture
def review(home: Home):
    created = home.create("Rückblick 2017", date="2017-11-23", slug="rueckblick")
    fix_token(created)
    created.review.begin("plan.md", ITEMS)
    created.close()
    service = home.service("rueckblick")
    yield service
    home.close_all()


async def test_the_review_screen_hides_sets_a_status_and_takes_remarks_into_the_critique(make, review):
    app = make(session="rueckblick")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "BoardScreen")
        burst(app, "R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        burst(app, "down", "h")  # leave "Wohnungsbörse" out before the review opens
        await wait_for(pilot, lambda: review.review.items()[1].hidden)
        review.steps.next()
        phone = review.devices.join().id
        first = review.review.items()[0]
        review.review.submit_remark(phone, "r1", first.id, "Termine passen nicht")
        burst(app, "h")  # too late now: refused, nothing changes
        await pilot.pause(0.3)
        assert review.review.items()[1].hidden
        burst(app, "up", "u")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ChoiceDialog")
        burst(app, *"umges", "enter")
        await wait_for(pilot, lambda: review.review.items()[0].new_status == "umgesetzt")
        burst(app, "K")
        await wait_for(pilot, lambda: bool(review.read.ideas(Phase.CRITIQUE)))
        assert [idea.text for idea in review.read.ideas(Phase.CRITIQUE)] == [
            "Sprachcafé im Bürgerhaus: Termine passen nicht"]
        burst(app, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))


def test_the_phase_bar_shows_the_review_only_while_it_runs():
    assert "Rückblick" in phase_bar_text(Phase.REVIEW, Step.PREPARE).plain
    assert "Vorbereitung" in phase_bar_text(Phase.REVIEW, Step.PREPARE).plain
    assert "Rückblick" not in phase_bar_text(Phase.CRITIQUE, Step.COLLECT).plain
