"""The actors' network as the people in it consented: one row per person and measure, with the consent's text.

`session_rows()` turns a session's consent records and sign-ups (`core/signups.py`) into rows; a person
who opted in without signing up for a measure has one row with the measure's cells empty. `merged()` joins
the rows of every session into the mayor's list: each person once — the same e-mail address (case
ignored) or the same phone number (E.164) — with every measure they signed up for and the sessions they
came from, one line per measure inside the cells (so Maßnahme, Rolle, Handlungsfeld and Sitzung line up).
The same rows give the CSV (the protocol's dialect) and the XLSX workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from workshop.core.formatting import german_time
from workshop.core.models import Participant, Session
from workshop.core.signups import DISCARDED, Signup
from workshop.export.spreadsheet import csv_text
from workshop.export.xlsx import Sheet, xlsx_bytes
from workshop.i18n import _, _p

# Translators: a person's name (not the name of a theme or a file).
COLUMNS = (_p("person", "Name"), _("Organisation"), _("E-Mail"), _("Telefon"), _("Rolle"), _("Maßnahme"),
           _("Handlungsfeld"), _("Sitzung"), _("Einwilligung"), _("Zeitpunkt"))


@dataclass(frozen=True, slots=True)
class NetworkRow:
    """One person and one measure (or several, once merged), as the export writes them."""

    key: str  # who this is across sessions: the e-mail (case-folded), else the phone, else the session's device
    name: str
    organisation: str
    email: str
    phone: str
    roles: tuple[str, ...]
    measures: tuple[str, ...]
    fields: tuple[str, ...]
    sessions: tuple[str, ...]
    consent: str
    consent_at: str


def consent_time(timestamp: str | None) -> str:
    """`2016-11-24T18:42:07.123+00:00` → `24.11.2016 19:42` on this computer's clock."""
    if not timestamp:
        return ""
    return german_time(datetime.fromisoformat(timestamp).astimezone())


def person_key(session: Session, person: Participant) -> str:
    if person.email:
        return "email:" + person.email.casefold()
    if person.phone:
        return "phone:" + person.phone
    return f"device:{session.id}:{person.id}"


def session_rows(session: Session, people: Iterable[Participant], signups: Iterable[Signup]) -> list[NetworkRow]:
    """One row per consenting person and measure signed up for; one with empty measure cells for a person
    in the network without a sign-up."""
    by_device: dict[str, list[Signup]] = {}
    for signup in signups:
        by_device.setdefault(signup.device_id, []).append(signup)
    rows = []
    for person in people:
        if not person.consent_at:
            continue
        base = NetworkRow(key=person_key(session, person), name=person.name or "",
                          organisation=person.organisation or "", email=person.email or "", phone=person.phone or "",
                          roles=("",), measures=("",), fields=("",), sessions=(session.slug,),
                          consent=person.consent_text_de or person.consent_text or "", consent_at=person.consent_at)
        mine = by_device.get(person.id, [])
        if not mine:
            rows.append(base)
        for signup in mine:
            title = f"{signup.title} {DISCARDED}" if signup.discarded else signup.title
            rows.append(replace(base, roles=(signup.role.label,), measures=(title,),
                                fields=(signup.field_of_action,)))
    return rows


def merged(rows: Iterable[NetworkRow]) -> list[NetworkRow]:
    """Each person once: their newest name, organisation, contact and consent; every measure and session."""
    people: dict[str, list[NetworkRow]] = {}
    for row in rows:
        people.setdefault(row.key, []).append(row)
    result = []
    for found in people.values():
        newest = max(reversed(found), key=lambda row: row.consent_at)  # a tie: the later session's entry
        lines = list(dict.fromkeys((row.roles[0], row.measures[0], row.fields[0], row.sessions[0])
                                   for row in found if row.measures[0]))
        signed_in = {line[3] for line in lines}  # a session where the person only joined the network: a line too
        lines += list(dict.fromkeys(("", "", "", row.sessions[0]) for row in found if row.sessions[0] not in signed_in))
        result.append(replace(newest, email=newest.email or next((row.email for row in found if row.email), ""),
                              phone=newest.phone or next((row.phone for row in found if row.phone), ""),
                              roles=tuple(line[0] for line in lines), measures=tuple(line[1] for line in lines),
                              fields=tuple(line[2] for line in lines), sessions=tuple(line[3] for line in lines)))
    return sorted(result, key=lambda row: (row.name.casefold(), row.key))


def _cells(row: NetworkRow) -> list[str]:
    return [row.name, row.organisation, row.email, row.phone, "\n".join(row.roles), "\n".join(row.measures),
            "\n".join(row.fields), "\n".join(row.sessions), row.consent, consent_time(row.consent_at)]


def network_csv(rows: Sequence[NetworkRow]) -> str:
    """A header row and a row per person and measure (the protocol CSV's dialect)."""
    return csv_text([list(COLUMNS), *(_cells(row) for row in rows)])


def network_xlsx(rows: Sequence[NetworkRow], day: date) -> bytes:
    """The same rows as a workbook: people's text stays text (no formula, no date guessed)."""
    return xlsx_bytes([Sheet(_("Netzwerk der Akteure"), list(COLUMNS), [_cells(row) for row in rows])], day=day)
