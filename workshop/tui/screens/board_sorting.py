"""Sort mode (`S`), the keyboard's answer to clustering sticky notes.

One unsorted idea at a time, large: `1`–`9` put it into the theme with that number (the numbers stand
on the column titles while the mode is on), `n` (or typing a capitalised name right away) starts a new
theme from it, `→` skips, `←` goes back, Esc leaves. Each key moves on to the next idea by itself, and
when every idea has a theme the mode ends on its own: grouping 30 ideas into 5 themes takes one key per
idea plus the five names (1.83 keys per idea in tests/tui/test_board_sorting.py).
"""

from __future__ import annotations

from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.board_model import UNSORTED
from workshop.tui.display import quoted
from workshop.tui.screens.board_base import BoardHost, Cursor, Facilitator, require
from workshop.tui.screens.dialogs import PromptDialog
from workshop.tui.widgets.board import Board
from workshop.tui.widgets.sort_panel import SortPanel


class SortMode:
    """Sort mode's state (the ideas in the order shown, where it stands) and its keys."""

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor
        self.active = False
        self._order: list[str] = []
        self._index = 0
        self._moving = False

    # ------------------------------------------------------------------ the mode

    def toggle(self) -> None:
        """`S`: into sort mode with the ideas that have no theme yet, or out of it."""
        if self.active:
            self.leave()
            return
        order = self._unsorted()
        if not require(self.board, order, _("Keine Idee ohne Thema: hier gibt es nichts zu sortieren.")):
            return
        self.active, self._order, self._index = True, order, 0
        panel = self.board.query_one(SortPanel)
        panel.add_class("-on")
        panel.focus()
        self.board.reload()

    def leave(self, message: str | None = None) -> None:
        self.active = False
        self.board.query_one(SortPanel).remove_class("-on")
        column = self.cursor.current_column()
        if column is not None:
            column.focus()
        self.board.reload()
        if message:
            self.board.notify(message)

    def current(self) -> str | None:
        """The idea sort mode shows now."""
        if not self.active or self._index >= len(self._order):
            return None
        return self._order[self._index]

    def _unsorted(self) -> list[str]:
        """The visible ideas without a theme, in board order."""
        view = self.board.view
        if view is None:
            return []
        inbox = next((column for column in view.columns if column.key == UNSORTED), None)
        return [item.id for item in inbox.items if not item.hidden] if inbox is not None else []

    # ------------------------------------------------------------------ keys

    def into(self, number: int) -> None:
        """`1`–`9`: the idea into the theme with that number."""
        idea = self.current()
        assert self.board.view is not None
        themes = [column.theme for column in self.board.view.columns if column.theme is not None]
        if idea is None:
            return
        if not 1 <= number <= min(9, len(themes)):
            self.board.notify(_("Es gibt kein Thema {number}: n macht aus der Idee ein neues.").format(number=number),
                              severity="warning")
            return
        if self.app.attempt(self.service.ideas.move, [idea], themes[number - 1].id) is not None:
            self._next()

    def new_theme(self, typed: str = "") -> None:
        """Ask for the new theme's name (`typed`: what the facilitator already began to type) and put the idea in."""
        idea = self.current()
        data = self.board.data
        if idea is None or data is None:
            return

        def done(name: str | None) -> None:
            assert self.board.view is not None
            if name and self.app.attempt(self.service.themes.create, name, phase=self.board.view.phase,
                                         idea_ids=[idea]) is not None:
                self._next()

        text = data.ideas[idea].text
        self.app.push_screen(PromptDialog(_("Neues Thema aus {idea}").format(idea=quoted(text[:60])), typed,
                                          placeholder=_("Name des Themas")), done)

    def step(self, delta: int) -> None:
        """`→` skips the idea, `←` goes back to the one before."""
        if delta < 0:
            self._index = max(0, self._index - 1)
            self.show()
        else:
            self._next()

    def _next(self, *, reread: bool = True) -> None:
        """On to the next idea still without a theme; a second round over the skipped ones; done when none is left."""
        if reread:
            self._moving = True
            try:
                self.board.reload()
            finally:
                self._moving = False
        unsorted = self._unsorted()
        waiting = set(unsorted)
        self._index += 1
        while self._index < len(self._order) and self._order[self._index] not in waiting:
            self._index += 1
        if self._index < len(self._order):
            self.show()
            return
        if not unsorted:
            self.leave(_("Alle Ideen haben ein Thema."))
            return
        self._order, self._index = unsorted, 0
        self.board.notify(n_("Noch {count} Idee ohne Thema: noch eine Runde.",
                             "Noch {count} Ideen ohne Thema: noch eine Runde.", len(unsorted)).format(
            count=len(unsorted)))
        self.show()

    def sync(self) -> None:
        """After a reload: the idea shown may have been hidden or merged meanwhile (then on to the next)."""
        data = self.board.data
        if self._moving or data is None:
            return
        idea = data.ideas.get(self.current() or "")
        if idea is None or not idea.visible:
            self._next(reread=False)
        else:
            self.show()

    def show(self) -> None:
        """Put the current idea on the panel."""
        idea_id = self.current()
        data = self.board.data
        if idea_id is None or data is None or idea_id not in data.ideas:
            return
        idea = data.ideas[idea_id]
        theme = next((theme for theme in data.themes if theme.id == idea.theme_id), None)
        where = _("schon in {theme} · eine Zahl verschiebt sie").format(theme=quoted(theme.name)) if theme else ""
        progress = _("Sortieren · Idee {number} von {count} · 1–9 ins Thema · n neues Thema · → überspringen · "
                     "← zurück · Esc fertig").format(number=self._index + 1, count=len(self._order))
        self.board.query_one(SortPanel).show(idea.text, where, progress)
        inbox = self.board.query_one(Board).column(UNSORTED)
        if inbox is not None and idea_id in inbox.item_ids:  # the same idea marked in its column
            inbox.highlighted = inbox.get_option_index(idea_id)
