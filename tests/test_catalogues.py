"""The gettext catalogues against the code, as Babel extracts it (Python sources and Jinja templates).

Participant-facing messages are those marked in workshop/core/, workshop/web/ (pages, templates) and
workshop/qr.py (`PARTICIPANT_SOURCES`): every phone language translates each of them. Other messages may
be translated (the plan's errors are in English) but need not be.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from workshop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from workshop.i18n.catalogue import DOMAIN, catalogue_path
from workshop.i18n.extract import KEYWORDS, OPTIONS, PACKAGE, Found, Key, extract
from workshop.i18n.update import complete, updated

PHONE_LANGUAGES = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


@pytest.fixture(scope="module")
def found() -> dict[Key, Found]:
    return extract()


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def key_of(message_id: str | tuple[str, ...]) -> Key:
    return message_id if isinstance(message_id, str) else (message_id[0], message_id[1])


def fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def test_extraction_finds_python_and_template_messages_and_who_sees_them(found):
    assert found["Senden"].for_participants and "web/templates/main.html" in found["Senden"].locations
    assert found[("{dots} Punkt", "{dots} Punkte")].for_participants
    assert found["Kritik"].for_participants  # core: a phase's name on the phone
    assert not found["Neues Thema"].for_participants  # the facilitator's app only
    assert len([entry for entry in found.values() if entry.for_participants]) > 150


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_every_participant_message_is_translated_in_every_phone_language(found, language):
    po = read(language)
    missing = [entry.key for entry in found.values() if entry.for_participants
               and (entry.key not in {key_of(message.id) for message in po if message.id}
                    or not complete(po[entry.msgid].string, po.num_plurals))]
    assert missing == [], f"translate them (python -m workshop.i18n.update adds them to {catalogue_path(language)})"


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_no_stale_or_obsolete_entry(found, language):
    po = read(language)
    stale = [message.id for message in po if message.id and key_of(message.id) not in found]
    assert stale == [], "the code no longer uses them: run python -m workshop.i18n.update"
    assert not po.obsolete


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_nothing_ships_fuzzy(language):
    po = read(language)
    assert not po.fuzzy
    assert [message.id for message in po if message.id and message.fuzzy] == []


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_plural_entries_have_every_cldr_form_of_the_language(language):
    po = read(language)
    cldr = get_plural(language)
    assert (po.num_plurals, po.plural_expr) == (cldr.num_plurals, cldr.plural_expr)
    short = [message.id for message in po if message.pluralizable and message.string
             and not complete(message.string, cldr.num_plurals)]
    assert short == []


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_placeholders_match_the_german_text(language):
    """`{name}` in the German text must be in the translation, and nothing else; a plural form may leave out
    a placeholder another form has (Arabic says „نقطتان“, two points, without the number)."""
    wrong = []
    for message in read(language):
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            if fields(message.id) != fields(message.string):
                wrong.append(message.id)
            continue
        german = fields(message.id[0]) | fields(message.id[1])
        forms = [fields(form) for form in message.string if form]
        if any(not form <= german for form in forms) or set().union(*forms) != german:
            wrong.append(message.id)
    assert wrong == []


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_the_update_command_would_change_nothing_but_locations(found, language):
    """The files are as `python -m workshop.i18n.update` writes them (sorted, one line per message)."""
    text, _missing = updated(language, found)
    strip = lambda data: [line for line in data.splitlines() if not line.startswith(b"#:")]  # noqa: E731
    assert strip(text) == strip(catalogue_path(language).read_bytes())


def test_only_literal_messages_are_marked():
    """`_(variable)` would look up whatever the variable holds, such as a theme someone named „Wohnen“."""
    options = OPTIONS["**/templates/**.html"]
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        with path.open("rb") as file:
            calls += [(path, line, name, messages) for line, name, messages, _comments in
                      extract_python(file, KEYWORDS.keys(), [], {})]
    for path in sorted(PACKAGE.rglob("templates/*.html")):
        with path.open("rb") as file:
            calls += [(path, line, name, messages) for line, name, messages, _comments in
                      babel_extract(file, KEYWORDS.keys(), [], options)]
    assert len(calls) > 500
    marked = {"_": 1, "n_": 2}
    wrong = [f"{Path(path).relative_to(PACKAGE)}:{line} {name}()" for path, line, name, messages in calls
             if not all(isinstance(part, str) for part in
                        ((messages,) if isinstance(messages, str) else messages)[:marked[name]])]
    assert wrong == []
