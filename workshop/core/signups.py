"""People who sign up on their phones to carry out a measure (`service.signups`): the actors' network per measure.

A sign-up extends the device's one consent record (`consent.py`), not a second system: the person's name,
organisation, e-mail or phone number, the consent's text as shown (in the phone's language) and in German,
with its version, and whether the name may stand in the protocol. Each measure the person taps is one
`signups` row (device, measure, role) that keeps the measure's title and field as they were, so the
network's export still names a measure the facilitator deleted. Counts per measure are public (they are
not a vote); names and contacts reach only the facilitator's app and the coordinator's export. Withdrawing
one sign-up, or the whole consent, erases it; a purge deletes every row and keeps only the counts.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass

from workshop.core.consent import Consent, normalise_phone, store_consent
from workshop.core.devices import Devices
from workshop.core.errors import InvalidInput, NotFound, WrongPhase
from workshop.core.events import ConsentRecorded, ConsentWithdrawn, EventKind
from workshop.core.models import Participant
from workshop.core.privacy import SIGNUP_CONSENT_VERSION
from workshop.core.rows import load_session, require_device
from workshop.core.rules import clean_consent, clean_text
from workshop.core.store import Tx
from workshop.core.transactions import Part, Transactions, writes
from workshop.i18n import _, n_

MEASURES_MAX = 50  # sign-ups one form may carry


class Role(enum.StrEnum):
    """How a person wants to carry out a measure; the value is what the file stores."""

    JOIN = "mitmachen"
    ORGANISATION = "organisation"
    CONTACT = "ansprechperson"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.JOIN: _("mitmachen"), Role.ORGANISATION: _("als Organisation unterstützen"),
               Role.CONTACT: _("Ansprechperson")}
DISCARDED = _("(Maßnahme verworfen)")


@dataclass(frozen=True, slots=True)
class SignupCount:
    """A measure's sign-ups as the room may see them: people, and the distinct organisations among them."""

    people: int = 0
    organisations: int = 0


@dataclass(frozen=True, slots=True)
class Signup:
    """One person's sign-up for one measure, as the facilitator and the coordinator see it."""

    device_id: str
    measure_id: str
    role: Role
    title: str
    field_of_action: str
    discarded: bool  # the measure was deleted after the sign-up
    name: str
    organisation: str
    email: str
    phone: str
    consent_text: str
    consent_at: str
    listed: bool
    created_at: str


class Signups(Part):
    """Sign up for measures, withdraw a sign-up, and what the room, the facilitator and the export see of them."""

    def __init__(self, transactions: Transactions, devices: Devices) -> None:
        super().__init__(transactions)
        self._devices = devices
        self._checkpoint = transactions.checkpoint

    @writes
    def sign_up(self, device_id: str, measure_ids: list[str] | tuple[str, ...], *, name: str, role: Role | str,
                consent_text: str, consent_text_de: str, organisation: str = "", email: str = "", phone: str = "",
                listed: bool = False) -> list[Signup]:
        """Sign a device up for one or more measures, storing the consent record the sign-up needs.

        The consent's text is stored as shown and in German, with `SIGNUP_CONSENT_VERSION` (`privacy.py`);
        signing up again for a measure changes the role; every field the record holds is replaced by the latest form.
        """
        try:
            role = Role(role)
        except ValueError:
            raise InvalidInput(_("Bitte wählen Sie eine Rolle.")) from None
        name, consent_text, organisation, email = clean_consent(name, consent_text, organisation, email)
        consent_text_de = clean_text(consent_text_de, max_length=4000, what=_("Der Einwilligungstext"))
        phone = normalise_phone(phone) if phone.strip() else ""
        if not email and not phone:
            raise InvalidInput(_("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."))
        if role == Role.ORGANISATION and not organisation:
            raise InvalidInput(_("Bitte nennen Sie die Organisation, die unterstützt."))
        wanted = list(dict.fromkeys(str(measure_id) for measure_id in measure_ids))
        if not wanted:
            raise InvalidInput(_("Bitte wählen Sie mindestens eine Maßnahme."))
        if len(wanted) > MEASURES_MAX:
            raise InvalidInput(_("Zu viele Maßnahmen auf einmal."))
        with self._action(EventKind.CONSENT_RECORDED, actor=device_id, undoable=False) as (tx, action):
            if load_session(tx).purged_at is not None:
                raise WrongPhase(_("Diese Werkstatt ist abgeschlossen."))
            measures = {row["id"]: row for row in tx.all(
                "SELECT id, title, field_of_action FROM measures WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),))}
            if len(measures) != len(wanted):
                raise NotFound(_("Diese Maßnahme gibt es nicht (mehr)."))
            self._devices.ensure(tx, device_id)
            at = self._now()
            store_consent(tx, device_id, at, name=name, organisation=organisation, email=email, phone=phone,
                          consent_text=consent_text, consent_text_de=consent_text_de, version=SIGNUP_CONSENT_VERSION,
                          listed=listed)
            for measure_id in wanted:
                measure = measures[measure_id]
                tx.execute("INSERT INTO signups (device_id, measure_id, role, title, field_of_action, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, measure_id) DO UPDATE SET "
                           "role = excluded.role, title = excluded.title, field_of_action = excluded.field_of_action",
                           (device_id, measure_id, str(role), measure["title"], measure["field_of_action"] or "", at))
            action.payload = ConsentRecorded(signups=len(wanted))
            return _signups(tx, "WHERE signups.device_id = ?", (device_id,))

    @writes
    def withdraw(self, device_id: str, measure_id: str) -> None:
        """Take back one sign-up (the consent record stays for the others, and for the network)."""
        with self._action(EventKind.CONSENT_WITHDRAWN, actor=device_id, undoable=False) as (tx, action):
            require_device(tx, device_id)
            erased = tx.execute("DELETE FROM signups WHERE device_id = ? AND measure_id = ?",
                                (device_id, str(measure_id))).rowcount
            action.payload = ConsentWithdrawn(entries=erased)
        self._checkpoint()  # the erased row is in neither the database nor its WAL (`secure_delete`, store.py)

    # ------------------------------------------------------------------ reads

    def of_device(self, device_id: str) -> list[Signup]:
        """A phone's own sign-ups: only ever shown to that phone."""
        with self._read() as tx:
            return _signups(tx, "WHERE signups.device_id = ?", (device_id,))

    def all(self) -> list[Signup]:
        """Every sign-up, measure by measure (the facilitator's list and the network's export)."""
        with self._read() as tx:
            return _signups(tx, "", ())

    def counts(self) -> dict[str, SignupCount]:
        """People and organisations per measure id (public: the projector and every phone may see them)."""
        with self._read() as tx:
            return counts(tx)


def counts(tx: Tx) -> dict[str, SignupCount]:
    """People and distinct organisations (signed up as one) per measure; after a purge, the frozen totals."""
    found = {row["measure_id"]: SignupCount(row["people"], row["organisations"])
             for row in tx.all("SELECT measure_id, people, organisations FROM signup_totals")}
    rows = tx.all("SELECT signups.measure_id, signups.role, devices.organisation FROM signups "
                  "JOIN devices ON devices.id = signups.device_id")
    people: dict[str, int] = {}
    organisations: dict[str, set[str]] = {}
    for row in rows:
        people[row["measure_id"]] = people.get(row["measure_id"], 0) + 1
        if row["role"] == Role.ORGANISATION and row["organisation"]:
            organisations.setdefault(row["measure_id"], set()).add(row["organisation"].casefold())
    for measure_id, number in people.items():
        found[measure_id] = SignupCount(number, len(organisations.get(measure_id, ())))
    return found


NO_HELPERS: dict[str, object] = {"people": 0, "organisations": 0, "names": []}


def measure_helpers(tx: Tx) -> dict[str, dict[str, object]]:
    """Per measure id, what protocol and plan may say (`werkstatt export`'s JSON): the counts, and the names
    (with organisation) of those whose consent allows the protocol to name them — never a contact."""
    names: dict[str, list[str]] = {}
    for row in tx.all("SELECT signups.measure_id, devices.name, devices.organisation FROM signups "
                      "JOIN devices ON devices.id = signups.device_id WHERE devices.consent_listed = 1 "
                      "ORDER BY signups.created_at, signups.rowid"):
        who = f"{row['name']} ({row['organisation']})" if row["organisation"] else row["name"]
        names.setdefault(row["measure_id"], []).append(who)
    return {measure_id: {"people": count.people, "organisations": count.organisations,
                         "names": names.get(measure_id, [])} for measure_id, count in counts(tx).items()}


def freeze_counts(tx: Tx) -> None:
    """Before a purge deletes the sign-ups: keep how many there were per measure (protocol and plan need it)."""
    for measure_id, count in counts(tx).items():
        tx.execute("INSERT INTO signup_totals (measure_id, people, organisations) VALUES (?, ?, ?) "
                   "ON CONFLICT (measure_id) DO UPDATE SET people = excluded.people, "
                   "organisations = excluded.organisations", (measure_id, count.people, count.organisations))


def helpers_text(count: SignupCount | None) -> tuple[str, dict[str, object]]:
    """„7 machen mit, 2 Organisationen“ as a message and its parameters (empty message for no sign-up)."""
    if count is None or not count.people:
        return "", {}
    if not count.organisations:
        return n_("{people} macht mit", "{people} machen mit", count.people), {"people": count.people,
                                                                              "count": count.people}
    return _("{helpers}, {organisations}"), {
        "helpers": n_("{people} macht mit", "{people} machen mit", count.people),
        "organisations": n_("{count} Organisation", "{count} Organisationen", count.organisations),
        "people": count.people, "count": count.organisations}


def _signups(tx: Tx, where: str, params: tuple) -> list[Signup]:
    rows = tx.all(
        "SELECT signups.*, measures.id AS live_id, measures.title AS live_title, measures.position AS position, "
        "measures.field_of_action AS live_field, devices.name, devices.organisation, devices.email, devices.phone, "
        "devices.consent_text_de, devices.consent_text, devices.consent_at, devices.consent_listed "
        "FROM signups JOIN devices ON devices.id = signups.device_id "
        f"LEFT JOIN measures ON measures.id = signups.measure_id {where} "
        "ORDER BY measures.position IS NULL, measures.position, signups.title, signups.created_at, signups.rowid",
        params)
    return [Signup(
        device_id=row["device_id"], measure_id=row["measure_id"], role=Role(row["role"]),
        title=row["live_title"] if row["live_id"] else row["title"],
        field_of_action=(row["live_field"] if row["live_id"] else row["field_of_action"]) or "",
        discarded=row["live_id"] is None, name=row["name"] or "", organisation=row["organisation"] or "",
        email=row["email"] or "", phone=row["phone"] or "",
        consent_text=row["consent_text_de"] or row["consent_text"] or "", consent_at=row["consent_at"] or "",
        listed=bool(row["consent_listed"]), created_at=row["created_at"]) for row in rows]


class PhoneActors:
    """The actors' network as a phone may use it (`PhoneSide.actors`): give or withdraw its consent, sign up for
    measures or withdraw a sign-up, read its own entry and sign-ups, and the public counts — never
    `Signups.all()` or `Consent.network()`, which name everyone."""

    def __init__(self, consent: Consent, signups: Signups, participant: Callable[[str], Participant | None]) -> None:
        self.record_consent = consent.record
        self.withdraw_consent = consent.withdraw
        self.participant = participant
        self.sign_up = signups.sign_up
        self.withdraw_signup = signups.withdraw
        self.signups_of = signups.of_device
        self.counts = signups.counts
