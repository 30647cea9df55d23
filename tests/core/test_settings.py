"""The session's settings and guiding questions (`service.settings`)."""

from __future__ import annotations

from tests.core.checks import assert_refused
from workshop.core.errors import InvalidInput
from workshop.core.models import Phase


def test_question_and_settings(service):
    service.settings.set_question(Phase.CRITIQUE, "Was läuft beim Zusammenleben in KW nicht gut?")
    assert service.read.session().question() == "Was läuft beim Zusammenleben in KW nicht gut?"
    assert "Wie" in service.read.session().question(Phase.FANTASY)  # the default stays for the others
    assert service.settings.update(dots_per_participant=7, cap_per_item=2).dots_per_participant == 7
    assert_refused(service, InvalidInput, service.settings.update, language="xx")
