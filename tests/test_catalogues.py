"""The gettext catalogues against the code, as Babel extracts it (Python sources and Jinja templates), and
against GNU gettext itself (msgfmt --check, msgcat), as the translators' tools read them.

Participant-facing messages are those marked in workshop/core/, workshop/web/ (pages, templates) and
workshop/qr.py (`PARTICIPANT_SOURCES`): every phone language translates each of them. Other messages may
be translated (the plan's errors are in English) but need not be.
"""

from __future__ import annotations

import random
import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from tests.conftest import require_tool
from workshop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _p, np_, translate
from workshop.i18n.catalogue import DOMAIN, catalogue_path
from workshop.i18n.extract import KEYWORDS, OPTIONS, PACKAGE, Found, Key, extract
from workshop.i18n.extract import key_of as extracted_key
from workshop.i18n.pofile import Entry, render
from workshop.i18n.update import TEMPLATE, complete, main, template_text, updated, without_references

PHONE_LANGUAGES = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


@pytest.fixture(scope="module")
def found() -> dict[Key, Found]:
    return extract()


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def key_of(message) -> Key:
    """A catalogue entry's key, as the extraction names it (its context included)."""
    if isinstance(message.id, str):
        return extracted_key(message.id, None, message.context)
    return extracted_key(message.id[0], message.id[1], message.context)


def fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def test_extraction_finds_python_and_template_messages_and_who_sees_them(found):
    assert found["Senden"].for_participants and "web/templates/main.html" in found["Senden"].locations
    assert found[("{dots} Punkt", "{dots} Punkte")].for_participants
    assert found["workshop phase\x04Kritik"].for_participants  # core: a phase's name on the phone
    assert not found["Neues Thema"].for_participants  # the facilitator's app only
    assert len([entry for entry in found.values() if entry.for_participants]) > 150


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_every_participant_message_is_translated_in_every_phone_language(found, language):
    po = read(language)
    missing = [entry.key for entry in found.values() if entry.for_participants
               and (entry.key not in {key_of(message) for message in po if message.id}
                    or not complete(po.get(entry.msgid, entry.context).string, po.num_plurals))]
    assert missing == [], f"translate them (python -m workshop.i18n.update adds them to {catalogue_path(language)})"


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_no_stale_or_obsolete_entry(found, language):
    po = read(language)
    stale = [message.id for message in po if message.id and key_of(message) not in found]
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
    """The files are as `python -m workshop.i18n.update` writes them (sorted, gettext's layout); references
    (file:line) move with the code and are left out of the comparison."""
    text, _missing = updated(language, found)
    assert without_references(text) == without_references(catalogue_path(language).read_bytes())


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
    marked = {"_": 1, "n_": 2, "_p": 2, "np_": 3}  # the literal arguments: context, text, plural
    wrong = [f"{Path(path).relative_to(PACKAGE)}:{line} {name}()" for path, line, name, messages in calls
             if not all(isinstance(part, str) for part in
                        ((messages,) if isinstance(messages, str) else messages)[:marked[name]])]
    assert wrong == []


def test_the_template_holds_every_message_with_references_contexts_and_comments(found):
    """What Weblate or Poedit start a new language from: every marked message, where it stands (file:line),
    its context where one German word means two things, the note to translators, and a real header."""
    assert without_references(template_text(found)) == without_references(TEMPLATE.read_bytes()), \
        "run python -m workshop.i18n.update"
    with TEMPLATE.open("rb") as file:
        pot = read_po(file, domain=DOMAIN)
    assert {key_of(message) for message in pot if message.id} == set(found)
    step = pot.get("Abstimmen", "workshop step")
    assert step is not None and pot.get("Abstimmen") is None  # only the step: no second meaning yet
    assert ("workshop/core/models.py", found["workshop step\x04Abstimmen"].lines[0][1]) in step.locations
    assert all(line for message in pot if message.id for _path, line in message.locations)
    assert "not a button" in " ".join(step.auto_comments)
    assert pot.get("offen", "not decided yet") is not None and pot.get("Name", "person") is not None
    assert "Senden" in [message.id for message in pot if message.auto_comments]
    headers = dict(pot.mime_headers)
    assert headers["Project-Id-Version"].startswith("Werkstatt ") and headers["POT-Creation-Date"]


@pytest.mark.parametrize("language", PHONE_LANGUAGES)
def test_headers_are_real(language):
    with TEMPLATE.open("rb") as file:
        created = dict(read_po(file, domain=DOMAIN).mime_headers)["POT-Creation-Date"]
    headers = dict(read(language).mime_headers)
    assert "<LL@li.org>" not in headers["Language-Team"] and headers["Language-Team"]
    assert headers["Project-Id-Version"].startswith("Werkstatt ") and headers["Last-Translator"]
    assert headers["POT-Creation-Date"] == created and not headers["PO-Revision-Date"].startswith("2025-01-01")
    assert b"Generated-By" not in catalogue_path(language).read_bytes()  # a Babel version: changes on upgrade


@pytest.mark.parametrize("path", [TEMPLATE, *map(catalogue_path, PHONE_LANGUAGES)], ids=lambda path: path.name
                         if path == TEMPLATE else path.parent.parent.name)
def test_gettext_checks_each_file_and_msgcat_changes_nothing(path):
    """`msgfmt --check` (format strings, plural forms, header) passes; a `msgcat` round trip, which is how
    gettext-based tools write the file back, leaves every byte as it is."""
    checked = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True,
                             text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    if path != TEMPLATE:
        assert checked.stderr == ""
    again = subprocess.run([require_tool("msgcat"), str(path)], capture_output=True, timeout=60)
    assert again.returncode == 0 and again.stdout == path.read_bytes(), again.stderr


def test_the_writer_wraps_long_lines_as_gettext_does(tmp_path):
    """Random sentences of the words, scripts and punctuation our messages use, written by pofile.py: msgcat
    rewraps none of them (hyphens, slashes, dashes, quotes, escapes, Arabic, Persian with ZWNJ, emoji)."""
    words = ["Idee", "E-Mail", "und/oder", "z. B.", "15.000 €", "(Beispiel)", "„Zitat“", "«نقل»", "Wohnung,",
             "bitte!", "wie?", "—", "x—y", "…", "3–5", "{count}", "{date}.", "ja", "نقطة", "امتیاز‌ها", "Телефон",
             "50 %", "1-2", "a/b", "10:30", "don't", "'quoted'", '"dq"', "Tab\there", "Zeile\nneu", "؟", "،", "۱۲۳",
             "\u00a0", "n_(x)", "[OPTIONEN]", "Verwirklichungsphase", "#3", "+49", "Nr.", "ß", "→", "📱", "▣", "·"]
    shuffle = random.Random(21)
    entries = []
    for number in range(500):
        text = " ".join(shuffle.choice(words) for _word in range(shuffle.randint(3, 30)))
        entries.append(Entry(f"{number} {text}", text.replace(" ", "", shuffle.randint(0, 2))))
    path = tmp_path / "zufall.po"
    path.write_bytes(render(["x"], [("Content-Type", "text/plain; charset=UTF-8")], entries))
    again = subprocess.run([require_tool("msgcat"), str(path)], capture_output=True, timeout=60)
    assert again.returncode == 0 and again.stdout == path.read_bytes(), again.stderr


def test_update_check_passes_on_the_committed_files(capsys):
    assert main(["--check"]) == 0, capsys.readouterr().err


def test_a_message_in_context_is_looked_up_in_its_context():
    """The step „Ergebnis“ and the heading „Ergebnis“ are two entries; a missing context falls back to German."""
    assert _p("workshop step", "Abstimmen") == "Abstimmen"
    assert translate(_p("workshop step", "Abstimmen"), "en") == "Voting"  # a step, not "Vote!"
    assert translate(_p("not decided yet", "offen"), "en") == "to be decided"  # not "open"
    assert translate(_p("no such context", "Senden"), "en") == "Senden"
    assert translate(np_("vote over", "Thema", "Themen", 3), "de") == "Themen"
