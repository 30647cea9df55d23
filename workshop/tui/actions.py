"""Every key of the facilitator's app in one registry: key, action, label, help group, and when the footer shows it.

Each screen's BINDINGS are made here (`bindings(Group.BOARD)`), so the help screen and the command palette,
which list a screen's bindings, show what this module says; the board's footer picks its keys by `Mode`
from `FOOTERS`. An action names a method of its screen (or of the app, `app.…`): `new_idea` runs
`BoardScreen._action_new_idea`. tests/tui/test_actions.py checks that every action has its method, that
every footer's action is bound where the footer shows it, and that docs/facilitator.md's key tables
hold these keys, both ways.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from textual.binding import Binding

from workshop.i18n import _


class Group(enum.StrEnum):
    """Where a key works, and so under which heading the help and the facilitator's guide list it."""

    APP = "app"  # every screen
    BOARD = "board"
    SORT = "sort"  # the board's sort mode (`S`): the sort panel's keys
    PICKER = "picker"
    NEW_SESSION = "new_session"
    MEASURES = "measures"
    RESULTS = "results"
    PROJECTOR = "projector"
    JOIN = "join"
    REACH = "reach"
    EVENT_LOG = "event_log"
    HELP = "help"
    PROMPT = "prompt"
    CONFIRM = "confirm"
    UNREVEALED = "unrevealed"  # leaving a phase whose closed vote is not revealed
    CHOICE = "choice"
    VOTE_RULES = "vote_rules"
    PAPER_DOTS = "paper_dots"
    RENAME_THEMES = "rename_themes"
    MEASURE_FORM = "measure_form"
    PLAN_REPORT = "plan_report"
    PRIVACY = "privacy"
    GROUPS = "groups"  # the small groups' screen (`G`)
    REVIEW = "review"  # a review session's measures (screens/review.py)


class Mode(enum.Enum):
    """What the board is doing, and so which keys its footer shows (every key works in every mode)."""

    NO_SESSION = enum.auto()  # nothing read yet
    TYPING = enum.auto()  # the new-idea field has the focus
    SORTING = enum.auto()
    COLLECT = enum.auto()
    GROUP = enum.auto()
    VOTE = enum.auto()  # the vote step, no round open
    VOTE_OPEN = enum.auto()
    VOTE_CLOSED = enum.auto()  # closed, not yet revealed
    RESULTS = enum.auto()
    RESULTS_TO_CARRY = enum.auto()  # results of the critique whose winners are not yet fantasy's prompts
    REALISATION = enum.auto()
    REVIEW = enum.auto()  # a review session's first steps: preparing, remarks


@dataclass(frozen=True, slots=True)
class Action:
    """One key (or several, `f1,question_mark`) and what it does, as Textual's `Binding` takes it, plus the
    board footer's short label (`short`, `short_key`) where the footer has less room than the help."""

    group: Group
    keys: str
    action: str  # run on the screen the binding sits on, or `app.…`, `screen.…`
    label: str  # the help screen's and the palette's name for it
    tooltip: str = ""
    show: bool = True  # in Textual's own footer (the board's footer goes by FOOTERS instead)
    key_display: str | None = None
    priority: bool = False
    short: str | None = None
    short_key: str | None = None

    @property
    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=self.show, key_display=self.key_display,
                       priority=self.priority, tooltip=self.tooltip)

    @property
    def method(self) -> str:
        """The action's name without namespace and arguments: `screen.sort_into(1)` → `sort_into`."""
        return self.action.rpartition(".")[2].partition("(")[0]


# ---------------------------------------------------------------------------------------------- everywhere
PALETTE = Action(Group.APP, "ctrl+p", "command_palette", _("Befehle"), _("Jede Aktion nach ihrem Namen finden."),
                 show=False, key_display="^p", priority=True)
APP = (
    PALETTE,
    Action(Group.APP, "ctrl+q", "quit", _("Beenden"), _("Alles ist schon gespeichert."), priority=True),
    Action(Group.APP, "ctrl+z", "undo", _("Rückgängig"), show=False),
    Action(Group.APP, "ctrl+y", "redo", _("Wiederholen"), show=False),
    Action(Group.APP, "f1,question_mark", "help", _("Hilfe")),
    Action(Group.APP, "B", "beamer_page", _("Beamer im Browser"),
           _("Die Beamer-Seite im Browser öffnen, für den zweiten Bildschirm."), show=False),
    Action(Group.APP, "full_stop", "blank", _("Beamer schwarz"),
           _("Beamer-Seite und Beamer-Ansicht schwarz schalten, bis Sie die Taste wieder drücken."), show=False,
           key_display="."),
    Action(Group.APP, "i", "reach", _("Erreichen Telefone mich?"),
           _("Adressen des Laptops, Rat und ein Test mit dem eigenen Telefon."), show=False),
)

# ---------------------------------------------------------------------------------------------- the board
HELP = Action(Group.BOARD, "f1", "app.help", _("Hilfe"), _("Alle Tasten und der Ablauf einer Sitzung."),
              key_display="?", short_key="?")
NEW_IDEA = Action(Group.BOARD, "n", "new_idea", _("Idee"), _("Eine neue Idee eintippen (⏎ fügt hinzu)."))
TOGGLE_SELECT = Action(Group.BOARD, "space", "toggle_select", _("Auswahl"),
                       _("Die markierte Idee aus- oder abwählen; die Markierung rückt dann eine Idee weiter nach "
                         "unten (so wählt ␣ ␣ ␣ drei Ideen untereinander)."), key_display="␣", short_key="␣",
                       short=_("Wählen+↓"))
GROUP = Action(Group.BOARD, "g", "group", _("Thema bilden"), _("Aus den ausgewählten Ideen ein neues Thema machen."),
               short=_("Thema"))
SORT = Action(Group.BOARD, "S", "sort", _("Sortieren"), _("Eine Idee ohne Thema nach der anderen: 1–9 ins Thema, "
                                                        "n neues Thema, → überspringen, ← zurück, Esc fertig."))
EXTEND_DOWN = Action(Group.BOARD, "shift+down", "extend_selection(1)", _("Auswahl nach unten erweitern"),
                     _("Die markierte und die nächste Idee auswählen."), show=False, short=_("Auswahl+"),
                     short_key="⇧↑↓")
EXTEND_UP = Action(Group.BOARD, "shift+up", "extend_selection(-1)", _("Auswahl nach oben erweitern"),
                   _("Die markierte und die vorige Idee auswählen."), show=False)
MOVE = Action(Group.BOARD, "m", "move", _("Verschieben"), _("Ausgewählte Ideen in ein Thema verschieben."))
EDIT = Action(Group.BOARD, "e", "edit", _("Bearbeiten"), _("Die markierte Idee bearbeiten (leere Spalte: Thema "
                                                         "umbenennen)."))
HIDE = Action(Group.BOARD, "h", "hide", _("Ausblenden"), _("Die markierte Idee ausblenden oder wieder zeigen."))
NEXT_STEP = Action(Group.BOARD, ">", "next_step", _("Weiter"), _("Zum nächsten Schritt."))
VOTE = Action(Group.BOARD, "v", "vote", _("Abstimmung"), _("Abstimmung öffnen oder schließen."))
PROMOTE = Action(Group.BOARD, "a", "promote", _("Maßnahme"), _("Aus dem markierten Thema eine Maßnahme machen."))
PROJECTOR = Action(Group.BOARD, "b", "projector", _("Beamer"), _("Die Beamer-Ansicht ein- und ausschalten."))
TIMER = Action(Group.BOARD, "t", "timer", _("Timer"), _("Den Timer starten oder anhalten."))
INTERIM = Action(Group.BOARD, "z", "interim", _("Zwischenstand"), _("Die Punkte einer laufenden Abstimmung nur für "
                                                                  "Sie zeigen oder wieder verbergen (nicht auf den "
                                                                  "Beamer spiegeln)."))
TOGGLE_JOIN = Action(Group.BOARD, "q", "toggle_join", _("QR-Feld ein/aus"),
                     _("Das Feld „Mitmachen“ ausblenden, damit das Board Platz hat (die Adresse steht dann oben)."),
                     short=_("QR"))
PAPER_TABLE = Action(Group.BOARD, "P", "paper_table", _("Papierpunkte-Tabelle"),
                     _("Die an der Wand gezählten Punkte aller Themen der Abstimmung in einer Tabelle eintragen."),
                     short=_("Papierpunkte"))
PREVIOUS_STEP = Action(Group.BOARD, "<", "previous_step", _("Schritt zurück"), _("Zum vorigen Schritt."), show=False)
RENAME_THEME = Action(Group.BOARD, "E", "rename_theme", _("Thema umbenennen"), show=False)
MERGE_IDEAS = Action(Group.BOARD, "d", "merge_ideas", _("Duplikate zusammenführen"),
                     _("Ausgewählte Ideen zu einer zusammenführen (die markierte bleibt)."), show=False,
                     short=_("Duplikate"))
MERGE_THEMES = Action(Group.BOARD, "M", "merge_themes", _("Themen zusammenführen"),
                      _("Das markierte Thema in ein anderes aufgehen lassen."), show=False)
DISSOLVE_THEME = Action(Group.BOARD, "x", "dissolve_theme", _("Thema auflösen"),
                        _("Das Thema entfernen; seine Ideen gehen nach „Unsortiert“."), show=False)
PAPER_DOTS = Action(Group.BOARD, "p", "paper_dots", _("Papierpunkte"),
                    _("Die an der Wand gezählten Punkte für das markierte Thema eintragen."), show=False)
REVEAL = Action(Group.BOARD, "r", "reveal", _("Ergebnis aufdecken"),
                _("Das Ergebnis für Telefone und Beamer sichtbar machen."), show=False, short=_("Aufdecken"))
RESULTS = Action(Group.BOARD, "s", "results", _("Ergebnisliste"), _("Die Rangliste mit Balken zeigen."), show=False,
                 short=_("Rangliste"))
CARRY = Action(Group.BOARD, "c", "carry", _("Kritik übernehmen"),
               _("Die Gewinnerthemen der Kritik als Impulse in die Phantasiephase übernehmen."), show=False,
               short=_("Impulse"))
PROMOTE_IDEA = Action(Group.BOARD, "A", "promote_idea", _("Idee als Maßnahme"),
                      _("Aus der markierten Idee eine Maßnahme machen."), show=False)
MEASURES = Action(Group.BOARD, "w", "measures", _("Maßnahmenliste"), _("Alle Maßnahmen der Sitzung."), show=False,
                  short=_("Liste"))
SET_TIMER = Action(Group.BOARD, "T", "set_timer", _("Timer stellen"), _("Die Zeit für diesen Schritt."), show=False)
QUESTION = Action(Group.BOARD, "f", "question", _("Leitfrage ändern"), show=False)
JOIN = Action(Group.BOARD, "j", "join", _("Beitreten & Adresse"), _("Großer QR-Code und Wahl der Netzwerkadresse."),
              show=False)
LOG = Action(Group.BOARD, "l", "log", _("Protokoll"), _("Was wann geschah (Ereignisprotokoll)."), show=False)
SESSIONS = Action(Group.BOARD, "o", "sessions", _("Sitzungen"), _("Zur Sitzungsauswahl."), show=False)
COLUMN_LEFT = Action(Group.BOARD, "left", "column(-1)", _("Spalte links"), show=False)
COLUMN_RIGHT = Action(Group.BOARD, "right", "column(1)", _("Spalte rechts"), show=False)
LEAVE_INPUT = Action(Group.BOARD, "escape", "leave_input", _("Zurück zum Board"), show=False, short_key="Esc")
GROUPS = Action(Group.BOARD, "G", "groups", _("Kleingruppen"),
                _("Kleingruppen bilden und ihre Entwürfe live sehen (Phantasie und Verwirklichung)."), show=False,
                short=_("Gruppen"))
REVIEW = Action(Group.BOARD, "R", "review", _("Rückblick"),
                _("Die Maßnahmen des Plans in einer Rückblick-Sitzung: ausblenden, Status setzen, Anmerkungen "
                  "übernehmen."), show=False)

BOARD = (HELP, NEW_IDEA, TOGGLE_SELECT, GROUP, SORT, EXTEND_DOWN, EXTEND_UP, MOVE, EDIT, HIDE, NEXT_STEP, VOTE,
         PROMOTE, PROJECTOR, TIMER, INTERIM, TOGGLE_JOIN, PAPER_TABLE, PREVIOUS_STEP, RENAME_THEME, MERGE_IDEAS,
         MERGE_THEMES, DISSOLVE_THEME, PAPER_DOTS, REVEAL, RESULTS, CARRY, PROMOTE_IDEA, MEASURES, SET_TIMER, QUESTION,
         JOIN, LOG, SESSIONS, COLUMN_LEFT, COLUMN_RIGHT, LEAVE_INPUT, GROUPS, REVIEW)

# ---------------------------------------------------------------------------------------------- sort mode
# The panel has the focus while sorting, so its keys come before the board's; the screen does the work.
SORT_INTO = Action(Group.SORT, "1", "screen.sort_into(1)", _("In Thema 1–9"), key_display="1–9", short=_("ins Thema"))
SORT_DIGITS = tuple(Action(Group.SORT, str(number), f"screen.sort_into({number})",
                           _("In Thema {number}").format(number=number), show=False) for number in range(2, 10))
SORT_NEW_THEME = Action(Group.SORT, "n", "screen.sort_new_theme", _("Neues Thema daraus"), short=_("Neues Thema"))
SORT_SKIP = Action(Group.SORT, "right", "screen.sort_step(1)", _("Überspringen"), key_display="→")
SORT_BACK = Action(Group.SORT, "left", "screen.sort_step(-1)", _("Zurück"), key_display="←")
SORT_LEAVE = Action(Group.SORT, "escape", "screen.sort_leave", _("Sortieren beenden"), key_display="Esc",
                    short=_("Fertig"))
SORTING = (SORT_INTO, *SORT_DIGITS, SORT_NEW_THEME, SORT_SKIP, SORT_BACK, SORT_LEAVE)

# ---------------------------------------------------------------------------------------------- the groups screen
GROUP_KEYS = (
    Action(Group.GROUPS, "escape,G", "app.pop_screen", _("Zurück zum Board")),
    Action(Group.GROUPS, "n", "form", _("Gruppen bilden"), _("Eine Gruppe je Gewinnerthema, zu einem Thema oder frei "
                                                            "benannt.")),
    Action(Group.GROUPS, "enter", "take", _("Maßnahme aus dem Entwurf"),
           _("Das Maßnahmenformular mit dem Entwurf der Gruppe öffnen.")),
    Action(Group.GROUPS, "B", "on_beamer", _("Entwurf auf den Beamer"),
           _("Den Entwurf der markierten Gruppe groß auf der Beamer-Seite zeigen (noch einmal: zurück).")),
    Action(Group.GROUPS, "c", "codes_on_beamer", _("Codes auf den Beamer"),
           _("Die Codes aller Gruppen auf der Beamer-Seite zeigen (noch einmal: zurück).")),
    Action(Group.GROUPS, "h", "hide_field", _("Feld ausblenden"), _("Den Text eines Feldes ausblenden oder zeigen.")),
    Action(Group.GROUPS, "r", "restore", _("Aus dem Verlauf"), _("Ein Feld aus seinem Verlauf wiederherstellen.")),
    Action(Group.GROUPS, "L", "lock", _("Sperren"), _("Den Entwurf der Gruppe sperren oder wieder freigeben.")),
    Action(Group.GROUPS, "delete,x", "dissolve", _("Auflösen"), _("Eine Gruppe ohne Entwurf auflösen."), show=False),
)

# ---------------------------------------------------------------------------------------------- other screens
BACK = _("Zurück zum Board")
CANCEL = _("Abbrechen")
SCREENS = (
    Action(Group.PICKER, "n", "new_session", _("Neue Sitzung"), _("Eine neue Sitzung anlegen.")),
    Action(Group.PICKER, "enter", "open_session", _("Öffnen"), show=False),
    Action(Group.NEW_SESSION, "escape", "cancel", CANCEL),
    Action(Group.MEASURES, "escape,w", "app.pop_screen", BACK),
    Action(Group.MEASURES, "enter", "edit", _("Bearbeiten")),
    Action(Group.MEASURES, "delete,x", "delete", _("Löschen")),
    Action(Group.RESULTS, "escape,s", "app.pop_screen", BACK),
    Action(Group.PROJECTOR, "b,escape", "app.pop_screen", BACK),
    Action(Group.JOIN, "escape,j", "app.pop_screen", BACK),
    Action(Group.REACH, "escape,i", "app.pop_screen", _("Zurück")),
    Action(Group.EVENT_LOG, "escape,l", "app.pop_screen", BACK),
    Action(Group.HELP, "escape,f1,question_mark,q", "app.pop_screen", _("Hilfe schließen")),
    Action(Group.PROMPT, "escape", "cancel", CANCEL),
    Action(Group.CONFIRM, "escape,n", "answer(False)", CANCEL),
    Action(Group.CONFIRM, "j,y", "answer(True)", _("Ja")),
    Action(Group.UNREVEALED, "escape", "answer('back')", _("Zurück")),
    Action(Group.UNREVEALED, "r", "answer('reveal')", _("Jetzt aufdecken")),
    Action(Group.UNREVEALED, "w", "answer('onward')", _("Trotzdem weiter")),
    Action(Group.CHOICE, "escape", "cancel", CANCEL),
    Action(Group.CHOICE, "down", "move(1)", _("Nächster Eintrag"), show=False),
    Action(Group.CHOICE, "up", "move(-1)", _("Voriger Eintrag"), show=False),
    Action(Group.VOTE_RULES, "escape", "cancel", CANCEL),
    Action(Group.PAPER_DOTS, "escape", "cancel", CANCEL),
    Action(Group.PAPER_DOTS, "down", "app.focus_next", _("Nächstes Thema"), show=False),
    Action(Group.PAPER_DOTS, "up", "app.focus_previous", _("Voriges Thema"), show=False),
    Action(Group.PAPER_DOTS, "ctrl+s", "save", _("Übernehmen")),
    Action(Group.RENAME_THEMES, "escape", "cancel", _("Namen behalten")),
    Action(Group.RENAME_THEMES, "down", "app.focus_next", _("Nächstes Thema"), show=False),
    Action(Group.RENAME_THEMES, "up", "app.focus_previous", _("Voriges Thema"), show=False),
    Action(Group.MEASURE_FORM, "escape", "cancel", CANCEL),
    Action(Group.MEASURE_FORM, "ctrl+s,enter", "save", _("Speichern"), priority=True),
    Action(Group.MEASURE_FORM, "down", "app.focus_next", _("Nächstes Feld"), show=False),
    Action(Group.MEASURE_FORM, "up", "app.focus_previous", _("Voriges Feld"), show=False),
    Action(Group.PLAN_REPORT, "escape,n", "answer(False)", _("Nicht speichern")),
    Action(Group.PLAN_REPORT, "j,y", "answer(True)", _("Plan speichern")),
    Action(Group.PRIVACY, "escape", "cancel", CANCEL),
    *GROUP_KEYS,
    Action(Group.REVIEW, "escape,R", "app.pop_screen", BACK),
    Action(Group.REVIEW, "u", "status", _("Status setzen"),
           _("Den Status, auf den sich der Raum geeinigt hat, für die markierte Maßnahme setzen (in den Plan kommt "
             "er mit „werkstatt plan merge“).")),
    Action(Group.REVIEW, "h", "hide", _("Ausblenden"),
           _("Die markierte Maßnahme auslassen oder wieder zeigen (nur bevor der Rückblick beginnt).")),
    Action(Group.REVIEW, "K", "take_remarks", _("Anmerkungen in die Kritik"),
           _("Die Anmerkungen zur markierten Maßnahme als Ideen in die Kritikphase übernehmen.")),
)

ACTIONS: tuple[Action, ...] = (*APP, *BOARD, *SORTING, *SCREENS)

# What the board's footer shows in each mode, most needed first (what does not fit is cut from the end, help
# stays). Sort mode's keys sit on its panel, which has the focus while sorting.
FOOTERS: dict[Mode, tuple[Action, ...]] = {
    Mode.NO_SESSION: (HELP,),
    Mode.TYPING: (LEAVE_INPUT, HELP),
    Mode.SORTING: (SORT_INTO, SORT_NEW_THEME, SORT_SKIP, SORT_BACK, SORT_LEAVE),
    Mode.COLLECT: (NEW_IDEA, SORT, TOGGLE_SELECT, GROUP, MOVE, EDIT, HIDE, NEXT_STEP, TOGGLE_JOIN, HELP),
    Mode.GROUP: (SORT, TOGGLE_SELECT, EXTEND_DOWN, GROUP, MOVE, MERGE_IDEAS, NEXT_STEP, TOGGLE_JOIN, HELP),
    Mode.VOTE: (VOTE, SORT, GROUP, MOVE, NEXT_STEP, PROJECTOR, TOGGLE_JOIN, HELP),
    Mode.VOTE_OPEN: (VOTE, PAPER_TABLE, INTERIM, PROJECTOR, TOGGLE_JOIN, NEXT_STEP, HELP),
    Mode.VOTE_CLOSED: (REVEAL, PAPER_TABLE, INTERIM, RESULTS, PROJECTOR, TOGGLE_JOIN, HELP),
    Mode.RESULTS: (RESULTS, PAPER_TABLE, NEXT_STEP, PROJECTOR, TOGGLE_JOIN, HELP),
    Mode.RESULTS_TO_CARRY: (RESULTS, PAPER_TABLE, CARRY, NEXT_STEP, PROJECTOR, TOGGLE_JOIN, HELP),
    Mode.REALISATION: (PROMOTE, MEASURES, PROJECTOR, TOGGLE_JOIN, HELP),
    Mode.REVIEW: (REVIEW, NEXT_STEP, HIDE, PROJECTOR, TOGGLE_JOIN, HELP),
}


def actions(group: Group) -> tuple[Action, ...]:
    """The group's actions, in the order the help lists them."""
    return tuple(action for action in ACTIONS if action.group == group)


def bindings(group: Group) -> list[Binding]:
    """The group's keys as a screen's BINDINGS."""
    return [action.binding for action in actions(group)]
