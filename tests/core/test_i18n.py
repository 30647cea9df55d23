"""The markers and `translate()`: languages, plural forms, parameters, and what is never looked up."""

from __future__ import annotations

import copy
import pickle

import pytest

from workshop.core.errors import BudgetExceeded, InvalidInput
from workshop.i18n import Message, Plural, _, catalogue, n_, negotiate, translate


def test_markers_return_german_text_that_german_code_uses_as_it_is():
    assert _("Senden") == "Senden" and isinstance(_("Senden"), Message)
    points = n_("{dots} Punkt", "{dots} Punkte", 1)
    assert isinstance(points, Plural) and points == "{dots} Punkt" and points.format(dots=1) == "1 Punkt"
    assert n_("{dots} Punkt", "{dots} Punkte", 0).format(dots=0) == "0 Punkte"
    for again in (copy.copy(points), copy.deepcopy(points), pickle.loads(pickle.dumps(points))):
        assert (again.singular, again.plural, again.n) == (points.singular, points.plural, points.n)


@pytest.mark.parametrize(("language", "forms"), [
    ("de", {1: "1 Punkt", 2: "2 Punkte", 0: "0 Punkte"}),
    ("en", {1: "1 point", 2: "2 points", 0: "0 points"}),
    ("ar", {0: "0 نقطة", 1: "نقطة واحدة", 2: "نقطتان", 3: "3 نقاط", 10: "10 نقاط", 11: "11 نقطة", 99: "99 نقطة",
            100: "100 نقطة", 102: "102 نقطة", 103: "103 نقاط"}),
    ("uk", {1: "1 бал", 2: "2 бали", 4: "4 бали", 5: "5 балів", 11: "11 балів", 12: "12 балів", 21: "21 бал",
            22: "22 бали", 111: "111 балів"}),
])
def test_plural_forms_follow_cldr(language, forms):
    shown = {n: translate(n_("{dots} Punkt", "{dots} Punkte", n), language, dots=n) for n in forms}
    assert shown == forms


def test_domain_errors_are_translated_with_their_parameters():
    error = BudgetExceeded(n_("Sie haben nur {budget} Punkt; {free}", "Sie haben nur {budget} Punkte; {free}", 5),
                           budget=5, left=2, free=n_("{left} ist noch frei.", "{left} sind noch frei.", 2))
    assert str(error) == "Sie haben nur 5 Punkte; 2 sind noch frei."
    assert error.translated("en") == "You have only 5 points; 2 are still free."
    assert error.translated("ar") == "لديك 5 نقاط فقط؛ المتبقي نقطتان."
    assert error.translated("uk") == "У вас лише 5 балів; ще 2 вільні."
    nested = InvalidInput(_("{what} ist leer."), what=_("Die Idee"))
    assert nested.translated("en") == "The idea is empty."
    assert nested.translated("xx") == "Die Idee ist leer."  # unknown language: German


def test_a_marked_param_brings_its_own_count():
    message = n_("Sie haben nur {budget} Punkt; {free}", "Sie haben nur {budget} Punkte; {free}", 5)
    free = n_("{left} ist noch frei.", "{left} sind noch frei.", 1)
    assert translate(message, "de", budget=5, left=1, free=free) == "Sie haben nur 5 Punkte; 1 ist noch frei."
    assert translate(message, "uk", budget=5, left=1, free=free) == "У вас лише 5 балів; ще 1 вільний."


def test_plain_params_are_shown_as_typed_even_when_they_equal_a_message():
    """A theme someone named „Wohnen“ or „Die Idee“ is not the app's „Wohnen“."""
    assert translate(_("Ein Punkt mehr: {item}"), "ar", item="Wohnen") == "نقطة أكثر: Wohnen"
    assert InvalidInput(_("{what} ist leer."), what="Die Idee").translated("en") == "Die Idee is empty."
    assert translate(_("Ein Punkt mehr: {item}"), "ar", item=_("Wohnen")) == "نقطة أكثر: السكن"


def test_catalogues_are_read_once():
    assert catalogue("ar") is catalogue("ar") and "Senden" in catalogue("ar")
    assert catalogue("xx").messages == {} and catalogue("de").messages == {}


@pytest.mark.parametrize(("header", "expected"), [
    (None, "de"), ("", "de"), ("ar-SY,ar;q=0.9,en;q=0.8", "ar"), ("en-GB;q=0.5, uk;q=0.9", "uk"),
    ("fr-FR, en;q=0.1", "en"), ("fr", "de"), ("en;q=0", "de"), ("en;q=abc, uk", "uk"),
])
def test_accept_language_negotiation(header, expected):
    assert negotiate(header) == expected


def test_translate_leaves_untranslated_german():
    assert translate("Ein Satz ohne Übersetzung", "en") == "Ein Satz ohne Übersetzung"
    cap = n_("Höchstens {cap} Punkt pro Thema.", "Höchstens {cap} Punkte pro Thema.", 1)
    assert translate(cap, "ar", cap=1) == "نقطة واحدة كحد أقصى لكل موضوع."
