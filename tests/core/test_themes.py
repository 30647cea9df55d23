"""Themes (`service.themes`): group, rename, merge, delete, and carry the critique's winners into the fantasy phase."""

from __future__ import annotations

import pytest

from tests.core.checks import assert_refused
from workshop.core.errors import InvalidInput, NotFound, RuleViolation, WrongPhase
from workshop.core.models import ItemKind, Phase, Step


def test_themes_group_rename_merge_and_delete(service):
    a, b, c = (service.ideas.add(text) for text in ("Mieten", "Kurse", "Kita"))
    wohnen = service.themes.create("Wohnen", idea_ids=[a.id])
    bildung = service.themes.create("Bildung", idea_ids=[b.id])
    assert service.read.idea(a.id).theme_id == wohnen.id
    service.ideas.move([c.id], bildung.id)
    assert service.themes.rename(bildung.id, "Sprache & Kurse").name == "Sprache & Kurse"
    service.themes.merge(wohnen.id, [bildung.id])
    assert {idea.theme_id for idea in service.read.ideas()} == {wohnen.id}
    assert [theme.id for theme in service.read.themes()] == [wohnen.id]
    service.themes.delete(wohnen.id)
    assert {idea.theme_id for idea in service.read.ideas()} == {None}  # back to "unsorted"
    assert service.read.themes() == []


def test_theme_rules(service):
    idea = service.ideas.add("Mieten")
    theme = service.themes.create("Wohnen")
    assert_refused(service, NotFound, service.ideas.move, [idea.id], "no-such-theme")
    assert_refused(service, NotFound, service.themes.rename, "no-such-theme", "X")
    assert_refused(service, InvalidInput, service.themes.rename, theme.id, "")
    assert_refused(service, InvalidInput, service.themes.merge, theme.id, [theme.id])
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    fantasy = service.themes.create("Wohnen für alle", source_theme_id=theme.id)
    assert fantasy.source_theme_id == theme.id and fantasy.phase == Phase.FANTASY
    assert_refused(service, WrongPhase, service.ideas.move, [idea.id], fantasy.id)  # a critique idea
    assert_refused(service, WrongPhase, service.themes.merge, fantasy.id, [theme.id])


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164", "\u2800 \u00ad"])
def test_invisible_theme_names_and_measure_titles_are_empty(service, text):
    """User action: the facilitator pastes an invisible character as a theme's name or a measure's title."""
    theme = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    assert_refused(service, InvalidInput, service.themes.create, text)
    assert_refused(service, InvalidInput, service.themes.rename, theme.id, text)
    measure = service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen")
    error = assert_refused(service, InvalidInput, service.measures.update, measure.id, title=text)
    assert "Der Titel ist leer." in str(error)


# ------------------------------------------------------------------------ carrying the critique's winners


def test_winners_become_fantasy_prompts_in_one_undoable_step(service):
    wohnen = service.themes.create("Wohnen")
    kurse = service.themes.create("Sprache & Kurse")
    carried = service.themes.carry([wohnen.id, kurse.id, wohnen.id])
    assert [(theme.name, theme.phase, theme.source_theme_id) for theme in carried] == [
        ("Wohnen", Phase.FANTASY, wohnen.id), ("Sprache & Kurse", Phase.FANTASY, kurse.id)]
    assert service.undo.can_undo().kind == "ThemesCarried"
    service.undo.undo()
    assert service.read.themes(Phase.FANTASY) == []
    service.undo.redo()
    assert len(service.read.themes(Phase.FANTASY)) == 2


def test_a_theme_is_carried_once(service):
    wohnen = service.themes.create("Wohnen")
    kurse = service.themes.create("Kurse")
    service.themes.carry([wohnen.id])
    assert [theme.source_theme_id for theme in service.themes.carry([wohnen.id, kurse.id])] == [kurse.id]
    # Attack: the same request again must not pile up copies; it is refused and writes nothing.
    before = service.read.last_seq()
    with pytest.raises(RuleViolation):
        service.themes.carry([wohnen.id, kurse.id])
    assert service.read.last_seq() == before and len(service.read.themes(Phase.FANTASY)) == 2


def test_refusals_write_nothing(service):
    wohnen = service.themes.create("Wohnen")
    before = service.store.dump()
    with pytest.raises(WrongPhase):  # attack: into the realisation phase, which has no themes
        service.themes.carry([wohnen.id], Phase.REALISATION)
    with pytest.raises(NotFound):  # attack: an id that names nothing, after a valid one
        service.themes.carry([wohnen.id, "01NOSUCHTHEME0000000000000"])
    fantasy = service.themes.create("Traum", phase=Phase.FANTASY)
    with pytest.raises(WrongPhase):  # attack: a fantasy theme carried into its own phase
        service.themes.carry([fantasy.id])
    after = service.store.dump()
    after["themes"] = [row for row in after["themes"] if row["id"] != fantasy.id]
    assert after == before
