"""Session ids (slugs): German as it always was, other scripts transliterated, never empty."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop.core.ids import SLUG_PATTERN, slugify


@pytest.mark.parametrize(("title", "slug"), [
    ("Integrationsplan KW!", "integrationsplan-kw"),
    ("Größe & Übermaß", "groesse-uebermass"),
    ("Ärger über Öl – Straße", "aerger-ueber-oel-strasse"),
    ("Zukunftswerkstatt „Wohnen“ 2016", "zukunftswerkstatt-wohnen-2016"),
    ("Kosten: 2,5 Mio", "kosten-2-5-mio"),
    ("Bürger:innen-Werkstatt", "buerger-innen-werkstatt"),
    ("Café & Crêpes", "cafe-crepes"),
    ("Interkulturelle Woche in Königs Wusterhausen und Umgebung 2017",
     "interkulturelle-woche-in-koenigs-wusterhausen"),  # cut at a word boundary within 48 characters (issue 19)
])
def test_german_titles_keep_their_slugs(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(("title", "slug"), [
    ("Интеграционный план", "integratsionnyi-plan"),  # Russian
    ("Інтеграційний план Київ", "integratsiinii-plan-kiiv"),  # Ukrainian
    ("خطة الاندماج", "kht-lndmj"),  # Arabic: the letters, as Arabic writes no short vowels
    ("برنامه ادغام", "brnmh-dgm"),  # Persian
    ("Σχέδιο ένταξης", "skhedio-entaxes"),  # Greek
])
def test_other_scripts_are_transliterated(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["🎉🎉", "   ", "", "!!!", "🙂 ✨"])
def test_a_title_without_letters_gets_a_readable_default(title):
    assert slugify(title) == "werkstatt"


def test_emoji_next_to_words_drop_out():
    assert slugify("🚀 Werkstatt 2030 🎉") == "werkstatt-2030"


@given(st.text(max_size=120))
def test_every_slug_is_a_valid_session_id(title):
    slug = slugify(title)
    assert SLUG_PATTERN.match(slug) and len(slug) <= 48 and not slug.endswith("-")


def test_home_numbers_a_transliterated_title_that_is_taken(home):
    first = home.create("Інтеграційний план", date="2016-11-24")
    second = home.create("Інтеграційний план", date="2016-11-24")
    ids = [first.read.session().slug, second.read.session().slug]
    first.close()
    second.close()
    assert ids == ["2016-11-24-integratsiinii-plan", "2016-11-24-integratsiinii-plan-2"]
