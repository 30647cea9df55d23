"""Draft measures (`service.measures`): promoted with their dots as evidence, every field checked."""

from __future__ import annotations

from tests.core.checks import assert_refused, vote_setup
from workshop.core.errors import InvalidInput, NotFound, RuleViolation
from workshop.core.models import ItemKind, Timeframe


def test_promote_a_theme_with_its_dots(service):
    round_ = vote_setup(service)
    theme = round_.items[0].item_id
    service.phones.set_dots(service.devices.join().id, round_.id, theme, 3)
    service.voting.set_paper_dots(round_.id, theme, 7)
    service.voting.close_round()
    measure = service.measures.promote(
        ItemKind.THEME, theme, goal="Familien finden eine Wohnung.", field_of_action="Wohnen",
        timeframe=Timeframe.SHORT, target_year=2017, cost_eur=15000, funding="Haushalt Stadt",
        responsible="FB Soziales", partners=["Wohnungsgesellschaft", "Willkommensinitiative"])
    assert measure.title == "Wohnen" and measure.support_dots == 10
    assert measure.source_theme_ids == (theme,) and measure.status == "Entwurf"
    second = service.measures.promote(ItemKind.IDEA, service.read.ideas()[1].id, field_of_action="Bildung")
    updated = service.measures.update(second.id, depends_on=[measure.id], owner_name="Erika Muster",
                                     owner_consent=True, status="beschlossen")
    assert updated.depends_on == (measure.id,) and updated.owner_name == "Erika Muster"
    assert_refused(service, RuleViolation, service.measures.delete, measure.id)  # the second depends on it
    service.measures.delete(second.id)
    assert [m.id for m in service.read.measures()] == [measure.id]


def test_measure_rules(service):
    idea = service.ideas.add("Versteckt")
    service.ideas.hide(idea.id)
    assert_refused(service, RuleViolation, service.measures.promote, ItemKind.IDEA, idea.id)  # a hidden idea
    measure = service.measures.promote(ItemKind.IDEA, service.ideas.add("Sichtbar").id)
    for fields, error in [
        ({"timeframe": "morgen"}, InvalidInput), ({"target_year": 1900}, InvalidInput),
        ({"cost_eur": -5}, InvalidInput), ({"cost_eur": 1.5}, InvalidInput), ({"title": ""}, InvalidInput),
        ({"depends_on": [measure.id]}, InvalidInput), ({"depends_on": ["unknown"]}, NotFound),
        ({"status": "erledigt"}, InvalidInput), ({"colour": "rot"}, InvalidInput),
        ({"owner_name": "Erika Muster"}, RuleViolation),  # a person's name without their consent
    ]:
        assert_refused(service, error, service.measures.update, measure.id, **fields)
