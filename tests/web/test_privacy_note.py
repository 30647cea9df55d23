"""The honest privacy note and the actors' network page: what is kept, until when, whom to write to."""

from __future__ import annotations

import re


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
