"""Textual's own texts in German: its key bindings, the command palette, its system commands.

The facilitator's app speaks German, but Textual brings English texts along: the bindings every screen
and widget inherits ("Focus Next", "Copy selected text", "Scroll Up" …), which the help screen, the
palette and the key panel list; the palette's placeholder and its "No matches found"; the system
commands ("Theme", "Keys", "Screenshot" …) and their notifications.

Bindings are merged per class when the class is created, so `germanise_bindings()` rewrites the texts
in the BINDINGS of Textual's classes and merges every loaded class again, before the app's first screen
exists. That, and the "no matches" option's id, are Textual internals: pyproject.toml pins Textual's
minor version and tests/tui/test_textual_de.py fails if they change.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from rich.align import Align
from rich.text import Text
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.containers import ScrollableContainer
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widgets import Button, DataTable, Input, OptionList, Select, TextArea, Tree
from textual.widgets.option_list import Option

from workshop.i18n import _
from workshop.tui.actions import PALETTE
from workshop.tui.keys import KEY_NAMES as HELP_KEY_NAMES

# Every English text of a binding in the Textual widgets Werkstatt shows, in German.
BINDING_TEXTS: dict[str, str] = {
    "Focus Next": _("Nächstes Element"),
    "Focus Previous": _("Voriges Element"),
    "Copy selected text": _("Markierten Text kopieren"),
    "Cut selected text": _("Markierten Text ausschneiden"),
    "Paste text from the clipboard": _("Text aus der Zwischenablage einfügen"),
    "Quit": _("Beenden"),
    "Quit the app and return to the command prompt.": _("Die App beenden (alles ist schon gespeichert)."),
    "Delete all to the left": _("Alles links löschen"),
    "Delete all to the right": _("Alles rechts löschen"),
    "Delete character left": _("Zeichen links löschen"),
    "Delete character right": _("Zeichen rechts löschen"),
    "Delete left to start of word": _("Wort links löschen"),
    "Delete right to start of word": _("Wort rechts löschen"),
    "Go to start": _("Zum Anfang"),
    "Go to end": _("Zum Ende"),
    "Move cursor left": _("Cursor nach links"),
    "Move cursor left and select": _("Nach links markieren"),
    "Move cursor left a word": _("Cursor ein Wort nach links"),
    "Move cursor left a word and select": _("Ein Wort nach links markieren"),
    "Move cursor right and select": _("Nach rechts markieren"),
    "Move cursor right a word": _("Cursor ein Wort nach rechts"),
    "Move cursor right a word and select": _("Ein Wort nach rechts markieren"),
    "Move cursor right or accept the completion suggestion": _("Cursor nach rechts oder Vorschlag übernehmen"),
    "Select all": _("Alles markieren"),
    "Select line start": _("Bis zum Zeilenanfang markieren"),
    "Select line end": _("Bis zum Zeilenende markieren"),
    "Submit": _("Übernehmen"),
    "Select": _("Auswählen"),
    "Up": _("Nach oben"),
    "Down": _("Nach unten"),
    "First": _("Zum ersten Eintrag"),
    "Last": _("Zum letzten Eintrag"),
    "Page Up": _("Seite nach oben"),
    "Page Down": _("Seite nach unten"),
    "Page Left": _("Seite nach links"),
    "Page Right": _("Seite nach rechts"),
    "Page up": _("Seite nach oben"),
    "Page down": _("Seite nach unten"),
    "Scroll Up": _("Nach oben rollen"),
    "Scroll Down": _("Nach unten rollen"),
    "Scroll Left": _("Nach links rollen"),
    "Scroll Right": _("Nach rechts rollen"),
    "Scroll Home": _("Zum Anfang rollen"),
    "Scroll End": _("Zum Ende rollen"),
    "Cursor up": _("Cursor nach oben"),
    "Cursor down": _("Cursor nach unten"),
    "Cursor left": _("Cursor nach links"),
    "Cursor right": _("Cursor nach rechts"),
    "Cursor Up": _("Cursor nach oben"),
    "Cursor Down": _("Cursor nach unten"),
    "Top": _("Zur ersten Zeile"),
    "Bottom": _("Zur letzten Zeile"),
    "Home": _("Zur ersten Spalte"),
    "End": _("Zur letzten Spalte"),
    "Cursor to parent": _("Zum übergeordneten Eintrag"),
    "Cursor to next ancestor": _("Zum nächsten übergeordneten Eintrag"),
    "Cursor to previous sibling": _("Zum vorigen Eintrag derselben Ebene"),
    "Cursor to next sibling": _("Zum nächsten Eintrag derselben Ebene"),
    "Toggle": _("Auf- oder zuklappen"),
    "Expand or collapse all": _("Alles auf- oder zuklappen"),
    "Show menu": _("Liste öffnen"),
    "Dismiss menu": _("Liste schließen"),
    "Press button": _("Schaltfläche drücken"),
    "Exit the command palette": _("Befehlssuche schließen"),
    "Go to top": _("Zum ersten Befehl"),
    "Go to bottom": _("Zum letzten Befehl"),
    "Next command": _("Nächster Befehl"),
    "Previous command": _("Voriger Befehl"),
    "Next page": _("Nächste Seite"),
    "Previous page": _("Vorige Seite"),
    # TextArea (the measure form's Ziel and Beschreibung)
    "Cursor page up": _("Cursor eine Seite nach oben"),
    "Cursor page down": _("Cursor eine Seite nach unten"),
    "Cut": _("Ausschneiden"),
    "Copy": _("Kopieren"),
    "Paste": _("Einfügen"),
    "Undo": _("Rückgängig"),
    "Redo": _("Wiederholen"),
    "Cursor word left": _("Cursor ein Wort nach links"),
    "Cursor word right": _("Cursor ein Wort nach rechts"),
    "Cursor line start": _("Zum Zeilenanfang"),
    "Cursor line end": _("Zum Zeilenende"),
    "Cursor up select": _("Nach oben markieren"),
    "Cursor down select": _("Nach unten markieren"),
    "Cursor left select": _("Nach links markieren"),
    "Cursor right select": _("Nach rechts markieren"),
    "Cursor left word select": _("Ein Wort nach links markieren"),
    "Cursor right word select": _("Ein Wort nach rechts markieren"),
    "Cursor line start select": _("Bis zum Zeilenanfang markieren"),
    "Cursor line end select": _("Bis zum Zeilenende markieren"),
    "Select line": _("Zeile markieren"),
    "Delete line": _("Zeile löschen"),
    "Delete to line start": _("Bis zum Zeilenanfang löschen"),
    "Delete to line end": _("Bis zum Zeilenende löschen"),
}
# Loaded here, so that their bindings exist when they are translated.
TRANSLATED_CLASSES = (App, Screen, CommandPalette, ScrollableContainer, Input, OptionList, DataTable, Select, Tree,
                      Button, TextArea)
# Keys as a German keyboard labels them (Textual shows `home`, `pgup`, `shift+tab` …).
KEY_NAMES = {"home": "Pos1", "end": "Ende", "pageup": "Bild↑", "pagedown": "Bild↓", "escape": "Esc", "tab": "Tab",
             "delete": "Entf", "insert": "Einfg", "backspace": "⌫"}
MODIFIER_NAMES = {"shift": "⇧", "alt": "Alt", "super": "Super", "meta": "Meta"}
PALETTE_PLACEHOLDER = _("Befehl suchen …")
THEME_PLACEHOLDER = _("Farbschema suchen …")
NO_MATCHES = _("Keine Treffer")
SCREENSHOT = "werkstatt-screenshot"  # our delivery's name: Textual's own handler (English) ignores it


def germanise_bindings() -> set[str]:
    """Textual's binding texts in German, in every Textual class loaded and every class built on them.

    Returns the English texts it replaced (none once it ran).
    """
    classes = list(_dom_classes())
    replaced: set[str] = set()
    for cls in classes:
        own = cls.__dict__.get("BINDINGS")
        if own and cls.__module__.startswith("textual."):
            cls.BINDINGS = [_german(binding, replaced) for binding in own]
    for cls in classes:
        cls._merged_bindings = cls._merge_bindings()
    Input.BINDING_GROUP_TITLE = _("Eingabefeld")
    return replaced


def _german(binding: BindingType, replaced: set[str]) -> Binding:
    if not isinstance(binding, Binding):
        binding = Binding(*binding)
    replaced.update(text for text in (binding.description, binding.tooltip) if text in BINDING_TEXTS)
    return replace(binding, description=BINDING_TEXTS.get(binding.description, binding.description),
                   tooltip=BINDING_TEXTS.get(binding.tooltip, binding.tooltip))


def _dom_classes(root: type = DOMNode) -> Iterator[type[DOMNode]]:
    for cls in root.__subclasses__():
        yield cls
        yield from _dom_classes(cls)


class GermanCommandPalette(CommandPalette):
    """The command palette with a German placeholder and a German "no matches"."""

    def __init__(self, *args: Any, placeholder: str = PALETTE_PLACEHOLDER, **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder, **kwargs)

    def on_mount(self) -> None:
        results = self.query_one(CommandList)
        add_option = results.add_option

        def add_german(item: Any = None) -> Any:
            if isinstance(item, Option) and item.id == self._NO_MATCHES:
                item = Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=item.id)
            return add_option(item)

        results.add_option = add_german  # type: ignore[method-assign]


class GermanApp(App[None]):
    """An app whose Textual parts speak German: the palette, its system commands, their notifications."""

    BINDINGS = [PALETTE.binding]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        germanise_bindings()  # before the first screen copies its class's bindings
        super().__init__(*args, **kwargs)

    def get_key_display(self, binding: Binding) -> str:
        """As Textual shows keys (`^p`, `↑`, `⏎`), with German names for the named ones (`Pos1`, `⇧+Tab`)."""
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        shown = KEY_NAMES.get(key) or HELP_KEY_NAMES.get(key) or format_key(key)  # `F1`, as the help says
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            shown = f"^{shown}"
        return "+".join([*(MODIFIER_NAMES.get(modifier, modifier) for modifier in modifiers), shown])

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(GermanCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(GermanCommandPalette(providers=[ThemeProvider], placeholder=THEME_PLACEHOLDER))

    def action_help_quit(self) -> None:
        """Strg+C no longer quits; say which key does."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("{key} beendet die App.").format(key=self.get_key_display(active.binding)),
                            title=_("Beenden?"))
                return

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's system commands in German (quitting is one of the app's own keys)."""
        yield SystemCommand(_("Farbschema"), _("Das Farbschema der App wechseln"), self.action_change_theme)
        if screen.query("HelpPanel"):
            yield SystemCommand(_("Tastenübersicht"), _("Die Übersicht der Tasten ausblenden"),
                                self.action_hide_help_panel)
        else:
            yield SystemCommand(_("Tastenübersicht"), _("Hilfe zum markierten Element und alle Tasten einblenden"),
                                self.action_show_help_panel)
        if screen.maximized is not None:
            yield SystemCommand(_("Verkleinern"), _("Das Element wieder in normaler Größe zeigen"),
                                screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximieren"), _("Das markierte Element bildschirmfüllend zeigen"),
                                screen.action_maximize)
        yield SystemCommand(_("Bildschirmfoto"), _("Die aktuelle Ansicht als SVG-Datei speichern"),
                            lambda: self.set_timer(0.1, self._deliver_german_screenshot))

    def _deliver_german_screenshot(self) -> None:
        filename = datetime.now().strftime("werkstatt_%Y-%m-%dT%H_%M_%S.svg")
        self.deliver_text(io.StringIO(self.export_screenshot()), save_filename=filename, open_method="browser",
                          mime_type="image/svg+xml", name=SCREENSHOT)

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == SCREENSHOT:
            where = _("Gespeichert unter {path}.").format(path=event.path) if event.path else _("Gespeichert.")
            self.notify(where, title=_("Bildschirmfoto"))

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == SCREENSHOT:
            self.notify(_("Das Bildschirmfoto ließ sich nicht speichern."), title=_("Bildschirmfoto"),
                        severity="error")
