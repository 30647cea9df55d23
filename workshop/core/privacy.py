"""What the session keeps about participants' phones and for how long: the retention period and the contact
address for withdrawals after the event, both named in the phones' privacy note."""

from __future__ import annotations

from datetime import date, timedelta

from workshop.core.events import EventKind, SettingsChanged
from workshop.core.models import Session
from workshop.core.rows import load_session
from workshop.core.rules import check_retention_days, clean_contact
from workshop.core.transactions import Part, writes
from workshop.core.errors import InvalidInput
from workshop.i18n import _, n_, translate

# What a person agrees to on the actors' network page; stored, in the phone's language, with the entry.
NETWORK_CONSENT = _("Ich bin damit einverstanden, dass die Koordination des Integrationsplans meinen Namen, meine "
                    "Organisation und meine E-Mail-Adresse speichert, um mich zum Netzwerk der Akteure einzuladen.")
WITHDRAW_AT = _("Widerrufen kann ich während der Veranstaltung auf dieser Seite, danach per E-Mail an {contact}.")
WITHDRAW_HERE = _("Widerrufen kann ich während der Veranstaltung auf dieser Seite, danach bei der Koordination des "
                  "Integrationsplans.")
# The second, optional box: only with it does a name stand in the protocol's appendix.
PROTOCOL_LISTING = _("Mein Name und meine Organisation dürfen im Protokoll der Werkstatt stehen.")

KEEP_MONTHS_DEFAULT, KEEP_MONTHS_MAX = 24, 120
# The version of the sign-up's consent text (`signups.py`): stored with each consent, raised when the wording changes.
SIGNUP_CONSENT_VERSION = "mitmachen-1"
# What a person agrees to when signing up to carry out a measure; stored as shown and in German.
SIGNUP_PURPOSE = _("Die Stadt darf mich zur Umsetzung dieser Maßnahme kontaktieren.")
SIGNUP_RECIPIENT = _("Empfänger ist die Koordination des Integrationsplans der Stadt; sie speichert dazu meinen "
                     "Namen, meine Organisation, meine E-Mail-Adresse oder Telefonnummer, meine Rolle und die "
                     "Maßnahmen, bei denen ich mitmache.")
SIGNUP_UNENCRYPTED = _("Die Verbindung im Raum ist nicht verschlüsselt: wer im selben WLAN ist, könnte die "
                       "Angaben mitlesen.")


def keep_text(months: int) -> str:
    """The consent's sentence on how long the town keeps exported lists."""
    return n_("Exportierte Listen bewahrt die Stadt höchstens {months} Monat auf.",
              "Exportierte Listen bewahrt die Stadt höchstens {months} Monate auf.", months)


def signup_consent(session: Session, language: str) -> str:
    """The sign-up's consent text in `language`: purpose, recipient, how long exported lists are kept, where
    to withdraw, and that the room's connection is not encrypted."""
    contact = session.contact
    withdraw = translate(WITHDRAW_AT, language, contact=contact) if contact else translate(WITHDRAW_HERE, language)
    months = session.network_keep_months
    return " ".join((translate(SIGNUP_PURPOSE, language), translate(SIGNUP_RECIPIENT, language),
                     translate(keep_text(months), language, months=months), withdraw,
                     translate(SIGNUP_UNENCRYPTED, language)))


def check_keep_months(months: object) -> int:
    """How many months the town keeps exported lists of the network: 1 to ten years."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= KEEP_MONTHS_MAX:
        raise InvalidInput(_("Die Aufbewahrung exportierter Listen muss zwischen 1 und {limit} Monaten liegen."),
                           limit=KEEP_MONTHS_MAX)
    return months


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
