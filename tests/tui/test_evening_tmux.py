"""The facilitator's evening through a real terminal (tmux) at typing speed (issue 19, item 6): 40 critique ideas
typed in four bursts of ten, sorted into nine themes in sort mode (`S`), the board at 200×50, a vote with 20 phones
closed and `>` `>` at once (the reveal is asked for), the fantasy phase skipped and the critique's winner made a
measure with ⏎ in the form. Every key of a burst goes in one `send-keys` call, so they reach the app together as
from a fast typist; the sorting keys are counted per idea. (Phones write through the session file from this
process, as the server's would; the app follows the file.)
"""

from __future__ import annotations

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


def test_an_evening_at_typing_speed_from_forty_ideas_to_a_measure(home: Home):
    assert len(SAID) == 40 and {theme for _text, theme in SAID} == set(range(9))
    home.create("Abend", date="2016-11-24", slug="abend").close()
    terminal = Terminal(home.root, "abend")
    service = home.service("abend")
    try:
        terminal.wait_for("Unsortiert (0)")
        typing = 0
        for burst in range(4):  # ten ideas a burst, ⏎ after each, then Esc: one send-keys call each
            keys = ["n"]
            for text, _theme in SAID[burst * 10:(burst + 1) * 10]:
                keys += [text, "Enter"]
            keys.append("Escape")
            typing += 2 + sum(len(text) + 1 for text, _theme in SAID[burst * 10:(burst + 1) * 10])
            terminal.send(*keys)
            wait_until(lambda burst=burst: len(service.read.ideas()) >= (burst + 1) * 10)
        wait_until(lambda: len(service.read.ideas()) == 40)
        assert [idea.text for idea in service.read.ideas()] == [text for text, _theme in SAID]
        terminal.wait_for("Unsortiert (40)")

        # Grouping: into the step, sort mode; a digit puts an idea into a theme, a capitalised name starts one.
        terminal.send(">")
        wait_until(lambda: service.read.session().step == "group")
        terminal.wait_for("Gruppieren")
        keys, names, made = ["S"], 0, []
        for _text, theme in SAID:
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
        for idea, (text, theme) in zip(service.read.ideas(), SAID, strict=True):
            assert (idea.text, themes[idea.theme_id]) == (text, THEMES[theme])
        # Sort mode ended by itself with the last idea; the empty inbox folded away.
        screen = terminal.wait_for("S Sortieren")
        assert "Unsortiert" not in screen and "Wohnen" in screen, screen
        digits = len(SAID) - len(made)
        presses = 1 + digits + names  # `S`, one digit per idea into a theme that exists, each name's letters and ⏎
        print(f"critique at typing speed: {typing} keys for 40 ideas; sorting {presses} keys for 40 ideas into "
              f"9 themes ({presses / len(SAID):.2f} per idea; {digits} ideas into existing themes with one key each, "
              f"9 names of {names} keys)")
        assert keys.count("Enter") == len(made) and len(keys) == 1 + digits + 2 * len(made)  # nothing more was needed

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
        for phone in range(20):
            device = service.devices.join()
            service.phones.set_dots(device.id, round_.id, ids["Wohnen"], 1)
            service.phones.set_dots(device.id, round_.id, ids[THEMES[1 + phone % 8]], 1)
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
        terminal.close()
        home.close_all()
