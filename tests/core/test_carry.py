"""Carrying the critique's winning themes into the fantasy phase (SessionService.carry_themes)."""

from __future__ import annotations

import pytest

from workshop.core.errors import NotFound, RuleViolation, WrongPhase
from workshop.core.models import Phase


def test_winners_become_fantasy_prompts_in_one_undoable_step(service):
    wohnen = service.create_theme("Wohnen")
    kurse = service.create_theme("Sprache & Kurse")
    carried = service.carry_themes([wohnen.id, kurse.id, wohnen.id])
    assert [(theme.name, theme.phase, theme.source_theme_id) for theme in carried] == [
        ("Wohnen", Phase.FANTASY, wohnen.id), ("Sprache & Kurse", Phase.FANTASY, kurse.id)]
    assert service.can_undo().kind == "ThemesCarried"
    service.undo()
    assert service.themes(Phase.FANTASY) == []
    service.redo()
    assert len(service.themes(Phase.FANTASY)) == 2


def test_a_theme_is_carried_once(service):
    wohnen = service.create_theme("Wohnen")
    kurse = service.create_theme("Kurse")
    service.carry_themes([wohnen.id])
    assert [theme.source_theme_id for theme in service.carry_themes([wohnen.id, kurse.id])] == [kurse.id]
    # Attack: the same request again must not pile up copies; it is refused and writes nothing.
    before = service.last_seq()
    with pytest.raises(RuleViolation):
        service.carry_themes([wohnen.id, kurse.id])
    assert service.last_seq() == before and len(service.themes(Phase.FANTASY)) == 2


def test_refusals_write_nothing(service):
    wohnen = service.create_theme("Wohnen")
    before = service.store.dump()
    with pytest.raises(WrongPhase):  # attack: into the realisation phase, which has no themes
        service.carry_themes([wohnen.id], Phase.REALISATION)
    with pytest.raises(NotFound):  # attack: an id that names nothing, after a valid one
        service.carry_themes([wohnen.id, "01NOSUCHTHEME0000000000000"])
    fantasy = service.create_theme("Traum", phase=Phase.FANTASY)
    with pytest.raises(WrongPhase):  # attack: a fantasy theme carried into its own phase
        service.carry_themes([fantasy.id])
    after = service.store.dump()
    after["themes"] = [row for row in after["themes"] if row["id"] != fantasy.id]
    assert after == before
