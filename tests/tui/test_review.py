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


async def test_n_in_the_review_says_what_the_review_takes_instead_of_the_realisations_refusal(make, review):
    """The facilitator presses `n` out of habit while the phones remark on the measures, and types on at once:
    one German line says why no idea is typed here and what to do, and no half-typed idea lands anywhere."""
    review.steps.next()  # the phones remark now
    app = make(session="rueckblick")
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "BoardScreen")
        burst(app, "n", *"Mieten", "enter")
        await wait_for(pilot, lambda: any("Rückblick" in str(note.message) for note in app._notifications))
        await pilot.pause(0.3)
        notices = [str(note.message) for note in app._notifications]
        assert not any("Verwirklichungsphase" in notice for notice in notices), notices
        line = next(notice for notice in notices if "Rückblick" in notice)
        assert "Anmerkungen" in line and "K" in line and "Kritik" in line
        # the letters typed on went into the field, not to the board's keys, and stay there
        assert app.screen.__class__.__name__ == "BoardScreen"
        assert app.screen.query_one("#new-idea").value == "Mieten"
        assert review.read.ideas(Phase.REVIEW) == [] and review.read.ideas(Phase.CRITIQUE) == []
        status = str(app.screen.query_one("#status").render())
        assert "n tippt" not in status and "R zeigt" in status  # the status line does not offer `n` either


def test_an_idea_typed_into_the_review_is_refused_with_the_reviews_own_line(review):
    """A caller of the core adds an idea while the review runs: the refusal names the review, not the
    realisation phase."""
    from workshop.core.errors import WrongPhase
    review.steps.next()
    with pytest.raises(WrongPhase) as refused:
        review.ideas.add("Mieten zu hoch")
    assert "Rückblick" in str(refused.value) and "Verwirklichungsphase" not in str(refused.value)


async def test_the_priority_rounds_rules_name_the_measure_in_the_dialog_and_the_status_line(make, review):
    """`v` in the review's vote step: the dialog asks for the most dots per measure (not per idea or theme),
    and the board's status line names the measure while the round runs."""
    review.steps.next()
    review.steps.next()
    app = make(session="rueckblick")
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "BoardScreen")
        burst(app, "v")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "VoteDialog")
        labels = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "Höchstens pro Maßnahme" in labels and "pro Idee" not in labels and "pro Thema" not in labels
        burst(app, "enter")
        await wait_for(pilot, lambda: review.read.rounds() and review.read.rounds()[-1].is_open)
        await wait_for(pilot, lambda: "pro Maßnahme" in str(app.screen.query_one("#status").render()))
        assert "pro Thema" not in str(app.screen.query_one("#status").render())
