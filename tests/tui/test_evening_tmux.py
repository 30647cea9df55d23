"""The facilitator's evening through a real terminal (tmux) at typing speed (issue 19, item 6): 40 critique ideas
typed in four bursts of ten while 20 phones send 60 more through the app's own phones' server on 127.0.0.1, all
100 sorted into nine themes in sort mode (`S`), the board at 200×50, a vote of the same 20 phones closed and `>`
`>` at once (the reveal is asked for), the fantasy phase skipped and the critique's winner made a measure with ⏎
in the form. Every key of a burst goes in one `send-keys` call, so they reach the app together as from a fast
typist; the phones write over HTTP meanwhile, 20 at once; the sorting keys are counted per idea.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import httpx

from tests.web.conftest import PhoneClient
from tests.web.test_cli_web import free_port
from workshop.core.home import Home

from .tmux import Terminal, wait_until

THEMES = ["Wohnen", "Sprache und Kurse", "Kita und Schule", "Verkehr", "Arbeit und Ausbildung", "Gesundheit",
          "Ämter", "Freizeit und Sport", "Begegnung"]
# What the room said, each idea with the theme it belongs to (the order of the wall, themes mixed).
SAID = [
    ("Mieten zu hoch für große Familien", 0), ("Deutschkurse haben lange Wartelisten", 1),
    ("Zu wenige Kita-Plätze in der Innenstadt", 2), ("Bus nach Zeesen fährt abends nur stündlich", 3),
    ("Abschlüsse werden nicht anerkannt", 4), ("Keine Kinderärztin, die Arabisch spricht", 5),
    ("Ausländerbehörde nur vormittags offen", 6), ("Sportverein findet keine Trainer", 7),
    ("Kein Ort, an dem man sich zwanglos trifft", 8), ("Wohnungsanzeigen nur auf Deutsch", 0),
    ("Kurse am Abend fehlen für Berufstätige", 1), ("Schulwege ohne sichere Radwege", 2),
    ("Kein Nachtbus am Wochenende", 3), ("Praktika nur über Beziehungen", 4),
    ("Wartezeit beim Facharzt drei Monate", 5), ("Formulare nur auf Amtsdeutsch", 6),
    ("Schwimmbad im Winter geschlossen", 7), ("Nachbarn kennen sich nicht", 8),
    ("Sozialwohnungen fehlen", 0), ("Kinderbetreuung während der Kurse fehlt", 1),
    ("Hausaufgabenhilfe gibt es nur an einer Schule", 2), ("Bahnhof nicht barrierefrei", 3),
    ("Ausbildung in Teilzeit kaum möglich", 4), ("Psychologische Hilfe nur mit Dolmetscher", 5),
    ("Termine beim Bürgeramt online ausgebucht", 6), ("Jugendclub schließt um acht", 7),
    ("Feste nur für Alteingesessene", 8), ("Vermieter lehnen Bewerber mit Duldung ab", 0),
    ("Sprachcafé nur einmal im Monat", 1), ("Elternabende ohne Übersetzung", 2),
    ("Fahrradwerkstatt fehlt", 3), ("Arbeitserlaubnis dauert Monate", 4),
    ("Apotheke am Wochenende weit weg", 5), ("Briefe vom Jobcenter unverständlich", 6),
    ("Keine Mädchenfußballgruppe", 7), ("Patenschaften enden nach einem Jahr", 8),
    ("Wohnheime am Stadtrand", 0), ("Kein Kurs für Analphabeten", 1),
    ("Schulplatz erst nach Wochen", 2), ("Carsharing gibt es nicht", 3),
]
# What 20 phones sent meanwhile, three waves of one idea each (phone p's idea in wave w is PHONED[w * 20 + p]).
PHONED = [
    ("Keine Wohnung unter 10 € pro Quadratmeter", 0), ("B1-Kurs erst nach einem halben Jahr", 1),
    ("Kita-Gutschein kommt zu spät", 2), ("Letzter Zug nach Berlin zu früh", 3),
    ("Jobcenter vermittelt nur Helferstellen", 4), ("Hausarzt nimmt keine neuen Patienten", 5),
    ("Wartenummern im Amt schon um 7 Uhr weg", 6), ("Fußballplatz nur für Vereinsmitglieder", 7),
    ("Niemand lädt Neue zum Grillen ein", 8), ("Makler verlangen Schufa von Geflüchteten", 0),
    ("Online-Kurse ohne Laptop unmöglich", 1), ("Schulsozialarbeit nur halbtags", 2),
    ("Radweg an der B179 endet plötzlich", 3), ("Meisterbrief aus Syrien zählt nicht", 4),
    ("Keine Hebamme für Schwangere ohne Deutsch", 5), ("Bescheide ohne Erklärung", 6),
    ("Musikschule zu teuer", 7), ("Im Haus grüßt keiner", 8),
    ("Wohnberechtigungsschein dauert ewig", 0), ("Kein Sprachkurs am Wochenende", 1),
    ("Ganztag endet um 15 Uhr", 2), ("Rufbus kennt niemand", 3),
    ("Bewerbungen ohne Antwort", 4), ("Zahnarzt versteht keine Übersetzungs-App", 5),
    ("Unterlagen gehen im Amt verloren", 6), ("Kein Schwimmkurs für Frauen", 7),
    ("Kirchengemeinde und Moschee kennen sich nicht", 8), ("Zu wenig Wohnungen mit vier Zimmern", 0),
    ("Lehrkräfte im Kurs wechseln ständig", 1), ("Schulbücher nur auf Deutsch", 2),
    ("Bushaltestelle ohne Fahrplan in Sprachen", 3), ("Minijobs statt Ausbildung", 4),
    ("Krankenkassenkarte kommt nach Wochen", 5), ("Telefonhotline immer besetzt", 6),
    ("Bibliothek schließt samstags mittags", 7), ("Stadtfest ohne Angebote für Familien", 8),
    ("Nebenkosten nicht zu verstehen", 0), ("Prüfungstermine für B2 ausgebucht", 1),
    ("Kein Platz in der Vorschule", 2), ("Fahrkarten für Kinder zu teuer", 3),
    ("Führerschein aus der Ukraine nicht umgeschrieben", 4), ("Therapieplätze nur mit Wartezeit", 5),
    ("Anträge nur mit Drucker", 6), ("Jugendliche hängen an der Tankstelle", 7),
    ("Ehrenamtliche sind erschöpft", 8), ("Wohnungen an der Autobahn laut", 0),
    ("Kurs für Mütter mit Baby fehlt", 1), ("Nachhilfe kostet zu viel", 2),
    ("Parkplätze am Bahnhof voll", 3), ("Unternehmen wissen nichts von Förderungen", 4),
    ("Notaufnahme ohne Dolmetscher", 5), ("Termine nur über das Internet", 6),
    ("Kein Treffpunkt für ältere Menschen", 7), ("Keine Willkommensmappe für Neue", 8),
    ("Mietvertrag ohne Übersetzung unterschrieben", 0), ("Alphabetisierung nur vormittags", 1),
    ("Elternbriefe kommen zu spät", 2), ("Fähre fährt im Winter nicht", 3),
    ("Ausbildungsmesse nur einmal im Jahr", 4), ("Impftermine nur auf Deutsch erklärt", 5),
]
PHONES = 20


async def _phones_join(base_url: str, token: str) -> list[PhoneClient]:
    """The 20 phones open the join link (the page gives each its cookie and forgery token)."""
    phones = [PhoneClient(SimpleNamespace(base_url=base_url), token) for _phone in range(PHONES)]
    for phone in phones:
        assert (await phone.join()).status_code == 200
    return phones


async def _all_at_once(calls) -> None:
    """One request from each phone, all in flight together; each must be taken."""
    for response in await asyncio.gather(*calls):
        assert response.status_code in (200, 201), response.text


def test_an_evening_at_typing_speed_from_a_hundred_ideas_to_a_measure(home: Home):
    assert len(SAID) == 40 and {theme for _text, theme in SAID} == set(range(9))
    assert len(PHONED) == 3 * PHONES and len({text for text, _theme in SAID + PHONED}) == 100
    home.create("Abend", date="2016-11-24", slug="abend").close()
    port = free_port()
    terminal = Terminal(home.root, "abend", port=port)
    service = home.service("abend")
    loop = asyncio.new_event_loop()
    phones: list[PhoneClient] = []
    try:
        terminal.wait_for("Unsortiert (0)")
        base_url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(base_url))
        phones = loop.run_until_complete(_phones_join(base_url, service.read.session().join_token))
        typing = 0
        for burst in range(4):  # ten ideas a burst, ⏎ after each, then Esc: one send-keys call each
            keys = ["n"]
            for text, _theme in SAID[burst * 10:(burst + 1) * 10]:
                keys += [text, "Enter"]
            keys.append("Escape")
            typing += 2 + sum(len(text) + 1 for text, _theme in SAID[burst * 10:(burst + 1) * 10])
            terminal.send(*keys)
            if burst < 3:  # while the app takes the burst, a wave of 20 phone ideas arrives at once
                wave = PHONED[burst * PHONES:(burst + 1) * PHONES]
                loop.run_until_complete(_all_at_once(phone.idea(text) for phone, (text, _theme) in zip(
                    phones, wave, strict=True)))
            wait_until(lambda burst=burst: len(service.read.ideas()) >= (burst + 1) * 10 + min(burst + 1, 3) * PHONES)
        wait_until(lambda: len(service.read.ideas()) == 100)
        ideas = service.read.ideas()
        typed = {text for text, _theme in SAID}
        # Nothing lost, nothing doubled; the typed ideas in the order typed, each phone's in the order it sent them.
        assert sorted(idea.text for idea in ideas) == sorted(text for text, _theme in SAID + PHONED)
        assert [idea.text for idea in ideas if idea.text in typed] == [text for text, _theme in SAID]
        for number in range(PHONES):
            sent = [text for text, _theme in PHONED[number::PHONES]]
            assert [idea.text for idea in ideas if idea.text in sent] == sent
        terminal.wait_for("Unsortiert (100)")

        # Grouping: into the step, sort mode; a digit puts an idea into a theme, a capitalised name starts one.
        # Sort mode goes through the ideas in the board's order, typed and phoned mixed as they arrived.
        theme_of = dict(SAID + PHONED)
        wall = [(idea.text, theme_of[idea.text]) for idea in ideas]
        terminal.send(">")
        wait_until(lambda: service.read.session().step == "group")
        terminal.wait_for("Gruppieren")
        keys, names, made = ["S"], 0, []
        for _text, theme in wall:
            if theme in made:
                keys.append(str(made.index(theme) + 1))
            else:
                keys += [THEMES[theme], "Enter"]
                names += len(THEMES[theme]) + 1
                made.append(theme)
        for start in range(0, len(keys), 10):  # in bursts again, as a facilitator sorting at the wall
            terminal.send(*keys[start:start + 10])
        wait_until(lambda: all(idea.theme_id for idea in service.read.ideas()), timeout=60)
        themes = {theme.id: theme.name for theme in service.read.themes()}
        assert list(themes.values()) == [THEMES[index] for index in made]
        for idea, (text, theme) in zip(service.read.ideas(), wall, strict=True):
            assert (idea.text, themes[idea.theme_id]) == (text, THEMES[theme])
        # Sort mode ended by itself with the last idea; the empty inbox folded away.
        screen = terminal.wait_for("S Sortieren")
        assert "Unsortiert" not in screen and "Wohnen" in screen, screen
        # Every key sent counted: a name's letters one each, ⏎ and `S` one each.
        presses = sum(1 if key in ("Enter", "S") else len(key) for key in keys)
        digits = len(wall) - len(made)
        assert presses == 1 + digits + names and keys.count("Enter") == len(made)
        per_idea = presses / len(wall)
        print(f"critique at typing speed: {typing} keys for 40 typed ideas, 60 more from {PHONES} phones; sorting "
              f"{presses} keys for {len(wall)} ideas into 9 themes ({per_idea:.2f} per idea; {digits} ideas into "
              f"existing themes with one key each, 9 names of {names} keys)")
        # Once the themes exist, one key per idea: beyond the names' letters, at most one key per idea.
        assert (presses - names) / len(wall) <= 1.0, per_idea

        # A wide terminal: the nine theme columns share 200 cells, at least six whole.
        terminal.resize(200, 50)
        wait_until(lambda: sum(name in terminal.screen() for name in THEMES) >= 6)

        # The vote: opened with its default rules, 20 phones vote, closed; two quick `>` ask for the reveal.
        terminal.send(">")
        wait_until(lambda: service.read.session().step == "vote")
        terminal.send("v")
        terminal.wait_for("Punkte pro Person")
        terminal.send("Enter")
        wait_until(lambda: bool(service.read.rounds()) and service.read.rounds()[-1].is_open)
        round_ = service.read.rounds()[-1]
        ids = {theme.name: theme.id for theme in service.read.themes()}
        loop.run_until_complete(_all_at_once(phone.dots(round_.id, ids["Wohnen"], 1) for phone in phones))
        loop.run_until_complete(_all_at_once(phone.dots(round_.id, ids[THEMES[1 + number % 8]], 1)
                                             for number, phone in enumerate(phones)))
        terminal.send("v")
        terminal.wait_for("Abstimmung schließen?")
        terminal.send("j")
        wait_until(lambda: service.read.round(round_.id).status == "closed")
        terminal.send(">", ">")
        terminal.wait_for("Ergebnis noch nicht aufgedeckt")
        session = service.read.session()
        assert (session.phase, session.step) == ("critique", "results") and not service.read.round(round_.id).revealed
        terminal.send("Enter")  # the default: reveal now
        wait_until(lambda: service.read.round(round_.id).revealed)
        terminal.wait_for("aufgedeckt")
        terminal.send("Escape")

        # Fantasy skipped: five `>` to the realisation; `a` on the winner, ⏎ in the form's first field saves.
        terminal.wait_for("Ergebnis aufgedeckt")
        terminal.send(*[">"] * 5)
        wait_until(lambda: service.read.session().phase == "realisation")
        terminal.wait_for("●20")  # the critique's winner offered as a column, with its dots
        terminal.send("a")
        terminal.wait_for("Handlungsfeld")
        terminal.send("Enter")
        wait_until(lambda: len(service.read.measures()) == 1)
        [measure] = service.read.measures()
        assert measure.support_dots == 20 and measure.support.phase == "critique"
        terminal.wait_for("Kritik: 20")  # the measure in its column, its support named by its round
    finally:
        for phone in phones:
            loop.run_until_complete(phone.close())
        loop.close()
        terminal.close()
        home.close_all()


def _answers(base_url: str) -> bool:
    """Whether the app's phones' server takes connections yet."""
    try:
        httpx.get(base_url, timeout=1)
    except httpx.TransportError:
        return False
    return True
