"""Sign-ups to carry out a measure (`service.signups`): one consent record per device, counts per measure."""

from __future__ import annotations

import pytest

from tests.core.checks import assert_refused
from tests.core.test_purge import file_bytes
from workshop.core.errors import InvalidInput, NotFound
from workshop.core.models import ItemKind
from workshop.core.consent import normalise_phone
from workshop.core.signups import Role, SignupCount

CONSENT = {"consent_text": "Я погоджуюся …", "consent_text_de": "Die Stadt darf mich … kontaktieren."}


@pytest.fixture
def measures(service):
    theme = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mehr Wohnungen").id])
    other = service.themes.create("Sprache", idea_ids=[service.ideas.add("Sprachcafé").id])
    return (service.measures.promote(ItemKind.THEME, theme.id, title="Wohnungsbörse", field_of_action="Wohnen"),
            service.measures.promote(ItemKind.THEME, other.id, title="Sprachcafé", field_of_action="Bildung"))


def test_a_sign_up_stores_the_consent_as_shown_and_in_german_with_its_version(service, measures):
    first, second = measures
    phone = service.devices.mint()
    signed = service.signups.sign_up(phone, [first.id, second.id], name="Olena", email="Olena@Example.org",
                                     role=Role.JOIN, **CONSENT)
    assert [signup.title for signup in signed] == ["Wohnungsbörse", "Sprachcafé"]
    person = service.read.participant(phone)
    assert (person.consent_text, person.consent_text_de, person.consent_version) == (
        "Я погоджуюся …", "Die Stadt darf mich … kontaktieren.", "mitmachen-1")
    assert service.signups.counts() == {first.id: SignupCount(1, 0), second.id: SignupCount(1, 0)}


def test_bad_sign_ups_are_refused_and_change_nothing(service, measures):
    """Attacks: no contact at all, an organisation role without an organisation, a forged measure id, a
    phone number made of letters, a role the form never offers."""
    first, _second = measures
    phone = service.devices.mint()
    assert_refused(service, InvalidInput, service.signups.sign_up, phone, [first.id], name="A", role="mitmachen",
                   **CONSENT)
    assert_refused(service, InvalidInput, service.signups.sign_up, phone, [first.id], name="A", email="a@b.de",
                   role=Role.ORGANISATION, **CONSENT)
    assert_refused(service, NotFound, service.signups.sign_up, phone, [first.id, "forged"], name="A",
                   email="a@b.de", role="mitmachen", **CONSENT)
    assert_refused(service, InvalidInput, service.signups.sign_up, phone, [first.id], name="A", phone="call me",
                   role="mitmachen", **CONSENT)
    assert_refused(service, InvalidInput, service.signups.sign_up, phone, [first.id], name="A", email="a@b.de",
                   role="admin", **CONSENT)
    assert_refused(service, InvalidInput, service.signups.sign_up, phone, [], name="A", email="a@b.de",
                   role="mitmachen", **CONSENT)


def test_phone_numbers_become_e164():
    assert normalise_phone("0151 234 567-89") == "+4915123456789"
    assert normalise_phone("0049 (151) 23456789") == "+4915123456789"
    assert normalise_phone("+380 67 123 4567") == "+380671234567"
    for bad in ("12", "+49 0151", "٠١٥١٢٣٤٥٦٧٨", "0151 abc"):
        with pytest.raises(InvalidInput):
            normalise_phone(bad)


def test_organisations_count_once_and_only_for_that_role(service, measures):
    first, _second = measures
    for name, organisation, role in (("A", "Tafel e.V.", Role.ORGANISATION), ("B", "tafel e.v.", Role.ORGANISATION),
                                     ("C", "Kirche", Role.JOIN), ("D", "", Role.CONTACT)):
        service.signups.sign_up(service.devices.mint(), [first.id], name=name, organisation=organisation,
                                phone="0151 1234567", role=role, **CONSENT)
    assert service.signups.counts()[first.id] == SignupCount(4, 1)


def test_withdrawing_one_sign_up_keeps_the_others_and_withdrawing_consent_erases_all(service, measures):
    first, second = measures
    phone = service.devices.mint()
    service.signups.sign_up(phone, [first.id, second.id], name="Olena", email="o@example.org", role="mitmachen",
                            **CONSENT)
    service.signups.withdraw(phone, first.id)
    assert [signup.measure_id for signup in service.signups.of_device(phone)] == [second.id]
    service.consent.withdraw(phone)
    assert service.signups.of_device(phone) == [] and service.signups.counts() == {}
    assert b"o@example.org" not in file_bytes(service.store.path)


def test_a_deleted_measure_keeps_its_sign_ups_marked_discarded(service, measures):
    first, _second = measures
    service.signups.sign_up(service.devices.mint(), [first.id], name="Olena", email="o@example.org",
                            role="mitmachen", **CONSENT)
    service.measures.delete(first.id)
    (signup,) = service.signups.all()
    assert signup.discarded and signup.title == "Wohnungsbörse" and signup.field_of_action == "Wohnen"
    service.undo.undo()
    assert not service.signups.all()[0].discarded


def test_purge_leaves_no_sign_up_in_the_file_and_keeps_the_counts(service, measures):
    first, _second = measures
    for name, email, phone in (("Olena Kowalenko", "olena@example.org", ""), ("Karim Haddad", "", "0176 9876543")):
        service.signups.sign_up(service.devices.mint(), [first.id], name=name, email=email, phone=phone,
                                organisation="Tafel Süd", role=Role.ORGANISATION, **CONSENT)
    report = service.purge.run()
    assert report.consents == 2 and report.checkpointed
    data = file_bytes(service.store.path)
    for secret in ("Olena Kowalenko", "olena@example.org", "Karim Haddad", "+491769876543", "Tafel Süd",
                   "Die Stadt darf mich"):
        assert secret.encode() not in data, secret
    assert service.store.conn.execute("SELECT COUNT(*) FROM signups").fetchone()[0] == 0
    assert service.signups.counts() == {first.id: SignupCount(2, 1)}
