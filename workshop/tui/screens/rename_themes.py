"""After carrying the critique's winners into the fantasy phase: new names for the new prompts, in one go."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from workshop.core.models import Theme
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.dialogs import DIALOG_CSS
from workshop.tui.widgets.text_input import TextInput


class RenameThemesDialog(ModalScreen[dict[str, str] | None]):
    """One line per carried theme, its critique name to edit (cursor at the end); ⏎ renames what changed."""

    DEFAULT_CSS = f"""RenameThemesDialog {{ align: center middle; }}
    RenameThemesDialog Input {{ margin-bottom: 0; }}
    {DIALOG_CSS}"""
    BINDINGS = bindings(Group.RENAME_THEMES)

    def __init__(self, themes: list[Theme]) -> None:
        super().__init__()
        self.themes = themes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Impulse für die Phantasiephase umbenennen?"), classes="title")
            yield Static(Text(_("Die Themen tragen noch ihre Namen aus der Kritik. Ein Wunsch liest sich anders: "
                                "„Es wäre schön, wenn …“")))
            for number, theme in enumerate(self.themes, start=1):
                yield TextInput(theme.name, id=f"theme-{number}", compact=True)
            yield Static(_("↑↓ oder Tab nächstes Thema · ⏎ übernimmt · Esc behält die Namen"), classes="hint")

    @on(Input.Submitted)
    def take(self) -> None:
        names = {theme.id: self.query_one(f"#theme-{number}", Input).value.strip()
                 for number, theme in enumerate(self.themes, start=1)}
        self.dismiss({theme_id: name for theme_id, name in names.items()
                      if name and name != next(theme.name for theme in self.themes if theme.id == theme_id)})

    def action_cancel(self) -> None:
        self.dismiss(None)
