"""The actors' network (`service.consent`): participants stay anonymous until they consent."""

from __future__ import annotations

from tests.core.checks import assert_refused
from workshop.core.errors import InvalidInput


def test_participants_are_anonymous_until_they_consent(service):
    phone = service.devices.join("uk")
    assert (phone.name, phone.email, phone.consent_at) == (None, None, None)
    assert_refused(service, InvalidInput, service.consent.record, phone.id, name="Olena", consent_text="")
    assert_refused(service, InvalidInput, service.consent.record, phone.id, name="Olena", email="kein-at",
                   consent_text="Ich willige ein.")
    person = service.consent.record(phone.id, name="Olena", organisation="Willkommensinitiative",
                                    email="olena@example.org", consent_text="Ich willige ein …")
    assert person.consent_text == "Ich willige ein …" and person.consent_at
    cleared = service.consent.withdraw(phone.id)
    assert (cleared.name, cleared.organisation, cleared.email, cleared.consent_text) == (None, None, None, None)
