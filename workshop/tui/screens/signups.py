"""The sign-ups of the measures list (`w`): how many help per measure, and who — for the facilitator's eyes only.

The names never reach the projector or a phone (`core/signups.py`); deleting a measure with sign-ups names
their number first, and they stay in the network's export marked „(Maßnahme verworfen)“.
"""

from __future__ import annotations

from rich.text import Text

from workshop.core.services import SessionService
from workshop.core.signups import SignupCount
from workshop.i18n import _, n_
from workshop.tui.display import visual


def signup_cell(count: SignupCount | None) -> str:
    """`3` or `3 (1 Org.)`: people signed up, and the organisations among them."""
    if count is None or not count.people:
        return ""
    if not count.organisations:
        return str(count.people)
    # Translators: a short cell of the measures list: people signed up, and how many organisations among them
    return _("{people} ({organisations} Org.)").format(people=count.people, organisations=count.organisations)


def signup_names(service: SessionService, measure_id: str | None) -> Text:
    """One line per person signed up for the measure: name, organisation, role."""
    if measure_id is None:
        return Text("")
    people = [signup for signup in service.signups.all() if signup.measure_id == measure_id]
    if not people:
        return Text(_("Noch niemand hat sich für diese Maßnahme eingetragen."), style="dim")
    text = Text(n_("{count} macht mit:", "{count} machen mit:", len(people)).format(count=len(people)), style="bold")
    for signup in people:
        who = ", ".join(part for part in (signup.name, signup.organisation) if part)
        text.append(f"\n  {visual(who)} · {_(signup.role.label)}")
    return text


def delete_warning(service: SessionService, measure_id: str) -> str:
    """The confirmation's second line: undo, and the number of sign-ups that stay in the network's export."""
    count = service.read.signup_counts().get(measure_id)
    if count is None or not count.people:
        return _("Strg+Z holt sie zurück.")
    return n_("{count} Person hat sich eingetragen; sie bleibt im Netzwerk-Export als „(Maßnahme verworfen)“. "
              "Strg+Z holt die Maßnahme zurück.",
              "{count} Personen haben sich eingetragen; sie bleiben im Netzwerk-Export als „(Maßnahme verworfen)“. "
              "Strg+Z holt die Maßnahme zurück.", count.people).format(count=count.people)
