"""A review session's part (`service.review`): the plan's measures as items, hiding, statuses, remarks and
the priority round on the measures."""

from __future__ import annotations

import pytest

from workshop.core.errors import InvalidInput, NotFound, RuleViolation, WrongPhase
from workshop.core.models import ItemKind, Phase, Step
from workshop.core.review import PlanItem

ITEMS = [
    PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m-sprachcafe"),
    PlanItem("Patenschaften Ausbildung", "Arbeitsmarkt", "in Umsetzung", 2018, measure_id="m-paten"),
    PlanItem("Wohnungsbörse", "Wohnen", "", None, measure_id="m-boerse"),
    PlanItem("Hausaufgabenhilfe (von Hand)", "Bildung", "umgesetzt", 2016, source="hand"),
]


@pytest.fixture
def review(service):
    service.review.begin("plan.md", ITEMS)
    return service


def test_a_review_starts_in_its_preparation_with_the_plans_measures(review):
    session = review.read.session()
    assert (session.phase, session.step) == (Phase.REVIEW, Step.PREPARE)
    items = review.review.items()
    assert [(item.title, item.field_of_action, item.status, item.target_year, item.source) for item in items] == [
        ("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, "werkstatt"),
        ("Patenschaften Ausbildung", "Arbeitsmarkt", "in Umsetzung", 2018, "werkstatt"),
        ("Wohnungsbörse", "Wohnen", "", None, "werkstatt"),
        ("Hausaufgabenhilfe (von Hand)", "Bildung", "umgesetzt", 2016, "hand")]
    assert items[3].measure_id is None  # a hand-written measure has no Werkstatt id
    assert review.review.plan() == "plan.md"


def test_the_course_runs_from_the_review_into_the_usual_three_phases(review):
    with pytest.raises(RuleViolation):
        review.steps.previous()  # the preparation is the first step
    seen = []
    for _ in range(4):
        seen.append((review.read.session().phase, review.read.session().step))
        review.steps.next()
    assert seen == [(Phase.REVIEW, Step.PREPARE), (Phase.REVIEW, Step.COLLECT), (Phase.REVIEW, Step.VOTE),
                    (Phase.REVIEW, Step.RESULTS)]
    assert (review.read.session().phase, review.read.session().step) == (Phase.CRITIQUE, Step.COLLECT)


def test_a_plain_session_has_no_review_step(service):
    with pytest.raises(RuleViolation):
        service.steps.previous()
    with pytest.raises(InvalidInput):
        service.steps.go_to(Phase.REVIEW, Step.PREPARE)


def test_hiding_works_only_before_the_room_sees_the_items(review):
    first = review.review.items()[0]
    assert review.review.hide(first.id).hidden
    assert review.review.show(first.id).hidden is False
    review.review.hide(first.id)
    review.steps.next()
    with pytest.raises(WrongPhase):
        review.review.show(first.id)
    assert [item.title for item in review.review.items(visible_only=True)][0] == "Patenschaften Ausbildung"


def test_a_status_set_in_the_session_is_kept_apart_from_the_plans_and_undoable(review):
    item = review.review.items()[1]
    assert review.review.set_status(item.id, "UMGESETZT").new_status == "umgesetzt"
    assert review.review.items()[1].status == "in Umsetzung"  # the plan's status stays what the plan says
    with pytest.raises(InvalidInput):
        review.review.set_status(item.id, "fertig")
    review.undo.undo()
    assert review.review.items()[1].new_status is None


def test_remarks_come_from_phones_while_the_review_is_open_and_go_into_the_critique(review):
    phone = review.devices.join().id
    item = review.review.items()[0]
    with pytest.raises(WrongPhase):  # the facilitator has not opened the review yet
        review.review.submit_remark(phone, "r-1", item.id, "Zu früh")
    review.steps.next()
    first = review.review.submit_remark(phone, "r-1", item.id, "Termine passen nicht für Berufstätige")
    assert review.review.submit_remark(phone, "r-1", item.id, "Termine passen nicht für Berufstätige").id == first.id
    second = review.review.submit_remark(phone, "r-2", item.id, "<script>alert(1)</script>")
    with pytest.raises(NotFound):  # a forged item id
        review.review.submit_remark(phone, "r-3", "nope", "x")
    with pytest.raises(InvalidInput):
        review.review.submit_remark(phone, "r-4", item.id, "   ")
    review.ideas.hide(second.id)  # moderated like any idea
    assert [idea.text for idea in review.review.remarks()[item.id]] == ["Termine passen nicht für Berufstätige"]
    made = review.review.take_remarks(item.id)
    assert [(idea.phase, idea.text) for idea in made] == [
        (Phase.CRITIQUE, "Sprachcafé im Bürgerhaus: Termine passen nicht für Berufstätige")]
    with pytest.raises(RuleViolation):  # taken once
        review.review.take_remarks(item.id)
    assert [idea.text for idea in review.read.ideas(Phase.CRITIQUE)] == [made[0].text]


def test_priority_dots_go_on_the_visible_measures(review):
    hidden = review.review.items()[2]
    review.review.hide(hidden.id)
    review.steps.next()
    review.steps.next()
    round_ = review.voting.open_round()
    assert round_.kind == ItemKind.MEASURE
    assert [item.label for item in round_.items] == [
        "Sprachcafé im Bürgerhaus", "Patenschaften Ausbildung", "Hausaufgabenhilfe (von Hand)"]
    phone = review.devices.join().id
    review.phones.set_dots(phone, round_.id, round_.items[1].item_id, 3)
    with pytest.raises(NotFound):
        review.phones.set_dots(phone, round_.id, hidden.id, 1)
    review.voting.close_round()
    review.voting.reveal_round()
    assert review.read.session().step == Step.RESULTS
    results = review.read.results(round_.id)
    assert (results[0].label, results[0].total) == ("Patenschaften Ausbildung", 3)
    review.steps.go_to(Phase.REVIEW, Step.PREPARE)
    with pytest.raises(WrongPhase):  # back in the preparation, but the round has its measures already
        review.review.show(hidden.id)


def test_a_review_begins_only_in_a_new_session(service):
    service.ideas.add("Schon etwas an der Wand")
    with pytest.raises(RuleViolation):
        service.review.begin("plan.md", ITEMS)
    with pytest.raises(RuleViolation):
        service.review.begin("plan.md", [])


def test_a_purge_leaves_no_device_behind_the_remarks(review):
    phone = review.devices.join().id
    review.steps.next()
    item = review.review.items()[0]
    review.review.submit_remark(phone, "r-1", item.id, "Termine passen nicht")
    review.purge.run()
    dump = repr(review.store.dump()) + repr(review.read.events_since(0))
    assert phone not in dump
    assert [idea.text for idea in review.review.remarks()[item.id]] == ["Termine passen nicht"]  # kept, anonymous


def test_the_projector_tells_the_room_what_the_review_asks(review):
    from workshop.core.projector import Scene, projector_view

    waiting = projector_view(review.read)
    assert waiting.scene == Scene.GROUP and waiting.task.text() == "Gleich schauen wir gemeinsam auf den Plan."
    assert waiting.task.text("en") == "In a moment we will look at the plan together."
    review.steps.next()
    asking = projector_view(review.read)
    assert asking.scene == Scene.COLLECT and asking.task.text().startswith("Was hakt? Was fehlt?")
