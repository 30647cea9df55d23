"""The board's key map (one list) and the footer, which shows the keys the current step needs.

Every key works in every step and stands in the help screen and the command palette; the footer has
room for a few, so it shows the ones that matter now (collecting: `n`, `S` …; during a vote: `v`, `P`,
`z` …) with short labels.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import ActiveBinding, Binding

from workshop.core.models import Phase, RoundStatus, Step
from workshop.i18n import _
from workshop.tui.keys import key_label

BOARD_BINDINGS = [
    Binding("f1", "app.help", _("Hilfe"), key_display="?", tooltip=_("Alle Tasten und der Ablauf einer Sitzung.")),
    Binding("n", "new_idea", _("Idee"), tooltip=_("Eine neue Idee eintippen (⏎ fügt hinzu).")),
    Binding("space", "toggle_select", _("Auswahl"), key_display="␣",
            tooltip=_("Die markierte Idee aus- oder abwählen.")),
    Binding("g", "group", _("Thema bilden"), tooltip=_("Aus den ausgewählten Ideen ein neues Thema machen.")),
    Binding("S", "sort", _("Sortieren"), tooltip=_("Eine Idee ohne Thema nach der anderen: 1–9 ins Thema, "
                                                   "n neues Thema, → überspringen, ← zurück, Esc fertig.")),
    Binding("shift+down", "extend_selection(1)", _("Auswahl nach unten erweitern"), show=False,
            tooltip=_("Die markierte und die nächste Idee auswählen.")),
    Binding("shift+up", "extend_selection(-1)", _("Auswahl nach oben erweitern"), show=False,
            tooltip=_("Die markierte und die vorige Idee auswählen.")),
    Binding("m", "move", _("Verschieben"), tooltip=_("Ausgewählte Ideen in ein Thema verschieben.")),
    Binding("e", "edit", _("Bearbeiten"), tooltip=_("Die markierte Idee bearbeiten (leere Spalte: Thema "
                                                     "umbenennen).")),
    Binding("h", "hide", _("Ausblenden"), tooltip=_("Die markierte Idee ausblenden oder wieder zeigen.")),
    Binding(">", "next_step", _("Weiter"), tooltip=_("Zum nächsten Schritt.")),
    Binding("v", "vote", _("Abstimmung"), tooltip=_("Abstimmung öffnen oder schließen.")),
    Binding("a", "promote", _("Maßnahme"), tooltip=_("Aus dem markierten Thema eine Maßnahme machen.")),
    Binding("b", "projector", _("Beamer"), tooltip=_("Die Beamer-Ansicht ein- und ausschalten.")),
    Binding("t", "timer", _("Timer"), tooltip=_("Den Timer starten oder anhalten.")),
    Binding("z", "interim", _("Zwischenstand"), tooltip=_("Die Punkte einer laufenden Abstimmung nur für Sie zeigen "
                                                         "oder wieder verbergen (nicht auf den Beamer spiegeln).")),
    Binding("q", "toggle_join", _("QR-Feld ein/aus"), tooltip=_("Das Feld „Mitmachen“ ausblenden, damit das Board "
                                                               "Platz hat (die Adresse steht dann oben).")),
    Binding("P", "paper_table", _("Papierpunkte-Tabelle"),
            tooltip=_("Die an der Wand gezählten Punkte aller Themen der Abstimmung in einer Tabelle eintragen.")),
    Binding("<", "previous_step", _("Schritt zurück"), show=False, tooltip=_("Zum vorigen Schritt.")),
    Binding("E", "rename_theme", _("Thema umbenennen"), show=False),
    Binding("d", "merge_ideas", _("Duplikate zusammenführen"), show=False,
            tooltip=_("Ausgewählte Ideen zu einer zusammenführen (die markierte bleibt).")),
    Binding("M", "merge_themes", _("Themen zusammenführen"), show=False,
            tooltip=_("Das markierte Thema in ein anderes aufgehen lassen.")),
    Binding("x", "dissolve_theme", _("Thema auflösen"), show=False,
            tooltip=_("Das Thema entfernen; seine Ideen gehen nach „Unsortiert“.")),
    Binding("p", "paper_dots", _("Papierpunkte"), show=False,
            tooltip=_("Die an der Wand gezählten Punkte für das markierte Thema eintragen.")),
    Binding("r", "reveal", _("Ergebnis aufdecken"), show=False,
            tooltip=_("Das Ergebnis für Telefone und Beamer sichtbar machen.")),
    Binding("s", "results", _("Ergebnisliste"), show=False, tooltip=_("Die Rangliste mit Balken zeigen.")),
    Binding("c", "carry", _("Kritik übernehmen"), show=False,
            tooltip=_("Die Gewinnerthemen der Kritik als Impulse in die Phantasiephase übernehmen.")),
    Binding("A", "promote_idea", _("Idee als Maßnahme"), show=False,
            tooltip=_("Aus der markierten Idee eine Maßnahme machen.")),
    Binding("w", "measures", _("Maßnahmenliste"), show=False, tooltip=_("Alle Maßnahmen der Sitzung.")),
    Binding("T", "set_timer", _("Timer stellen"), show=False, tooltip=_("Die Zeit für diesen Schritt.")),
    Binding("f", "question", _("Leitfrage ändern"), show=False),
    Binding("j", "join", _("Beitreten & Adresse"), show=False,
            tooltip=_("Großer QR-Code und Wahl der Netzwerkadresse.")),
    Binding("l", "log", _("Protokoll"), show=False, tooltip=_("Was wann geschah (Ereignisprotokoll).")),
    Binding("o", "sessions", _("Sitzungen"), show=False, tooltip=_("Zur Sitzungsauswahl.")),
    Binding("left", "column(-1)", _("Spalte links"), show=False),
    Binding("right", "column(1)", _("Spalte rechts"), show=False),
    Binding("escape", "leave_input", _("Zurück zum Board"), show=False),
]

# Short footer labels (the bindings' own descriptions are for the help screen and the palette).
SHORT: dict[str, tuple[str, str | None]] = {
    "app.help": (_("Hilfe"), "?"), "new_idea": (_("Idee"), None), "sort": (_("Sortieren"), None),
    "toggle_select": (_("Auswahl"), "␣"), "extend_selection(1)": (_("Auswahl+"), "⇧↑↓"),
    "group": (_("Thema"), None), "move": (_("Verschieben"), None), "edit": (_("Bearbeiten"), None),
    "hide": (_("Ausblenden"), None), "merge_ideas": (_("Duplikate"), None), "next_step": (_("Weiter"), None),
    "vote": (_("Abstimmung"), None), "paper_table": (_("Papierpunkte"), None), "interim": (_("Zwischenstand"), None),
    "reveal": (_("Aufdecken"), None), "results": (_("Rangliste"), None), "carry": (_("Impulse"), None),
    "promote": (_("Maßnahme"), None), "measures": (_("Liste"), None), "projector": (_("Beamer"), None),
    "toggle_join": (_("QR"), None), "leave_input": (_("Zurück zum Board"), "Esc"),
    "screen.sort_into(1)": (_("ins Thema"), "1–9"), "screen.sort_new_theme": (_("Neues Thema"), None),
    "screen.sort_step(1)": (_("Überspringen"), "→"), "screen.sort_step(-1)": (_("Zurück"), "←"),
    "screen.sort_leave": (_("Fertig"), "Esc"),
}
SORTING = ["screen.sort_into(1)", "screen.sort_new_theme", "screen.sort_step(1)", "screen.sort_step(-1)",
           "screen.sort_leave"]


def footer_actions(screen: Any) -> list[str]:
    """The actions the footer shows now, most needed first (what does not fit is cut at the end)."""
    view = screen.view
    if screen.sorting:
        return SORTING
    if screen.focused is not None and screen.focused.id == "new-idea":
        return ["leave_input", "app.help"]
    if view is None:
        return ["app.help"]
    session, round_ = view.session, view.round
    if session.phase == Phase.REALISATION:
        actions = ["promote", "measures", "projector", "toggle_join"]
    elif round_ is not None and round_.is_open:
        actions = ["vote", "paper_table", "interim", "projector", "toggle_join", "next_step"]
    elif round_ is not None and round_.status == RoundStatus.CLOSED and not round_.revealed:
        actions = ["reveal", "paper_table", "interim", "results", "projector", "toggle_join"]
    elif session.step == Step.RESULTS or (round_ is not None and round_.revealed and session.step == Step.VOTE):
        actions = ["results", "paper_table", *(["carry"] if screen.can_carry() else []), "next_step", "projector",
                   "toggle_join"]
    elif session.step == Step.VOTE:
        actions = ["vote", "sort", "group", "move", "next_step", "projector", "toggle_join"]
    elif session.step == Step.GROUP:
        actions = ["sort", "toggle_select", "extend_selection(1)", "group", "move", "merge_ideas", "next_step",
                   "toggle_join"]
    else:
        actions = ["new_idea", "sort", "toggle_select", "group", "move", "edit", "hide", "next_step", "toggle_join"]
    return [*actions, "app.help"]


PALETTE_CELLS = 14  # the command palette's key at the footer's right end ("▏^p Befehle" and a margin)


def footer_bindings(active: dict[str, ActiveBinding], actions: list[str], width: int) -> dict[str, ActiveBinding]:
    """`active` with only `actions` shown, in that order, with their short labels, as many as fit in `width`.

    What does not fit is left out from the end (help stays): a footer wider than the screen ran under the
    palette's key and left a stray letter beside it.
    """
    first_key: dict[str, str] = {}
    for key, entry in active.items():
        first_key.setdefault(entry.binding.action, key)
    candidates: list[tuple[str, ActiveBinding, int]] = []
    for action in actions:
        key = first_key.get(action)
        if key is None or any(key == seen for seen, _entry, _cells in candidates):
            continue
        entry = active[key]
        label, display = SHORT.get(action, (entry.binding.description, None))
        display = display or entry.binding.key_display or key_label(key)  # `>`, not `greater_than_sign`
        binding = replace(entry.binding, show=True, description=label, key_display=display)
        candidates.append((key, entry._replace(binding=binding), len(display) + len(label) + 2))
    room = width - PALETTE_CELLS - sum(cells for _key, entry, cells in candidates if entry.binding.action == "app.help")
    shown: dict[str, ActiveBinding] = {}
    for key, entry, cells in candidates:
        if entry.binding.action != "app.help":
            if cells > room:
                continue
            room -= cells
        shown[key] = entry
    for key, entry in active.items():
        if key not in shown:
            shown[key] = entry._replace(binding=replace(entry.binding, show=False))
    return shown
