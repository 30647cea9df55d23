"""A participant's opt-in to the actors' network (`service.consent`): name and contact stored only with the
consent given.

Sign-ups to carry out a measure (`signups.py`) extend this record: they store it with a phone number, the
text in German beside the one shown, and its version. Withdrawing erases the personal data and the sign-ups (during the event on the phone's page, afterwards by the session's
contact address and `werkstatt network --withdraw`); the file is checkpointed right after, so the erased
data is in neither the database nor its WAL (with `secure_delete`, see `store.py`).
"""

from __future__ import annotations

import re

from workshop.core.devices import Devices
from workshop.core.errors import InvalidInput, WrongPhase
from workshop.core.events import ConsentRecorded, ConsentWithdrawn, EventKind, NetworkExported
from workshop.core.models import Participant
from workshop.core.rows import as_participant, load_session, require_device
from workshop.core.rules import clean_consent
from workshop.core.store import Tx
from workshop.core.transactions import Part, Transactions, writes
from workshop.i18n import _


_PHONE_KEEP = re.compile(r"[\s()./-]")


def normalise_phone(text: str, country: str = "49") -> str:
    """A phone number as E.164 (`+4915123456789`); a national number (`0151 …`) is taken as German.

    Raises InvalidInput for anything that is not one: letters, too few or too many digits.
    """
    raw = _PHONE_KEEP.sub("", text.strip())
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("0"):
        raw = f"+{country}{raw[1:]}"
    elif raw and not raw.startswith("+"):
        raw = f"+{country}{raw}"
    digits = raw[1:]
    if not digits.isascii() or not digits.isdigit() or not 7 <= len(digits) <= 15 or digits.startswith("0"):
        raise InvalidInput(_("Die Telefonnummer sieht nicht gültig aus."))
    return raw


def contact_key(contact: str) -> str:
    """What a withdrawal names, as the records store it: an e-mail address case-folded, or a phone as E.164."""
    contact = contact.strip()
    return contact.casefold() if "@" in contact else normalise_phone(contact)


class Consent(Part):
    """Record and withdraw consent; withdrawing erases the personal data and keeps the anonymous device."""

    def __init__(self, transactions: Transactions, devices: Devices) -> None:
        super().__init__(transactions)
        self._devices = devices
        self._checkpoint = transactions.checkpoint

    @writes
    def record(self, device_id: str, *, name: str, consent_text: str, organisation: str = "",
                       email: str = "", listed: bool = False) -> Participant:
        """Name, organisation and e-mail for the actors' network, stored only with the consent's text.

        `listed`: the consent given (its text says so) also allows the name in the protocol's appendix.
        """
        name, consent_text, organisation, email = clean_consent(name, consent_text, organisation, email)
        with self._action(EventKind.CONSENT_RECORDED, actor=device_id, undoable=False) as (tx, action):
            if load_session(tx).purged_at is not None:  # every device row is gone: no phone takes part any more
                raise WrongPhase(_("Diese Werkstatt ist abgeschlossen."))
            self._devices.ensure(tx, device_id)  # a consent is a write: the device takes part from now on
            store_consent(tx, device_id, self._now(), name=name, organisation=organisation, email=email,
                          consent_text=consent_text, listed=listed)
            action.payload = ConsentRecorded()
            return as_participant(tx.get("devices", {"id": device_id}))

    @writes
    def withdraw(self, device_id: str) -> Participant:
        """Erase the personal data of a device; it stays an anonymous participant."""
        with self._action(EventKind.CONSENT_WITHDRAWN, actor=device_id, undoable=False) as (tx, action):
            require_device(tx, device_id)
            _erase(tx, device_id)
            action.payload = ConsentWithdrawn()
            participant = as_participant(tx.get("devices", {"id": device_id}))
        self._checkpoint()
        return participant

    @writes
    def withdraw_by_email(self, email: str) -> int:
        """A withdrawal that reached the session's contact after the event: erase every entry with this
        e-mail address (case ignored) or phone number (any way of writing it); returns how many there were."""
        wanted = contact_key(email)
        with self._action(EventKind.CONSENT_WITHDRAWN, undoable=False) as (tx, action):
            matches = [row["id"] for row in tx.all("SELECT id, email, phone FROM devices "
                                                   "WHERE email IS NOT NULL OR phone IS NOT NULL")
                       if (row["email"] or "").casefold() == wanted or row["phone"] == wanted]
            for device_id in matches:
                _erase(tx, device_id)
            action.payload = ConsentWithdrawn(entries=len(matches))
            action.publish = bool(matches)
        if matches:
            self._checkpoint()
        return len(matches)

    def network(self) -> list[Participant]:
        """The people who opted in to the actors' network, in the order they did."""
        with self._read() as tx:
            rows = tx.all("SELECT * FROM devices WHERE consent_at IS NOT NULL ORDER BY consent_at, rowid")
            return [as_participant(row) for row in rows]

    def unexported(self) -> int:
        """Consents given since the actors' network was last exported (all of them if it never was)."""
        with self._read() as tx:
            exported = load_session(tx).network_exported_at
            return tx.one("SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL AND consent_at > ?",
                          (exported or "",))["n"]

    @writes
    def mark_exported(self) -> None:
        """Note that the coordinator has the actors' network (a purge then warns of nothing lost)."""
        with self._action(EventKind.NETWORK_EXPORTED, undoable=False) as (tx, action):
            session = load_session(tx)
            tx.update("session", {"id": session.id}, network_exported_at=self._now())
            action.payload = NetworkExported()


def store_consent(tx: Tx, device_id: str, at: str, *, name: str, organisation: str, email: str, consent_text: str,
                  listed: bool, phone: str = "", consent_text_de: str = "", version: str = "") -> None:
    """The device's one consent record (network and sign-ups alike), with the text as shown and in German."""
    tx.update("devices", {"id": device_id}, name=name, organisation=organisation or None, email=email or None,
              phone=phone or None, consent_text=consent_text, consent_text_de=consent_text_de or None,
              consent_version=version or None, consent_at=at, consent_listed=int(listed))


def _erase(tx: Tx, device_id: str) -> None:
    """The device's consent record and its sign-ups for measures (`signups.py`) go; the device stays."""
    tx.update("devices", {"id": device_id}, name=None, organisation=None, email=None, phone=None, consent_text=None,
              consent_text_de=None, consent_version=None, consent_at=None, consent_listed=None)
    tx.execute("DELETE FROM signups WHERE device_id = ?", (device_id,))
