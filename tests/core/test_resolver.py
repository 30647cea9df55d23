"""One session resolver for every command (issue 19): a full id, or a unique beginning of one; `purge` only the
full id; and new ids cut between words."""

from __future__ import annotations

import pytest

from workshop.core import ids
from workshop.core.errors import NotFound

from tests.clirun import werkstatt


def test_a_unique_beginning_opens_the_session_an_ambiguous_one_lists_the_matches(home):
    for title in ("Integrationsplan Wohnen", "Integrationsplan Bildung", "Kita-Abend"):
        home.create(title, date="2016-11-24").close()
    assert home.resolve("2016-11-24-kita").stem == "2016-11-24-kita-abend"
    with pytest.raises(NotFound) as refused:
        home.resolve("2016-11-24-integ")
    message = str(refused.value)
    assert "mehreren Sitzungen" in message
    assert "2016-11-24-integrationsplan-bildung" in message and "2016-11-24-integrationsplan-wohnen" in message
    with pytest.raises(NotFound):
        home.resolve("2016-11-24-kita", exact=True)  # purge's way: the full id only


def test_the_commands_take_a_prefix_and_purge_does_not(home):
    home.create("Kita-Abend", date="2016-11-24").close()
    shown = werkstatt(home.root, "show", "2016-11-24-ki", "--json")
    assert shown.exit_code == 0 and "Kita-Abend" in shown.output
    refused = werkstatt(home.root, "purge", "2016-11-24-ki", "--yes")
    assert refused.exit_code != 0 and "Keine Sitzung" in refused.output
    assert home.path_of("2016-11-24-kita-abend").exists()


def test_a_sixty_character_title_gives_an_id_that_ends_at_a_word_boundary():
    title = "Zukunftswerkstatt Integration im Landkreis Königs Wusterhausen"
    assert len(title) >= 60
    slug = ids.slugify(title)
    words = ids.slugify(title, max_length=200).split("-")
    assert len(slug) <= 48 and slug.split("-") == words[:len(slug.split("-"))]  # whole words only
