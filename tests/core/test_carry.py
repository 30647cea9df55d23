"""Carrying the critique's winning themes into the fantasy phase (SessionService.carry_themes)."""

from __future__ import annotations

import pytest

from workshop.core.errors import NotFound, RuleViolation, WrongPhase
from workshop.core.models import Phase


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
