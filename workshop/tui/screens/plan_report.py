"""What merging the session's measures into the plan would do, before anything is written."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.dialogs import DIALOG_CSS


class PlanReportDialog(ModalScreen[bool]):
    """The merge's report (one line per measure); `j` saves the plan, `n` or Esc leaves it as it is."""

    DEFAULT_CSS = f"""PlanReportDialog {{ align: center middle; }}
    PlanReportDialog .dialog {{ width: 110; }}
    PlanReportDialog VerticalScroll {{ height: auto; max-height: 20; }}
    {DIALOG_CSS}"""
    BINDINGS = bindings(Group.PLAN_REPORT)

    def __init__(self, title: str, report: list[str], *, changes: bool) -> None:
        super().__init__()
        self.title_text = title
        self.report = report
        self.changes = changes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            with VerticalScroll(can_focus=False):
                yield Static(Text("\n".join(self.report)))
            with Horizontal(classes="buttons"):
                if self.changes:
                    yield Button(_("Abbrechen (n)"), id="no")
                    yield Button(_("Plan speichern (j)"), id="yes", variant="primary")
                else:
                    yield Button(_("Schließen (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query(Button).last().focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer and self.changes)
