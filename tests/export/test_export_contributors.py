"""Sign-ups reach the protocol and the plan as counts only: „Mitwirkende: 2 Personen, 1 Organisation“, never a
name or contact in the plan, and no line (so an unchanged hash) for a measure nobody signed up for."""

from __future__ import annotations

import re

from workshop.core.home import Home
from workshop.core.models import ItemKind
from workshop.export.outcome import Outcome
from workshop.export.protocol import build_protocol, plan_measures, render_markdown
from workshop.export.source import check_protocol, load_protocol

from .checks import markdown_it_shape
from .plans import merge_into

PLAN = b"# Integrationsplan\n\n## Wohnen\n\n## Bildung\n"
SECRETS = ("Olena Kowalenko", "olena@example.org", "Karim Haddad", "+491769876543", "Tafel Süd")


def _blocks(text: str) -> dict[str, str]:
    """Each managed block's text by its measure id (marker to end marker)."""
    return {match.group(1): match.group(0) for match in re.finditer(
        r"<!-- werkstatt:measure id=(\S+).*?<!-- /werkstatt:measure -->", text, re.S)}


def test_merge_writes_counts_without_names_and_leaves_other_blocks_byte_identical(tmp_path):
    home = Home(tmp_path)
    service = home.create("Werkstatt Nord", date="2016-11-24")
    made = []
    for title, field in (("Wohnungsbörse", "Wohnen"), ("Sprachcafé", "Bildung")):
        theme = service.themes.create(title, idea_ids=[service.ideas.add(f"Idee: {title}").id])
        made.append(service.measures.promote(ItemKind.THEME, theme.id, title=title, field_of_action=field))
    slug = service.read.session().slug
    before = merge_into(PLAN, plan_measures(load_protocol(home, slug)))
    consent = {"consent_text": "Ich willige ein.", "consent_text_de": "Ich willige ein."}
    olena = service.devices.mint()
    service.signups.sign_up(olena, [made[0].id], name="Olena Kowalenko", email="olena@example.org",
                            organisation="Tafel Süd", role="organisation", listed=True, **consent)
    service.signups.sign_up(service.devices.mint(), [made[0].id], name="Karim Haddad", phone="0176 9876543",
                            role="mitmachen", **consent)
    protocol = load_protocol(home, slug)
    after = merge_into(before.text.encode(), plan_measures(protocol))
    old_blocks, new_blocks = _blocks(before.text), _blocks(after.text)
    assert new_blocks[made[1].id] == old_blocks[made[1].id], "a measure without sign-ups: byte-identical"
    assert "- **Mitwirkende:** 2 Personen, 1 Organisation" in new_blocks[made[0].id]
    assert [outcome.status for outcome in after.outcomes] == [Outcome.UPDATED, Outcome.UNCHANGED]
    for secret in SECRETS:
        assert secret not in after.text, secret
    assert markdown_it_shape(after.text) is not None
    # The protocol names only the person whose consent allows it, and never a contact.
    markdown = render_markdown(protocol)
    assert "Mitwirkende: 2 Personen, 1 Organisation (Olena Kowalenko (Tafel Süd))" in markdown.replace("\\", "")
    assert "Karim Haddad" not in markdown and "olena@example.org" not in markdown and "+49176" not in markdown
    assert check_protocol(protocol, "export.json")["measures"][0]["helpers"]["people"] == 2, "the JSON round-trips"
    # A withdrawal after the event: the next merge updates the block.
    service.consent.withdraw_by_email("OLENA@example.org")
    again = merge_into(after.text.encode(), plan_measures(build_protocol(service.read.snapshot())))
    assert "- **Mitwirkende:** 1 Person" in _blocks(again.text)[made[0].id]
    assert [outcome.status for outcome in again.outcomes][0] == Outcome.UPDATED
    service.close()
