"""What the session keeps about participants' phones and for how long: the retention period and the contact
address for withdrawals after the event, both named in the phones' privacy note."""

from __future__ import annotations

from datetime import date, timedelta

from workshop.core.events import EventKind, SettingsChanged
from workshop.core.models import Session
from workshop.core.rows import load_session
from workshop.core.rules import check_retention_days, clean_contact
from workshop.core.signups import check_keep_months
from workshop.core.transactions import Part, writes
from workshop.i18n import _

# What a person agrees to on the actors' network page; stored, in the phone's language, with the entry.
NETWORK_CONSENT = _("Ich bin damit einverstanden, dass die Koordination des Integrationsplans meinen Namen, meine "
                    "Organisation und meine E-Mail-Adresse speichert, um mich zum Netzwerk der Akteure einzuladen.")
WITHDRAW_AT = _("Widerrufen kann ich während der Veranstaltung auf dieser Seite, danach per E-Mail an {contact}.")
WITHDRAW_HERE = _("Widerrufen kann ich während der Veranstaltung auf dieser Seite, danach bei der Koordination des "
                  "Integrationsplans.")
# The second, optional box: only with it does a name stand in the protocol's appendix.
PROTOCOL_LISTING = _("Mein Name und meine Organisation dürfen im Protokoll der Werkstatt stehen.")


def expires_on(session: Session) -> date:
    """The day from which the session's per-device data may be deleted (`werkstatt purge --expired`)."""
    return date.fromisoformat(session.date) + timedelta(days=session.retention_days)


def is_expired(session: Session, today: date) -> bool:
    """Past its retention period and not yet purged."""
    return session.purged_at is None and today >= expires_on(session)


class Privacy(Part):
    """The session's privacy settings (`service.privacy`; a facilitator's action, undoable like the other settings)."""

    @writes
    def update(self, *, retention_days: int | None = None, contact: str | None = None,
               network_keep_months: int | None = None) -> Session:
        """Change the retention period (days after the session's date), the withdrawal contact, or how many
        months the town keeps exported lists of the network (named in the sign-up's consent)."""
        values: dict[str, object] = {}
        if retention_days is not None:
            values["retention_days"] = check_retention_days(retention_days)
        if contact is not None:
            values["contact"] = clean_contact(contact)
        if network_keep_months is not None:
            values["network_keep_months"] = check_keep_months(network_keep_months)
        with self._action(EventKind.SETTINGS_CHANGED) as (tx, action):
            session = load_session(tx)
            if values:
                tx.update("session", {"id": session.id}, **values)
            action.payload = SettingsChanged(**values)  # type: ignore[arg-type]
            return load_session(tx)
