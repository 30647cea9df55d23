"""The demo session: a Zukunftswerkstatt for a town's integration plan, as it might have gone."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from workshop.core.formatting import euros
from workshop.core.home import Home
from workshop.core.models import ItemKind, Measure, Phase, Step, Timeframe
from workshop.core.privacy import NETWORK_CONSENT, WITHDRAW_AT, signup_consent
from workshop.core.services import SessionService
from workshop.core.storage import storage_error

DEMO_SLUG = "demo"

CRITIQUE = {
    "Wohnen": [
        "Zu wenig bezahlbare Wohnungen in der Stadt",
        "Familien leben seit Monaten in der Gemeinschaftsunterkunft",
        "Vermieter sagen ab, sobald sie den Namen hören",
        "Wohnungsanzeigen nur auf Deutsch und online",
        "Keine Wohnungen für große Familien",
    ],
    "Sprache & Kurse": [
        "Integrationskurse haben lange Wartelisten",
        "Kein Sprachkurs am Abend für Berufstätige",
        "Keine Kinderbetreuung während der Kurse",
        "Kitaplätze fehlen, Eltern können nicht lernen",
        "Schulen haben zu wenig Lehrkräfte für Deutsch als Zweitsprache",
    ],
    "Arbeit & Anerkennung": [
        "Anerkennung ausländischer Abschlüsse dauert ewig",
        "Betriebe wissen nicht, wen sie einstellen dürfen",
        "Praktikum scheitert an fehlender Fahrkarte",
        "Formulare vom Jobcenter versteht niemand",
        "Handwerksbetriebe suchen Azubis, finden aber keinen Kontakt",
    ],
    "Begegnung & Alltag": [
        "Man kennt sich nicht: Alteingesessene und Neue leben nebeneinander",
        "Vereine erreichen Neuzugezogene nicht",
        "Ehrenamtliche sind erschöpft und schlecht vernetzt",
        "Bus nach Zeesen fährt abends nur stündlich",
        "Behördenbriefe ohne Übersetzung",
    ],
}
CRITIQUE_UNSORTED = [
    "Es fehlt ein zentraler Ort, an dem man Informationen findet",
    "Gerüchte in der Nachbarschaft statt Gespräche",
]
FANTASY = {
    "Wohnen für alle": [
        "Es wäre schön, wenn eine Wohnraumbörse Vermieter und Familien zusammenbringt",
        "Paten begleiten zur Wohnungsbesichtigung",
        "Leerstehende Wohnungen über der Ladenzeile werden saniert",
        "Ein Mehrgenerationenhaus mit Wohnungen für Neue und Alteingesessene",
    ],
    "Lernen ohne Wartezeit": [
        "Sprachcafé jeden Abend in der Stadtbibliothek",
        "Kurse mit Kinderbetreuung im selben Haus",
        "Lernpaten aus dem Gymnasium helfen bei Hausaufgaben",
        "Die Volkshochschule bietet Kurse am Samstag",
    ],
    "Arbeit von Anfang an": [
        "Eine Jobbörse, bei der Betriebe und Geflüchtete sich direkt treffen",
        "Lotsen begleiten durch die Anerkennung von Abschlüssen",
        "Schnupperpraktika im Handwerk mit Fahrkarte",
        "Ein Sozialticket für Bus und Bahn",
    ],
    "Orte der Begegnung": [
        "Ein Begegnungscafé am Bahnhof, offen für alle",
        "Das Stadtfest mit Küchen aus aller Welt",
        "Sportvereine laden mit Schnuppertraining ein",
        "Ein Willkommensordner in vielen Sprachen für jeden Haushalt",
    ],
}
FANTASY_UNSORTED = [
    "Alle Behördenbriefe mit einer kurzen Zusammenfassung in einfacher Sprache",
    "Ein Stadtplan der Hilfsangebote, gedruckt und online",
]
HIDDEN = "Die sollen doch alle wieder gehen"  # moderated away: the demo shows that hiding works
CONTACT = "integrationsplan@stadt.example"  # a reserved domain: nobody's real address
# People who opted in to the actors' network on their phones (none to the protocol's appendix).
NETWORK = [
    ("Amal Haddad", "Willkommensinitiative KW", "amal.haddad@initiative.example"),
    ("Jens Krüger", "Handwerkskammer", "j.krueger@hwk.example"),
    ("Olena Kovalenko", "", "olena.k@mail.example"),
]
# People who signed up on their phones to carry out a measure: (name, organisation, e-mail, phone, role, measures
# by position, the box that publishes the name in the protocol) — some for organisations, one published by name.
SIGNUPS = [
    ("Amira Saleh", "Frauencafé KW e.V.", "amira.saleh@frauencafe.example", "", "organisation", (0, 3), False),
    ("Thomas Berger", "SV Blau-Weiß KW", "", "0151 2345 678", "organisation", (3,), False),
    ("Mariam Ahmadi", "", "m.ahmadi@mail.example", "", "mitmachen", (1,), True),
    ("Petro Bondar", "", "", "0176 5551234", "ansprechperson", (0,), False),
]

MEASURES = [
    ("Wohnen für alle", {
        "title": "Wohnraumbörse mit Patenschaften",
        "goal": "Familien aus Gemeinschaftsunterkünften finden binnen drei Monaten eine Wohnung.",
        "field_of_action": "Wohnen", "timeframe": Timeframe.SHORT, "target_year": 2017, "cost_eur": 15_000,
        "funding": "Haushalt Stadt", "responsible": "FB Soziales",
        "partners": ["Städtische Wohnungsgesellschaft", "Willkommensinitiative"],
    }),
    ("Lernen ohne Wartezeit", {
        "title": "Sprachkurse mit Kinderbetreuung",
        "goal": "Eltern lernen Deutsch, während ihre Kinder betreut werden; keine Wartezeit über drei Monate.",
        "field_of_action": "Bildung", "timeframe": Timeframe.MEDIUM, "target_year": 2018, "cost_eur": 42_000,
        "funding": "Landesmittel Integration", "responsible": "FB Bildung und Kultur",
        "partners": ["Volkshochschule", "Kita-Träger", "Stadtbibliothek"],
    }),
    ("Arbeit von Anfang an", {
        "title": "Jobbörse und Anerkennungslotsen",
        "goal": "Betriebe und Geflüchtete treffen sich zweimal im Jahr; Lotsen begleiten die Anerkennung.",
        "field_of_action": "Arbeitsmarkt", "timeframe": Timeframe.MEDIUM, "target_year": 2018, "cost_eur": 28_500,
        "funding": "Jobcenter, Fördermittel Bund", "responsible": "Wirtschaftsförderung",
        "partners": ["Handwerkskammer", "Jobcenter", "Unternehmerverband"],
    }),
    ("Orte der Begegnung", {
        "title": "Begegnungscafé am Bahnhof",
        "goal": "Ein offener Treffpunkt an fünf Tagen in der Woche, getragen von Ehrenamtlichen.",
        "field_of_action": "Zusammenleben", "timeframe": Timeframe.LONG, "target_year": 2020, "cost_eur": 60_000,
        "funding": "Haushalt Stadt, Spenden", "responsible": "FB Soziales",
        "partners": ["Kirchengemeinde", "Sportverein", "Willkommensinitiative"],
    }),
]


GROUP_DRAFT_NAME = "Sprachpatenschaften"
GROUP_DRAFT = {"title": "Sprachpaten für Familien", "goal": "Jede neu angekommene Familie hat eine Sprachpatin oder "
               "einen Sprachpaten im ersten Jahr.", "field_of_action": "Bildung", "responsible": "Integrationsbüro"}
GROUP_LATE_GOAL = "Ein Ort, an dem man ohne Termin vorbeikommen kann."


def create_demo(home: Home, *, reset: bool = False, seed: int = 2016) -> SessionService:
    """Create (or, with `reset`, recreate) the demo session `demo` in `home`; opens it if it exists."""
    path = home.path_of(DEMO_SLUG)
    if path.exists() and not reset:
        return home.open(DEMO_SLUG)
    home.sessions_dir.mkdir(parents=True, exist_ok=True)
    building = path.with_name(".demo-building.db")
    remove_session_file(building)
    service = SessionService.create(building, "Zukunftswerkstatt Integrationsplan KW", slug=DEMO_SLUG,
                                    date="2016-11-24", venue="Bürgerhaus, Königs Wusterhausen", contact=CONTACT)
    try:
        _fill(service, random.Random(seed))
    except sqlite3.Error as error:  # a full disk: the half-built file goes, and the reason is said in German
        service.close()
        remove_session_file(building)
        raise storage_error(error, path) from error
    service.close()
    home.forget(path)  # the old demo goes only once the new one is built (a full disk keeps the old one)
    remove_session_file(path)
    shutil.move(building, path)  # a half-built demo never appears under its name
    return home.open(DEMO_SLUG)


def _fill(service: SessionService, rng: random.Random) -> None:
    phones = [service.devices.join(rng.choice(["de", "de", "de", "en", "ar", "uk"])).id for _ in range(34)]
    critique_themes = _collect_and_group(service, rng, phones, CRITIQUE, CRITIQUE_UNSORTED)
    hidden = service.ideas.add(HIDDEN)
    service.ideas.hide(hidden.id)
    _vote(service, rng, phones, critique_themes, weights=[5, 4, 3, 2])
    service.steps.next()  # critique: results → fantasy: collect
    fantasy_themes = _collect_and_group(service, rng, phones, FANTASY, FANTASY_UNSORTED,
                                        carried=critique_themes)
    _vote(service, rng, phones, fantasy_themes, weights=[5, 4, 3, 3])
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    by_name = {theme.name: theme for theme in service.read.themes(Phase.FANTASY)}
    promoted = []
    for theme_name, fields in MEASURES[:-1]:
        measure = service.measures.promote(ItemKind.THEME, by_name[theme_name].id, **fields)
        promoted.append(measure)
    promoted.append(_groups(service, phones, by_name[MEASURES[-1][0]].id, MEASURES[-1][1]))
    service.measures.update(promoted[2].id, depends_on=[promoted[1].id])
    consent = f"{NETWORK_CONSENT} {WITHDRAW_AT.format(contact=CONTACT)}"
    for phone, (name, organisation, email) in zip(phones[::11], NETWORK, strict=False):
        service.consent.record(phone, name=name, organisation=organisation, email=email, consent_text=consent)
    signup_consent_de = signup_consent(service.read.session(), "de")
    signing = [phones[index] for index in (5, 13, 19, 26)]  # phones that voted: the demo's turnout stays as it was
    for phone, (name, organisation, email, number, role, positions, listed) in zip(signing, SIGNUPS, strict=True):
        service.signups.sign_up(phone, [promoted[position].id for position in positions], name=name,
                                organisation=organisation, email=email, phone=number, role=role, listed=listed,
                                consent_text=signup_consent_de, consent_text_de=signup_consent_de)


def _groups(service: SessionService, phones: list[str], theme_id: str, fields: dict) -> Measure:
    """Two small groups drafting on their phones: the last theme's group, whose draft became its measure (two
    phones typed its goal at once: the later text waits in the field's history), and a group named freely whose
    draft stayed a draft."""
    cafe, mentors = service.groups.form([("", theme_id), (GROUP_DRAFT_NAME, None)])
    for phone in phones[:4]:
        service.groups.join(phone, cafe.code)
    for phone in phones[4:7]:
        service.groups.join(phone, mentors.code)
    draft = {"title": fields["title"], "goal": fields["goal"], "field_of_action": fields["field_of_action"],
             "responsible": fields["responsible"], "partners": ", ".join(fields["partners"]),
             "cost": euros(fields["cost_eur"], unit="", missing="").strip(), "funding": fields["funding"],
             "timeframe": str(fields["timeframe"]), "target_year": str(fields["target_year"])}
    for index, (name, text) in enumerate(draft.items()):
        service.groups.save(phones[index % 4], cafe.id, name, text, 0)
    service.groups.save(phones[3], cafe.id, "goal", GROUP_LATE_GOAL, 0)  # based on the empty field: kept aside
    for name, text in GROUP_DRAFT.items():
        service.groups.save(phones[4], mentors.id, name, text, 0)
    return service.groups.promote(cafe.id, **fields)


def _collect_and_group(service: SessionService, rng: random.Random, phones: list[str],
                       grouped: dict[str, list[str]], unsorted: list[str], carried: list[str] | None = None
                       ) -> list[str]:
    texts = [(name, text) for name, texts in grouped.items() for text in texts]
    rng.shuffle(texts)
    idea_ids: dict[str, list[str]] = {name: [] for name in grouped}
    for index, (name, text) in enumerate(texts):
        if index % 3 == 0:
            idea = service.ideas.add(text)  # said aloud, typed by the facilitator
        else:
            idea = service.phones.submit_idea(rng.choice(phones), f"demo-{rng.getrandbits(48):x}", text)
        idea_ids[name].append(idea.id)
    for text in unsorted:
        service.phones.submit_idea(rng.choice(phones), f"demo-{rng.getrandbits(48):x}", text)
    service.steps.next()  # collect → group
    theme_ids = []
    for position, (name, members) in enumerate(idea_ids.items()):
        source = carried[position] if carried else None
        theme_ids.append(service.themes.create(name, idea_ids=members, source_theme_id=source).id)
    return theme_ids


def _vote(service: SessionService, rng: random.Random, phones: list[str], theme_ids: list[str],
          weights: list[int]) -> None:
    vote_round = service.voting.open_round(ItemKind.THEME)
    for phone in phones[:28]:
        spent: dict[str, int] = {}
        for _ in range(vote_round.budget):
            theme = rng.choices(theme_ids, weights=weights)[0]
            if spent.get(theme, 0) < vote_round.cap:
                spent[theme] = spent.get(theme, 0) + 1
        for theme, count in spent.items():
            service.phones.set_dots(phone, vote_round.id, theme, count)
    for theme, paper in zip(theme_ids, [6, 3, 4, 2], strict=True):
        service.voting.set_paper_dots(vote_round.id, theme, paper)
    service.voting.close_round(vote_round.id)
    service.voting.reveal_round(vote_round.id)


def remove_session_file(building: Path) -> None:
    """Remove a session file and its WAL and shared-memory sidecars, where they exist."""
    for suffix in ("", "-wal", "-shm"):
        leftover = building.with_name(building.name + suffix)
        if leftover.exists():
            leftover.unlink()
