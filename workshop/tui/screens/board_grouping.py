"""The board's keys for collecting and grouping: new idea, select, edit, hide, duplicates, themes."""

from __future__ import annotations

from textual.widgets import Input

from workshop.core.errors import DomainError
from workshop.core.models import IdeaStatus, Phase
from workshop.core.rules import IDEA_MAX
from workshop.core.services import SessionService
from workshop.core.text import clean_text
from workshop.i18n import _, n_
from workshop.tui.board_model import MEASURES, UNSORTED
from workshop.tui.display import visual
from workshop.tui.screens.board_base import BoardHost, Cursor, Facilitator, require
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from workshop.tui.widgets.board import ThemeColumn


class GroupingKeys:
    """Ideas typed in, moderated and sorted into themes, as on the wall."""

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor

    # ------------------------------------------------------------------ ideas

    def new_idea(self) -> None:
        view = self.board.view
        if view is not None and view.session.phase == Phase.REVIEW:  # nothing to type: phones remark on measures
            self.board.notify(_("Im Rückblick tippen Sie keine Ideen ein: die Telefone schreiben Anmerkungen zu den "
                                "Maßnahmen. R zeigt sie, K übernimmt sie als Ideen in die Kritik; Ideen tippen Sie "
                                "ab der Kritikphase ein (> weiter)."), severity="warning", timeout=8)
        # The field takes the focus all the same: what is typed on at once lands there, not on the board's keys.
        self.board.query_one("#new-idea", Input).focus()

    def leave_input(self) -> None:
        column = self.cursor.current_column()
        if column is not None:
            column.focus()

    def add_idea(self, field: Input, text: str) -> None:
        """Take the text now and clear the field before the store answers: the next idea may follow at once."""
        if not text.strip():
            self.leave_input()
            return
        try:
            clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        except DomainError as error:  # too long, a control character: the text stays to be corrected
            self.board.notify(str(error), severity="error", timeout=6)
            return
        field.clear()

        def refused(_error: DomainError) -> None:
            if not field.value:  # nothing is lost: the refused text comes back to the field
                field.value = text

        self.app.writes.submit(self.service.ideas.add, text, on_error=refused)

    def toggle_select(self) -> None:
        idea = self.cursor.marked_idea()
        if idea is None:
            return
        self.cursor.selected.symmetric_difference_update({idea})
        self.board.reload()
        column = self.cursor.current_column()
        if column is not None:
            column.action_cursor_down()

    def extend_selection(self, delta: int) -> None:
        """Select the highlighted idea and the next one up or down, as Shift+arrows do in a text."""
        column = self.cursor.current_column()
        if not isinstance(column, ThemeColumn) or column.highlighted is None or column.key == MEASURES:
            return
        selected = self.cursor.selected
        selected.add(column.highlighted_id or "")
        column.highlighted = max(0, min(column.option_count - 1, column.highlighted + delta))
        selected.add(column.highlighted_id or "")
        selected.discard("")
        self.board.reload()

    def edit(self) -> None:
        column = self.cursor.current_column()
        item = self.cursor.current_item()
        if column is not None and column.key == MEASURES and item:
            from workshop.tui.screens.measures import edit_measure

            edit_measure(self.app, self.service, item)
            return
        if item is None:
            self.rename_theme()
            return
        idea = self.service.read.idea(item)

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.ideas.edit, item, text)

        self.app.push_screen(PromptDialog(_("Idee bearbeiten"), idea.text), done)

    def hide(self) -> None:
        idea_id = self.cursor.marked_idea()
        if idea_id is None:
            return
        idea = self.service.read.idea(idea_id)
        if idea.status == IdeaStatus.HIDDEN:
            if self.app.attempt(self.service.ideas.show, idea_id):
                self.board.notify(_("Die Idee ist wieder sichtbar."))
        elif self.app.attempt(self.service.ideas.hide, idea_id):
            self.board.notify(_("Ausgeblendet: Telefone, Beamer und Export zeigen die Idee nicht mehr."))

    def merge_ideas(self) -> None:
        targets = self.cursor.targets()
        if len(targets) < 2:
            self.board.notify(_("Wählen Sie mit ␣ mindestens zwei Ideen aus."), severity="warning")
            return
        current = self.cursor.current_idea()
        keep = current if current in targets else targets[0]
        if self.app.attempt(self.service.ideas.merge, keep, [idea for idea in targets if idea != keep]):
            self.cursor.selected.clear()
            self.board.notify(n_("{count} Idee zusammengeführt.", "{count} Ideen zusammengeführt.",
                                 len(targets)).format(count=len(targets)))

    # ------------------------------------------------------------------ themes

    def group(self) -> None:
        targets = self.cursor.targets()

        def done(name: str | None) -> None:
            if name is None:
                return
            assert self.board.view is not None
            if self.app.attempt(self.service.themes.create, name, phase=self.board.view.phase, idea_ids=targets):
                self.cursor.selected.clear()
                self.board.reload()

        title = n_("Neues Thema aus {count} Idee", "Neues Thema aus {count} Ideen", len(targets)).format(
            count=len(targets)) if targets else _("Neues Thema")
        self.app.push_screen(PromptDialog(title, placeholder=_("Name des Themas")), done)

    def _theme_choices(self, *, unsorted: bool, exclude: str | None = None) -> list[tuple[str, str]]:
        assert self.board.view is not None
        choices = [(column.key, f"{visual(column.theme.name)} ({len(column.items)})")
                   for column in self.board.view.columns if column.theme is not None and column.key != exclude]
        return ([(UNSORTED, _("Unsortiert"))] if unsorted else []) + choices

    def move(self) -> None:
        targets = self.cursor.targets()
        if not require(self.board, targets, _("Keine Idee ausgewählt.")):
            return

        def done(key: str | None) -> None:
            if key is not None and self.app.attempt(self.service.ideas.move, targets,
                                                    None if key == UNSORTED else key):
                self.cursor.selected.clear()
                self.board.reload()

        title = n_("{count} Idee verschieben nach …", "{count} Ideen verschieben nach …", len(targets))
        self.app.push_screen(ChoiceDialog(title.format(count=len(targets)), self._theme_choices(unsorted=True)), done)

    def rename_theme(self) -> None:
        theme_id = self.cursor.current_theme()
        if theme_id is None:
            return
        theme = self.service.read.theme(theme_id)

        def done(name: str | None) -> None:
            if name is not None:
                self.app.attempt(self.service.themes.rename, theme_id, name)

        self.app.push_screen(PromptDialog(_("Thema umbenennen"), theme.name), done)

    def merge_themes(self) -> None:
        theme_id = self.cursor.current_theme()
        if theme_id is None:
            return

        def done(target: str | None) -> None:
            if target is not None:
                self.app.attempt(self.service.themes.merge, target, [theme_id])

        choices = self._theme_choices(unsorted=False, exclude=theme_id)
        if require(self.board, choices, _("Es gibt kein anderes Thema.")):
            self.app.push_screen(ChoiceDialog(_("Thema zusammenführen mit …"), choices), done)

    def dissolve_theme(self) -> None:
        theme_id = self.cursor.current_theme()
        if theme_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.attempt(self.service.themes.delete, theme_id)

        self.app.push_screen(ConfirmDialog(_("Thema auflösen?"), _("Die Ideen gehen zurück nach „Unsortiert“. "
                                                                   "Strg+Z macht es rückgängig.")), done)
