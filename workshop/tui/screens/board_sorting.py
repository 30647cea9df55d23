"""Sort mode (`S`), the keyboard's answer to clustering sticky notes, and extending the selection by Shift+↑/↓.

One unsorted idea at a time, large: `1`–`9` put it into the theme with that number (the numbers stand
on the column titles while the mode is on), `n` (or typing a capitalised name right away) starts a new
theme from it, `→` skips, `←` goes back, Esc leaves. Each key moves on to the next idea by itself, and
when every idea has a theme the mode ends on its own: grouping 30 ideas into 5 themes takes one key per
idea plus the five names (1.83 keys per idea in tests/tui/test_sorting.py).
"""

from __future__ import annotations

from workshop.i18n import _, n_
from workshop.tui.board_model import UNSORTED
from workshop.tui.display import quoted
from workshop.tui.screens.board_base import BoardBase
from workshop.tui.screens.dialogs import PromptDialog
from workshop.tui.widgets.board import Board, ThemeColumn
from workshop.tui.widgets.sort_panel import SortPanel


class SortingActions(BoardBase):
    """Sort mode's state (the ideas in the order shown, where it stands) and its keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sorting = False
        self._sort_order: list[str] = []
        self._sort_index = 0
        self._sort_moving = False

    # ------------------------------------------------------------------ the mode

    def action_sort(self) -> None:
        if self.sorting:
            self.action_sort_leave()
            return
        order = self._unsorted()
        if not self._require(order, _("Keine Idee ohne Thema: hier gibt es nichts zu sortieren.")):
            return
        self.sorting, self._sort_order, self._sort_index = True, order, 0
        panel = self.query_one(SortPanel)
        panel.add_class("-on")
        panel.focus()
        self.reload()

    def action_sort_leave(self, message: str | None = None) -> None:
        self.sorting = False
        self.query_one(SortPanel).remove_class("-on")
        column = self.current_column()
        if column is not None:
            column.focus()
        self.reload()
        if message:
            self.notify(message)

    def sort_current(self) -> str | None:
        """The idea sort mode shows now."""
        if not self.sorting or self._sort_index >= len(self._sort_order):
            return None
        return self._sort_order[self._sort_index]

    def _unsorted(self) -> list[str]:
        """The visible ideas without a theme, in board order."""
        if self.view is None:
            return []
        inbox = next((column for column in self.view.columns if column.key == UNSORTED), None)
        return [item.id for item in inbox.items if not item.hidden] if inbox is not None else []

    # ------------------------------------------------------------------ keys

    def action_sort_into(self, number: int) -> None:
        idea = self.sort_current()
        assert self.view is not None
        themes = [column.theme for column in self.view.columns if column.theme is not None]
        if idea is None:
            return
        if not 1 <= number <= min(9, len(themes)):
            self.notify(_("Es gibt kein Thema {number}: n macht aus der Idee ein neues.").format(number=number),
                        severity="warning")
            return
        if self.app.attempt(self.service.ideas.move, [idea], themes[number - 1].id) is not None:
            self._sort_next()

    def action_sort_new_theme(self, typed: str = "") -> None:
        """Ask for the new theme's name (`typed`: what the facilitator already began to type) and put the idea in."""
        idea = self.sort_current()
        if idea is None or self.data is None:
            return

        def done(name: str | None) -> None:
            assert self.view is not None
            if name and self.app.attempt(self.service.themes.create, name, phase=self.view.phase,
                                         idea_ids=[idea]) is not None:
                self._sort_next()

        text = self.data.ideas[idea].text
        self.app.push_screen(PromptDialog(_("Neues Thema aus {idea}").format(idea=quoted(text[:60])), typed,
                                          placeholder=_("Name des Themas")), done)

    def action_sort_step(self, delta: int) -> None:
        if delta < 0:
            self._sort_index = max(0, self._sort_index - 1)
            self.show_sort()
        else:
            self._sort_next()

    def _sort_next(self, *, reread: bool = True) -> None:
        """On to the next idea still without a theme; a second round over the skipped ones; done when none is left."""
        if reread:
            self._sort_moving = True
            try:
                self.reload()
            finally:
                self._sort_moving = False
        unsorted = self._unsorted()
        waiting = set(unsorted)
        self._sort_index += 1
        while self._sort_index < len(self._sort_order) and self._sort_order[self._sort_index] not in waiting:
            self._sort_index += 1
        if self._sort_index < len(self._sort_order):
            self.show_sort()
            return
        if not unsorted:
            self.action_sort_leave(_("Alle Ideen haben ein Thema."))
            return
        self._sort_order, self._sort_index = unsorted, 0
        self.notify(n_("Noch {count} Idee ohne Thema: noch eine Runde.",
                       "Noch {count} Ideen ohne Thema: noch eine Runde.", len(unsorted)).format(count=len(unsorted)))
        self.show_sort()

    def sync_sort(self) -> None:
        """After a reload: the idea shown may have been hidden or merged meanwhile (then on to the next)."""
        if self._sort_moving or self.data is None:
            return
        idea = self.data.ideas.get(self.sort_current() or "")
        if idea is None or not idea.visible:
            self._sort_next(reread=False)
        else:
            self.show_sort()

    def show_sort(self) -> None:
        """Put the current idea on the panel."""
        idea_id = self.sort_current()
        if idea_id is None or self.data is None or idea_id not in self.data.ideas:
            return
        idea = self.data.ideas[idea_id]
        theme = next((theme for theme in self.data.themes if theme.id == idea.theme_id), None)
        where = _("schon in {theme} · eine Zahl verschiebt sie").format(theme=quoted(theme.name)) if theme else ""
        progress = _("Sortieren · Idee {number} von {count} · 1–9 ins Thema · n neues Thema · → überspringen · "
                     "← zurück · Esc fertig").format(number=self._sort_index + 1, count=len(self._sort_order))
        self.query_one(SortPanel).show(idea.text, where, progress)
        inbox = self.query_one(Board).column(UNSORTED)
        if inbox is not None and idea_id in inbox.item_ids:  # the same idea marked in its column
            inbox.highlighted = inbox.get_option_index(idea_id)

    # ------------------------------------------------------------------ Shift+↑/↓

    def action_extend_selection(self, delta: int) -> None:
        """Select the highlighted idea and the next one up or down, as Shift+arrows do in a text."""
        column = self.current_column()
        if not isinstance(column, ThemeColumn) or column.highlighted is None or column.key == "measures":
            return
        self.selected.add(column.highlighted_id or "")
        target = max(0, min(column.option_count - 1, column.highlighted + delta))
        column.highlighted = target
        self.selected.add(column.highlighted_id or "")
        self.selected.discard("")
        self.reload()
