"""The phones' gate: one table turns a refusal or a broken rule into a status, a code and a message."""

from __future__ import annotations

import pytest

from workshop.core.errors import (
    BudgetExceeded, CapExceeded, DomainError, InvalidInput, NotFound, RoundClosed, UndoRefused, WrongPhase)
from workshop.i18n import n_
from workshop.web.gate import FORGED, NOT_FOUND, Refused


@pytest.mark.parametrize(("error", "status", "code"), [
    (NotFound("x"), 404, "not_found"), (InvalidInput("x"), 422, "invalid"), (BudgetExceeded("x"), 409, "budget"),
    (CapExceeded("x"), 409, "cap"), (RoundClosed("x"), 409, "round_closed"), (WrongPhase("x"), 409, "wrong_phase"),
    (UndoRefused("x"), 409, "rule"), (DomainError("x"), 409, "rule"),
])
def test_every_broken_rule_has_one_status_and_code(error, status, code):
    refused = Refused.of(error)
    assert (refused.status, refused.code) == (status, code)


def test_a_refusal_speaks_the_phones_language_with_the_rules_numbers():
    error = BudgetExceeded(n_("Sie haben nur {budget} Punkt; {free}", "Sie haben nur {budget} Punkte; {free}", 5),
                           budget=5, left=1, free=n_("{left} ist noch frei.", "{left} sind noch frei.", 1))
    refused = Refused.of(error)
    assert refused.body("de") == {"error": "budget", "message": error.translated("de")}
    assert refused.translated("de") == "Sie haben nur 5 Punkte; 1 ist noch frei."
    assert refused.translated("en") == error.translated("en") != refused.translated("de")
    assert Refused(*FORGED).body("en")["error"] == "forgery"
    assert Refused(*NOT_FOUND).status == 404 and Refused(*NOT_FOUND).translated("uk") != NOT_FOUND[2]
