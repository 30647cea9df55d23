"""How many people and organisations signed up to carry out a measure, as the protocol and the plan write it.

Never a name or contact in the plan: „Mitwirkende: 7 Personen, 2 Organisationen“ only, and no line at all
when nobody signed up (so a block written before sign-ups existed keeps its hash). The protocol adds the
names of those who ticked the box that allows it (`core/signups.py`).
"""

from __future__ import annotations

from typing import Any

from workshop.i18n import _, n_

LABEL = _("Mitwirkende")


def contributors_text(people: int, organisations: int) -> str:
    """`7 Personen, 2 Organisationen`, `1 Person`; "" for none."""
    if people <= 0:
        return ""
    text = n_("{count} Person", "{count} Personen", people).format(count=people)
    if organisations > 0:
        text += ", " + n_("{count} Organisation", "{count} Organisationen", organisations).format(count=organisations)
    return text


def helpers_of(measure: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(people, organisations, published names) of a protocol's measure; zeros for a file from before sign-ups."""
    helpers = measure.get("helpers") or {}
    return int(helpers.get("people") or 0), int(helpers.get("organisations") or 0), list(helpers.get("names") or [])


def protocol_part(measure: dict[str, Any]) -> str:
    """The protocol's sentence for a measure: the counts, and the names published with consent; "" for none."""
    people, organisations, names = helpers_of(measure)
    text = contributors_text(people, organisations)
    if not text:
        return ""
    if names:
        text += " (" + ", ".join(names) + ")"
    return _("{label}: {helpers}").format(label=LABEL, helpers=text)
