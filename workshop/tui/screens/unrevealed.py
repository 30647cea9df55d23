"""The question before leaving a phase whose vote is closed but not revealed: reveal now, go on anyway, or stay.

The moment of the evening is the reveal; two quick `>` must not pass it by. The question is asked before the
session moves (so until it is answered the session stays where it was), and after „Schließen und weiter“
closed a running vote. Its default (⏎) reveals; `>` does nothing here.
"""

from __future__ import annotations

import enum

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.dialogs import DIALOG_CSS


class Answer(enum.StrEnum):
    REVEAL = "reveal"
    ONWARD = "onward"
    BACK = "back"


class UnrevealedDialog(ModalScreen[Answer]):
    """„Ergebnis noch nicht aufgedeckt“: jetzt aufdecken (default) · trotzdem weiter · zurück."""

    DEFAULT_CSS = f"UnrevealedDialog {{ align: center middle; }}\n{DIALOG_CSS}"
    BINDINGS = bindings(Group.UNREVEALED)

    def __init__(self, round_number: int, phase_label: str, onward: bool = True) -> None:
        super().__init__()
        self.round_number = round_number
        self.phase_label = phase_label
        self.onward = onward  # False after „Schließen und weiter“: the step is taken, only the reveal is asked

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Ergebnis noch nicht aufgedeckt"), classes="title")
            yield Static(Text(_("Die Abstimmung {number} der {phase} ist geschlossen, aber Telefone und Beamer "
                                "haben ihr Ergebnis noch nicht gesehen.").format(number=self.round_number,
                                                                                  phase=self.phase_label)))
            with Horizontal(classes="buttons"):
                yield Button(_("Zurück (Esc)"), id=Answer.BACK.value)
                yield Button(_("Trotzdem weiter (w)") if self.onward else _("Später aufdecken (w)"),
                             id=Answer.ONWARD.value)
                yield Button(_("Jetzt aufdecken (r)"), id=Answer.REVEAL.value, variant="primary")

    def on_mount(self) -> None:
        self.query_one(f"#{Answer.REVEAL.value}", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(Answer(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(Answer(answer))
