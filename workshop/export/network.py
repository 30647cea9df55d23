"""The actors' network as the people in it consented: one spreadsheet row per person, with the consent's text."""

from __future__ import annotations

from datetime import datetime

from workshop.core.formatting import german_time
from workshop.core.models import Participant
from workshop.export.spreadsheet import csv_text
from workshop.i18n import _, _p

# Translators: a person's name (not the name of a theme or a file).
COLUMNS = (_p("person", "Name"), _("Organisation"), _("E-Mail"), _("Einwilligung"), _("Zeitpunkt"))


def consent_time(timestamp: str | None) -> str:
    """`2016-11-24T18:42:07.123+00:00` → `24.11.2016 19:42` on this computer's clock."""
    if not timestamp:
        return ""
    return german_time(datetime.fromisoformat(timestamp).astimezone())


def network_csv(people: list[Participant]) -> str:
    """A header row and one row per consenting person (the protocol CSV's dialect)."""
    rows = [list(COLUMNS)]
    rows += [[person.name, person.organisation, person.email, person.consent_text, consent_time(person.consent_at)]
             for person in people if person.consent_at]
    return csv_text(rows)
