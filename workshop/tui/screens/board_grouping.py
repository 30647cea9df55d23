"""The board's keys for collecting and grouping: new idea, select, edit, hide, duplicates, themes."""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from workshop.core.errors import DomainError
from workshop.core.models import IdeaStatus
from workshop.core.rules import IDEA_MAX
from workshop.core.text import clean_text
from workshop.i18n import _, n_
from workshop.tui.board_model import MEASURES, UNSORTED
from workshop.tui.display import visual
from workshop.tui.screens.board_base import BoardBase
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog


class GroupingActions(BoardBase):
    """Ideas typed in, moderated and sorted into themes, as on the wall."""

    # ------------------------------------------------------------------ ideas

    def action_new_idea(self) -> None:
        self.query_one("#new-idea", Input).focus()

    def action_leave_input(self) -> None:
        column = self.current_column()
        if column is not None:
            column.focus()

    @on(Input.Submitted, "#new-idea")
    def add_idea(self, event: Input.Submitted) -> None:
        """Take the text now and clear the field before the store answers: the next idea may follow at once."""
        text = event.value
        if not text.strip():
            self.action_leave_input()
            return
        try:
            clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        except DomainError as error:  # too long, a control character: the text stays to be corrected
            self.notify(str(error), severity="error", timeout=6)
            return
        event.input.clear()

        def refused(_error: DomainError) -> None:
            if not event.input.value:  # nothing is lost: the refused text comes back to the field
                event.input.value = text

        self.app.writes.submit(self.service.ideas.add, text, on_error=refused)

    def action_toggle_select(self) -> None:
        idea = self.marked_idea()
        if idea is None:
            return
        self.selected.symmetric_difference_update({idea})
        self.reload()
        column = self.current_column()
        if column is not None:
            column.action_cursor_down()

    def action_edit(self) -> None:
        column = self.current_column()
        item = self.current_item()
        if column is not None and column.key == MEASURES and item:
            self._edit_measure(item)
            return
        if item is None:
            self.action_rename_theme()
            return
        idea = self.service.read.idea(item)

        def done(text: str | None) -> None:
            if text is not None:
                self.app.attempt(self.service.ideas.edit, item, text)

        self.app.push_screen(PromptDialog(_("Idee bearbeiten"), idea.text), done)

    def action_hide(self) -> None:
        idea_id = self.marked_idea()
        if idea_id is None:
            return
        idea = self.service.read.idea(idea_id)
        if idea.status == IdeaStatus.HIDDEN:
            if self.app.attempt(self.service.ideas.show, idea_id):
                self.notify(_("Die Idee ist wieder sichtbar."))
        elif self.app.attempt(self.service.ideas.hide, idea_id):
            self.notify(_("Ausgeblendet: Telefone, Beamer und Export zeigen die Idee nicht mehr."))

    def action_merge_ideas(self) -> None:
        targets = self.targets()
        if len(targets) < 2:
            self.notify(_("Wählen Sie mit ␣ mindestens zwei Ideen aus."), severity="warning")
            return
        current = self.current_idea()
        keep = current if current in targets else targets[0]
        if self.app.attempt(self.service.ideas.merge, keep, [idea for idea in targets if idea != keep]):
            self.selected.clear()
            self.notify(n_("{count} Idee zusammengeführt.", "{count} Ideen zusammengeführt.", len(targets)).format(
                count=len(targets)))

    # ------------------------------------------------------------------ themes

    def action_group(self) -> None:
        targets = self.targets()

        def done(name: str | None) -> None:
            if name is None:
                return
            assert self.view is not None
            if self.app.attempt(self.service.themes.create, name, phase=self.view.phase, idea_ids=targets):
                self.selected.clear()
                self.reload()

        title = n_("Neues Thema aus {count} Idee", "Neues Thema aus {count} Ideen", len(targets)).format(
            count=len(targets)) if targets else _("Neues Thema")
        self.app.push_screen(PromptDialog(title, placeholder=_("Name des Themas")), done)

    def _theme_choices(self, *, unsorted: bool, exclude: str | None = None) -> list[tuple[str, str]]:
        assert self.view is not None
        choices = [(column.key, f"{visual(column.theme.name)} ({len(column.items)})") for column in self.view.columns
                   if column.theme is not None and column.key != exclude]
        return ([(UNSORTED, _("Unsortiert"))] if unsorted else []) + choices

    def action_move(self) -> None:
        targets = self.targets()
        if not self._require(targets, _("Keine Idee ausgewählt.")):
            return

        def done(key: str | None) -> None:
            if key is not None and self.app.attempt(self.service.ideas.move, targets,
                                                    None if key == UNSORTED else key):
                self.selected.clear()
                self.reload()

        title = n_("{count} Idee verschieben nach …", "{count} Ideen verschieben nach …", len(targets))
        self.app.push_screen(ChoiceDialog(title.format(count=len(targets)), self._theme_choices(unsorted=True)), done)

    def action_rename_theme(self) -> None:
        theme_id = self.current_theme()
        if theme_id is None:
            return
        theme = self.service.read.theme(theme_id)

        def done(name: str | None) -> None:
            if name is not None:
                self.app.attempt(self.service.themes.rename, theme_id, name)

        self.app.push_screen(PromptDialog(_("Thema umbenennen"), theme.name), done)

    def action_merge_themes(self) -> None:
        theme_id = self.current_theme()
        if theme_id is None:
            return

        def done(target: str | None) -> None:
            if target is not None:
                self.app.attempt(self.service.themes.merge, target, [theme_id])

        choices = self._theme_choices(unsorted=False, exclude=theme_id)
        if self._require(choices, _("Es gibt kein anderes Thema.")):
            self.app.push_screen(ChoiceDialog(_("Thema zusammenführen mit …"), choices), done)

    def action_dissolve_theme(self) -> None:
        theme_id = self.current_theme()
        if theme_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.attempt(self.service.themes.delete, theme_id)

        self.app.push_screen(ConfirmDialog(_("Thema auflösen?"), _("Die Ideen gehen zurück nach „Unsortiert“. "
                                                                   "Strg+Z macht es rückgängig.")), done)
