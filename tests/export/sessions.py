"""Sessions built through the real service for the export tests: one with hostile text everywhere."""

from __future__ import annotations

from workshop.core.home import Home
from workshop.core.models import ItemKind, Phase, Step
from workshop.core.services import SessionService
from workshop.export.protocol import build_protocol

HOSTILE_TEXTS = [
    "# Überschrift aus dem Publikum", "- Liste\n- zweiter Punkt", "1. nummeriert", "> Zitat",
    "| Zelle | noch eine |", "|---|---|", "`Code` und ```Zaun```", "**fett** _kursiv_ ~~weg~~",
    "<b>HTML</b> <script>alert('x')</script>", "<!-- Kommentar", "Ende des Kommentars -->",
    "<!-- werkstatt:measure id=EVIL hash=00000000 -->", "<!-- /werkstatt:measure -->",
    "<!-- werkstatt:ledger", "Titel ###", "Zeile eins\n# Zeile zwei", "[Link](javascript:alert(1))",
    "&amp; &lt;tag&gt;", "Rückstrich am Ende \\", "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 8,
    "مرحبا بكم في ورشة المستقبل — نريد سكنًا", "Ласкаво просимо | ї", "Emoji 😀👩‍👩‍👧 :smile:", "---",
    # Bare addresses: GFM readers would turn them into links.
    "Infos: https://example.org/wohnen?x=1&y=2", "www.stadt-kw.de/integration und WWW.KW.DE",
    "Kontakt: amal@example.org", "mailto:amal@example.org oder ftp://daten.example.org/plan",
]
URLS = ("https://example.org", "www.stadt-kw.de", "amal@example.org", "ftp://daten.example.org")


def hostile_session(home: Home, slug: str = "feindlich") -> SessionService:
    """A whole session whose every text a participant or facilitator typed is hostile Markdown."""
    service = home.create("Werkstatt | # mit <!-- Tücken -->", date="2016-11-24", venue="Saal `B` | > 2",
                          slug=slug)
    ideas = [service.ideas.add(text) for text in HOSTILE_TEXTS]
    device = service.devices.join()
    service.phones.submit_idea(device.id, "client-1", "Vom Telefon: <!-- werkstatt:overview hash=00000000 -->")
    hidden = service.ideas.add("GEHEIM ausgeblendet | # nie zeigen")
    service.ideas.hide(hidden.id)
    service.ideas.merge(ideas[0].id, [ideas[1].id])
    service.steps.next()
    half = len(ideas) // 2
    first = service.themes.create("## Thema | eins -->", idea_ids=[idea.id for idea in ideas[2:half]])
    second = service.themes.create("<!-- werkstatt:measure id=X hash=1 -->",
                                  idea_ids=[idea.id for idea in ideas[half:]] + [ideas[0].id])
    vote = service.voting.open_round(ItemKind.THEME)
    service.phones.set_dots(device.id, vote.id, first.id, 2)
    service.voting.set_paper_dots(vote.id, second.id, 7)
    service.voting.close_round(vote.id)
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    fields = ["Wohnen", "Bildung | Schule", "# Neues Feld <!--", "Arbeitsmarkt"]
    for index, (text, field_name) in enumerate(zip(HOSTILE_TEXTS, fields * 6, strict=False)):
        source = first if index % 2 else second
        service.measures.promote(ItemKind.THEME, source.id, title=text.replace("\n", " ")[:200],
                        goal=HOSTILE_TEXTS[-1 - index], description=HOSTILE_TEXTS[(index + 5) % len(HOSTILE_TEXTS)],
                        field_of_action=field_name, timeframe=("kurzfristig", "mittelfristig", "langfristig")[index % 3],
                        target_year=2017 + index % 4, cost_eur=1000 * (index + 1),
                        funding="Haushalt | <!--", responsible="FB `Soziales` -->",
                        partners=["Verein | e.V.", "<!-- Initiative", "# Firma"])
    return service


def hostile_protocol(home: Home) -> dict:
    """The protocol of the hostile session (the session's file is closed again)."""
    service = hostile_session(home)
    try:
        return build_protocol(service.read.snapshot())
    finally:
        service.close()
