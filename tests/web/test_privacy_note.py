"""The honest privacy note and the actors' network page: what is kept, until when, whom to write to."""

from __future__ import annotations

import html
import re

from workshop.core.models import Phase, Step


async def test_the_note_names_what_is_kept_until_when_and_whom_to_write_to(phones, service):
    service.privacy.update(retention_days=30, contact="integration@stadt.example")
    phone = await phones()
    expected = {"de": ("24. Dezember 2016", "Uhrzeit", "IP"), "en": ("December 24, 2016", "time", "IP"),
                "ar": ("24 ديسمبر 2016", "ملف تعريف ارتباط", "IP"), "uk": ("24 грудня 2016 р.", "cookie", "IP")}
    notes = set()
    for language, needles in expected.items():
        page = (await phone.http.get(phone.page, params={"lang": language})).text
        note = re.search(r"<footer class=\"privacy\">.*?(<details>.*?</details>)", page, re.S).group(1)
        plain = note.replace("\u00a0", " ").replace("\u202f", " ")  # CLDR puts no-break spaces into dates
        for needle in needles:
            assert needle in plain, (language, needle)
        assert 'href="mailto:integration@stadt.example"' in note
        notes.add(note)
        network = (await phone.http.get(f"{phone.page}/network", params={"lang": language})).text
        assert note in network
    assert len(notes) == 4
    german = (await phone.http.get(phone.page, params={"lang": "de"})).text
    assert "Sprache" not in german.split('<footer class="privacy">')[1], "the page's language is never stored"
    for fact in ("Ideen", "Punkte und jede Änderung daran mit Uhrzeit",
                 "wann dieses Telefon dazugekommen ist", "zufällige Kennung", "Keine IP-Adresse",
                 "Koordination des Integrationsplans", "Am 24. Dezember 2016 werden die Angaben zu diesem Telefon "
                 "gelöscht"):
        assert fact in german, fact


async def test_without_a_contact_the_note_says_where_to_withdraw(phones, service):
    phone = await phones()
    note = (await phone.http.get(phone.page)).text
    assert "mailto:" not in note and "während der Veranstaltung auf dessen Seite widerrufen" in note
    form = (await phone.http.get(f"{phone.page}/network")).text
    assert "danach bei der Koordination des Integrationsplans" in form


async def test_consent_names_the_contact_and_the_appendix_needs_its_own_box(phones, service):
    service.privacy.update(contact="integration@stadt.example")
    first, second = await phones(), await phones()
    form = (await first.http.get(f"{first.page}/network")).text
    assert "danach per E-Mail an integration@stadt.example" in form and 'name="listed"' in form
    assert (await first.form("network", {"name": "Amal Haddad", "organisation": "Initiative", "consent": "yes",
                                          "action": "consent"})).status_code == 303
    assert (await second.form("network", {"name": "Jens Krüger", "consent": "yes", "listed": "yes",
                                           "action": "consent"})).status_code == 303
    people = {person.name: person for person in service.consent.network()}
    assert people["Amal Haddad"].consent_listed == 0 and "Protokoll" not in people["Amal Haddad"].consent_text
    assert people["Jens Krüger"].consent_listed == 1
    assert people["Jens Krüger"].consent_text.endswith("Mein Name und meine Organisation dürfen im Protokoll der "
                                                       "Werkstatt stehen.")
    assert [person["name"] for person in service.read.snapshot()["network_listed"]] == ["Jens Krüger"]


def _a_measure(service) -> str:
    theme = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Wohnungen für Familien").id])
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    return service.measures.promote("theme", theme.id, title="Wohnungsbörse", field_of_action="Wohnen").id


def _consent_label(page: str) -> str:
    return html.unescape(re.search(r'<label for="consent">(.*?)</label>', page, re.S).group(1))


async def test_the_sign_up_consent_names_the_session_s_period_for_exported_lists_and_stores_it_as_shown(
        phones, service):
    """The period the facilitator set (not the default 24) in the consent a phone reads in its language, and
    in the text stored with the sign-up, as shown and in German; a later change never rewrites a stored one."""
    measure = _a_measure(service)
    service.privacy.update(network_keep_months=6, contact="integration@stadt.example")
    olena = await phones(**{"accept-language": "uk"})
    label = _consent_label((await olena.http.get(f"{olena.page}/network")).text)
    assert "щонайбільше 6 місяців" in label and "24" not in label
    answer = await olena.form("network", {"measure": measure, "name": "Olena Kowalenko", "role": "mitmachen",
                                          "email": "olena@example.org", "consent": "yes"})
    assert answer.status_code == 303, answer.text
    german = await phones()
    assert "Exportierte Listen bewahrt die Stadt höchstens 6 Monate auf." in _consent_label(
        (await german.http.get(f"{german.page}/network")).text)
    stored = next(person for person in service.read.participants() if person.name == "Olena Kowalenko")
    assert stored.consent_text == label, "stored as the phone showed it"
    assert "Exportierte Listen bewahrt die Stadt höchstens 6 Monate auf." in stored.consent_text_de
    assert stored.consent_version == "mitmachen-1"

    service.privacy.update(network_keep_months=1)  # the singular, and what a phone reads from now on
    later = await phones()
    assert "höchstens 1 Monat auf." in _consent_label((await later.http.get(f"{later.page}/network")).text)
    again = next(person for person in service.read.participants() if person.name == "Olena Kowalenko")
    assert (again.consent_text, again.consent_text_de) == (stored.consent_text, stored.consent_text_de)
