"""The help screen: how a session goes, and every key of the screen it was opened from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.keys import grouped_bindings, key_label
from workshop.tui.widgets.footer import SteadyFooter

COURSE = _("""\
## So läuft eine Zukunftswerkstatt

1. **Kritikphase** — *Sammeln*: Die Leitfrage steht oben; Telefone schicken Ideen (📱), Sie tippen Zettel ein (`n`).
   *Gruppieren*: Ideen mit `␣` auswählen, `g` bildet ein Thema, `m` verschiebt, `d` führt Duplikate zusammen.
   *Abstimmen*: `v` öffnet die Punktabstimmung, `p` trägt Papierpunkte von der Wand ein, `v` schließt.
   *Ergebnis*: `r` deckt das Ergebnis für Telefone und Beamer auf, `s` zeigt die Rangliste.
   Die Punkte liegen auf den Themen: wer nach der Abstimmung Themen zusammenführt (`M`), nimmt ihre Punkte
   mit („mit „Beta“ zusammengeführt“, `Strg+Z` trennt sie wieder); einzelne Ideen zu verschieben bewegt keine Punkte.
2. **Phantasiephase** — `c` übernimmt die Gewinnerthemen der Kritik als Impulse („Es wäre schön, wenn …“);
   dann wieder Sammeln, Gruppieren, Abstimmen, Ergebnis.
3. **Verwirklichungsphase** — `a` macht aus einem Gewinnerthema eine Maßnahme (Ziel, Handlungsfeld, Zeitraum,
   Kosten, Zuständigkeit, Partner); `w` listet alle Maßnahmen.

`>` und `<` wechseln den Schritt, `b` schaltet die Beamer-Ansicht, `t` den Timer, `Strg+Z` macht jede Aktion
rückgängig (vor dem Zurücknehmen eines Aufdeckens oder Schließens fragt es). Alles wird sofort gespeichert;
`Strg+P` sucht jede Aktion nach ihrem Namen, auch die ohne Taste: „Protokoll exportieren (Markdown/CSV/JSON)“,
„Exporte anzeigen“ und „Maßnahmen in den Plan einfügen …“ (Plan-Datei wählen, Bericht ansehen, speichern).

**Sortieren** (`S`): eine Idee ohne Thema nach der anderen, groß; `1`–`9` legen sie ins Thema mit der Nummer
(die Nummern stehen dann an den Spalten), `n` oder gleich ein großgeschriebener Name macht ein neues Thema,
`→` überspringt, `←` geht zurück, `Esc` beendet. `Umschalt+↑/↓` erweitert die Auswahl auf dem Board.
Während einer Abstimmung zeigt das Board keine Punkte, bis Sie aufdecken: `z` zeigt den Zwischenstand nur
Ihnen (nicht auf den Beamer spiegeln), `P` trägt die Papierpunkte aller Themen in einer Tabelle ein.
`q` blendet das Feld „Mitmachen“ aus, damit das Board Platz hat.
""")

FORKS = _("""\
## Abzweigungen eines Abends

- **Ergebnis nicht aufgedeckt:** Wer eine Phase verlässt (`>`, `<`), während ihre Abstimmung geschlossen, aber nicht
  aufgedeckt ist, wird gefragt: *Jetzt aufdecken* (⏎ oder `r`), *Trotzdem weiter* (`w`) oder *Zurück* (`Esc`).
  Dieselbe Frage kommt nach „Schließen und weiter“ auf einer laufenden Abstimmung. `>` tut in der Frage nichts.
- **Phantasiephase übersprungen:** Nach dem Ergebnis der Kritik mit `>` bis in die Verwirklichung; dort stehen die
  Gewinnerthemen der Kritik mit ihren Punkten. `a` macht aus dem markierten eine Maßnahme, ihre Unterstützung heißt
  dann „Kritik: 21 Punkte“ (in der App, im Protokoll und im Plan).
- **Abstimmung über Ideen statt Themen:** Ohne Themen stimmt `v` über die einzelnen Ideen ab; `A` macht aus der
  markierten Idee eine Maßnahme mit deren Punkten.
- **Nichts zum Übernehmen:** Sagen `a` oder `A`, es gebe noch kein Thema, fehlt ein aufgedecktes Ergebnis: mit `<`
  zurück, abstimmen (`v`), aufdecken (`r`).
""")


class HelpScreen(Screen):
    BINDINGS = bindings(Group.HELP)

    def __init__(self, origin: Screen) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        rows = [f"| `{key_label(keys)}` | {binding.description} | {binding.tooltip} |"
                for binding, keys in grouped_bindings(self.origin).values()]
        table = "\n".join([f"| {_('Taste')} | {_('Aktion')} | {_('Erklärung')} |", "|---|---|---|", *rows])
        with VerticalScroll():
            yield Markdown(f"# {_('Hilfe')}\n\n{COURSE}\n{FORKS}\n## {_('Tasten')}\n\n{table}\n")
        yield SteadyFooter()
