"""Messages a phone may see exist in every language, with the same placeholders as the German text."""

from __future__ import annotations

import re
import string

import pytest

from workshop.core.errors import BudgetExceeded, InvalidInput
from workshop.i18n import LANGUAGES, catalogue, negotiate, translate


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "de"])
def test_catalogue_placeholders_match_german(language):
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for german, translated in catalogue(language).items():
        assert fields(german) == fields(translated), (language, german)


def test_domain_errors_are_translated_with_their_parameters():
    error = BudgetExceeded("Sie haben nur {budget} Punkte; {left} sind noch frei.", budget=5, left=2)
    assert str(error) == "Sie haben nur 5 Punkte; 2 sind noch frei."
    assert error.translated("en") == "You have only 5 dots; 2 are still free."
    assert "5" in error.translated("ar") and "2" in error.translated("uk")
    nested = InvalidInput("{what} ist leer.", what="Die Idee")
    assert nested.translated("en") == "The idea is empty."
    assert nested.translated("xx") == "Die Idee ist leer."  # unknown language: German


@pytest.mark.parametrize(("header", "expected"), [
    (None, "de"), ("", "de"), ("ar-SY,ar;q=0.9,en;q=0.8", "ar"), ("en-GB;q=0.5, uk;q=0.9", "uk"),
    ("fr-FR, en;q=0.1", "en"), ("fr", "de"), ("en;q=0", "de"), ("en;q=abc, uk", "uk"),
])
def test_accept_language_negotiation(header, expected):
    assert negotiate(header) == expected


def test_translate_leaves_untranslated_german():
    assert translate("Ein Satz ohne Übersetzung", "en") == "Ein Satz ohne Übersetzung"
    assert re.search(r"\d", translate("Höchstens {cap} Punkte pro Thema.", "ar", cap=3))
