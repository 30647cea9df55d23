"""Over the cap in a review's priority round: the refusal names a measure, not a theme — on a phone that
talks JSON, on a plain form without script, in German and in the phone's own language (plural forms); and
the facilitator's app names the measure when it refuses a cap above the dots per person."""

from __future__ import annotations

import html

import pytest

from workshop.core.errors import InvalidInput
from workshop.core.models import Phase, Step
from workshop.core.review import PlanItem
from workshop.core.services import SessionService

ITEMS = [PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m1"),
         PlanItem("Wohnungsbörse", "Wohnen", "", None, measure_id="m2"),
         PlanItem("Elterncafé", "Bildung", "in Umsetzung", 2018, source="hand")]


@pytest.fixture
def review_round(service: SessionService, facilitator: SessionService):
    facilitator.review.begin("plan.md", ITEMS)
    facilitator.steps.next()  # remarks
    facilitator.steps.next()  # priority dots
    assert (facilitator.read.session().phase, facilitator.read.session().step) == (Phase.REVIEW, Step.VOTE)
    round_ = facilitator.voting.open_round(budget=5, cap=3)
    return round_.id, [item.item_id for item in round_.items]


async def test_too_many_dots_on_one_measure_are_refused_per_measure_in_each_language(review_round, phones):
    round_id, items = review_round
    german = await phones(**{"accept-language": "de"})
    over = await german.dots(round_id, items[0], 4)  # attack: past the cap, straight at the API
    assert over.status_code == 409 and over.json()["error"] == "cap"
    assert over.json()["message"] == "Höchstens 3 Punkte pro Maßnahme."
    ukrainian = await phones(**{"accept-language": "uk"})
    over = await ukrainian.dots(round_id, items[1], 9)
    assert over.status_code == 409 and "Thema" not in over.json()["message"]
    assert over.json()["message"] == "Щонайбільше 3 бали на один захід."
    english = await phones(**{"accept-language": "en"})
    assert (await english.dots(round_id, items[2], 4)).json()["message"] == "At most 3 points per measure."


async def test_a_plain_form_past_the_cap_says_per_measure_and_keeps_the_dots_given(review_round, phones, service):
    round_id, items = review_round
    phone = await phones(**{"accept-language": "de"})
    assert (await phone.dots(round_id, items[0], 2)).status_code == 200
    page = await phone.form("dots", {"round": round_id, "item": items[1], "count": 7})  # a page without script
    text = html.unescape(page.text)
    assert "Höchstens 3 Punkte pro Maßnahme." in text and "pro Thema" not in text
    assert (await phone.state())["me"]["dots"]["by_item"] == {items[0]: 2}  # nothing lost, nothing added


def test_the_app_refuses_a_cap_above_the_budget_per_measure(service, facilitator):
    facilitator.review.begin("plan.md", ITEMS)
    facilitator.steps.next()
    facilitator.steps.next()
    with pytest.raises(InvalidInput) as refused:
        facilitator.voting.open_round(budget=2, cap=3)
    assert str(refused.value) == "Punkte pro Maßnahme: zwischen 1 und der Zahl der Punkte pro Person (2)."


def test_a_vote_on_single_ideas_refuses_per_idea_and_a_vote_on_themes_per_theme(home):
    """The same refusal names what each round's items are: no theme where the room votes on ideas."""
    ideas = home.create("Ideen", date="2016-11-24")
    ideas.ideas.add("Mieten zu hoch")
    ideas.ideas.add("Bus fährt abends selten")
    round_ = ideas.voting.open_round("idea", budget=5, cap=2)
    phone = ideas.devices.join().id
    refused = ideas.phones.set_dots_many([(phone, round_.id, round_.items[0].item_id, 3)])[0]
    assert str(refused) == "Höchstens 2 Punkte pro Idee."
    themes = home.create("Themen", date="2016-11-24")
    theme = themes.themes.create("Wohnen", idea_ids=[themes.ideas.add("Mieten zu hoch").id])
    round_ = themes.voting.open_round("theme", budget=5, cap=1)
    refused = themes.phones.set_dots_many([(themes.devices.join().id, round_.id, theme.id, 2)])[0]
    assert str(refused) == "Höchstens 1 Punkt pro Thema."
    ideas.close()
    themes.close()
