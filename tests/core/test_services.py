"""The session object (`core/services.py`): creating and opening a session file, and ids that name nothing."""

from __future__ import annotations

import pytest

from tests.core.checks import assert_refused
from workshop.core.errors import InvalidInput, NotFound
from workshop.core.ids import is_join_token
from workshop.core.models import ItemKind, Phase, Step
from workshop.core.services import SessionService


def test_new_session_has_defaults_and_an_unguessable_token(service):
    session = service.read.session()
    assert (session.phase, session.step) == (Phase.CRITIQUE, Step.COLLECT)
    assert (session.dots_per_participant, session.cap_per_item) == (5, 3)
    assert is_join_token(session.join_token)
    assert session.venue == "Bürgerhaus"
    other = SessionService.create(service.store.path.with_name("other.db"), "Zweite", slug="other")
    assert other.read.session().join_token != session.join_token
    assert other.read.session().id != session.id


def test_create_refuses_bad_rules_and_titles(home):
    with pytest.raises(InvalidInput, match="leer"):
        home.create("   ")
    with pytest.raises(InvalidInput, match="Punkte pro Thema"):
        home.create("Werkstatt", dots_per_participant=2, cap_per_item=3)
    with pytest.raises(InvalidInput, match="JJJJ-MM-TT"):
        home.create("Werkstatt", date="24.11.2016")
    assert not list(home.sessions_dir.glob("*.db")) if home.sessions_dir.exists() else True


def test_unknown_ids_are_refused(service):
    for action, args in [(service.ideas.edit, ("nope", "x")), (service.ideas.hide, ("nope",)),
                         (service.themes.delete, ("nope",)), (service.voting.close_round, ("nope",)),
                         (service.measures.update, ("nope",)), (service.measures.promote, (ItemKind.THEME, "nope"))]:
        assert_refused(service, NotFound, action, *args)
