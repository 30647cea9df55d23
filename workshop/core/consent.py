"""A participant's opt-in to the actors' network: name and contact stored only with the consent given."""

from __future__ import annotations

from workshop.core.devices import Devices
from workshop.core.events import EventKind
from workshop.core.models import Participant
from workshop.core.rows import as_participant, require_device
from workshop.core.rules import clean_consent


class Consent(Devices):
    """Record and withdraw consent; withdrawing erases the personal data and keeps the anonymous device."""

    def record_consent(self, device_id: str, *, name: str, consent_text: str, organisation: str = "",
                       email: str = "") -> Participant:
        """Name, organisation and e-mail for the actors' network, stored only with the consent's text."""
        name, consent_text, organisation, email = clean_consent(name, consent_text, organisation, email)
        with self._action(EventKind.CONSENT_RECORDED, actor=device_id, undoable=False) as (tx, action):
            self._ensure_device(tx, device_id)  # a consent is a write: the device takes part from now on
            tx.update("devices", {"id": device_id}, name=name, organisation=organisation or None,
                      email=email or None, consent_text=consent_text, consent_at=self._now())
            action.data = {}
            return as_participant(tx.get("devices", {"id": device_id}))

    def withdraw_consent(self, device_id: str) -> Participant:
        """Erase the personal data of a device; it stays an anonymous participant."""
        with self._action(EventKind.CONSENT_WITHDRAWN, actor=device_id, undoable=False) as (tx, action):
            require_device(tx, device_id)
            tx.update("devices", {"id": device_id}, name=None, organisation=None, email=None,
                      consent_text=None, consent_at=None)
            action.data = {}
            return as_participant(tx.get("devices", {"id": device_id}))
